/**
 * Settlement: which invoice each payment or credit pays (SPEC.md "Settlement").
 *
 * Per customer and currency, events run in the order (effective date, class, input order):
 *   class 0  invoice or debit note, effective at its doc date;
 *   class 1  payment or credit naming an invoice in `applies_to`, effective at the later of its own
 *            and the invoice's doc date (an `applies_to` that names no accepted invoice of the same
 *            customer and currency: the whole amount is unapplied credit from the row's own date);
 *   class 2  payment or credit without `applies_to`, effective at its doc date.
 * A class-1 event pays its invoice up to the invoice's outstanding; the excess is unapplied credit.
 * With `apply: "fifo"`, after every event, unapplied credit pays the open undisputed invoices
 * oldest first (due date, doc date, doc_no), each such settlement dated at that event.
 */
import type { Day } from "./dates.js";
import { AmountColumn, appliesToOf, isCharge, KIND_DEBIT_NOTE, KIND_INVOICE, KIND_PAYMENT, type Ledger } from "./ledger.js";

export type ApplyMode = "fifo" | "none";

export interface SettleOptions {
  apply: ApplyMode;
  /** Keep every settlement (invoice, paying document, date, amount): fees, statements and limitation need them. */
  record?: boolean;
}

/** One (customer, currency) account. */
export interface Account {
  customer: number;
  currency: number;
  /** Indices of the account's documents dated on or before as-of, in event order. */
  events: Int32Array;
  /** Credit on account that no invoice has absorbed, minor units. */
  unapplied: bigint;
}

export interface Settlements {
  invoice: number[];
  source: number[];
  date: Day[];
  units: bigint[];
}

export interface Warning {
  index: number;
  /** orphan: applies_to names no invoice; currency: it names one in another currency; overpaid: it pays more than the invoice owed. */
  kind: "orphan" | "currency" | "overpaid";
  reason: string;
}

export interface Settled {
  ledger: Ledger;
  asOf: Day;
  /** Per document index: the open amount of an invoice or debit note (0 for payments and credits). */
  outstanding: AmountColumn;
  /** Per document index: the class-1 target invoice of a payment or credit, else -1. */
  target: Int32Array;
  /** Per document index: its effective date (the event's place in time). */
  effective: Int32Array;
  accounts: Account[];
  settlements: Settlements | undefined;
  warnings: Warning[];
}

// Event keys pack (effective day, class, input order) into one exactly representable double.
const DAY_BASE = -25567; // 1900-01-01
const ORDER = 2 ** 27;
const MAX_DOCS = ORDER;

/** Groups document indices by account (customer, currency), keeping input order within each. */
function groupByAccount(ledger: Ledger, asOf: Day): { starts: Int32Array; order: Int32Array; keys: number[] } {
  const nCur = Math.max(1, ledger.currencies.length);
  const nGroups = ledger.customers.length * nCur;
  const counts = new Int32Array(nGroups + 1);
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.docDate[i]! > asOf) continue;
    counts[ledger.customer[i]! * nCur + ledger.currency[i]! + 1]!++;
  }
  for (let g = 0; g < nGroups; g++) counts[g + 1]! += counts[g]!;
  const starts = counts.slice();
  const fill = counts.slice();
  const order = new Int32Array(starts[nGroups]!);
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.docDate[i]! > asOf) continue;
    const g = ledger.customer[i]! * nCur + ledger.currency[i]!;
    order[fill[g]!++] = i;
  }
  const keys: number[] = [];
  for (let g = 0; g < nGroups; g++) if (starts[g + 1]! > starts[g]!) keys.push(g);
  return { starts, order, keys };
}

