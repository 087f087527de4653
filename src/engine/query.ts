/**
 * Questions many reports ask of a settled ledger, each answered in one place (REVIEW.md §5.1):
 * the settlements of an invoice, the day it was paid in full, the payments of a customer in a
 * window, whether a promise to pay was kept. Late fees, limitation, calls, plans, KPIs, credit
 * review and the forecast all read these instead of indexing the ledger themselves.
 *
 * The index over settlements is built once per `Settled` (kept in a WeakMap) on first use. The
 * questions about payments and promises take any `Standing`: a settlement, or the ledger as it
 * stood at a past date (history.ts), as the forecast's back-test asks them.
 */
import type { Day } from "./dates.js";
import { docNoOf, isCharge, KIND_PAYMENT, KIND_WRITE_OFF, type Ledger } from "./ledger.js";
import type { Settled, Standing } from "./settle.js";
import type { ContactEvent } from "./events.js";
import type { SettlementLog, Snapshot } from "./history.js";
import { fromMinor } from "./money.js";

/** The recorded settlements grouped by invoice: invoice i's are `order[start[i]] … order[start[i + 1] - 1]`, by date. */
export interface SettlementIndex {
  start: Int32Array;
  /** Indices into the recorded settlements (`recordedOf`). */
  order: Int32Array;
}

/**
 * A settlement run's record, whichever way it was kept: `settle(…, {record: true})`'s arrays, or
 * the compact log of a history's run at its last date (history.ts `SettlementLog`), which reports
 * over many dates read instead of settling a second time.
 */
export interface Recorded {
  count: number;
  invoice: ArrayLike<number>;
  source: ArrayLike<number>;
  date: ArrayLike<number>;
  discount: ArrayLike<boolean | number>;
  unitsOf(k: number): bigint;
}

const indexes = new WeakMap<Settled, SettlementIndex>();
const logs = new WeakMap<Settled, SettlementLog>();

/** Says that `settled`'s settlements are in `log` (a history's run at its last date, recorded compactly). */
export function recordedIn(settled: Settled, log: SettlementLog): void {
  logs.set(settled, log);
}

/** The settlements of a run (needs `record: true`, or a history's run: `recordedIn`). */
export function recordedOf(settled: Settled): Recorded {
  const s = settled.settlements;
  if (s !== undefined) return { count: s.invoice.length, invoice: s.invoice, source: s.source, date: s.date, discount: s.discount, unitsOf: (k) => s.units[k]! };
  const log = logs.get(settled);
  if (log === undefined) throw new Error("this report needs the settlements: settle with record: true");
  return { count: log.count, invoice: log.invoice, source: log.source, date: log.date, discount: log.discount, unitsOf: (k) => log.unitsOf(k) };
}

