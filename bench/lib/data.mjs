// Bench data files: a document (a PARTENAIRE_INDEX or IDENTIFIANTS_PRONOTE model, or any object
// whose people are in arrays) written as frames of V8-serialised chunks, so that documents of
// millions of people are written and read without one giant buffer or string.
//
// A file is a sequence of frames `[u32 length][bytes]`: the first frame holds the document with
// its people arrays emptied, each next one `{ key, items }` with at most CHUNK people of `key`.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';

const CHUNK = 20_000;
const PEOPLE = ['personnels', 'professeurs', 'responsables', 'eleves'];

function writeFrame(fd, value) {
  const bytes = serialize(value);
  const head = Buffer.alloc(4);
  head.writeUInt32LE(bytes.length, 0);
  writeSync(fd, head);
  writeSync(fd, bytes);
}

/** Writes `doc` to `path` (mode 0600: fixture data only, but the habit is kept). */
export function writeDocument(path, doc) {
  const fd = openSync(path, 'w', 0o600);
  try {
    const shell = { ...doc };
    for (const key of PEOPLE) if (Array.isArray(doc[key])) shell[key] = [];
    writeFrame(fd, shell);
    for (const key of PEOPLE) {
      const list = doc[key];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i += CHUNK) writeFrame(fd, { key, items: list.slice(i, i + CHUNK) });
    }
  } finally {
    closeSync(fd);
  }
}

function readExactly(fd, length) {
  const buf = Buffer.allocUnsafe(length);
  let off = 0;
  while (off < length) {
    const n = readSync(fd, buf, off, length - off, null);
    if (n === 0) throw new Error('bench data: truncated file');
    off += n;
  }
  return buf;
}

/** Reads a document written by {@link writeDocument}. */
export function readDocument(path) {
  const fd = openSync(path, 'r');
  try {
    let doc;
    for (;;) {
      const head = Buffer.alloc(4);
      const n = readSync(fd, head, 0, 4, null);
      if (n === 0) break;
      if (n !== 4) throw new Error('bench data: truncated frame');
      const value = deserialize(readExactly(fd, head.readUInt32LE(0)));
      if (doc === undefined) doc = value;
      else for (const item of value.items) doc[value.key].push(item);
    }
    return doc;
  } finally {
    closeSync(fd);
  }
}
