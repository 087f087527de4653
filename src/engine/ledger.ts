/**
 * The accepted ledger, held column-wise so that ten million rows stay compact: one typed array per
 * field instead of one object per row. Amounts are exact integer minor units (`bigint`) at one
 * ledger-wide scale (10^-scale of the currency unit); a row written with more decimals than any
 * before it raises the scale of the whole column, exactly.
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
  docNo: string[];
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

/**
 * Strings to dense ids, looked up by a region of a larger string (a CSV line) so that the hot path
 * finds a known customer without cutting a string for it. Open addressing over typed arrays.
 */
export class KeyTable {
  private slots = new Int32Array(1 << 10); // id + 1; 0 = empty
  private mask = (1 << 10) - 1;
  private hashes: Int32Array = new Int32Array(256);
  readonly keys: string[] = [];

  private static hashAt(text: string, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    return (h ^ (h >>> 16)) | 0;
  }

  /** The id of `text.slice(s, e)`, or -1. */
  findAt(text: string, s: number, e: number): number {
    const n = e - s;
    let slot = KeyTable.hashAt(text, s, e) & this.mask;
    for (;;) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return -1;
      const key = this.keys[id]!;
      if (key.length === n && text.startsWith(key, s)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  find(key: string): number {
    return this.findAt(key, 0, key.length);
  }

  /** Adds a key that is not there yet; returns its id. */
  add(key: string): number {
    const id = this.keys.length;
    const h = KeyTable.hashAt(key, 0, key.length);
    if (id === this.hashes.length) {
      const next = new Int32Array(id * 2);
      next.set(this.hashes);
      this.hashes = next;
    }
    this.hashes[id] = h;
    this.keys.push(key);
    let slot = h & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = id + 1;
    if (this.keys.length * 2 > this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      const mask = slots.length - 1;
      for (let k = 0; k < this.keys.length; k++) {
        let sl = this.hashes[k]! & mask;
        while (slots[sl] !== 0) sl = (sl + 1) & mask;
        slots[sl] = k + 1;
      }
      this.slots = slots;
      this.mask = mask;
    }
    return id;
  }
}

/**
 * Invoice and debit-note numbers by (customer, doc_no): an open-addressing hash table over typed
 * arrays. A JS Map of millions of string keys costs seconds of garbage collection per million rows
 * (its backing store is rehashed and rescanned as it grows); this table is invisible to the GC.
 */
export class ChargeIndex {
  private slots = new Int32Array(1 << 12); // entry + 1; 0 = empty
  private mask = (1 << 12) - 1;
  private size = 0;
  customer: Int32Array = new Int32Array(1024);
  /** Document index, or -1 for a row that was validated but not stored (dated after as-of). */
  doc: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(1024);
  docNo: string[] = [];

  get count(): number {
    return this.size;
  }

  private static hash(customer: number, docNo: string): number {
    let h = Math.imul(customer ^ 0x9e3779b9, 0x85ebca6b) | 0;
    for (let k = 0; k < docNo.length; k++) h = Math.imul(h ^ docNo.charCodeAt(k), 0x01000193);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
  }

  /** The entry for (customer, docNo), or -1. */
  find(customer: number, docNo: string): number {
    let slot = ChargeIndex.hash(customer, docNo) & this.mask;
    for (;;) {
      const e = this.slots[slot]! - 1;
      if (e < 0) return -1;
      if (this.customer[e] === customer && this.docNo[e] === docNo) return e;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Adds (customer, docNo) and returns its entry; -1 when it is already there (a duplicate). */
  claim(customer: number, docNo: string): number {
    const h = ChargeIndex.hash(customer, docNo);
    let slot = h & this.mask;
    for (;;) {
      const e = this.slots[slot]! - 1;
      if (e < 0) break;
      if (this.customer[e] === customer && this.docNo[e] === docNo) return -1;
      slot = (slot + 1) & this.mask;
    }
    const e = this.size++;
    if (e === this.customer.length) {
      const cap = e * 2;
      this.customer = growInt32(this.customer, cap);
      this.doc = growInt32(this.doc, cap);
      this.hashes = growInt32(this.hashes, cap);
    }
    this.customer[e] = customer;
    this.doc[e] = -1;
    this.hashes[e] = h;
    this.docNo.push(detach(docNo));
    this.slots[slot] = e + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return e;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      let slot = this.hashes[e]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function growInt32(a: Int32Array, cap: number): Int32Array {
  const n = new Int32Array(cap);
  n.set(a);
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
  if (t >= 0) return ledger.docNo[t]!;
  return ledger.appliesTo.get(i) ?? "";
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** A growable column of bigints: packed in a BigInt64Array until a value does not fit in 64 bits. */
export class AmountColumn {
  private packed: BigInt64Array | undefined;
  private loose: bigint[] | undefined;

  constructor(capacity: number) {
    this.packed = new BigInt64Array(capacity);
  }

  get(i: number): bigint {
    return this.packed !== undefined ? this.packed[i]! : this.loose![i]!;
  }

  set(i: number, v: bigint): void {
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

  grow(capacity: number): void {
    if (this.packed !== undefined) {
      const next = new BigInt64Array(capacity);
      next.set(this.packed);
      this.packed = next;
    }
  }

  /** Multiplies the first `count` values by `factor` (a rise of the ledger's scale). */
  rescale(count: number, factor: bigint): void {
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

/** Appends accepted documents in input order (the order settlement breaks ties by). */
export class LedgerBuilder {
  private capacity = 1024;
  private count = 0;
  private scale = 2;
  private kind = new Uint8Array(this.capacity);
  private customer = new Int32Array(this.capacity);
  private currency = new Uint16Array(this.capacity);
  private docDate = new Int32Array(this.capacity);
  private dueDate = new Int32Array(this.capacity);
  private amount = new AmountColumn(this.capacity);
  private disputed = new Uint8Array(this.capacity);
  private docNo: string[] = [];
  private appliesTo = new Map<number, string>();
  private file = new Uint16Array(this.capacity);
  private line = new Int32Array(this.capacity);
  private customerIndex = new KeyTable();
  private customerList: Customer[] = [];
  private currencyIndex = new Map<string, number>();
  private currencies: string[] = [];
  private fileIndex = new Map<string, number>();
  private files: string[] = [];
  private charges = new ChargeIndex();
  private appliesTarget = new Int32Array(this.capacity);
  private lastCurrency = "";
  private lastCurrencyIndex = -1;

  /**
   * Registers an invoice or debit-note number for a customer. Returns its entry, or -1 when the
   * customer already has a charge with that number (a duplicate: SPEC rejects the later row).
   */
  claimCharge(customer: number, docNo: string): number {
    return this.charges.claim(customer, docNo);
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
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    let units = doc.amountUnits;
    if (doc.amountScale > this.scale) {
      this.amount.rescale(i, 10n ** BigInt(doc.amountScale - this.scale));
      this.scale = doc.amountScale;
    } else if (doc.amountScale < this.scale) {
      units *= 10n ** BigInt(this.scale - doc.amountScale);
    }
    this.kind[i] = doc.kind;
    const customer = doc.customer ?? this.customerOf(doc.customerKey, doc.customerName);
    this.customer[i] = customer;
    if (doc.kind <= KIND_DEBIT_NOTE) {
      const entry = chargeEntry ?? this.claimCharge(customer, doc.docNo);
      if (entry >= 0) this.charges.doc[entry] = i;
      this.appliesTarget[i] = -1;
    } else if (doc.appliesTo === "") {
      this.appliesTarget[i] = -1;
    } else {
      // Most payments follow their invoice in the input: resolve now, keep the text only if not found.
      const e = this.charges.find(customer, doc.appliesTo);
      const t = e < 0 ? -1 : this.charges.doc[e]!;
      this.appliesTarget[i] = t >= 0 ? t : -2;
      if (t < 0) this.appliesTo.set(i, detach(doc.appliesTo));
    }
    if (doc.currency !== this.lastCurrency) {
      this.lastCurrency = doc.currency;
      this.lastCurrencyIndex = this.indexOf(this.currencyIndex, this.currencies, doc.currency);
    }
    this.currency[i] = this.lastCurrencyIndex;
    this.docDate[i] = doc.docDate;
    this.dueDate[i] = doc.dueDate;
    this.amount.set(i, units);
    this.disputed[i] = doc.disputed ? 1 : 0;
    this.docNo.push(detach(doc.docNo));
    this.file[i] = this.indexOf(this.fileIndex, this.files, doc.file);
    this.line[i] = doc.line;
    return i;
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

  private grow(): void {
    // Grow by half: at ten million rows, doubling would leave most of the last step unused.
    const cap = Math.ceil(this.capacity * 1.5);
    const grow8 = (a: Uint8Array) => {
      const n = new Uint8Array(cap);
      n.set(a);
      return n;
    };
    const grow32 = (a: Int32Array) => {
      const n = new Int32Array(cap);
      n.set(a);
      return n;
    };
    this.kind = grow8(this.kind);
    this.disputed = grow8(this.disputed);
    this.customer = grow32(this.customer);
    this.docDate = grow32(this.docDate);
    this.dueDate = grow32(this.dueDate);
    this.line = grow32(this.line);
    this.appliesTarget = grow32(this.appliesTarget);
    const cur = new Uint16Array(cap);
    cur.set(this.currency);
    this.currency = cur;
    const file = new Uint16Array(cap);
    file.set(this.file);
    this.file = file;
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
      docNo: this.docNo,
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
 * so a doc number kept for the whole run would pin every chunk it came from.
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
