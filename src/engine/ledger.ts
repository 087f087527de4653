/**
 * The ledger's domain: document kinds, customers, places, the `Ledger` columns every report reads,
 * and the open-item order. The accepted ledger is held column-wise so that ten million rows stay
 * compact: one typed array per field instead of one object per row. Amounts are exact integer
 * minor units at one ledger-wide scale (10^-scale of the currency unit); a row written with more
 * decimals than any before it raises the scale of the whole column, exactly.
 *
 * How the columns are stored and built (packed texts, hash tables, the reader's hot path) is
 * machinery kept apart in ./store/: text-pool.ts, key-table.ts, charge-index.ts,
 * amount-column.ts, builder.ts (LedgerBuilder, ledgerOf).
 */
import type { Day } from "./dates.js";
import type { DiscountTerms, DocKind } from "./values.js";
import type { AmountColumn } from "./store/amount-column.js";
import type { ChargeIndex } from "./store/charge-index.js";
import type { TextPool } from "./store/text-pool.js";

export const KIND_INVOICE = 0;
export const KIND_DEBIT_NOTE = 1;
export const KIND_PAYMENT = 2;
export const KIND_CREDIT_NOTE = 3;
export const KIND_WRITE_OFF = 4;
export type KindCode = 0 | 1 | 2 | 3 | 4;

/**
 * What each kind of document is, read by settlement, control totals, limitation, statements and
 * the KPIs instead of lists of kind codes:
 * - `charge`: what a customer owes (an open item); the others settle charges, in settlement all alike;
 * - `cash`: money received (a collection, a payment for commission and days-to-pay);
 * - `acknowledges`: the debtor's own act, which interrupts the limitation period when it is applied
 *   to an invoice (a payment, a credit note agreed with the customer); a write-off is the
 *   creditor's own act and interrupts nothing.
 * The codes are in this order so that the hot paths can test `kind <= KIND_DEBIT_NOTE` for a charge.
 */
export interface KindProperties {
  name: DocKind;
  charge: boolean;
  cash: boolean;
  acknowledges: boolean;
}

export const DOC_KINDS: readonly KindProperties[] = [
  { name: "invoice", charge: true, cash: false, acknowledges: false },
  { name: "debit_note", charge: true, cash: false, acknowledges: false },
  { name: "payment", charge: false, cash: true, acknowledges: true },
  { name: "credit_note", charge: false, cash: false, acknowledges: true },
  { name: "write_off", charge: false, cash: false, acknowledges: false },
];

export const KIND_NAMES: readonly DocKind[] = DOC_KINDS.map((k) => k.name);

/** The code of a kind (its place in DOC_KINDS); a switch, since the reader asks it for every row. */
export function kindCode(kind: DocKind): KindCode {
  switch (kind) {
    case "invoice":
      return KIND_INVOICE;
    case "debit_note":
      return KIND_DEBIT_NOTE;
    case "payment":
      return KIND_PAYMENT;
    case "credit_note":
      return KIND_CREDIT_NOTE;
    case "write_off":
      return KIND_WRITE_OFF;
  }
}

/** Invoices and debit notes are what a customer owes; payments, credit notes and write-offs settle them (DOC_KINDS `charge`). */
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
  /**
   * Instalment rows (one invoice exported one row per payment term): per document, the invoice's
   * next term by due date, -1 after the last; undefined when the ledger has none. The charge
   * table and `appliesTarget` name the first term.
   */
  nextInstalment: Int32Array | undefined;
  /** Invoices with early-payment discount terms (`2/10 net 30`), by document. */
  discounts: ReadonlyMap<number, DiscountTerms>;
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

/** The document index of a customer's invoice or debit note (stored, so dated on or before as-of), or -1. */
export function findCharge(index: ChargeIndex, customer: number, docNo: string): number {
  const e = index.find(customer, docNo);
  return e < 0 ? -1 : Math.max(-1, index.docOf(e));
}

/** What a payment or credit names in `applies_to` ("" when nothing). */
export function appliesToOf(ledger: Ledger, i: number): string {
  const t = ledger.appliesTarget[i]!;
  if (t >= 0) return docNoOf(ledger, t);
  return ledger.appliesTo.get(i) ?? "";
}