/** The settlements grouped by invoice (needs a recorded settlement run). */
export function settlementIndex(settled: Settled): SettlementIndex {
  let index = indexes.get(settled);
  if (index !== undefined) return index;
  const s = recordedOf(settled);
  const n = settled.ledger.count;
  const start = new Int32Array(n + 1);
  for (let k = 0; k < s.count; k++) start[s.invoice[k]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const order = new Int32Array(s.count);
  for (let k = 0; k < s.count; k++) order[fill[s.invoice[k]!]!++] = k;
  // Settlement runs in event order, so each invoice's come by date; sort anyway where they do not.
  for (let i = 0; i < n; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    for (let k = from + 1; k < to; k++) {
      if (s.date[order[k]!]! < s.date[order[k - 1]!]!) {
        order.subarray(from, to).sort((a, b) => s.date[a]! - s.date[b]! || a - b);
        break;
      }
    }
  }
  indexes.set(settled, (index = { start, order }));
  return index;
}

/** One settlement of an invoice: when, how much (minor units), by which document, and how. */
export interface InvoiceSettlement {
  date: Day;
  units: bigint;
  /** The payment, credit note or write-off whose money it is (for a discount, the payment that earned it). */
  source: number;
  /** `payment`, `credit_note`, `write_off`, or `discount` for a discount allowed. */
  by: "payment" | "credit_note" | "write_off" | "discount";
}

/** Invoice `i`'s settlements dated on or before the settled as-of, by date. */
export function settlementsOf(settled: Settled, i: number): InvoiceSettlement[] {
  const { start, order } = settlementIndex(settled);
  const s = recordedOf(settled);
  const l = settled.ledger;
  const out: InvoiceSettlement[] = [];
  for (let k = start[i]!; k < start[i + 1]!; k++) {
    const r = order[k]!;
    const source = s.source[r]!;
    const by = s.discount[r] ? "discount" : l.kind[source] === KIND_PAYMENT ? "payment" : l.kind[source] === KIND_WRITE_OFF ? "write_off" : "credit_note";
    out.push({ date: s.date[r]!, units: s.unitsOf(r), source, by });
  }
  return out;
}

/**
 * When invoice `i` was paid in full: the date of the settlement that closed it, and whether a
 * write-off took part (KPIs and the credit review count only invoices paid without one). null
 * while it is open, and for anything but an invoice or debit note with a positive amount.
 */
export function paidInFull(settled: Settled, i: number): { date: Day; writtenOff: boolean } | null {
  return paidInFullFrom(settled, settled, i);
}

/**
 * `paidInFull` as the ledger stood at a history's earlier date (history.ts `Snapshot`), without
 * settling again at that date: the settlements of the history's run at its last date (`last`)
 * dated on or before the snapshot's date are the ones the run at that date made (SPEC "History
 * is read as it stood"); an account the snapshot settled apart (a forward-named payment was an
 * orphan then) is read from that run instead.
 */
export function paidInFullAsItStood(last: Settled, snapshot: Snapshot, i: number): { date: Day; writtenOff: boolean } | null {
  const apart = snapshot.apart;
  if (apart !== undefined) {
    let groups = apartGroups.get(apart);
    if (groups === undefined) {
      const nCur = Math.max(1, apart.ledger.currencies.length);
      apartGroups.set(apart, (groups = new Set(apart.accounts.map((a) => a.customer * nCur + a.currency))));
    }
    const l = apart.ledger;
    if (groups.has(l.customer[i]! * Math.max(1, l.currencies.length) + l.currency[i]!)) return paidInFullFrom(apart, apart, i);
  }
  return paidInFullFrom(last, snapshot, i);
}

const apartGroups = new WeakMap<Settled, Set<number>>();

/** Invoice i paid in full as `standing` has it, from `run`'s settlements dated on or before the standing's as-of. */
function paidInFullFrom(run: Settled, standing: Standing, i: number): { date: Day; writtenOff: boolean } | null {
  const l = run.ledger;
  const day = standing.asOf;
  if (!isCharge(l.kind[i]!) || l.docDate[i]! > day || standing.outstanding.get(i) > 0n || l.amount.get(i) === 0n) return null;
  const { start, order } = settlementIndex(run);
  const s = recorded.get(run) ?? remember(run);
  let date = -Infinity;
  let writtenOff = false;
  // An invoice's settlements come by date (settlementIndex).
  for (let k = start[i]!; k < start[i + 1]!; k++) {
    const r = order[k]!;
    if (s.date[r]! > day) break;
    if (s.date[r]! > date) date = s.date[r]!;
    if (!s.discount[r] && l.kind[s.source[r]!] === KIND_WRITE_OFF) writtenOff = true;
  }
  return date === -Infinity ? null : { date, writtenOff };
}

// paidInFull is asked once per invoice: its record is looked up once per run.
const recorded = new WeakMap<Settled, Recorded>();
function remember(settled: Settled): Recorded {
  const r = recordedOf(settled);
  recorded.set(settled, r);
  return r;
}

/** Per customer: its payments (document indices) dated on or before the settled as-of, by date then input order. */
export interface PaymentIndex {
  byCustomer: Map<number, number[]>;
}

const paymentIndexes = new WeakMap<Standing, PaymentIndex>();

export function paymentIndex(settled: Standing): PaymentIndex {
  let index = paymentIndexes.get(settled);
  if (index !== undefined) return index;
  const l = settled.ledger;
  const byCustomer = new Map<number, number[]>();
  for (let i = 0; i < l.count; i++) {
    if (l.kind[i] !== KIND_PAYMENT || l.docDate[i]! > settled.asOf) continue;
    const c = l.customer[i]!;
    let list = byCustomer.get(c);
    if (!list) byCustomer.set(c, (list = []));
    list.push(i);
  }
  for (const list of byCustomer.values()) list.sort((a, b) => l.docDate[a]! - l.docDate[b]! || a - b);
  paymentIndexes.set(settled, (index = { byCustomer }));
  return index;
}

/** The payments of customer `customer` in currency `currency` dated in [from, to] (document indices, by date). */
export function paymentsIn(settled: Standing, customer: number, currency: number, from: Day, to: Day): number[] {
  const l = settled.ledger;
  const list = paymentIndex(settled).byCustomer.get(customer) ?? [];
  const out: number[] = [];
  for (const i of list) {
    const d = l.docDate[i]!;
    if (d > to) break;
    if (d >= from && l.currency[i] === currency) out.push(i);
  }
  return out;
}

/** The sum of `docs`' amounts (minor units). */
export function amountOf(l: Ledger, docs: readonly number[]): bigint {
  let sum = 0n;
  for (const i of docs) sum += l.amount.get(i);
  return sum;
}

/** A customer's invoice or debit note by its number (the first stored with it), or undefined. */
export function chargeNamed(settled: Standing, customer: number, docNo: string): number | undefined {
  let index = chargeIndexes.get(settled);
  if (index === undefined) {
    index = new Map();
    const l = settled.ledger;
    for (let i = 0; i < l.count; i++) {
      if (!isCharge(l.kind[i]!) || l.docDate[i]! > settled.asOf) continue;
      let m = index.get(l.customer[i]!);
      if (!m) index.set(l.customer[i]!, (m = new Map()));
      const no = docNoOf(l, i);
      if (!m.has(no)) m.set(no, i);
    }
    chargeIndexes.set(settled, index);
  }
  return index.get(customer)?.get(docNo);
}

const chargeIndexes = new WeakMap<Standing, Map<number, Map<string, number>>>();

/**
 * A promise to pay (an events-log `promise` row), checked against the ledger as `ar calls` judges
 * it: paid = the customer's payments dated from the promise's date through its due date, in the
 * promised invoice's currency (else `accountCurrency`); kept when paid reaches the promised
 * amount (any payment, when the promise names no amount). `invoiceSettled`: the invoice it names
 * is settled at as-of.
 */
export function promiseKept(settled: Standing, promise: ContactEvent, customer: number, accountCurrency: number): { paidUnits: bigint; kept: boolean; invoiceSettled: boolean } {
  const l = settled.ledger;
  const invoice = promise.docNo === "" ? undefined : chargeNamed(settled, customer, promise.docNo);
  const currency = invoice !== undefined ? l.currency[invoice]! : accountCurrency;
  const paidUnits = amountOf(l, paymentsIn(settled, customer, currency, promise.date, promise.dueDate!));
  const kept = promise.amount === undefined ? paidUnits > 0n : fromMinor(paidUnits, l.scale).greaterThanOrEqualTo(promise.amount);
  const invoiceSettled = invoice !== undefined && settled.outstanding.get(invoice) <= 0n;
  return { paidUnits, kept, invoiceSettled };
}

/**
 * An open promise, as `ar calls` holds its calls for one and `ar forecast` expects its money: a
 * `promise` row made on or before as-of whose date is not past (due date ≥ as-of), not yet kept
 * and whose invoice is not settled.
 */
export function isOpenPromise(settled: Standing, promise: ContactEvent, customer: number, accountCurrency: number): boolean {
  if (promise.type !== "promise" || promise.dueDate === undefined || promise.date > settled.asOf || promise.dueDate < settled.asOf) return false;
  const check = promiseKept(settled, promise, customer, accountCurrency);
  return !check.kept && !check.invoiceSettled;
}

/** Per invoice, when it was paid in full (`paidInFull` for every invoice at once, from a history's settlement log). */
export interface FullPayments {
  /** The date of the settlement that closed the invoice; `NOT_PAID` while open (and for anything but a charge). */
  date: Int32Array;
  /** 1 when a write-off took part in closing it. */
  writtenOff: Uint8Array;
}

export const NOT_PAID = 0x7fffffff;

/**
 * The full-payment date of every invoice and debit note with a positive amount, as seen from the
 * log's last date (history.ts `History.settlements`): the date on which its settlements reach its
 * amount. Read at an earlier d, "paid in full by d" is `date ≤ d`; it agrees with `paidInFull` at
 * the last date, and at earlier dates differs only for a forward-named payment in its gap.
 */
export function fullPaymentsFromLog(l: Ledger, log: SettlementLog): FullPayments {
  const n = Math.max(1, l.count);
  const date = new Int32Array(n).fill(NOT_PAID);
  const writtenOff = new Uint8Array(n);
  const amounts = l.amount.numbers;
  // Settled so far per invoice: doubles while every amount is a safe integer (then so is every settlement), else bigints.
  const paid = amounts !== undefined ? new Float64Array(n) : undefined;
  const paidBig = amounts === undefined ? new Map<number, bigint>() : undefined;
  for (let k = 0; k < log.count; k++) {
    const i = log.invoice[k]!;
    if (date[i] !== NOT_PAID) continue;
    if (log.discount[k] === 0 && l.kind[log.source[k]!] === KIND_WRITE_OFF) writtenOff[i] = 1;
    let closed: boolean;
    if (paid !== undefined) {
      paid[i]! += log.units[k]!;
      closed = amounts![i]! > 0 && paid[i]! >= amounts![i]!;
    } else {
      const sum = (paidBig!.get(i) ?? 0n) + log.unitsOf(k);
      paidBig!.set(i, sum);
      const amount = l.amount.get(i);
      closed = amount > 0n && sum >= amount;
    }
    if (closed) date[i] = log.date[k]!;
  }
  return { date, writtenOff };
}
