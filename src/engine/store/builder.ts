/**
 * Building a ledger in input order: the reader's hot path (RowInput, prefetching) and plain
 * documents for tests and small callers (DocumentInput, ledgerOf).
 */
import type { Day } from "../dates.js";
import type { DiscountTerms } from "../values.js";
import { grown, int32Array, uint16Array, uint8Array } from "../memory.js";
import { KIND_DEBIT_NOTE, type Customer, type KindCode, type Ledger } from "../ledger.js";
import { AmountColumn } from "./amount-column.js";
import { ChargeIndex } from "./charge-index.js";
import { KeyTable } from "./key-table.js";
import { TextPool } from "./text-pool.js";

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
  /** Early-payment discount terms of an invoice (`2/10 net 30`), else null or absent. */
  discount?: DiscountTerms | null;
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
  /** An invoice's early-payment discount terms, else null. */
  discount: DiscountTerms | null = null;
  file = "";
  line = 0;
}

/**
 * The rows of one invoice exported one row per payment term (SPEC: instalment rows): same
 * customer, doc_no and doc date, different due dates. Kept only for numbers claimed more than once.
 */
interface InstalmentGroup {
  customer: number;
  docNo: string;
  docDate: Day;
  currency: string;
  /** Due dates of every row accepted as a term, stored or dated after as-of. */
  dues: number[];
  /** The stored rows (document indices), in input order. */
  docs: number[];
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
  /** Invoices' early-payment discount terms, by document (most ledgers have none). */
  private discounts = new Map<number, DiscountTerms>();
  /**
   * Charges claimed but dated after as-of (so not stored): their (doc date, due date, currency), for
   * telling an instalment row from a duplicate. Such an entry's document is `-2 - k` for pair k.
   */
  private later = new Int32Array(96);
  private laterCount = 0;
  /** Instalment groups by the offset of their doc number's record (stable while the table grows). */
  private instalments = new Map<number, InstalmentGroup>();

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

  /** Notes that the charge claimed as `entry` is dated after as-of and not stored. */
  chargeAfterAsOf(entry: number, docDate: Day, dueDate: Day, currency: string): void {
    if (3 * this.laterCount === this.later.length) this.later = grown(this.later, 2 * this.later.length);
    this.later[3 * this.laterCount] = docDate;
    this.later[3 * this.laterCount + 1] = dueDate;
    this.later[3 * this.laterCount + 2] = this.indexOf(this.currencyIndex, this.currencies, currency);
    this.charges.setDoc(entry, -2 - this.laterCount++);
  }

  /**
   * A charge whose number the customer already has (`claimChargeAt` said -1): is it another term
   * of the same invoice? Yes when the doc date and currency are the same and the due date differs
   * from every term seen so far; then the term is counted and its group's key returned (for `addInstalment` once
   * stored). Otherwise -1: a duplicate (SPEC rejects the later row).
   */
  instalmentAt(customer: number, text: string, s: number, e: number, docDate: Day, dueDate: Day, currency: string): number {
    const entry = this.charges.findAt(customer, text, s, e);
    if (entry < 0) return -1;
    const key = this.charges.textOf(entry);
    let group = this.instalments.get(key);
    if (group === undefined) {
      const doc = this.charges.docOf(entry);
      const k = -2 - doc;
      const first =
        doc >= 0
          ? { docDate: this.docDate[doc]!, due: this.dueDate[doc]!, currency: this.currencies[this.currency[doc]!]! }
          : k >= 0
            ? { docDate: this.later[3 * k]!, due: this.later[3 * k + 1]!, currency: this.currencies[this.later[3 * k + 2]!]! }
            : undefined;
      if (first === undefined) return -1;
      group = { customer, docNo: text.slice(s, e), docDate: first.docDate, currency: first.currency, dues: [first.due], docs: doc >= 0 ? [doc] : [] };
      this.instalments.set(key, group);
    }
    if (group.docDate !== docDate || group.currency !== currency || group.dues.includes(dueDate)) return -1;
    group.dues.push(dueDate);
    return key;
  }

  /** Stores the term `doc` in the instalment group `key` (see `instalmentAt`). */
  addInstalment(key: number, doc: number): void {
    this.instalments.get(key)!.docs.push(doc);
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
    // A number the customer already has: another term of the same invoice, or (as the reader would reject it) a second document.
    const group = doc.kind <= KIND_DEBIT_NOTE && r.chargeEntry < 0 ? this.instalmentAt(r.customer, doc.docNo, 0, doc.docNo.length, doc.docDate, doc.dueDate, doc.currency) : -1;
    r.docText = doc.docNo;
    r.docStart = 0;
    r.docEnd = doc.docNo.length;
    r.refText = doc.appliesTo;
    r.refStart = 0;
    r.refEnd = doc.appliesTo.length;
    r.discount = doc.discount ?? null;
    r.file = doc.file;
    r.line = doc.line;
    const i = this.addRow(r);
    if (group >= 0) this.addInstalment(group, i);
    return i;
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
    if (r.discount !== null) this.discounts.set(i, r.discount);
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
    const nextInstalment = this.linkInstalments();
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
      nextInstalment,
      discounts: this.discounts,
    };
  }

  /**
   * Chains each invoice's stored terms earliest due first (then input order): the charge table
   * names the first, `applies_to` resolves to it, and settlement pays along the chain. Undefined
   * when the ledger has no instalment rows.
   */
  private linkInstalments(): Int32Array | undefined {
    let next: Int32Array | undefined;
    const head = new Map<number, number>();
    for (const group of this.instalments.values()) {
      if (group.docs.length < 2) continue;
      next ??= int32Array(this.count).fill(-1);
      const docs = group.docs.sort((a, b) => this.dueDate[a]! - this.dueDate[b]! || a - b);
      for (let k = 0; k + 1 < docs.length; k++) next[docs[k]!] = docs[k + 1]!;
      for (const d of docs) head.set(d, docs[0]!);
      this.charges.setDoc(this.charges.find(group.customer, group.docNo), docs[0]!);
    }
    if (next === undefined) return undefined;
    for (let i = 0; i < this.count; i++) {
      const t = this.appliesTarget[i]!;
      if (t >= 0) this.appliesTarget[i] = head.get(t) ?? t;
    }
    return next;
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
