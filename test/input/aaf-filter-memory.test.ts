import { describe, expect, it } from 'vitest';
import { generateFixtures } from '../../src/fixtures';
import { compareAafFileNames, readAafFeed } from '../../src/input';

const none = { aaf: true, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false };

/** Two worlds in one feed: school 0410017W (kept by the filter) and two others. */
function feed() {
  const kept = generateFixtures({ seed: 'filter-kept', students: 60, schools: ['0410017W'], outputs: none });
  const others = generateFixtures({ seed: 'filter-others', students: 120, schools: 2, outputs: none });
  const files = [...kept.files, ...others.files].filter((f) => f.kind === 'aaf').map((f) => ({ name: f.path.split('/').pop() as string, chunks: f.content as Uint8Array }));
  const ids = { ...kept.groundTruth.aafIds, ...others.groundTruth.aafIds };
  return { files, ids, expected: kept.schools[0]?.partenaireIndex };
}

describe('readAafFeed school filter, parents decided as they are read', () => {
  it('gives the same document whatever the file order, and reports an order that drops parents early', async () => {
    const { files, ids, expected } = feed();
    const options = { resolveId: (id: string) => ids[id], uai: '0410017W', date: '2026-09-01T08:00:00+02:00', partenaire: 'ENT-FIXTURES' };
    const sorted = [...files].sort((a, b) => compareAafFileNames(a.name, b.name));
    const inOrder = await readAafFeed(sorted, options);
    expect(inOrder.problems.filter((p) => p.rule === 'order')).toEqual([]);
    expect(inOrder.document.responsables.map((r) => r.idPartenaire).sort()).toEqual(expected?.responsables.map((r) => r.idPartenaire).sort());
    expect(inOrder.document.eleves.length).toBe(expected?.eleves.length);

    // Parents before students: nothing can be decided early, same result.
    const parentsFirst = [...sorted].sort((a, b) => Number(b.name.includes('PersRelEleve')) - Number(a.name.includes('PersRelEleve')));
    const late = await readAafFeed(parentsFirst, options);
    expect(late.document).toEqual(inOrder.document);

    // The kept school's students after the parents were decided: reported, never silently lost.
    const keptStudents = (name: string) => name.includes('0410017W') && name.includes('_Eleve_');
    const studentsLast = [...sorted.filter((f) => !keptStudents(f.name)), ...sorted.filter((f) => keptStudents(f.name))];
    const e = await readAafFeed(studentsLast, options).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toMatchObject({ code: 'ERR_INPUT' });
    expect((e as { problems: { rule: string }[] }).problems.filter((p) => p.rule === 'order')).toHaveLength(1);
  });
});
