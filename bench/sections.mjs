// The benchmark's sections (`BENCH_ONLY` selects them by name). A section is a list of steps;
// each step runs in its own clean process (bench/child.mjs) that reads only the fixture data
// sets it names (bench/lib/fixtures.mjs, generated beforehand) and returns table rows:
//
//   { operation, size, ms: { median, min, max, runs }, floor?, ratio?, goal, ok?, note?, rss?, heap?, phases? }
//
// `ok: false` fails the benchmark. `finish(rows)` adds rows computed across the section's steps.
// To add a section: write a script exporting `run({ fixture, runs, args })` (see
// bench/sections/*.mjs), add its data set to bench/lib/fixtures.mjs if it needs a new one, and
// add an entry below.

/** Node options of steps that import the TypeScript sources (phase timings). */
const TSX = ['--import', 'tsx'];
/** Room for the ×10 worlds (about 3 GiB of input). */
const BIG_HEAP = ['--max-old-space-size=12288'];

/** Linearity of matching: ×10 people in ≤ 12× the time (scaled to the real ratio of people). */
function linearity(small, big, label, withGoal) {
  if (small === undefined || big === undefined) return [];
  const people = big.people / small.people;
  const ratio = {
    median: big.ms.median / small.ms.median,
    min: big.ms.min / small.ms.max,
    max: big.ms.max / small.ms.min,
  };
  const limit = 12 * (people / 10);
  const row = {
    operation: `match linearity, ${label}`,
    size: `${people.toFixed(2)}× the people`,
    ms: big.ms,
    ratio,
    goal: withGoal ? `≤ ${limit.toFixed(1)}× the time (12× for 10× the people)` : 'reference (the fixture world\'s share of homonyms grows with it)',
    note: `ratio spread: slowest small run against fastest big run, and the reverse`,
  };
  if (withGoal) row.ok = ratio.median <= limit;
  return [row];
}

/** The sections, in order. `quick`: BENCH_QUICK (a tenth of the sizes, no ×10 worlds). */
export function sections({ quick }) {
  return [
    {
      name: 'large',
      steps: [{ script: 'sections/seal-open.mjs', fixtures: ['large'], args: ['large', 'large', '2', '5', '1', '1', 'reference'] }],
    },
    {
      name: 'parse',
      steps: [{ script: 'sections/parse.mjs', fixtures: ['large'], args: ['large', '3'] }],
    },
    {
      name: 'small',
      steps: [
        { script: 'sections/seal-open.mjs', fixtures: ['school'], args: ['school', 'typical school', '3', '5', '20', '20'] },
        { script: 'sections/match.mjs', node: TSX, fixtures: ['school'], args: ['school', 'typical school', '20', 'x20', '20', '-'] },
      ],
    },
    {
      name: 'match',
      steps: [
        { script: 'sections/match.mjs', node: TSX, fixtures: ['match-200k'], args: ['match-200k', '~200k (fixture world)', '600', 'all', '1', '-'] },
        { script: 'sections/match.mjs', node: TSX, fixtures: ['match-200k-pools'], args: ['match-200k-pools', '~200k (constant share of homonyms)', '-', 'all', '1', '-'] },
        ...(quick
          ? []
          : [
              { script: 'sections/match.mjs', node: [...TSX, ...BIG_HEAP], fixtures: ['match-2m'], args: ['match-2m', '~2M (fixture world)', '-', '3', '0', '-'] },
              { script: 'sections/match.mjs', node: [...TSX, ...BIG_HEAP], fixtures: ['match-2m-pools'], args: ['match-2m-pools', '~2M (constant share of homonyms)', '-', '3', '0', '2048'] },
            ]),
      ],
      finish(rows) {
        const find = (label) => rows.find((r) => r.operation === `match ${label}`);
        return [
          ...linearity(find('~200k (constant share of homonyms)'), find('~2M (constant share of homonyms)'), 'constant share of homonyms', true),
          ...linearity(find('~200k (fixture world)'), find('~2M (fixture world)'), 'fixture world', false),
        ];
      },
    },
    {
      name: 'memory',
      steps: [
        { script: 'sections/memory.mjs', fixtures: ['large'], args: ['seal'] },
        { script: 'sections/memory.mjs', fixtures: [], args: ['aaf', String(quick ? 2000 : 20_000), String(quick ? 8000 : 80_000)] },
      ],
    },
    {
      // The supervision server at ~200,000 people per side (bench/review.mjs).
      name: 'review',
      steps: [{ script: 'sections/review.mjs', fixtures: [], args: [String(quick ? 9000 : 90_000)] }],
    },
  ];
}
