/**
 * A compact form of an AAF record's kept attributes, for a batch that holds a whole academy's
 * people until the feed is read: one string per record instead of an array per attribute.
 *
 * @internal
 * @module
 */

import { AafAttributes } from '../input/aaf/records';

/** Separates an attribute's name from its values, and its values from each other. */
const VALUE = '\u0001';
/** Separates attributes. */
const ATTRIBUTE = '\u0002';

/**
 * {@link AafAttributes} packed into one string (`name\u0001value\u0001value\u0002name…`): about a
 * third of the memory of the arrays it replaces. Values are XML text, which cannot hold the
 * control characters used as separators (the tokenizer refuses them), so packing is lossless.
 * Reads unpack on demand; writes (deltas) repack.
 */
export class PackedAttributes extends AafAttributes {
  private packed: string;

  constructor(from: AafAttributes | string) {
    super();
    this.packed = typeof from === 'string' ? from : packAttributes(from);
  }

  private entries(): [string, string[]][] {
    if (this.packed === '') return [];
    return this.packed.split(ATTRIBUTE).map((part) => {
      const [name = '', ...values] = part.split(VALUE);
      return [name, values];
    });
  }

  override get(name: string): string[] | undefined {
    if (this.packed === '') return undefined;
    let at = this.packed.startsWith(name + VALUE) ? 0 : this.packed.indexOf(ATTRIBUTE + name + VALUE);
    if (at === -1) return undefined;
    if (at > 0) at += 1;
    const start = at + name.length + 1;
    const end = this.packed.indexOf(ATTRIBUTE, start);
    return this.packed.slice(start, end === -1 ? undefined : end).split(VALUE);
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  override set(name: string, values: string[]): void {
    const list = this.entries();
    const i = list.findIndex(([k]) => k === name);
    if (i === -1) list.push([name, values]);
    else list[i] = [name, values];
    this.packed = pack(list);
  }

  override delete(name: string): void {
    this.packed = pack(this.entries().filter(([k]) => k !== name));
  }

  override keys(): string[] {
    return this.entries().map(([k]) => k);
  }
}

function pack(list: readonly (readonly [string, readonly string[]])[]): string {
  // `(' ' + s).slice(1)` would keep a view; joining builds a flat string of its own.
  return list
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => name + VALUE + values.join(VALUE))
    .join(ATTRIBUTE);
}

/** The packed form of attributes (see {@link PackedAttributes}). */
export function packAttributes(from: AafAttributes): string {
  return pack(from.keys().map((k) => [k, from.get(k) ?? []]));
}
