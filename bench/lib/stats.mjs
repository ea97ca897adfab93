// Measurement helpers of the benchmark, used inside the section children (bench/sections/*.mjs).

/** Median of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** `{ median, min, max, runs }` of measured values. */
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/**
 * CPU milliseconds (user + system, every thread of the process: the main thread, the garbage
 * collector's helpers, the thread pool) of the last {@link timed} call: on a machine shared with
 * other work, CPU time says what the operation cost when wall time says how long it waited.
 */
export let lastCpuMs = 0;

/** Milliseconds taken by one call of `fn` (awaited), after a garbage collection. */
export async function timed(fn) {
  globalThis.gc?.();
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const u = process.cpuUsage(c);
  lastCpuMs = (u.user + u.system) / 1000;
  return ms;
}

/** Summary of `runs` timings of `fn`. */
export async function measure(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timed(fn));
  return summary(times);
}

/**
 * Measures several functions in alternation (a, b, c, a, b, c, …), so that all see the same
 * machine: on a shared virtual machine the speed drifts within a run, and measuring all of one
 * then all of the other would skew their ratio. `fns` maps names to `{ fn, runs }` (a function
 * with fewer runs stops taking turns after its last). Returns the times by name.
 */
export async function alternate(fns) {
  const names = Object.keys(fns);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  const most = Math.max(...names.map((n) => fns[n].runs));
  for (let i = 0; i < most; i++) {
    for (const n of names) {
      if (i >= fns[n].runs) continue;
      times[n].push(await timed(fns[n].fn));
      cpu[n].push(lastCpuMs);
    }
  }
  Object.defineProperty(times, 'cpu', { value: cpu, enumerable: false });
  return times;
}

/**
 * A row comparing an operation with its floor, both measured in alternation: medians and
 * spreads of both, and of the ratio (each run's operation over the same run's floor; its median
 * is the median of those ratios).
 */
export async function floorRow(row, floorFn, opFn, runs, limit) {
  const t = await alternate({ floor: { fn: floorFn, runs }, op: { fn: opFn, runs } });
  return ratioRow(row, t, 'op', limit);
}

/**
 * The row of `name` in the times `t` of {@link alternate} (which also ran `floor`): against the
 * goal `limit` (× floor), or a reference row when `limit` is a text saying what it is.
 */
export function ratioRow(row, t, name, limit) {
  const ratios = t[name].map((v, i) => v / t.floor[i]);
  const ratio = summary(ratios);
  const out = { ...row, ms: summary(t[name]), cpu: summary(t.cpu[name]), floor: summary(t.floor), ratio };
  if (typeof limit === 'string') return { ...out, goal: limit };
  return { ...out, goal: `≤ ${limit}× floor`, ok: ratio.median <= limit };
}

/** Mebibytes, for people. */
export function mb(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** Number of people of a document. */
export function people(doc) {
  return ['personnels', 'professeurs', 'responsables', 'eleves'].reduce((n, k) => n + (doc[k]?.length ?? 0), 0);
}

/** Progress on stderr (stdout carries the rows). */
export function say(text) {
  process.stderr.write(`  ${text}\n`);
}