export function settle(ledger: Ledger, asOf: Day, options: SettleOptions): Settled {
  if (ledger.count > MAX_DOCS) throw new RangeError(`ledgers of more than ${MAX_DOCS} documents are not supported`);
  const outstanding = new AmountColumn(Math.max(1, ledger.count));
  const target = new Int32Array(ledger.count).fill(-1);
  const effective = new Int32Array(ledger.count);
  const warnings: Warning[] = [];
  const settlements: Settlements | undefined = options.record ? { invoice: [], source: [], date: [], units: [] } : undefined;
  const { starts, order, keys: groupKeys } = groupByAccount(ledger, asOf);
  const nCur = Math.max(1, ledger.currencies.length);
  const accounts: Account[] = [];
  let maxGroup = 0;
  for (const g of groupKeys) maxGroup = Math.max(maxGroup, starts[g + 1]! - starts[g]!);
  const keyBuf = new Float64Array(maxGroup);
  const fifo = options.apply === "fifo";

  const record = (invoice: number, source: number, date: Day, units: bigint) => {
    if (settlements === undefined) return;
    settlements.invoice.push(invoice);
    settlements.source.push(source);
    settlements.date.push(date);
    settlements.units.push(units);
  };

  for (const g of groupKeys) {
    const customer = Math.floor(g / nCur);
    const currency = g - customer * nCur;
    const from = starts[g]!;
    const n = starts[g + 1]! - from;
    for (let k = 0; k < n; k++) {
      const i = order[from + k]!;
      const docDate = ledger.docDate[i]!;
      let cls: number;
      let eff = docDate;
      if (isCharge(ledger.kind[i]!)) {
        cls = 0;
      } else {
        const named = ledger.appliesTarget[i]!;
        if (named === -1) {
          cls = 2;
        } else {
          cls = 1;
          if (named < 0 || ledger.docDate[named]! > asOf) {
            warnings.push({ index: i, kind: "orphan", reason: `applies_to "${appliesToOf(ledger, i)}" names no invoice of this customer dated on or before as-of: the amount is unapplied credit` });
          } else if (ledger.currency[named] !== ledger.currency[i]) {
            warnings.push({ index: i, kind: "currency", reason: `applies_to "${ledger.docNo[named]}" is in ${ledger.currencies[ledger.currency[named]!]}, this row in ${ledger.currencies[ledger.currency[i]!]}: the amount is unapplied credit` });
          } else {
            target[i] = named;
            const invoiceDate = ledger.docDate[named]!;
            if (invoiceDate > eff) eff = invoiceDate;
          }
        }
      }
      effective[i] = eff;
      keyBuf[k] = ((eff - DAY_BASE) * 4 + cls) * ORDER + i;
    }
    const keys = keyBuf.subarray(0, n);
    keys.sort();
    const events = new Int32Array(n);
    const open = new OpenInvoices(ledger, outstanding);
    let unapplied = 0n;
    // Which documents the unapplied credit came from, oldest first: a FIFO settlement names the
    // payment or credit whose money it uses, though it is dated at the event that made it possible.
    const creditDocs: number[] = [];
    const creditLeft: bigint[] = [];
    let creditHead = 0;
    for (let k = 0; k < n; k++) {
      const key = keys[k]!;
      const i = key - Math.floor(key / ORDER) * ORDER;
      events[k] = i;
      const amount = ledger.amount.get(i);
      const eff = effective[i]!;
      if (isCharge(ledger.kind[i]!)) {
        outstanding.set(i, amount);
        if (amount > 0n && ledger.disputed[i] === 0) open.push(i);
      } else {
        const t = target[i]!;
        if (t >= 0) {
          const owed = outstanding.get(t);
          const paid = amount < owed ? amount : owed;
          if (paid > 0n) {
            outstanding.set(t, owed - paid);
            record(t, i, eff, paid);
          }
          if (amount > paid) warnings.push({ index: i, kind: "overpaid", reason: `pays more than ${ledger.docNo[t]} owed: the excess is unapplied credit` });
          if (amount > paid) {
            unapplied += amount - paid;
            if (settlements !== undefined) {
              creditDocs.push(i);
              creditLeft.push(amount - paid);
            }
          }
        } else if (amount > 0n) {
          unapplied += amount;
          if (settlements !== undefined) {
            creditDocs.push(i);
            creditLeft.push(amount);
          }
        }
      }
      if (fifo && unapplied > 0n) {
        while (unapplied > 0n) {
          const top = open.peek();
          if (top < 0) break;
          const owed = outstanding.get(top);
          if (owed === 0n) {
            open.pop();
            continue;
          }
          const paid = unapplied < owed ? unapplied : owed;
          outstanding.set(top, owed - paid);
          unapplied -= paid;
          let left = settlements === undefined ? 0n : paid;
          while (left > 0n) {
            const part = creditLeft[creditHead]! < left ? creditLeft[creditHead]! : left;
            record(top, creditDocs[creditHead]!, eff, part);
            creditLeft[creditHead]! -= part;
            left -= part;
            if (creditLeft[creditHead] === 0n) creditHead++;
          }
          if (owed === paid) open.pop();
        }
      }
    }
    accounts.push({ customer, currency, events, unapplied });
  }
  return { ledger, asOf, outstanding, target, effective, accounts, settlements, warnings };
}

