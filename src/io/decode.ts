/**
 * Bytes to text for input files: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode
 * text"), and GB18030 (a superset of GBK and GB2312, what Chinese Excel and ERPs export).
 *
 * `auto` decides per file from a BOM, else from the first bytes that are not ASCII: valid UTF-8
 * there means UTF-8, anything else GB18030. Decoding never throws: bytes that are invalid in the
 * chosen encoding become U+FFFD, and the reader rejects the record that holds them.
 */
import { closeSync, openSync, promises as fsp, readSync } from "node:fs";
import { isAscii, isUtf8 } from "node:buffer";
import type { Readable } from "node:stream";

export type EncodingOption = "auto" | "utf8" | "gb18030";
export type Encoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

export const REPLACEMENT = "\uFFFD";
// Text is handed on in strings of at most 64 KiB: larger strings made from Buffers are external
// strings in Node, measurably slower to cut. A file is read in pieces of its sniffed prefix's size.
const CHUNK = 64 * 1024;
const SNIFF_LIMIT = 4 << 20;

function bomEncoding(b: Buffer): Encoding | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  return undefined;
}

/** Decides the encoding from a prefix of the file. `complete` says the prefix is the whole file. */
export function sniffEncoding(prefix: Buffer, complete: boolean): Encoding {
  const bom = bomEncoding(prefix);
  if (bom) return bom;
  let first = -1;
  for (let i = 0; i < prefix.length; i++) {
    if (prefix[i]! >= 0x80) {
      first = i;
      break;
    }
  }
  if (first < 0) return "utf-8";
  // Judge a window from the first non-ASCII byte, dropping a multi-byte sequence the window may cut.
  let window = prefix.subarray(first, Math.min(prefix.length, first + 64 * 1024));
  if (!(complete && first + window.length >= prefix.length)) {
    let k = window.length - 1;
    let continuation = 0;
    while (k >= 0 && continuation < 3 && (window[k]! & 0xc0) === 0x80) {
      k--;
      continuation++;
    }
    if (k >= 0 && window[k]! >= 0xc0) window = window.subarray(0, k);
  }
  if (isUtf8(window)) return "utf-8";
  // A UTF-8 file with a few corrupt rows is still UTF-8 (those rows are rejected); GBK text almost
  // never forms valid multi-byte UTF-8 sequences, so compare how many do.
  const { valid, invalid } = utf8Sequences(window);
  return valid > 4 * invalid ? "utf-8" : "gb18030";
}

