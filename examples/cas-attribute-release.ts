/**
 * Plugging the PRONOTE profile into a Node CAS server's attribute release, and registering
 * PRONOTE in an Apereo CAS service registry.
 *
 * Runs as is: `npx tsx examples/cas-attribute-release.ts`. It starts a tiny CAS
 * `/serviceValidate` on a random loopback port (for this example only: a real CAS checks
 * passwords, issues single-use tickets bound to their service and expires them), validates one
 * ticket the way PRONOTE does, says how PRONOTE recognises the user, and prints the Apereo
 * service definition of the same PRONOTE.
 */

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ENTCORE_PRESET,
  apereoServiceDefinition,
  buildCasValidationResponse,
  parseCasValidationResponse,
  pronoteProfile,
  recognizeCasUser,
} from 'ent-pronote/cas';
import type { IdentifiantsPronote } from 'ent-pronote';

const PRONOTE = 'https://0410017w.index-education.net/pronote/';

// Your ENT's accounts (any of the library's account models fits) and the tickets your CAS issued.
const accounts = new Map([['e-91c2d0', { idPartenaire: 'e-91c2d0', login: 'noe.martin', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31', population: 'eleves' as const }]]);
const tickets = new Map([['ST-1-example', { account: 'e-91c2d0', service: `${PRONOTE}eleve.html` }]]);

// 1. The attribute release: what /serviceValidate answers PRONOTE.
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/serviceValidate') return void res.writeHead(404).end();
  const ticket = tickets.get(url.searchParams.get('ticket') ?? '');
  tickets.delete(url.searchParams.get('ticket') ?? ''); // single use
  const account = ticket !== undefined && ticket.service === url.searchParams.get('service') ? accounts.get(ticket.account) : undefined;
  const body =
    account === undefined
      ? buildCasValidationResponse({ ok: false, code: 'INVALID_TICKET', description: 'ticket not recognised' }, { version: '2.0' })
      : buildCasValidationResponse({ ok: true, ...pronoteProfile(account, account.population, ENTCORE_PRESET.profile), proxies: [] }, { version: '2.0', layout: ENTCORE_PRESET.layout });
  res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(body);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// 2. What PRONOTE does with it: validate the ticket, then recognise the user (mode 1, identity).
const answer = await fetch(`${base}/serviceValidate?ticket=ST-1-example&service=${encodeURIComponent(`${PRONOTE}eleve.html`)}`);
const validation = parseCasValidationResponse(await answer.text());
server.close();
const identifiants: IdentifiantsPronote = {
  version: '1',
  date: '2026-09-01T08:00:00Z',
  uai: '0410017W',
  socle: 'EXAMPLE',
  mode: 'Complet',
  personnels: [],
  professeurs: [],
  responsables: [],
  eleves: [{ ident: 1, idpn: 'A8BT6EGHDW3QFPXC', nom: 'Martin', prenom: 'Noe', dateNaissance: '2010-12-31', responsables: [] }],
};
if (!validation.ok) throw new Error(`validation failed: ${validation.code}`);
const recognition = recognizeCasUser(validation, identifiants, { mode: 'identite' });
console.log(JSON.stringify({ user: validation.user, attributes: Object.keys(validation.attributes), status: recognition.status, idpn: recognition.person?.idpn }));

// 3. The same PRONOTE in an Apereo CAS JSON service registry (services/PRONOTE-1001.json).
console.log(JSON.stringify(apereoServiceDefinition({ pronoteUrl: PRONOTE, id: 1001, name: 'PRONOTE', username: { kind: 'attribute', attribute: 'uid' }, attributeMap: { sn: 'nom', givenName: 'prenom', ENTPersonDateNaissance: 'dateNaissance', ENTPersonProfils: 'categories' } }), null, 2));