/** A min-heap of open undisputed invoices, oldest first: (due date, doc date, doc_no, input order). */
class OpenInvoices {
  private heap: number[] = [];
  constructor(
    private readonly ledger: Ledger,
    private readonly outstanding: AmountColumn,
  ) {}

  private before(a: number, b: number): boolean {
    const l = this.ledger;
    const da = l.dueDate[a]!;
    const db = l.dueDate[b]!;
    if (da !== db) return da < db;
    const ta = l.docDate[a]!;
    const tb = l.docDate[b]!;
    if (ta !== tb) return ta < tb;
    const na = l.docNo[a]!;
    const nb = l.docNo[b]!;
    if (na !== nb) return na < nb;
    return a < b;
  }

  push(i: number): void {
    const h = this.heap;
    h.push(i);
    let c = h.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.before(h[c]!, h[p]!)) break;
      [h[c], h[p]] = [h[p]!, h[c]!];
      c = p;
    }
  }

  peek(): number {
    return this.heap.length > 0 ? this.heap[0]! : -1;
  }

  pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
      if (m === p) break;
      [h[m], h[p]] = [h[p]!, h[m]!];
      p = m;
    }
  }
}

export interface ControlTotal {
  currency: string;
  invoices: bigint;
  debitNotes: bigint;
  payments: bigint;
  creditNotes: bigint;
  open: bigint;
  unapplied: bigint;
  /** invoices + debit notes − payments − credit notes = open − unapplied. */
  holds: boolean;
}

/** SPEC "control total", per currency, over the documents dated on or before as-of. */
export function controlTotals(settled: Settled): ControlTotal[] {
  const l = settled.ledger;
  const byCurrency = new Map<number, ControlTotal>();
  const get = (c: number) => {
    let t = byCurrency.get(c);
    if (!t) byCurrency.set(c, (t = { currency: l.currencies[c]!, invoices: 0n, debitNotes: 0n, payments: 0n, creditNotes: 0n, open: 0n, unapplied: 0n, holds: false }));
    return t;
  };
  for (const a of settled.accounts) {
    const t = get(a.currency);
    t.unapplied += a.unapplied;
    for (const i of a.events) {
      const amount = l.amount.get(i);
      switch (l.kind[i]) {
        case KIND_INVOICE:
          t.invoices += amount;
          break;
        case KIND_DEBIT_NOTE:
          t.debitNotes += amount;
          break;
        case KIND_PAYMENT:
          t.payments += amount;
          break;
        default:
          t.creditNotes += amount;
      }
      if (isCharge(l.kind[i]!)) t.open += settled.outstanding.get(i);
    }
  }
  const totals = [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  for (const t of totals) t.holds = t.invoices + t.debitNotes - t.payments - t.creditNotes === t.open - t.unapplied;
  return totals;
}
