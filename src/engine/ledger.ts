/**
 * The accepted ledger, held column-wise so that ten million rows stay compact: one typed array per
 * field instead of one object per row. Amounts are exact integer minor units at one ledger-wide
 * scale (10^-scale of the currency unit); a row written with more decimals than any before it
 * raises the scale of the whole column, exactly.
 */
import type { Day } from "./dates.js";
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
   * Doc numbers live packed in `texts` (see TextPool): read one with `docNoOf(ledger, i)`, order
   * two with `compareDocNo(ledger, a, b)`.
   */
  texts: TextPool;
  docStart: Int32Array;
  /** Negative for a number stored two bytes a character (see TextPool). */
  docLength: Int32Array;
  /**
   * Every doc number as a string, built on first use. Prefer `docNoOf`: this array costs a string
   * per document (some 40 bytes each, and garbage-collector time at millions of rows).
   */
  readonly docNo: readonly string[];
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
  return ledger.texts.text(ledger.docStart[i]!, ledger.docLength[i]!);
}

/** Orders doc numbers as comparing their strings with `<` does (UTF-16 code units), without cutting them. */
export function compareDocNo(ledger: Ledger, a: number, b: number): number {
  return ledger.texts.compare(ledger.docStart[a]!, ledger.docLength[a]!, ledger.docStart[b]!, ledger.docLength[b]!);
}

