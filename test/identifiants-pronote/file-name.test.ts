import { describe, expect, it } from 'vitest';
import { identifiantsPronoteFileName, isSafeSocle, socleFromIdentifiantsPronoteFileName } from '../../src/index';
import { expectError } from './expect-error';

describe('identifier file name', () => {
  it('names the file IdPN_To_<SOCLE>.xml', () => {
    expect(identifiantsPronoteFileName('KOSMOS')).toBe('IdPN_To_KOSMOS.xml');
    expect(identifiantsPronoteFileName('ENT 77')).toBe('IdPN_To_ENT 77.xml');
    expect(identifiantsPronoteFileName('Éclat-BFC_2.0')).toBe('IdPN_To_Éclat-BFC_2.0.xml');
  });

  it.each(['', '../KOSMOS', 'a/b', 'a\\b', '..', '.hidden', 'KOSMOS.', 'KOSMOS ', ' KOSMOS', 'A  B', 'A:B', 'A*B', 'A?B', 'A|B', 'A<B', 'A"B', 'A\u0000B', 'A\nB', '-rf', 'x'.repeat(65)])(
    'refuses the socle %j',
    (socle) => {
      expect(isSafeSocle(socle)).toBe(false);
      expectError(() => identifiantsPronoteFileName(socle), 'ERR_ARGUMENT');
    },
  );

  it('accepts up to 64 characters', () => {
    expect(isSafeSocle('x'.repeat(64))).toBe(true);
    expect(isSafeSocle(42 as unknown as string)).toBe(false);
  });

  it('reads the socle back from a file name', () => {
    expect(socleFromIdentifiantsPronoteFileName('IdPN_To_KOSMOS.xml')).toBe('KOSMOS');
    expect(socleFromIdentifiantsPronoteFileName('/tmp/exports/idpn_to_Skolengo.XML')).toBe('Skolengo');
    expect(socleFromIdentifiantsPronoteFileName('C:\\exports\\IdPN_To_ENT 77.xml')).toBe('ENT 77');
    expect(socleFromIdentifiantsPronoteFileName('IdPN_To_.xml')).toBeUndefined();
    expect(socleFromIdentifiantsPronoteFileName('IdPN_To_KOSMOS.txt')).toBeUndefined();
    expect(socleFromIdentifiantsPronoteFileName('PARTENAIRE_INDEX.xml')).toBeUndefined();
    expect(socleFromIdentifiantsPronoteFileName('IdPN_To_A*B.xml')).toBeUndefined();
  });
});