function utf8Sequences(b: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c <= 0xdf ? 1 : -1;
    let ok = need > 0 && i + need < b.length + 0;
    for (let k = 1; ok && k <= need; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

export interface TextSource {
  /** The name for diagnostics: the path as given, `-` for standard input. */
  name: string;
  encoding: Encoding;
  chunks: AsyncIterable<string>;
  /** The file's size in bytes (undefined for standard input): a reader can size its tables from it. */
  size?: number;
}

export class InputError extends Error {}

/**
 * Opens a path (or `-` for `stdin`) as decoded text chunks. Throws InputError for a missing file,
 * a directory, or an unreadable one (a usage error for the caller).
 */
export async function openText(name: string, option: EncodingOption, stdin: Readable, filePath: string = name): Promise<TextSource> {
  let stream: AsyncIterable<Buffer>;
  let sniffBytes: Buffer;
  let complete = false;
  let size: number | undefined;
  if (name === "-") {
    stream = stdin as AsyncIterable<Buffer>;
    sniffBytes = Buffer.alloc(0);
  } else {
    let stat;
    try {
      stat = await fsp.stat(filePath);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(code === "ENOENT" ? `${name}: no such file` : `${name}: cannot read (${code ?? String(e)})`);
    }
    if (stat.isDirectory()) throw new InputError(`${name}: is a directory, not a CSV file`);
    size = stat.size;
    let fd: number;
    try {
      fd = openSync(filePath, "r");
    } catch (e) {
      throw new InputError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    // One buffer, read into again and again: the sniffed prefix is its first filling. A fresh
    // Buffer per read (as a read stream makes) costs a page fault per 4 KiB on every one of them.
    const buffer = Buffer.allocUnsafe(Math.max(CHUNK, Math.min(SNIFF_LIMIT, size)));
    let filled: number;
    try {
      filled = readFully(fd, buffer, name);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    sniffBytes = buffer.subarray(0, filled);
    complete = filled < buffer.length || filled >= size;
    stream = fileChunks(fd, buffer, filled, name);
  }
  if (name !== "-") {
    const encoding = option === "auto" ? sniffEncoding(sniffBytes, complete) : option === "utf8" ? forcedUtf(sniffBytes) : "gb18030";
    return { name, encoding, chunks: decodeChunks(stream, encoding), size };
  }
  // Standard input cannot be read twice: sniff on its first chunk.
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : (first.value as Buffer);
  const encoding = option === "auto" ? sniffEncoding(head, first.done === true) : option === "utf8" ? forcedUtf(head) : "gb18030";
  async function* rest(): AsyncIterable<Buffer> {
    if (!first.done) yield head;
    while (true) {
      const r = await iterator.next();
      if (r.done) return;
      yield r.value as Buffer;
    }
  }
  return { name, encoding, chunks: decodeChunks(rest(), encoding) };
}

/** Reads into `buffer` until it is full or the file ends; returns the bytes read. */
function readFully(fd: number, buffer: Buffer, name: string): number {
  let filled = 0;
  try {
    for (let n; filled < buffer.length && (n = readSync(fd, buffer, filled, buffer.length - filled, null)) > 0; ) filled += n;
  } catch (e) {
    throw new InputError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return filled;
}

/**
 * The file's bytes as views of one reused buffer, the first `filled` already in it. A view is
 * valid until the next one is asked for: the decoder copies what it keeps. Read synchronously: a
 * command has nothing else to do meanwhile, and each asynchronous read is a round trip to the
 * thread pool.
 */
async function* fileChunks(fd: number, buffer: Buffer, filled: number, name: string): AsyncIterable<Buffer> {
  try {
    while (filled > 0) {
      yield buffer.subarray(0, filled);
      filled = readFully(fd, buffer, name);
    }
  } finally {
    closeSync(fd);
  }
}

function forcedUtf(prefix: Buffer): Encoding {
  const bom = bomEncoding(prefix);
  return bom ?? "utf-8";
}

async function* decodeChunks(bytes: AsyncIterable<Buffer | string>, encoding: Encoding): AsyncIterable<string> {
  if (encoding !== "utf-8") {
    const decoder = new TextDecoder(encoding, { fatal: false });
    for await (const chunk of bytes) {
      const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      for (let at = 0; at < b.length; at += CHUNK) {
        const text = decoder.decode(b.subarray(at, Math.min(b.length, at + CHUNK)), { stream: true });
        if (text.length > 0) yield text;
      }
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
    return;
  }
  // UTF-8 by hand: ASCII chunks (the common case) take the fast latin1 copy; a multi-byte sequence
  // cut by the chunk boundary is carried to the next chunk. Invalid bytes become U+FFFD.
  let carry: Buffer | undefined;
  let first = true;
  for await (const chunk of bytes) {
    let b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (carry !== undefined) {
      b = Buffer.concat([carry, b]);
      carry = undefined;
    }
    if (first) {
      first = false;
      if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    }
    const end = completeUtf8Length(b);
    if (end < b.length) carry = Buffer.from(b.subarray(end));
    // In pieces of at most CHUNK bytes, each ending on a whole UTF-8 sequence.
    for (let at = 0; at < end; ) {
      let piece = b.subarray(at, Math.min(end, at + CHUNK));
      if (at + piece.length < end) piece = piece.subarray(0, completeUtf8Length(piece));
      at += piece.length;
      yield isAscii(piece) ? piece.toString("latin1") : piece.toString("utf8");
    }
  }
  if (carry !== undefined && carry.length > 0) yield carry.toString("utf8");
}

/** Length of the prefix of `b` that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Length(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const c = b[n - back]!;
    if (c < 0x80) return n;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}