/** FNV-1a over the UTF-16 code units of `text.slice(s, e)`, from a seed. */
function hashAt(seed: number, text: string, s: number, e: number): number {
  let h = seed;
  for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/**
 * Short texts (doc numbers) packed into one growing byte array. Ten million doc numbers as
 * separate strings cost some 400 MB and seconds of garbage collection (each one is copied as it
 * survives a young-generation collection); packed they cost their characters plus two integers.
 *
 * A text whose characters are all Latin-1 (every ASCII doc number) takes one byte a character; any
 * other takes two (its UTF-16 code units, little-endian), and its length is stored negated. A text
 * is named by (start, length) as `append` returns them; texts are never removed.
 */
export class TextPool {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** The stored length of the last appended text (negative for a two-byte text). */
  lastLength = 0;

  /** Stores `text.slice(s, e)`; returns its start and sets `lastLength`. */
  append(text: string, s: number, e: number): number {
    const n = e - s;
    if (this.used + 2 * n > this.bytes.length) this.reserve(2 * n);
    const start = this.used;
    const b = this.bytes;
    let at = start;
    for (let k = s; k < e; k++) {
      const c = text.charCodeAt(k);
      if (c > 0xff) return this.appendWide(text, s, e);
      b[at++] = c;
    }
    this.used = at;
    this.lastLength = n;
    return start;
  }

  private appendWide(text: string, s: number, e: number): number {
    const start = this.used;
    const b = this.bytes;
    let at = start;
    for (let k = s; k < e; k++) {
      const c = text.charCodeAt(k);
      b[at++] = c & 0xff;
      b[at++] = c >>> 8;
    }
    this.used = at;
    this.lastLength = -(e - s);
    return start;
  }

  /** Room for `more` bytes without growing. */
  reserve(more: number): void {
    const need = this.used + more;
    if (need <= this.bytes.length) return;
    if (need > 0x7fffffff) throw new RangeError("doc numbers of more than 2 GB in all are not supported");
    const next = new Uint8Array(Math.min(0x7fffffff, Math.max(need, Math.ceil(this.bytes.length * 1.5))));
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }

  /** The UTF-16 code unit `k` of the text at (start, length). */
  private unit(start: number, length: number, k: number): number {
    const b = this.bytes;
    return length >= 0 ? b[start + k]! : b[start + 2 * k]! | (b[start + 2 * k + 1]! << 8);
  }

  /** Whether the text at (start, length) is `text.slice(s, e)`. */
  equalsAt(start: number, length: number, text: string, s: number, e: number): boolean {
    const n = length >= 0 ? length : -length;
    if (n !== e - s) return false;
    if (length >= 0) {
      const b = this.bytes;
      for (let k = 0; k < n; k++) if (b[start + k] !== text.charCodeAt(s + k)) return false;
      return true;
    }
    for (let k = 0; k < n; k++) if (this.unit(start, length, k) !== text.charCodeAt(s + k)) return false;
    return true;
  }

  /** Code-unit order of two stored texts: negative, 0 or positive, as `<` on their strings. */
  compare(startA: number, lengthA: number, startB: number, lengthB: number): number {
    const na = lengthA >= 0 ? lengthA : -lengthA;
    const nb = lengthB >= 0 ? lengthB : -lengthB;
    const n = na < nb ? na : nb;
    if (lengthA >= 0 && lengthB >= 0) {
      const b = this.bytes;
      for (let k = 0; k < n; k++) {
        const d = b[startA + k]! - b[startB + k]!;
        if (d !== 0) return d;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const d = this.unit(startA, lengthA, k) - this.unit(startB, lengthB, k);
        if (d !== 0) return d;
      }
    }
    return na - nb;
  }

  /** The text at (start, length) as a string. */
  text(start: number, length: number): string {
    const n = length >= 0 ? length : -length;
    let out = "";
    // In pieces: String.fromCharCode takes its characters as arguments.
    const units = new Array<number>(Math.min(n, 4096));
    for (let from = 0; from < n; from += 4096) {
      const m = Math.min(4096, n - from);
      units.length = m;
      for (let k = 0; k < m; k++) units[k] = this.unit(start, length, from + k);
      out += String.fromCharCode.apply(null, units);
    }
    return out;
  }
}

/**
 * Strings to dense ids, looked up by a region of a larger string (a CSV line) so that the hot path
 * finds a known customer without cutting a string for it. Open addressing over one typed array of
 * (hash, id + 1) pairs: a probe compares hashes in the slot itself and reads a key only on a match.
 */
export class KeyTable {
  private slots = new Int32Array(2 << 10); // pairs: hash, id + 1 (0 = empty)
  private mask = (1 << 10) - 1;
  private hashes: Int32Array = new Int32Array(256);
  readonly keys: string[] = [];

  /** The id of `text.slice(s, e)`, or -1. */
  findAt(text: string, s: number, e: number): number {
    const h = hashAt(0x811c9dc5 | 0, text, s, e);
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const id = slots[2 * slot + 1]! - 1;
      if (id < 0) return -1;
      if (slots[2 * slot] === h) {
        const key = this.keys[id]!;
        if (key.length === e - s && text.startsWith(key, s)) return id;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  find(key: string): number {
    return this.findAt(key, 0, key.length);
  }

  /** Adds a key that is not there yet; returns its id. */
  add(key: string): number {
    const id = this.keys.length;
    const h = hashAt(0x811c9dc5 | 0, key, 0, key.length);
    if (id === this.hashes.length) this.hashes = growInt32(this.hashes, id * 2);
    this.hashes[id] = h;
    this.keys.push(key);
    if (this.keys.length * 2 > this.mask + 1) {
      this.rehash();
    } else {
      let slot = h & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = h;
      this.slots[2 * slot + 1] = id + 1;
    }
    return id;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let k = 0; k < this.keys.length; k++) {
      const h = this.hashes[k]!;
      let sl = h & mask;
      while (slots[2 * sl + 1] !== 0) sl = (sl + 1) & mask;
      slots[2 * sl] = h;
      slots[2 * sl + 1] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * Invoice and debit-note numbers by (customer, doc_no): an open-addressing hash table over typed
 * arrays, its numbers packed in the ledger's TextPool. A JS Map of millions of string keys costs
 * seconds of garbage collection per million rows; this table is invisible to the GC. Slots hold
 * (hash, entry + 1) pairs, so that a probe past other entries stays in the slot array: at millions
 * of entries every other array read is a cache miss.
 */
export class ChargeIndex {
  private slots = new Int32Array(2 << 12); // pairs: hash, entry + 1 (0 = empty)
  private mask = (1 << 12) - 1;
  private size = 0;
  customer: Int32Array = new Int32Array(1024);
  /** Document index, or -1 for a row that was validated but not stored (dated after as-of). */
  doc: Int32Array = new Int32Array(1024);
  /** The doc_no of an entry, in `texts`. */
  start: Int32Array = new Int32Array(1024);
  length: Int32Array = new Int32Array(1024);

  constructor(readonly texts: TextPool) {}

  get count(): number {
    return this.size;
  }

  /** Room for `entries` entries without growing. */
  reserve(entries: number): void {
    if (entries > this.customer.length) this.growEntries(entries);
    let size = this.mask + 1;
    while (entries > size * MAX_LOAD) size *= 2;
    if (size > this.mask + 1) this.rehash(size);
  }

  /** The entry for (customer, docNo), or -1. */
  find(customer: number, docNo: string): number {
    return this.findAt(customer, docNo, 0, docNo.length);
  }

  /** The entry for (customer, `text.slice(s, e)`), or -1. */
  findAt(customer: number, text: string, s: number, e: number): number {
    const h = hashAt(Math.imul(customer ^ 0x9e3779b9, 0x85ebca6b), text, s, e);
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[2 * slot] === h && this.customer[entry] === customer && this.texts.equalsAt(this.start[entry]!, this.length[entry]!, text, s, e)) return entry;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Adds (customer, docNo) and returns its entry; -1 when it is already there (a duplicate). */
  claim(customer: number, docNo: string): number {
    return this.claimAt(customer, docNo, 0, docNo.length);
  }

  /** `claim` of (customer, `text.slice(s, e)`). */
  claimAt(customer: number, text: string, s: number, e: number): number {
    const h = hashAt(Math.imul(customer ^ 0x9e3779b9, 0x85ebca6b), text, s, e);
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) break;
      if (slots[2 * slot] === h && this.customer[entry] === customer && this.texts.equalsAt(this.start[entry]!, this.length[entry]!, text, s, e)) return -1;
      slot = (slot + 1) & this.mask;
    }
    const entry = this.size++;
    if (entry === this.customer.length) this.growEntries(Math.ceil(entry * 1.5));
    this.customer[entry] = customer;
    this.doc[entry] = -1;
    this.start[entry] = this.texts.append(text, s, e);
    this.length[entry] = this.texts.lastLength;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = entry + 1;
    if (this.size > (this.mask + 1) * MAX_LOAD) this.rehash((this.mask + 1) * 2);
    return entry;
  }

  private growEntries(cap: number): void {
    this.customer = growInt32(this.customer, cap);
    this.doc = growInt32(this.doc, cap);
    this.start = growInt32(this.start, cap);
    this.length = growInt32(this.length, cap);
  }

  private rehash(size: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      const h = old[k]!;
      let slot = h & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = h;
      slots[2 * slot + 1] = old[k + 1]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * How full the charge table may get. With the hash in the slot, a probe past other entries reads
 * the next slot of the same cache line, so a fuller table costs little per probe and saves memory
 * (at ten million rows, every halving of the table saves 64 MB that would be written all over).
 */
const MAX_LOAD = 0.7;

function growInt32(a: Int32Array, cap: number): Int32Array {
  const n = new Int32Array(cap);
  n.set(a.length <= cap ? a : a.subarray(0, cap));
  return n;
}

/** The document index of a customer's invoice or debit note (stored, so dated on or before as-of), or -1. */
export function findCharge(index: ChargeIndex, customer: number, docNo: string): number {
  const e = index.find(customer, docNo);
  return e < 0 ? -1 : index.doc[e]!;
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
    this.small = new Float64Array(capacity);
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
    this.packed = new BigInt64Array(small.length);
    for (let k = 0; k < small.length; k++) this.packed[k] = BigInt(small[k]!);
  }

  get capacity(): number {
    return (this.small ?? this.packed ?? this.loose)!.length;
  }

  grow(capacity: number): void {
    if (this.small !== undefined) {
      const next = new Float64Array(capacity);
      next.set(this.small);
      this.small = next;
    } else if (this.packed !== undefined) {
      const next = new BigInt64Array(capacity);
      next.set(this.packed);
      this.packed = next;
    }
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
  private docLength: Int32Array;
  private appliesTo = new Map<number, string>();
  private file: Uint16Array;
  private line: Int32Array;
  private customerIndex = new KeyTable();
  private customerList: Customer[] = [];
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
    this.kind = new Uint8Array(cap);
    this.customer = new Int32Array(cap);
    this.currency = new Uint16Array(cap);
    this.docDate = new Int32Array(cap);
    this.dueDate = new Int32Array(cap);
    this.amount = new AmountColumn(cap);
    this.disputed = new Uint8Array(cap);
    this.docStart = new Int32Array(cap);
    this.docLength = new Int32Array(cap);
    this.file = new Uint16Array(cap);
    this.line = new Int32Array(cap);
    this.appliesTarget = new Int32Array(cap);
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
    } else if (name !== "" && this.customerList[idx]!.name === "") {
      this.customerList[idx]!.name = detach(name);
    }
    return idx;
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
      const t = e < 0 ? -1 : this.charges.doc[e]!;
      this.appliesTarget[i] = t >= 0 ? t : -2;
      if (t < 0) this.appliesTo.set(i, detach(r.refText.slice(r.refStart, r.refEnd)));
    }
    const entry = r.chargeEntry;
    if (entry >= 0) {
      this.charges.doc[entry] = i;
      this.docStart[i] = this.charges.start[entry]!;
      this.docLength[i] = this.charges.length[entry]!;
    } else {
      this.docStart[i] = this.texts.append(r.docText, r.docStart, r.docEnd);
      this.docLength[i] = this.texts.lastLength;
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
    const grow8 = (a: Uint8Array) => {
      const n = new Uint8Array(cap);
      n.set(a);
      return n;
    };
    const grow16 = (a: Uint16Array) => {
      const n = new Uint16Array(cap);
      n.set(a);
      return n;
    };
    this.kind = grow8(this.kind);
    this.disputed = grow8(this.disputed);
    this.customer = growInt32(this.customer, cap);
    this.docDate = growInt32(this.docDate, cap);
    this.dueDate = growInt32(this.dueDate, cap);
    this.line = growInt32(this.line, cap);
    this.appliesTarget = growInt32(this.appliesTarget, cap);
    this.docStart = growInt32(this.docStart, cap);
    this.docLength = growInt32(this.docLength, cap);
    this.currency = grow16(this.currency);
    this.file = grow16(this.file);
    this.amount.grow(cap);
    this.capacity = cap;
  }

  build(): Ledger {
    // References to invoices that came later in the input (a receipts file read first).
    for (const [i, ref] of this.appliesTo) {
      const e = this.charges.find(this.customer[i]!, ref);
      const t = e < 0 ? -1 : this.charges.doc[e]!;
      if (t >= 0) {
        this.appliesTarget[i] = t;
        this.appliesTo.delete(i);
      }
    }
    let docNo: string[] | undefined;
    const ledger: Ledger = {
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
      docLength: this.docLength,
      get docNo(): readonly string[] {
        if (docNo === undefined) {
          docNo = new Array<string>(ledger.count);
          for (let i = 0; i < ledger.count; i++) docNo[i] = docNoOf(ledger, i);
        }
        return docNo;
      },
      appliesTarget: this.appliesTarget,
      appliesTo: this.appliesTo,
      file: this.file,
      line: this.line,
      customers: this.customerList,
      currencies: this.currencies,
      files: this.files,
      charges: this.charges,
    };
    return ledger;
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
