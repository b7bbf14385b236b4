/**
 * Maps keyed by outside text (a category, a column, a subject, a metric key): null-prototype objects, so a
 * text equal to a built-in property name (`toString`, `constructor`, `__proto__`) is a key like any other
 * instead of reading Object.prototype's member or setting the prototype. One place for the fold, the
 * roll-up and the rules.
 */

/** An empty record without a prototype. */
export function textKeyed<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** A null-prototype copy of a record's own entries (statistics read back from JSON have a prototype). */
export function textKeyedFrom<V>(record: Readonly<Record<string, V>> | undefined): Record<string, V> {
  const out = textKeyed<V>();
  if (record) for (const [key, value] of Object.entries(record)) out[key] = value;
  return out;
}

/** Adds `n` to the count under `key` of a null-prototype record. */
export function addCount(into: Record<string, number>, key: string, n = 1): void {
  into[key] = (Object.hasOwn(into, key) ? (into[key] as number) : 0) + n;
}
