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
  /** `applies_to` of payments and credits that name one. */
  appliesTo: Map<number, string>;
  file: Uint16Array;
  line: Int32Array;
  customers: Customer[];
  currencies: string[];
  files: string[];
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
  private customerIndex = new Map<string, number>();
  private customers: Customer[] = [];
  private currencyIndex = new Map<string, number>();
  private currencies: string[] = [];
  private fileIndex = new Map<string, number>();
  private files: string[] = [];

  /** The index of a customer key, registering it (and its first non-empty name). */
  customerOf(key: string, name: string): number {
    let idx = this.customerIndex.get(key);
    if (idx === undefined) {
      idx = this.customers.length;
      const owned = detach(key);
      this.customerIndex.set(owned, idx);
      this.customers.push({ key: owned, name: detach(name) });
    } else if (name !== "" && this.customers[idx]!.name === "") {
      this.customers[idx]!.name = detach(name);
    }
    return idx;
  }

  add(doc: DocumentInput): number {
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
    this.customer[i] = this.customerOf(doc.customerKey, doc.customerName);
    this.currency[i] = this.indexOf(this.currencyIndex, this.currencies, doc.currency);
    this.docDate[i] = doc.docDate;
    this.dueDate[i] = doc.dueDate;
    this.amount.set(i, units);
    this.disputed[i] = doc.disputed ? 1 : 0;
    this.docNo.push(detach(doc.docNo));
    if (doc.appliesTo !== "") this.appliesTo.set(i, detach(doc.appliesTo));
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
    const cap = this.capacity * 2;
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
      appliesTo: this.appliesTo,
      file: this.file,
      line: this.line,
      customers: this.customers,
      currencies: this.currencies,
      files: this.files,
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
