/**
 * Typed record helpers (instead of `Object.fromEntries(…) as Record<…>` at every use).
 *
 * @internal
 * @module
 */

/** A record with one entry per key, each value computed by `value`. */
export function recordOf<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  const out = {} as Record<K, V>;
  for (const k of keys) out[k] = value(k);
  return out;
}
