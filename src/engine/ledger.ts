/**
 * The accepted ledger, held column-wise so that ten million rows stay compact: one typed array per
 * field instead of one object per row. Amounts are exact integer minor units at one ledger-wide
 * scale (10^-scale of the currency unit); a row written with more decimals than any before it
 * raises the scale of the whole column, exactly.
 */
import type { Day } from "./dates.js";
import { bigInt64Array, float64Array, grown, int32Array, uint16Array, uint8Array } from "./memory.js";
import type { DocKind } from "./values.js";

export const KIND_INVOICE = 0;
export const KIND_DEBIT_NOTE = 1;
export const KIND_PAYMENT = 2;
export const KIND_CREDIT_NOTE = 3;
export type KindCode = 0 | 1 | 2 | 3;
export const KIND_NAMES: readonly DocKind[] = ["invoice", "debit_note", "payment", "credit_note"];

export function kindCode(kind: DocKind): KindCode {
  return kind === "invoice" ? 0 : kind === "debit_note" ? 1 : kind === "payment" ? 2 : 3;
}

/** Invoices and debit notes are what a customer owes; payments and credit notes settle them. */
export function isCharge(kind: number): boolean {
  return kind <= KIND_DEBIT_NOTE;
}

export interface Customer {
  /** `customer_id`, else `customer_name` (SPEC: the customer key). */
  key: string;
  /** The first non-empty `customer_name` seen for the key ("" when none). */
  name: string;
}

/** Where a row came from, for diagnostics: the path as given and the physical line. */
export interface Place {
  file: string;
  line: number;
}

export interface Ledger {
  count: number;
  scale: number;
  kind: Uint8Array;
  customer: Int32Array;
  currency: Uint16Array;
  docDate: Int32Array;
  dueDate: Int32Array;
  /** Absolute value of the document, minor units at `scale`. */
  amount: AmountColumn;
  disputed: Uint8Array;
  /**
   * Doc numbers live packed in `texts` (see TextPool), document i's at offset `docStart[i]`: read
   * one with `docNoOf(ledger, i)`, order two with `compareDocNo(ledger, a, b)`.
   */
  texts: TextPool;
  docStart: Int32Array;
  /**
   * Per document: the invoice or debit note its `applies_to` names (resolved among stored charges
   * of the same customer), -1 when it names none, -2 when it names one that was not found.
   */
  appliesTarget: Int32Array;
  /** `applies_to` text of the rows whose reference was not found (-2 above), for warnings. */
  appliesTo: Map<number, string>;
  file: Uint16Array;
  line: Int32Array;
  customers: Customer[];
  currencies: string[];
  files: string[];
  /** Invoices and debit notes by (customer, doc_no), for `applies_to` and duplicate checks. */
  charges: ChargeIndex;
}

/** Document `i`'s doc_no. */
export function docNoOf(ledger: Ledger, i: number): string {
  return ledger.texts.text(ledger.docStart[i]!);
}

/** Orders doc numbers as comparing their strings with `<` does (UTF-16 code units), without cutting them. */
export function compareDocNo(ledger: Ledger, a: number, b: number): number {
  return ledger.texts.compare(ledger.docStart[a]!, ledger.docStart[b]!);
}

/**
 * The order of open items, oldest first: due date, doc date, doc_no, input order. FIFO pays in it
 * (settle.ts keeps the same order on copies of the dates) and reports list open invoices in it.
 */
export function oldestFirst(ledger: Ledger, a: number, b: number): number {
  return ledger.dueDate[a]! - ledger.dueDate[b]! || ledger.docDate[a]! - ledger.docDate[b]! || compareDocNo(ledger, a, b) || a - b;
}

