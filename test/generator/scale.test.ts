import { describe, expect, it } from 'vitest';
import { generateFixtures } from '../../src/fixtures';
import { validatePartenaireIndex } from '../../src/index';

// The benchmark suite generates 200,000-person documents: 100,000 students, their parents and
// proportional staff, in one school. No timing is asserted; the sizes and invariants are.
describe('a 100,000-student world', () => {
  it('is generated with its documents and ground truth', () => {
    const r = generateFixtures({
      seed: 'scale',
      students: 100_000,
      outputs: { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false },
    });
    const doc = r.schools[0]?.partenaireIndex;
    expect(r.world.people.filter((p) => p.population === 'eleves')).toHaveLength(100_000);
    const people = (doc?.personnels.length ?? 0) + (doc?.professeurs.length ?? 0) + (doc?.responsables.length ?? 0) + (doc?.eleves.length ?? 0);
    expect(people).toBeGreaterThan(200_000);
    expect(validatePartenaireIndex(doc as NonNullable<typeof doc>, { lint: false })).toEqual([]);
    const gt = r.groundTruth.schools[0]?.complet;
    expect(gt?.pronote.length).toBe(
      (r.schools[0]?.identifiantsComplet.eleves.length ?? 0) +
        (r.schools[0]?.identifiantsComplet.responsables.length ?? 0) +
        (r.schools[0]?.identifiantsComplet.professeurs.length ?? 0) +
        (r.schools[0]?.identifiantsComplet.personnels.length ?? 0),
    );
    const linked = gt?.pronote.filter((e) => e.status === 'matched' || e.status === 'confirmed' || e.status === 'conflict') ?? [];
    expect(linked.length).toBeGreaterThan(people * 0.85);
    for (const e of linked) if (e.idPartenaire !== e.trueIdPartenaire) expect(e).toBeUndefined();
  }, 300_000);
});
