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

function isMapTable<T>(table: ReadonlyMap<string, T> | Readonly<Record<string, T>>): table is ReadonlyMap<string, T> {
  return table instanceof Map;
}

/**
 * The value under `key` of a table given as a `Map` or as a plain object (own properties only, so
 * that `__proto__` or `toString` never answer).
 */
export function lookupTable<T>(table: ReadonlyMap<string, T> | Readonly<Record<string, T>>, key: string): T | undefined {
  if (isMapTable(table)) return table.get(key);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