/** FNV-1a over the UTF-16 code units of `text.slice(s, e)`, from a seed. */
function hashAt(seed: number, text: string, s: number, e: number): number {
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

/**
 * Strings to dense ids, looked up by a region of a larger string (a CSV line) so that the hot path
 * finds a known customer without cutting a string for it. Open addressing over one typed array of
 * (hash, id + 1, offset of the key in a TextPool) triples: a probe compares hashes in the slot, and
 * a match reads the key's bytes from one place.
 */
export class KeyTable {
  private slots: Int32Array = new Int32Array(3 << 10);
  private mask = (1 << 10) - 1;
  private readonly texts = new TextPool();
  readonly keys: string[] = [];

  /** The id of `text.slice(s, e)`, or -1. */
  findAt(text: string, s: number, e: number): number {
    return this.findHashed(KeyTable.hash(text, s, e), text, s, e);
  }

  static hash(text: string, s: number, e: number): number {
    return hashAt(0x811c9dc5 | 0, text, s, e);
  }

  /** Reads the slot where a key of hash `h` would be (see LedgerBuilder.prefetch); returns anything. */
  touch(h: number): number {
    return this.slots[3 * (h & this.mask)]!;
  }

  /** `findAt` with the key's hash already computed. */
  findHashed(h: number, text: string, s: number, e: number): number {
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const id = slots[3 * slot + 1]! - 1;
      if (id < 0) return -1;
      if (slots[3 * slot] === h && this.texts.equalsAt(slots[3 * slot + 2]!, text, s, e)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  find(key: string): number {
    return this.findAt(key, 0, key.length);
  }

  /** Adds a key that is not there yet; returns its id. */
  add(key: string): number {
    const id = this.keys.length;
    this.keys.push(key);
    if (this.keys.length > (this.mask + 1) * MAX_LOAD) this.rehash((this.mask + 1) * 2);
    const h = KeyTable.hash(key, 0, key.length);
    let slot = h & this.mask;
    while (this.slots[3 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
    this.slots[3 * slot] = h;
    this.slots[3 * slot + 1] = id + 1;
    this.slots[3 * slot + 2] = this.texts.append(key, 0, key.length);
    return id;
  }

  private rehash(size: number): void {
    this.slots = rehashed(this.slots, 3, size);
    this.mask = size - 1;
  }
}

/**
 * Invoice and debit-note numbers by (customer, doc_no): an open-addressing hash table in one typed
 * array. A JS Map of millions of string keys costs seconds of garbage collection per million rows;
 * this table is invisible to the GC. An entry is a record in the ledger's TextPool (customer,
 * document index, doc number, side by side); a slot holds the entry's hash and record, 8 bytes:
 * at millions of entries every read is a cache miss and every fresh page a fault, so a claim
 * (almost never a hash match) reads one slot in a compact table, and a lookup that matches reads
 * the slot and one record.
 */
export class ChargeIndex {
  // Slot k at 2k: hash, record offset + 1 (0 = empty slot). An entry is named by its slot.
  private slots: Int32Array = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  private size = 0;

  constructor(readonly texts: TextPool) {}

  get count(): number {
    return this.size;
  }

  /** Room for `entries` entries without growing. */
  reserve(entries: number): void {
    let size = this.mask + 1;
    while (entries > size * MAX_LOAD) size *= 2;
    if (size > this.mask + 1) this.rehash(size);
  }

  /** The entry for (customer, docNo), or -1. */
  find(customer: number, docNo: string): number {
    return this.findAt(customer, docNo, 0, docNo.length);
  }

  static hash(customer: number, text: string, s: number, e: number): number {
    return hashAt(Math.imul(customer ^ 0x9e3779b9, 0x85ebca6b), text, s, e);
  }

  /**
   * Reads the slot where an entry of hash `h` would be and, if its hash matches, the start of its
   * record (see LedgerBuilder.prefetch); returns anything.
   */
  touch(h: number): number {
    const at = 2 * (h & this.mask);
    const record = this.slots[at + 1]!;
    return this.slots[at] === h && record !== 0 ? this.texts.touch(record - 1) : record;
  }

  /** The entry for (customer, `text.slice(s, e)`), or -1. */
  findAt(customer: number, text: string, s: number, e: number): number {
    const h = ChargeIndex.hash(customer, text, s, e);
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const record = slots[2 * slot + 1]!;
      if (record === 0) return -1;
      if (slots[2 * slot] === h && this.texts.recordMatches(record - 1, customer, text, s, e)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** An entry's document index (-1 when not stored). */
  docOf(entry: number): number {
    return this.texts.int(this.slots[2 * entry + 1]! - 1 + 4);
  }

  setDoc(entry: number, doc: number): void {
    this.texts.setInt(this.slots[2 * entry + 1]! - 1 + 4, doc);
  }

  /** An entry's doc number: its offset in `texts`. */
  textOf(entry: number): number {
    return this.slots[2 * entry + 1]! - 1 + 8;
  }

  /** Adds (customer, docNo) and returns its entry; -1 when it is already there (a duplicate). */
  claim(customer: number, docNo: string): number {
    return this.claimAt(customer, docNo, 0, docNo.length);
  }

  /** `claim` of (customer, `text.slice(s, e)`). An entry stays valid until the next claim. */
  claimAt(customer: number, text: string, s: number, e: number): number {
    if (this.size + 1 > (this.mask + 1) * MAX_LOAD) this.rehash((this.mask + 1) * 2);
    const h = ChargeIndex.hash(customer, text, s, e);
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const record = slots[2 * slot + 1]!;
      if (record === 0) break;
      if (slots[2 * slot] === h && this.texts.recordMatches(record - 1, customer, text, s, e)) return -1;
      slot = (slot + 1) & this.mask;
    }
    this.size++;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = this.texts.appendRecord(customer, -1, text, s, e) + 1;
    return slot;
  }

  private rehash(size: number): void {
    this.slots = rehashed(this.slots, 2, size);
    this.mask = size - 1;
  }
}

/**
 * The slots of an open-addressing table (KeyTable, ChargeIndex) moved into a table of `size`
 * slots: a slot is `width` integers, the first the entry's hash, the second 0 when the slot is
 * empty; each entry goes to the first free slot from its hash on.
 */
function rehashed(old: Int32Array, width: number, size: number): Int32Array {
  const slots = int32Array(width * size);
  const mask = size - 1;
  for (let k = 0; k < old.length; k += width) {
    if (old[k + 1] === 0) continue;
    let slot = old[k]! & mask;
    while (slots[width * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots.set(old.subarray(k, k + width), width * slot);
  }
  return slots;
}

/**
 * How full a hash table may get. With the hash in the slot, a probe past other entries reads the
 * next slot of the same cache line, so a fuller table costs little per probe and saves memory (at
 * ten million rows, every halving of the charge table saves 128 MB that would be written all over).
 */
const MAX_LOAD = 0.7;

/** The document index of a customer's invoice or debit note (stored, so dated on or before as-of), or -1. */
export function findCharge(index: ChargeIndex, customer: number, docNo: string): number {
  const e = index.find(customer, docNo);
  return e < 0 ? -1 : index.docOf(e);
}

/** What a payment or credit names in `applies_to` ("" when nothing). */
export function appliesToOf(ledger: Ledger, i: number): string {
  const t = ledger.appliesTarget[i]!;
  if (t >= 0) return docNoOf(ledger, t);
  return ledger.appliesTo.get(i) ?? "";
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A growable column of exact integers (minor units). Held as doubles while every value is a safe
 * integer (|v| < 2^53: 90 trillion at two decimals), which integer arithmetic in `number` keeps
 * exact and reads without allocating; then as 64-bit integers; then as bigints. Each step happens
 * at most once, and only when a value does not fit.
 */
export class AmountColumn {
  private small: Float64Array | undefined;
  private packed: BigInt64Array | undefined;
  private loose: bigint[] | undefined;

  constructor(capacity: number) {
    this.small = float64Array(capacity);
  }

  /**
   * The values as doubles, each a safe integer, while they all are (read them, do not write):
   * the hot loops of settlement and aging use it; undefined once a value needed more.
   */
  get numbers(): Float64Array | undefined {
    return this.small;
  }

  get(i: number): bigint {
    if (this.small !== undefined) return BigInt(this.small[i]!);
    return this.packed !== undefined ? this.packed[i]! : this.loose![i]!;
  }

  set(i: number, v: bigint): void {
    if (this.small !== undefined) {
      if (v <= SAFE_MAX && v >= -SAFE_MAX) {
        this.small[i] = Number(v);
        return;
      }
      this.widen();
    }
    if (this.packed !== undefined) {
      if (v <= INT64_MAX && v >= INT64_MIN) {
        this.packed[i] = v;
        return;
      }
      this.loose = Array.from(this.packed);
      this.packed = undefined;
    }
    this.loose![i] = v;
  }

  /** Sets a value given as a safe integer. */
  setNumber(i: number, v: number): void {
    if (this.small !== undefined) this.small[i] = v + 0; // + 0: no -0 in the column
    else this.set(i, BigInt(v));
  }

  /** From doubles to 64-bit integers: a value does not fit in a safe integer. */
  private widen(): void {
    const small = this.small!;
    this.small = undefined;
    this.packed = bigInt64Array(small.length);
    for (let k = 0; k < small.length; k++) this.packed[k] = BigInt(small[k]!);
  }

  get capacity(): number {
    return (this.small ?? this.packed ?? this.loose)!.length;
  }

  grow(capacity: number): void {
    if (this.small !== undefined) this.small = grown(this.small, capacity);
    else if (this.packed !== undefined) this.packed = grown(this.packed, capacity);
  }

  /** Multiplies the first `count` values by `factor` (a rise of the ledger's scale). */
  rescale(count: number, factor: bigint): void {
    const small = this.small;
    if (small !== undefined && factor <= SAFE_MAX) {
      const f = Number(factor);
      let i = 0;
      // A product of integers is exact while it is a safe integer; past that, a double product is
      // at least 2^53, so the test below catches every inexact one.
      for (; i < count; i++) {
        const v = small[i]! * f;
        if (!Number.isSafeInteger(v)) break;
        small[i] = v;
      }
      if (i === count) return;
      for (let k = i; k < count; k++) this.set(k, this.get(k) * factor);
      return;
    }
    for (let i = 0; i < count; i++) this.set(i, this.get(i) * factor);
  }

  static of(values: bigint[]): AmountColumn {
    const c = new AmountColumn(Math.max(1, values.length));
    values.forEach((v, i) => c.set(i, v));
    return c;
  }
}

export interface DocumentInput {
  kind: KindCode;
  /** The customer's index when the caller already has it (see `customerOf`). */
  customer?: number;
  customerKey: string;
  customerName: string;
  currency: string;
  docNo: string;
  docDate: Day;
  dueDate: Day;
  /** Absolute amount in minor units at `amountScale`. */
  amountUnits: bigint;
  amountScale: number;
  disputed: boolean;
  appliesTo: string;
  file: string;
  line: number;
}

/**
 * A document for `LedgerBuilder.addRow`, the reader's hot path: reused from row to row, its doc
 * number and `applies_to` given as regions of a larger string (a CSV chunk) so that no string is
 * cut for them, and its amount as a plain number when that is exact.
 */
export class RowInput {
  kind: KindCode = 0;
  customer = 0;
  currency = "";
  docDate: Day = 0;
  dueDate: Day = 0;
  /** Absolute amount in minor units at `scale`: as a safe integer in `small`, else (`small` NaN) in `units`. */
  small = 0;
  units = 0n;
  scale = 0;
  disputed = false;
  /** The row's `claimCharge` entry (an invoice or debit note), which holds its doc number; else -1. */
  chargeEntry = -1;
  /** The doc number, when no charge entry holds it: `docText.slice(docStart, docEnd)`. */
  docText = "";
  docStart = 0;
  docEnd = 0;
  /** `applies_to` of a payment or credit: `refText.slice(refStart, refEnd)`, empty for none. */
  refText = "";
  refStart = 0;
  refEnd = 0;
  file = "";
  line = 0;
}

/** Appends accepted documents in input order (the order settlement breaks ties by). */
export class LedgerBuilder {
  private capacity: number;
  private count = 0;
  private scale = 2;
  private kind: Uint8Array;
  private customer: Int32Array;
  private currency: Uint16Array;
  private docDate: Int32Array;
  private dueDate: Int32Array;
  private amount: AmountColumn;
  private disputed: Uint8Array;
  private texts = new TextPool();
  private docStart: Int32Array;
  private appliesTo = new Map<number, string>();
  private file: Uint16Array;
  private line: Int32Array;
  private customerIndex = new KeyTable();
  private customerList: Customer[] = [];
  /** Per customer: 1 once it has a name (read on the hot path without touching the Customer). */
  private named = new Uint8Array(256);
  private currencyIndex = new Map<string, number>();
  private currencies: string[] = [];
  private fileIndex = new Map<string, number>();
  private files: string[] = [];
  private charges = new ChargeIndex(this.texts);
  private appliesTarget: Int32Array;
  private lastCurrency = "";
  private lastCurrencyIndex = -1;
  private lastFile = "";
  private lastFileIndex = -1;
  private readonly row = new RowInput();

  /**
   * `capacity`: documents to make room for at once. Room that is never written costs no memory
   * (the pages of a large typed array are only mapped when touched), so a generous guess from
   * the input's size spares the copies of growing.
   */
  constructor(capacity = 1024) {
    const cap = Math.max(16, Math.ceil(capacity));
    this.capacity = cap;
    this.kind = uint8Array(cap);
    this.customer = int32Array(cap);
    this.currency = uint16Array(cap);
    this.docDate = int32Array(cap);
    this.dueDate = int32Array(cap);
    this.amount = new AmountColumn(cap);
    this.disputed = uint8Array(cap);
    this.docStart = int32Array(cap);
    this.file = uint16Array(cap);
    this.line = int32Array(cap);
    this.appliesTarget = int32Array(cap);
  }

  /**
   * Makes room for about `documents` more documents, of which about `charges` invoices and debit
   * notes, and `textBytes` bytes of doc numbers: a reader that can estimate its rows spares the
   * copies of growing step by step.
   */
  reserve(documents: number, charges: number, textBytes: number): void {
    if (this.count + documents > this.capacity) this.grow(Math.ceil(this.count + documents));
    this.charges.reserve(Math.ceil(this.charges.count + charges));
    this.texts.reserve(Math.ceil(textBytes));
  }

  /**
   * Registers an invoice or debit-note number for a customer. Returns its entry, or -1 when the
   * customer already has a charge with that number (a duplicate: SPEC rejects the later row).
   */
  claimCharge(customer: number, docNo: string): number {
    return this.charges.claim(customer, docNo);
  }

  /** `claimCharge` for the doc number `text.slice(s, e)`. */
  claimChargeAt(customer: number, text: string, s: number, e: number): number {
    return this.charges.claimAt(customer, text, s, e);
  }

  /** The index of the customer whose key is `text.slice(s, e)`, else -1 (nothing is registered). */
  knownCustomerAt(text: string, s: number, e: number): number {
    return this.customerIndex.findAt(text, s, e);
  }

  /**
   * Loads into the cache what looking up a batch of rows will read, all at once. At millions of
   * rows each table lookup is a cache miss (~100 ns, more with the TLB); one at a time, a row's
   * miss waits for the one before, but loads that do not depend on each other overlap. So a reader
   * first hashes a batch's customer keys and reads their slots in one tight loop, then looks the
   * customers up (now in cache), then does the same for the rows' (customer, doc_no) and
   * (customer, applies_to) charge slots. Nothing is changed; `customers[k]` gets the customer of
   * row k, or -1 when it is not known yet.
   *
   * Row k's key is `texts[k].slice(keyStart[k], keyEnd[k])` (keyStart -1: none), its doc number
   * and applies_to likewise (refStart = refEnd: none).
   */
  prefetch(n: number, texts: readonly string[], keyStart: Int32Array, keyEnd: Int32Array, docStart: Int32Array, docEnd: Int32Array, refStart: Int32Array, refEnd: Int32Array, customers: Int32Array): void {
    if (this.prefetchHashes === undefined || this.prefetchHashes.length < 2 * n) this.prefetchHashes = new Int32Array(2 * n);
    const hashes = this.prefetchHashes;
    const table = this.customerIndex;
    let sink = 0;
    for (let k = 0; k < n; k++) if (keyStart[k]! >= 0) hashes[k] = KeyTable.hash(texts[k]!, keyStart[k]!, keyEnd[k]!);
    for (let k = 0; k < n; k++) if (keyStart[k]! >= 0) sink ^= table.touch(hashes[k]!);
    for (let k = 0; k < n; k++) customers[k] = keyStart[k]! >= 0 ? table.findHashed(hashes[k]!, texts[k]!, keyStart[k]!, keyEnd[k]!) : -1;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const c = customers[k]!;
      if (c < 0) continue;
      hashes[m++] = ChargeIndex.hash(c, texts[k]!, docStart[k]!, docEnd[k]!);
      if (refEnd[k]! > refStart[k]!) hashes[m++] = ChargeIndex.hash(c, texts[k]!, refStart[k]!, refEnd[k]!);
    }
    for (let k = 0; k < m; k++) sink ^= this.charges.touch(hashes[k]!);
    this.prefetchSink ^= sink;
  }

  private prefetchHashes: Int32Array | undefined;
  /** What `prefetch` read, kept so that the reads are not optimized away. */
  prefetchSink = 0;

  /** The customers registered so far (read-only use). */
  get customers(): readonly Customer[] {
    return this.customerList;
  }

  /** The index of a customer key, registering it (and its first non-empty name). */
  customerOf(key: string, name: string): number {
    let idx = this.customerIndex.find(key);
    if (idx < 0) {
      const owned = detach(key);
      idx = this.customerIndex.add(owned);
      this.customerList.push({ key: owned, name: detach(name) });
      if (idx === this.named.length) this.named = grown(this.named, idx * 2);
    } else if (name !== "" && this.customerList[idx]!.name === "") {
      this.customerList[idx]!.name = detach(name);
    }
    if (name !== "") this.named[idx] = 1;
    return idx;
  }

  /** Whether customer `idx` has a name. */
  hasName(idx: number): boolean {
    return this.named[idx] === 1;
  }

  /** Stores an accepted document; `chargeEntry` is its `claimCharge` entry (claimed here when omitted). */
  add(doc: DocumentInput, chargeEntry?: number): number {
    const r = this.row;
    r.kind = doc.kind;
    r.customer = doc.customer ?? this.customerOf(doc.customerKey, doc.customerName);
    r.currency = doc.currency;
    r.docDate = doc.docDate;
    r.dueDate = doc.dueDate;
    const small = Number(doc.amountUnits);
    r.small = Number.isSafeInteger(small) ? small : NaN;
    r.units = doc.amountUnits;
    r.scale = doc.amountScale;
    r.disputed = doc.disputed;
    r.chargeEntry = doc.kind <= KIND_DEBIT_NOTE ? (chargeEntry ?? this.claimCharge(r.customer, doc.docNo)) : -1;
    r.docText = doc.docNo;
    r.docStart = 0;
    r.docEnd = doc.docNo.length;
    r.refText = doc.appliesTo;
    r.refStart = 0;
    r.refEnd = doc.appliesTo.length;
    r.file = doc.file;
    r.line = doc.line;
    return this.addRow(r);
  }

  /** Stores an accepted document (see RowInput); returns its index. */
  addRow(r: RowInput): number {
    if (this.count === this.capacity) this.grow(Math.ceil(this.capacity * 1.5));
    const i = this.count++;
    this.kind[i] = r.kind;
    const customer = r.customer;
    this.customer[i] = customer;
    if (r.kind <= KIND_DEBIT_NOTE) {
      this.appliesTarget[i] = -1;
    } else if (r.refEnd === r.refStart) {
      this.appliesTarget[i] = -1;
    } else {
      // Most payments follow their invoice in the input: resolve now, keep the text only if not found.
      const e = this.charges.findAt(customer, r.refText, r.refStart, r.refEnd);
      const t = e < 0 ? -1 : this.charges.docOf(e);
      this.appliesTarget[i] = t >= 0 ? t : -2;
      if (t < 0) this.appliesTo.set(i, detach(r.refText.slice(r.refStart, r.refEnd)));
    }
    const entry = r.chargeEntry;
    if (entry >= 0) {
      this.charges.setDoc(entry, i);
      this.docStart[i] = this.charges.textOf(entry);
    } else {
      this.docStart[i] = this.texts.append(r.docText, r.docStart, r.docEnd);
    }
    if (r.currency !== this.lastCurrency) {
      this.lastCurrency = r.currency;
      this.lastCurrencyIndex = this.indexOf(this.currencyIndex, this.currencies, r.currency);
    }
    this.currency[i] = this.lastCurrencyIndex;
    this.docDate[i] = r.docDate;
    this.dueDate[i] = r.dueDate;
    this.storeAmount(i, r);
    this.disputed[i] = r.disputed ? 1 : 0;
    if (r.file !== this.lastFile) {
      this.lastFile = r.file;
      this.lastFileIndex = this.indexOf(this.fileIndex, this.files, r.file);
    }
    this.file[i] = this.lastFileIndex;
    this.line[i] = r.line;
    return i;
  }

  /** The amount at the ledger's scale, raising the scale of the whole column when the row has more decimals. */
  private storeAmount(i: number, r: RowInput): void {
    if (r.scale > this.scale) {
      this.amount.rescale(i, 10n ** BigInt(r.scale - this.scale));
      this.scale = r.scale;
    }
    const up = this.scale - r.scale;
    const small = r.small; // NaN when the amount is only in `units`
    if (small === small) {
      // Exact: a power of ten up to 10^15 is exact, and so is an integer product that is a safe integer.
      const v = up === 0 ? small : up <= 15 ? small * 10 ** up : NaN;
      if (Number.isSafeInteger(v)) this.amount.setNumber(i, v);
      else this.amount.set(i, BigInt(small) * 10n ** BigInt(up));
    } else {
      this.amount.set(i, r.units * 10n ** BigInt(up));
    }
  }

  private indexOf(index: Map<string, number>, list: string[], value: string): number {
    let idx = index.get(value);
    if (idx === undefined) {
      idx = list.length;
      index.set(value, idx);
      list.push(value);
    }
    return idx;
  }

  private grow(cap: number): void {
    this.kind = grown(this.kind, cap);
    this.disputed = grown(this.disputed, cap);
    this.customer = grown(this.customer, cap);
    this.docDate = grown(this.docDate, cap);
    this.dueDate = grown(this.dueDate, cap);
    this.line = grown(this.line, cap);
    this.appliesTarget = grown(this.appliesTarget, cap);
    this.docStart = grown(this.docStart, cap);
    this.currency = grown(this.currency, cap);
    this.file = grown(this.file, cap);
    this.amount.grow(cap);
    this.capacity = cap;
  }

  build(): Ledger {
    // References to invoices that came later in the input (a receipts file read first).
    for (const [i, ref] of this.appliesTo) {
      const e = this.charges.find(this.customer[i]!, ref);
      const t = e < 0 ? -1 : this.charges.docOf(e);
      if (t >= 0) {
        this.appliesTarget[i] = t;
        this.appliesTo.delete(i);
      }
    }
    return {
      count: this.count,
      scale: this.scale,
      kind: this.kind,
      customer: this.customer,
      currency: this.currency,
      docDate: this.docDate,
      dueDate: this.dueDate,
      amount: this.amount,
      disputed: this.disputed,
      texts: this.texts,
      docStart: this.docStart,
      appliesTarget: this.appliesTarget,
      appliesTo: this.appliesTo,
      file: this.file,
      line: this.line,
      customers: this.customerList,
      currencies: this.currencies,
      files: this.files,
      charges: this.charges,
    };
  }
}

/**
 * A copy of `s` that does not keep alive the larger string it was cut from. V8 represents a
 * substring of 13+ characters as a view into its parent (here: a whole 1 MB chunk of the input),
 * so a string kept for the whole run would pin every chunk it came from.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

/** Builds a ledger from plain documents (tests and small callers). */
export function ledgerOf(docs: DocumentInput[]): Ledger {
  const b = new LedgerBuilder();
  for (const d of docs) b.add(d);
  return b.build();
}
