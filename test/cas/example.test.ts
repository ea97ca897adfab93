import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/build';

describe('examples/cas-attribute-release.ts', () => {
  it('releases the profile from a Node CAS, PRONOTE recognises the user, and prints the Apereo definition', () => {
    const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['examples/cas-attribute-release.ts'], { cwd: ROOT, encoding: 'utf8' });
    const [first, ...rest] = out.split('\n');
    expect(JSON.parse(first as string)).toEqual({ user: 'noe.martin', attributes: ['nom', 'prenom', 'dateNaissance', 'categories'], status: 'recognized', idpn: 'A8BT6EGHDW3QFPXC' });
    const def = JSON.parse(rest.join('\n')) as Record<string, unknown>;
    expect(def['@class']).toBe('org.apereo.cas.services.CasRegisteredService');
    expect(def.serviceId).toBe('^https://0410017w\\.index-education\\.net/pronote/.*');
  });
});
