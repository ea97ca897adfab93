/** A generated school for the supervision tests: homonym students (ambiguous), a student whose birth date differs (unmatched), missing people, and its ground truth. */
import { generateFixtures } from '../../src/fixtures';
import type { ExpectedMatching } from '../../src/fixtures';
import type { SchoolDocuments } from '../../src/fixtures';
import { buildPartenaireIndex, buildIdentifiantsPronote } from '../../src/index';

export interface ReviewWorld {
  school: SchoolDocuments;
  truth: ExpectedMatching;
  /** The plain files of the school. */
  partenaireIndexXml: string;
  identifiantsXml: string;
}

export function reviewWorld(seed = 'review-e2e', students = 200): ReviewWorld {
  const f = generateFixtures({ seed, students, homonymRate: 0.03, twinRate: 0.2, outputs: { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false } });
  const school = f.schools[0] as SchoolDocuments;
  const truth = (f.groundTruth.schools[0] as { complet: ExpectedMatching }).complet;
  return {
    school,
    truth,
    partenaireIndexXml: buildPartenaireIndex(school.partenaireIndex),
    identifiantsXml: buildIdentifiantsPronote(school.identifiantsComplet, { mode: 'Complet' }),
  };
}

/** Every link the ground truth knows to be real: (population, idPartenaire, idpn), as sorted strings. */
export function realLinks(truth: ExpectedMatching): string[] {
  return truth.pronote
    .filter((p) => p.trueIdPartenaire !== undefined)
    .map((p) => `${p.population} ${p.trueIdPartenaire as string} ${p.idpn}`)
    .sort();
}
