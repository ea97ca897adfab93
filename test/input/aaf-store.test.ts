import { describe, expect, it } from 'vitest';
import { AafFileReader, type AafRequest } from '../../src/input/aaf/records';
import { keepAttribute } from '../../src/input/aaf/mapping';
import { AafStore } from '../../src/input/aaf/store';
import { DEFAULT_LIMITS } from '../../src/index';
import { addRequest, aafFile, chunked, modifyRequest } from './helpers';

function requests(body: string): AafRequest[] {
  const out: AafRequest[] = [];
  const reader = new AafFileReader({ file: 'f.xml', keep: keepAttribute, onRequest: (r) => out.push(r), limits: DEFAULT_LIMITS });
  for (const c of chunked(aafFile(body), [4096])) reader.write(c);
  reader.end();
  return out;
}

describe('AafStore', () => {
  it('drops people of other schools as they are read once the schools are known, so memory follows the people kept', () => {
    const store = new AafStore(new Set(['0410017W']), () => {}, DEFAULT_LIMITS);
    const schools = requests(
      addRequest('Etablissement', 'S1', { ENTStructureUAI: '0410017W', ENTStructureNomCourant: 'A' }) +
        addRequest('Etablissement', 'S2', { ENTStructureUAI: '0410959V', ENTStructureNomCourant: 'B', ENTStructureJointure: 'J2' }),
    );
    for (const r of schools) store.apply(r, 'etab.xml', 'EtabEducNat');
    let body = '';
    for (let i = 0; i < 2000; i++) body += addRequest('Eleve', `e${i}`, { sn: 'N', givenName: 'P', ENTPersonStructRattach: i % 100 === 0 ? 'S1' : i % 2 ? 'S2' : 'J2' });
    body += addRequest('Eleve', 'u1', { sn: 'N', givenName: 'P', ENTPersonStructRattach: 'S9' });
    body += addRequest('Eleve', 'u2', { sn: 'N', givenName: 'P' });
    for (const r of requests(body)) store.apply(r, 'eleves.xml', 'Eleve');
    // 20 attached to S1, one to an unknown structure (decided at the end); the others are gone.
    expect(store.people.size).toBe(21);
    expect([...store.people.keys()].slice(-2)).toEqual(['e1900', 'u1']);
    expect(store.droppedCount).toBe(1981);
    expect(store.counters.filteredOut).toBe(1981);
  });

  it('follows modifications of a school and keeps only the attributes the export uses', () => {
    const store = new AafStore(undefined, () => {}, DEFAULT_LIMITS);
    const [add] = requests(addRequest('Etablissement', 'S1', { ENTStructureUAI: '0410017W', ENTStructureNomCourant: 'A', telephoneNumber: '01', ENTStructureTypeStruct: 'LYCEE' }));
    expect((add as AafRequest).attributes.keys()).toEqual(['ENTStructureUAI', 'ENTStructureNomCourant']);
    store.apply(add as AafRequest, 'f.xml', undefined);
    for (const r of requests(modifyRequest('Etablissement', 'S1', [{ name: 'ENTStructureUAI', operation: 'replace', values: ['0410959V'] }]))) store.apply(r, 'f.xml', undefined);
    expect(store.structureUai.get('S1')).toBe('0410959V');
    expect(store.structures.get('S1')?.attrs.get('ENTStructureUAI')).toEqual(['0410959V']);
  });
});
