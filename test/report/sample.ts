/** A small matching with every status, for the report tests. */
import { matchAccounts, type MatchResult } from '../../src/index';
import { e, es, p, ps, resetIdents } from '../match/helpers';

export function sampleResult(mode: 'Complet' | 'Partiel' = 'Complet'): MatchResult {
  resetIdents(1000);
  const ent = {
    personnels: [e('S1', 'Bonnet', 'Inès')],
    professeurs: [e('T1', 'Petit', 'Anne', '1980-05-05'), e('T2', 'Roux', 'Paul')],
    responsables: [e('R1', 'Martin', 'Sophie'), e('R2', '=HYPERLINK("http://x")', 'Eve')],
    eleves: [
      es('E1', 'Martin', 'Léa', '05/03/2012', ['R1']),
      es('E2', 'Durand', 'Hugo', '2011-01-01'),
      es('E3', 'Durand', 'Hugo', '2011-01-01'),
      es('E4', '<script>alert(1)</script>', 'Zoé "Z"; x', '2012-02-02'),
      es('E5', 'Lefèvre', 'Noé', '2012-06-06'),
      es('E6', 'Roux', 'Ana', '2012-07-07'),
    ],
  };
  const pro = {
    personnels: [p('Q1', 'BONNET', 'INES', undefined, 'S1')],
    professeurs: [p('U1', 'PETIT', 'ANNE', '1980-05-05', 'OLD-T1')],
    responsables: [p('QR1', 'MARTIN', 'SOPHIE', undefined, undefined, 501), p('QR9', 'Garcia', 'Luis', undefined, undefined, 509)],
    eleves: [
      ps('P1', 'MARTIN', 'LEA', '2012-03-05', [501]),
      ps('P2', 'DURAND', 'HUGO', '2011-01-01'),
      ps('P5', 'Lefevre', 'Noe', '2012-06-06'),
      ps('P6', 'Roux', 'Anna', '2012-07-07'),
      ps('P7', '-Neg', '+Plus', '2012-08-08'),
    ],
  };
  return matchAccounts(ent, pro, { mode, manual: { pairs: [{ population: 'eleves', idPartenaire: 'E6', idpn: 'P6' }] } });
}
