// Section child: parsing the plain XML of the large document, ours (the whole typed model,
// every check) beside the peer parsers' passes over the same bytes, measured in turn.
//
// - htmlparser2 (xmlMode): decode the bytes, SAX pass with open-tag and text callbacks, no model;
// - saxes: decode, SAX pass with open-tag and text callbacks, no model;
// - fast-xml-parser: decode, parse into its generic object tree (attributes kept).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { Parser } from 'htmlparser2';
import { SaxesParser } from 'saxes';
import { alternate, mb, say, summary } from '../lib/stats.mjs';
import { parsePartenaireIndex } from '../../dist/index.js';

let sink = 0;

function htmlparser2Pass(bytes) {
  const p = new Parser(
    {
      onopentag(name, attribs) {
        sink += name.length + (attribs.Ident === undefined ? 0 : 1);
      },
      ontext(text) {
        sink += text.length;
      },
    },
    { xmlMode: true },
  );
  p.write(bytes.toString('utf8'));
  p.end();
}

function saxesPass(bytes) {
  const p = new SaxesParser();
  p.on('opentag', (tag) => {
    sink += tag.name.length;
  });
  p.on('text', (text) => {
    sink += text.length;
  });
  p.write(bytes.toString('utf8')).close();
}

function fastXmlParserPass(bytes) {
  const tree = new XMLParser({ ignoreAttributes: false }).parse(bytes.toString('utf8'));
  sink += Object.keys(tree).length;
}

/** args: [fixture, peer runs]. */
export async function run({ fixture, runs, args }) {
  const [name, peerRunsArg] = args;
  const bytes = readFileSync(join(fixture(name), 'ent.xml'));
  const peerRuns = Math.min(runs, Number(peerRunsArg ?? runs));
  parsePartenaireIndex(bytes); // warm-up
  htmlparser2Pass(bytes);
  say(`parse: ours and htmlparser2 ${runs} runs, saxes and fast-xml-parser ${peerRuns}`);
  const t = await alternate({
    ours: { fn: () => parsePartenaireIndex(bytes), runs },
    htmlparser2: { fn: () => htmlparser2Pass(bytes), runs },
    saxes: { fn: () => saxesPass(bytes), runs: peerRuns },
    'fast-xml-parser': { fn: () => fastXmlParserPass(bytes), runs: peerRuns },
  });
  const ours = summary(t.ours);
  const size = `${mb(bytes.length)} XML`;
  const rows = [];
  const h2 = summary(t.htmlparser2);
  rows.push({
    operation: 'parse large: ours (typed model, every check)',
    size,
    ms: ours,
    cpu: summary(t.cpu.ours),
    goal: 'faster than htmlparser2 (no model)',
    ok: ours.median < h2.median,
    note: `${(ours.median / h2.median).toFixed(2)}× htmlparser2's time`,
  });
  const what = { htmlparser2: 'SAX pass, no model', saxes: 'SAX pass, no model', 'fast-xml-parser': 'generic object tree' };
  for (const peer of ['htmlparser2', 'saxes', 'fast-xml-parser']) {
    const s = summary(t[peer]);
    const ratios = t[peer].map((v, i) => v / t.ours[i]);
    rows.push({
      operation: `parse large: ${peer} (${what[peer]})`,
      size,
      ms: s,
      cpu: summary(t.cpu[peer]),
      ratio: summary(ratios),
      goal: "peer (ratio: its time over ours in the same round)",
    });
  }
  if (sink === -1) console.error(sink);
  return rows;
}
