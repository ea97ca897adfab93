/**
 * A test harness producing a coherent world of files for an integration test of an ENT or a
 * PRONOTE-side tool: fresh key pairs for both roles, the generator's files (AAF, CSV, JSON,
 * PARTENAIRE_INDEX, IDENTIFIANTS_PRONOTE, plain and sealed) and the expected matching.
 *
 *   npx tsx examples/test-harness.ts OUT_DIR [--students 200] [--schools 1] [--seed harness] [--socle MONENT]
 *
 * Nominative clear files and private keys are written with mode 0600. Prints a JSON summary.
 */

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateKeyPair, type KeyPair } from 'ent-pronote';
import { generateFixtures } from 'ent-pronote/fixtures';

const { values, positionals } = parseArgs({
  options: {
    students: { type: 'string', default: '200' },
    schools: { type: 'string', default: '1' },
    seed: { type: 'string', default: 'harness' },
    socle: { type: 'string', default: 'MONENT' },
  },
  allowPositionals: true,
});
const out = positionals[0];
if (out === undefined) {
  console.error('usage: test-harness.ts OUT_DIR [--students N] [--schools K] [--seed S] [--socle NAME]');
  process.exit(2);
}

function write(path: string, content: string | Uint8Array, sensitive: boolean): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode: sensitive ? 0o600 : 0o644 });
  chmodSync(path, sensitive ? 0o600 : 0o644); // also when the file already existed
}

function writeKeys(name: string, pair: KeyPair): void {
  write(join(out as string, 'keys', `${name}.private.pem`), pair.privateKey.toPem(), true);
  write(join(out as string, 'keys', `${name}.public.pem`), pair.publicKey.toPem(), false);
  write(join(out as string, 'keys', `${name}.public.ssh2.pub`), pair.publicKey.toSsh2(`${name} (test harness)`), false);
}

// Test-only keys, generated per run: nothing sealed here protects real data.
const indexEducation = generateKeyPair();
const ent = generateKeyPair();
writeKeys('index-education', indexEducation);
writeKeys('ent', ent);

const { files, groundTruth } = generateFixtures({
  seed: values.seed,
  students: Number(values.students),
  schools: Number(values.schools),
  socle: values.socle,
  indexEducationPublicKey: indexEducation.publicKey,
  partnerPublicKey: ent.publicKey,
});
for (const f of files) write(join(out, ...f.path.split('/')), f.content, f.sensitive);

console.log(
  JSON.stringify(
    {
      out,
      seed: values.seed,
      schools: groundTruth.schools.map((s) => s.uai),
      socle: values.socle,
      keys: { indexEducation: indexEducation.publicKey.fingerprint, ent: ent.publicKey.fingerprint },
      files: files.length,
      sealed: files.filter((f) => !f.sensitive).map((f) => f.path),
    },
    null,
    2,
  ),
);
