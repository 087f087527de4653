/**
 * Short texts (doc numbers, customer keys) packed into one growing byte array, and the hash the
 * store's tables use over them. Storage machinery of the ledger (see ../ledger.ts for the domain).
 */
import { grown, uint8Array } from "../memory.js";

/** FNV-1a over the UTF-16 code units of `text.slice(s, e)`, from a seed. */
export function hashAt(seed: number, text: string, s: number, e: number): number {
  let h = seed;
  for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/**
 * Short texts (doc numbers, customer keys) packed into one growing byte array. Ten million doc
 * numbers as separate strings cost some 400 MB and seconds of garbage collection (each one is
 * copied as it survives a young-generation collection); packed they cost their characters and an
 * offset.
 *
 * A text is stored at its offset as a length header, then its characters: one byte each when all
 * are Latin-1 (every ASCII doc number), else two (UTF-16 code units, little-endian). The header is
 * `length × 2 + (two-byte ? 1 : 0)` in 7-bit groups, low first (one byte up to 63 characters), so
 * that a text is read from one place in memory. Texts are never removed.
 */
export class TextPool {
  private bytes: Uint8Array = new Uint8Array(1 << 16);
  private used = 0;

  /** Stores `text.slice(s, e)`; returns its offset. */
  append(text: string, s: number, e: number): number {
    const n = e - s;
    if (this.used + 2 * n + 5 > this.bytes.length) this.reserve(2 * n + 5);
    const start = this.used;
    const b = this.bytes;
    let at = n < 64 ? start + 1 : this.header(start, 2 * n);
    for (let k = s; k < e; k++) {
      const c = text.charCodeAt(k);
      if (c > 0xff) return this.appendWide(text, s, e);
      b[at++] = c;
    }
    if (n < 64) b[start] = 2 * n;
    this.used = at;
    return start;
  }

  private appendWide(text: string, s: number, e: number): number {
    const start = this.used;
    const b = this.bytes;
    let at = this.header(start, 2 * (e - s) + 1);
    for (let k = s; k < e; k++) {
      const c = text.charCodeAt(k);
      b[at++] = c & 0xff;
      b[at++] = c >>> 8;
    }
    this.used = at;
    return start;
  }

  /** Writes a header at `at`; returns where the characters start. */
  private header(at: number, value: number): number {
    const b = this.bytes;
    while (value >= 0x80) {
      b[at++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 0x80);
    }
    b[at++] = value;
    return at;
  }

  /** Room for `more` bytes without growing. */
  reserve(more: number): void {
    const need = this.used + more;
    if (need <= this.bytes.length) return;
    if (need > 0x7fffffff) throw new RangeError("doc numbers of more than 2 GB in all are not supported");
    const next = uint8Array(Math.min(0x7fffffff, Math.max(need, Math.ceil(this.bytes.length * 1.5))));
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }

  // A text's header, read by `read`: its length, whether it is two-byte, where its characters start.
  private length = 0;
  private wide = false;
  private from = 0;

  private read(start: number): void {
    const b = this.bytes;
    let v = b[start]!;
    let at = start + 1;
    if (v >= 0x80) {
      v &= 0x7f;
      let scale = 0x80;
      for (;;) {
        const c = b[at++]!;
        v += (c & 0x7f) * scale;
        if (c < 0x80) break;
        scale *= 0x80;
      }
    }
    this.length = Math.floor(v / 2);
    this.wide = (v & 1) === 1;
    this.from = at;
  }

  /** The UTF-16 code unit `k` of a text whose characters start at `from`. */
  private unit(from: number, wide: boolean, k: number): number {
    const b = this.bytes;
    return wide ? b[from + 2 * k]! | (b[from + 2 * k + 1]! << 8) : b[from + k]!;
  }

  /**
   * Stores a record: two 32-bit integers (little-endian), then the text `text.slice(s, e)`;
   * returns the record's offset (its text is at offset + 8).
   */
  appendRecord(a: number, b: number, text: string, s: number, e: number): number {
    if (this.used + 8 > this.bytes.length) this.reserve(8);
    const start = this.used;
    this.used += 8;
    this.setInt(start, a);
    this.setInt(start + 4, b);
    this.append(text, s, e);
    return start;
  }

  /** The 32-bit integer at `at`. */
  int(at: number): number {
    const b = this.bytes;
    return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
  }

  setInt(at: number, v: number): void {
    const b = this.bytes;
    b[at] = v & 0xff;
    b[at + 1] = (v >>> 8) & 0xff;
    b[at + 2] = (v >>> 16) & 0xff;
    b[at + 3] = v >>> 24;
  }

  /** Whether the record at `at` (see appendRecord) has first integer `a` and text `text.slice(s, e)`. */
  recordMatches(at: number, a: number, text: string, s: number, e: number): boolean {
    return this.int(at) === a && this.equalsAt(at + 8, text, s, e);
  }

  /** Reads the text's first byte (see LedgerBuilder.prefetch). */
  touch(start: number): number {
    return this.bytes[start]!;
  }

  /** Whether the text at `start` is `text.slice(s, e)`. */
  equalsAt(start: number, text: string, s: number, e: number): boolean {
    const b = this.bytes;
    const h = b[start]!;
    if (h < 0x80) {
      // The usual case: up to 63 one-byte characters.
      if (h !== 2 * (e - s)) return (h & 1) === 1 && this.equalsWide(start, text, s, e);
      for (let k = 0, at = start + 1; k < e - s; k++, at++) if (b[at] !== text.charCodeAt(s + k)) return false;
      return true;
    }
    return this.equalsWide(start, text, s, e);
  }

  private equalsWide(start: number, text: string, s: number, e: number): boolean {
    this.read(start);
    if (this.length !== e - s) return false;
    const { from, wide } = this;
    for (let k = 0; k < e - s; k++) if (this.unit(from, wide, k) !== text.charCodeAt(s + k)) return false;
    return true;
  }

  /** Code-unit order of two stored texts: negative, 0 or positive, as `<` on their strings. */
  compare(a: number, b: number): number {
    this.read(a);
    const na = this.length;
    const fa = this.from;
    const wa = this.wide;
    this.read(b);
    const nb = this.length;
    const fb = this.from;
    const wb = this.wide;
    const n = na < nb ? na : nb;
    for (let k = 0; k < n; k++) {
      const d = this.unit(fa, wa, k) - this.unit(fb, wb, k);
      if (d !== 0) return d;
    }
    return na - nb;
  }

  /** The text at `start` as a string. */
  text(start: number): string {
    this.read(start);
    const { length: n, from, wide } = this;
    let out = "";
    // In pieces: String.fromCharCode takes its characters as arguments.
    const units = new Array<number>(Math.min(n, 4096));
    for (let at = 0; at < n; at += 4096) {
      const m = Math.min(4096, n - at);
      units.length = m;
      for (let k = 0; k < m; k++) units[k] = this.unit(from, wide, at + k);
      out += String.fromCharCode.apply(null, units);
    }
    return out;
  }
}

