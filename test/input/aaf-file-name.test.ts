import { describe, expect, it } from 'vitest';
import { compareAafFileNames, parseAafFileName } from '../../src/input';

describe('AAF file names', () => {
  it('are parsed into kind, mode, date, UAI and index', () => {
    expect(parseAafFileName('/data/aaf/ENT_0410017W_Complet_20260901_Eleve_0000.xml')).toEqual({ kind: 'Eleve', mode: 'Complet', date: '20260901', uai: '0410017W', index: 0 });
    expect(parseAafFileName('ENT_Complet_PersRelEleve_0003.xml')).toEqual({ kind: 'PersRelEleve', mode: 'Complet', index: 3 });
    expect(parseAafFileName('ENT_0410017w_Delta_20260905_etabeducnat_0001.XML')).toEqual({ kind: 'EtabEducNat', mode: 'Delta', date: '20260905', uai: '0410017W', index: 1 });
    expect(parseAafFileName('ENT_0410017W_Complet_20260901_MatiereEducNat_0000.xml')).toEqual({ otherKind: 'MatiereEducNat', mode: 'Complet', date: '20260901', uai: '0410017W', index: 0 });
    expect(parseAafFileName('export.xml')).toEqual({});
  });

  it('sort by date, Complet before Delta, schools first, then by index', () => {
    const names = [
      'ENT_X_Delta_20260902_Eleve_0000.xml',
      'ENT_X_Complet_20260901_PersRelEleve_0000.xml',
      'ENT_X_Complet_20260901_Eleve_0001.xml',
      'ENT_X_Complet_20260901_Eleve_0000.xml',
      'ENT_X_Delta_20260901_EtabEducNat_0000.xml',
      'ENT_X_Complet_20260901_PersEducNat_0000.xml',
      'ENT_X_Complet_20260901_EtabEducNat_0000.xml',
      'ENT_X_Complet_20260901_MatiereEducNat_0000.xml',
    ];
    expect([...names].sort(compareAafFileNames)).toEqual([
      'ENT_X_Complet_20260901_EtabEducNat_0000.xml',
      'ENT_X_Complet_20260901_PersEducNat_0000.xml',
      'ENT_X_Complet_20260901_Eleve_0000.xml',
      'ENT_X_Complet_20260901_Eleve_0001.xml',
      'ENT_X_Complet_20260901_PersRelEleve_0000.xml',
      'ENT_X_Complet_20260901_MatiereEducNat_0000.xml',
      'ENT_X_Delta_20260901_EtabEducNat_0000.xml',
      'ENT_X_Delta_20260902_Eleve_0000.xml',
    ]);
  });
});
