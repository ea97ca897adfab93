/**
 * A small element tree on top of the tokenizer, for the documents that are small
 * (envelopes) or read leniently (the identifier file).
 *
 * @internal
 * @module
 */

import { keepShapes } from '../keep-shapes';
import { type StartTag, type TokenizerOptions, type XmlHandler, XmlTokenizer } from './tokenizer';

/** An attribute of an {@link XmlElement}. */
export interface XmlAttribute {
  readonly name: string;
  readonly local: string;
  readonly ns: string;
  readonly value: string;
}

/** An element: name, attributes, child elements and its own character data. */
export interface XmlElement {
  readonly name: string;
  readonly local: string;
  readonly ns: string;
  readonly attributes: XmlAttribute[];
  readonly children: XmlElement[];
  /** Character data directly inside the element (concatenated). */
  text: string;
  /** Absolute offset of the start tag. */
  readonly offset: number;
}

/** Result of {@link parseXmlTree}. */
export interface XmlTree {
  readonly root: XmlElement;
  /** Line/column of an offset, for messages. */
  locate(offset: number): { line: number; column: number };
}

function elementFrom(tag: StartTag): XmlElement {
  const attributes: XmlAttribute[] = [];
  for (let i = 0; i < tag.attrCount; i++) {
    attributes.push({
      name: tag.attrQNames[i] as string,
      local: tag.attrLocals[i] as string,
      ns: tag.attrNs[i] as string,
      value: tag.attrValues[i] as string,
    });
  }
  return { name: tag.qname, local: tag.local, ns: tag.ns, attributes, children: [], text: '', offset: tag.offset };
}

/** The tokenizer's handler that builds the tree. */
class TreeBuilder implements XmlHandler {
  readonly stack: XmlElement[] = [];
  root: XmlElement | undefined;

  startElement(tag: StartTag): void {
    const el = elementFrom(tag);
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.root = el;
    else parent.children.push(el);
    this.stack.push(el);
  }

  endElement(): void {
    this.stack.pop();
  }

  text(value: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) top.text += value;
  }
}

/** Parses a whole document into a tree. */
export function parseXmlTree(text: string, options: TokenizerOptions): XmlTree {
  const builder = new TreeBuilder();
  const tokenizer = new XmlTokenizer(builder, options);
  try {
    tokenizer.write(text);
    tokenizer.end();
  } finally {
    // New objects of the builder's classes, kept until the next document (see keepShapes).
    keepShapes('tree', [new XmlTokenizer(new TreeBuilder(), options), options.limits]);
  }
  return { root: builder.root as XmlElement, locate: (offset) => tokenizer.locate(offset) };
}

/** Value of an attribute by local name (no namespace), or undefined. */
export function getAttribute(el: XmlElement, local: string): string | undefined {
  for (const a of el.attributes) if (a.local === local && a.ns === '') return a.value;
  return undefined;
}
