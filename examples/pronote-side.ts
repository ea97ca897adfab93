/**
 * The PRONOTE side of the ENT export: open an `ImportChiffre` with Index-Education's private key,
 * verify it, read the `PARTENAIRE_INDEX` inside and summarise it (counts, never names).
 *
 *   npx tsx examples/pronote-side.ts --key private.pem [--passphrase-file F] ImportChiffre.xml
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importPrivateKey, isEntPronoteError, openPartenaireIndex, POPULATIONS, validatePartenaireIndex } from 'ent-pronote';

const { values, positionals } = parseArgs({
  options: { key: { type: 'string' }, 'passphrase-file': { type: 'string' } },
  allowPositionals: true,
});
const file = positionals[0];
if (values.key === undefined || file === undefined) {
  console.error('usage: pronote-side.ts --key PRIVATE_KEY [--passphrase-file F] IMPORT_CHIFFRE');
  process.exit(2);
}

try {
  const passphrase = values['passphrase-file'] === undefined ? undefined : readFileSync(values['passphrase-file'], 'utf8').trim();
  const key = importPrivateKey(readFileSync(values.key), passphrase === undefined ? {} : { passphrase });
  const { document, envelope } = await openPartenaireIndex(readFileSync(file), key);
  console.log(`ImportChiffre from ${envelope.partenaire} for UAI ${envelope.uai}, exported ${envelope.date} (verified)`);
  console.log(`partner ID ${document.partenaire}, protocol ${document.protocoleDelegationAuthentification ?? '(none)'}`);
  console.log(`schools: ${document.etablissements.map((e) => `${e.numero} ${e.nom}`).join('; ')}`);
  for (const population of POPULATIONS) console.log(`${population}: ${document[population].length}`);
  const problems = validatePartenaireIndex(document);
  console.log(`validation: ${problems.filter((p) => p.severity === 'error').length} errors, ${problems.filter((p) => p.severity === 'warning').length} warnings`);
} catch (e) {
  // Library messages never hold personal data or key material.
  console.error(isEntPronoteError(e) ? `${e.code}: ${e.message}` : 'unexpected error');
  process.exit(1);
}
