import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchAccounts } from '../../src/index';
import { csvField, MATCH_CSV_COLUMNS, renderMatchCsv } from '../../src/report';
import { sampleResult } from './sample';

/** A strict RFC 4180 parser with `;` (independent of the renderer), for round trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ';') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('missing final CRLF');
  return rows;
}

describe('csvField', () => {
  it('neutralises formulas (OWASP): = + - @ tab CR get a quote prefix', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+33 6')).toBe("'+33 6");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('=HYPERLINK("http://evil";"x")')).toBe('"\'=HYPERLINK(""http://evil"";""x"")"');
  });
  it('leaves ordinary values alone and quotes per RFC 4180', () => {
    expect(csvField('Dupont')).toBe('Dupont');
    expect(csvField('Jean-François')).toBe('Jean-François');
    expect(csvField('')).toBe('');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a,b')).toBe('a,b');
  });
  it('round-trips any value through a strict parser, formulas neutralised', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 1, maxLength: 5 }), (cells) => {
        const parsed = parseCsv(`${cells.map(csvField).join(';')}\r\n`);
        expect(parsed).toHaveLength(1);
        const back = parsed[0] as string[];
        expect(back).toHaveLength(cells.length);
        back.forEach((v, k) => {
          const orig = cells[k] as string;
          expect(v === orig || v === `'${orig}`).toBe(true);
          expect(/^[=+\-@\t\r]/.test(v)).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('renderMatchCsv', () => {
  const text = renderMatchCsv(sampleResult(), { preamble: false });

  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(renderMatchCsv(sampleResult(), { bom: false, preamble: false }).charCodeAt(0)).toBe('P'.charCodeAt(0));
  });

  it('starts with a preamble: title, generation date, school, files, mode', () => {
    const full = renderMatchCsv(sampleResult(), {
      generatedAt: new Date(2026, 8, 1, 8, 5),
      school: { uai: '0410017W', nom: 'Lycée "Test"; Blois' },
      sources: { ent: 'PARTENAIRE_INDEX.xml', pronote: 'IdPN_To_X.xml', decisions: 'decisions.json' },
    });
    const rows = parseCsv(full.slice(1));
    expect(rows.slice(0, 7)).toEqual([
      ['Rapprochement ENT ⇄ PRONOTE'],
      ['Généré le', '01/09/2026 à 08:05'],
      ['Établissement', '0410017W — Lycée "Test"; Blois'],
      ['Fichiers', 'ENT : PARTENAIRE_INDEX.xml ; PRONOTE : IdPN_To_X.xml ; décisions : decisions.json'],
      ['Mode', 'complet (tout le monde ; un identifiant en conflit est remplacé)'],
      [''],
      [...MATCH_CSV_COLUMNS],
    ]);
    expect(rows).toHaveLength(7 + 6 + 3 + 5);
  });

  it('caps candidate lists and says how many others there are', () => {
    const ent = { eleves: Array.from({ length: 5 }, (_, i) => ({ idPartenaire: `E${i}`, nom: 'Homo', prenom: 'Nyme', dateNaissance: '2012-01-01' })) };
    const pronote = { eleves: Array.from({ length: 4 }, (_, i) => ({ ident: i, idpn: `P${i}`, nom: 'Homo', prenom: 'Nyme', dateNaissance: '2012-01-01' })) };
    const rows = parseCsv(renderMatchCsv(matchAccounts(ent, pronote, { candidateLimit: 2 }), { preamble: false }).slice(1));
    expect(rows[1]?.[15]).toBe('Homo Nyme (01/01/2012) [P0] | Homo Nyme (01/01/2012) [P1] | … et 2 autres');
    expect(rows[6]?.[15]).toBe('Homo Nyme (01/01/2012) [E0] | Homo Nyme (01/01/2012) [E1] | … et 3 autres');
  });

  it('writes a French header and one row per person', () => {
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...MATCH_CSV_COLUMNS]);
    expect(rows[0]?.[0]).toBe('Population');
    // 6 links + 3 ambiguous + 5 unmatched
    expect(rows).toHaveLength(1 + 6 + 3 + 5);
    for (const r of rows) expect(r).toHaveLength(MATCH_CSV_COLUMNS.length);
    expect(rows[1]).toEqual(['Personnels', 'Lien déjà connu', '', 'ENT et PRONOTE', 'S1', 'Bonnet', 'Inès', '', 'Q1', '1000', 'BONNET', 'INES', '', 'S1', 'oui', '']);
    expect(rows[2]?.slice(0, 3)).toEqual(['Professeurs', 'Conflit', 'L’identifiant ENT remplace celui que PRONOTE avait']);
    expect(rows[2]?.[7]).toBe('05/05/1980');
    expect(rows[2]?.[13]).toBe('OLD-T1');
    const ambiguous = rows.filter((r) => r[1] === 'Ambigu');
    expect(ambiguous.map((r) => [r[3], r[4] || r[8], r[15]])).toEqual([
      ['ENT', 'E2', 'DURAND HUGO (01/01/2011) [P2]'],
      ['ENT', 'E3', 'DURAND HUGO (01/01/2011) [P2]'],
      ['PRONOTE', 'P2', 'Durand Hugo (01/01/2011) [E2] | Durand Hugo (01/01/2011) [E3]'],
    ]);
  });

  it('neutralises formulas and quotes separators in data', () => {
    const rows = parseCsv(text.slice(1));
    const r2 = rows.find((r) => r[4] === 'R2') as string[];
    expect(r2[5]).toBe('\'=HYPERLINK("http://x")');
    const e4 = rows.find((r) => r[4] === 'E4') as string[];
    expect(e4[5]).toBe('<script>alert(1)</script>');
    expect(e4[6]).toBe('Zoé "Z"; x');
    const p7 = rows.find((r) => r[8] === 'P7') as string[];
    expect([p7[10], p7[11]]).toEqual(["'-Neg", "'+Plus"]);
    for (const r of rows) for (const c of r) expect(/^[=+\-@\t\r]/.test(c)).toBe(false);
  });

  it('writes partial-mode conflicts as not to be stored', () => {
    const rows = parseCsv(renderMatchCsv(sampleResult('Partiel'), { preamble: false }).slice(1));
    const c = rows.find((r) => r[1] === 'Conflit') as string[];
    expect(c[14]).toBe('non');
    expect(c[2]).toBe('Non appliqué (mode partiel) : PRONOTE garde son identifiant');
  });

  it('can leave out the links that need nothing', () => {
    const rows = parseCsv(renderMatchCsv(sampleResult(), { include: 'problems', preamble: false }).slice(1));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Conflit', 'Non rapproché', 'Non rapproché', 'Non rapproché', 'Lien manuel', 'Ambigu', 'Ambigu', 'Ambigu', 'Non rapproché', 'Non rapproché']);
  });
});
