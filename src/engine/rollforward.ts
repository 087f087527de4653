/**
 * The receivables roll-forward (SPEC.md "Roll-forward (`ar rollforward`)" and "The management
 * layer": "History is read as it stood"): what moved between the day before `--from` and as-of.
 *
 * Movements, per currency (and per customer and currency):
 *   opening + invoices + debitNotes − creditNotes − payments − writeOffs − discounts = closing,
 *   opening = `ar age`'s balance at from − 1, closing = its balance at as-of. The documents are
 *   those dated in the period; `discounts` are the discounts allowed as they stood at as-of less
 *   those as they stood at from − 1 (the log's discounts dated in the period, unless a
 *   forward-named payment undid one: see below).
 * Migration, per currency: rows are the opening buckets (`ar age` by due date at from − 1, each
 *   open invoice's outstanding as it stood), `new` (invoices and debit notes dated in the period,
 *   their full amount) and `reallocated`; columns are where each row's amount went by as-of:
 *   `collected`, `credited`, `writtenOff`, `discounted` (the settlements dated in the period, seen
 *   from as-of; one made by unapplied credit counts by the kind of document the credit came from,
 *   the settlement log's `source`) and still open in each as-of bucket. So each row adds up to its
 *   amount, and the open columns to `ar age`'s buckets at as-of, by construction: an invoice's
 *   outstanding seen from as-of at from − 1 is its settlements in the period plus its outstanding
 *   at as-of.
 *   `reallocated`: an invoice dated before the period may be more settled as it stood at from − 1
 *   than seen from as-of (a payment naming an invoice issued in the period was, until then,
 *   unapplied credit that FIFO spent on it). The difference reopened; it is this row's amount. An
 *   invoice's destinations (its settlements in the period by date, then what is open at as-of)
 *   fill its opening-bucket share first and this row with the rest.
 *   rollRate = the row's amount still open in a later as-of bucket than its own (an opening row's
 *   own bucket is itself; `new` is `current`; a reopened invoice's is where it stood at from − 1)
 *   ÷ amount; collectionRate = collected ÷ amount; both null when the amount is 0.
 * Unapplied credit, per currency: opening + received + reallocated − applied = closing, where
 *   received = payments, credit notes and write-offs dated in the period, applied = their money
 *   settled in the period (discounts spend none), reallocated = the money that reopened invoices
 *   gave back: the row's amount, less any discount allowed as it stood at from − 1 that as-of no
 *   longer grants (a discount is no one's money).
 *
 * Worked example (README "ar rollforward"), from 2025-06-01 to 2025-06-30, buckets 30,60,90:
 *   I1 1,000.00 due 05-10, P1 400.00 on 05-20 (FIFO) → at 05-31 I1 owes 600.00 in `1-30`;
 *   P2 600.00 on 06-10 pays it: row `1-30` amount 600.00, collected 600.00, collectionRate 1.0000.
 *   I2 500.00 dated 06-05 due 06-20, open at 06-30: row `new` 500.00 open in `1-30`, rollRate 1.0000.
 *
 * One settlement pass: the two viewpoints come from `settleOver(ledger, [from − 1, asOf])`.
 */
import { compareText } from "./order.js";
import { age, bucketDefs, bucketIndex, type AgingOptions, type BucketDef } from "./aging.js";
import type { Day } from "./dates.js";
import type { History } from "./history.js";
import { isCharge, KIND_CREDIT_NOTE, KIND_PAYMENT, KIND_WRITE_OFF, type Ledger } from "./ledger.js";
import { Decimal } from "./money.js";
import type { TierLimits } from "./tiers.js";

export interface RollforwardOptions {
  /** The first day of the period; the opening figures are as of the day before. */
  from: Day;
  /** Ascending day limits of the aging buckets (by due date). */
  limits: readonly number[];
  tiers: TierLimits;
  minTierUnits: bigint;
  /** Also the movements of each customer and currency. */
  byCustomer: boolean;
}

/** One line of movements: a currency's, or (with `customer`) one customer's in a currency. Minor units. */
export interface Movement {
  customer: number | null;
  currency: number;
  opening: bigint;
  invoices: bigint;
  debitNotes: bigint;
  creditNotes: bigint;
  payments: bigint;
  writeOffs: bigint;
  discounts: bigint;
  closing: bigint;
}

export interface MigrationRow {
  /** An opening bucket's key, `new` or `reallocated`. */
  from: string;
  amount: bigint;
  collected: bigint;
  credited: bigint;
  writtenOff: bigint;
  discounted: bigint;
  /** Still open at as-of, per as-of bucket (the order of `Rollforward.buckets`). */
  open: bigint[];
  /** Of `open`, the amount in a later bucket than the row's own. */
  rolled: bigint;
  /** rolled ÷ amount, 4 decimals half-up; null when the amount is 0. */
  rollRate: Decimal | null;
  /** collected ÷ amount, 4 decimals half-up; null when the amount is 0. */
  collectionRate: Decimal | null;
}

export interface UnappliedLine {
  opening: bigint;
  received: bigint;
  reallocated: bigint;
  applied: bigint;
  closing: bigint;
}

export interface Migration {
  currency: number;
  rows: MigrationRow[];
  unapplied: UnappliedLine;
}

export interface Rollforward {
  from: Day;
  asOf: Day;
  scale: number;
  buckets: BucketDef[];
  /** Per currency, sorted by code. */
  movements: Movement[];
  /** With `byCustomer`: per customer and currency with any figure not zero, sorted by (customer key, currency). */
  customers: Movement[] | undefined;
  /** Per currency, as `movements`. */
  migration: Migration[];
}

/** The dates the history of a roll-forward holds: the day before `from`, and as-of. */
export function rollforwardDates(from: Day, asOf: Day): Day[] {
  return [from - 1, asOf];
}

/**
 * Sums of minor units: in doubles when every amount of the ledger and their total are safe
 * integers (then every partial sum is, exactly), else in bigints.
 */
class Tally {
  private readonly f: Float64Array | undefined;
  private readonly b: bigint[] | undefined;

  constructor(n: number, exact: boolean) {
    if (exact) this.f = new Float64Array(Math.max(1, n));
    else this.b = new Array<bigint>(Math.max(1, n)).fill(0n);
  }

  add(k: number, units: number | bigint): void {
    if (this.f !== undefined) this.f[k]! += typeof units === "number" ? units : Number(units);
    else this.b![k]! += typeof units === "bigint" ? units : BigInt(units);
  }

  get(k: number): bigint {
    return this.f !== undefined ? BigInt(this.f[k]!) : this.b![k]!;
  }
}

/** Movement fields in document-kind order (DOC_KINDS: invoice, debit note, payment, credit note, write-off). */
const MOVED = ["invoices", "debitNotes", "payments", "creditNotes", "writeOffs"] as const;
const COL_COLLECTED = 0;
const COL_CREDITED = 1;
const COL_WRITTEN_OFF = 2;
const COL_DISCOUNTED = 3;
const COL_OPEN = 4;

function rate(part: bigint, whole: bigint): Decimal | null {
  if (whole <= 0n) return null;
  return new Decimal(part.toString()).div(whole.toString()).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
}

/**
 * The roll-forward from `options.from` to the history's last date (as-of). `history` must hold
 * the day before `from` (see `rollforwardDates`).
 */
export function rollforward(history: History, options: RollforwardOptions): Rollforward {
  const l: Ledger = history.ledger;
  const log = history.settlements;
  const settled = history.last;
  const asOf = settled.asOf;
  const opening = options.from - 1;
  const k0 = history.dates.indexOf(opening);
  if (k0 < 0 || opening >= asOf) throw new RangeError("the history of a roll-forward holds the day before its period and a later as-of");
  const start = history.at(k0);
  const agingOptions: AgingOptions = { basis: "due", limits: options.limits, tiers: options.tiers, minTierUnits: options.minTierUnits, items: false };
  const ageOpening = age(start, agingOptions);
  const ageClosing = age(settled, agingOptions);
  const defs = bucketDefs(options.limits, "due");
  const nb = defs.length;
  const ROW_NEW = nb;
  const ROW_REALLOCATED = nb + 1;
  const nRows = nb + 2;
  const nCols = COL_OPEN + nb;
  const nCur = Math.max(1, l.currencies.length);
  const nGroups = l.customers.length * nCur;

  const numbers = l.amount.numbers;
  let exact = numbers !== undefined;
  if (numbers !== undefined) {
    let total = 0;
    for (let i = 0; i < l.count; i++) total += numbers[i]!;
    exact = total <= Number.MAX_SAFE_INTEGER;
  }
  const amountOf = (i: number): number | bigint => (exact ? numbers![i]! : l.amount.get(i));
  const unitsOf = (s: number): number | bigint => (exact ? log.units[s]! : log.unitsOf(s));
  const openAt = (column: typeof settled.outstanding, i: number): number | bigint => (exact && column.numbers !== undefined ? column.numbers[i]! : column.get(i));

  const cells = new Tally(nCur * nRows * nCols, exact);
  const rowAmount = new Tally(nCur * nRows, exact);
  const rolled = new Tally(nCur * nRows, exact);
  const moved = new Tally(nGroups * MOVED.length, exact);
  const discounts = new Tally(nGroups, exact);
  const received = new Tally(nCur, exact);
  const applied = new Tally(nCur, exact);
  /** Per currency: discounts allowed as they stood at from − 1 that as-of no longer grants (minor units). */
  const undone = new Array<bigint>(nCur).fill(0n);
  const reopenedUnits = new Array<bigint>(nCur).fill(0n);
  const touched = new Uint8Array(nCur);
  const cell = (c: number, row: number, col: number) => (c * nRows + row) * nCols + col;
  const colOf = (kind: number) => (kind === KIND_PAYMENT ? COL_COLLECTED : kind === KIND_CREDIT_NOTE ? COL_CREDITED : kind === KIND_WRITE_OFF ? COL_WRITTEN_OFF : -1);

  // Accounts the history settled again at from − 1 (a forward-named payment was an orphan then):
  // their invoices may have reopened, and are followed one by one below.
  const apart = new Uint8Array(nGroups);
  for (const a of start.apart?.accounts ?? []) apart[a.customer * nCur + a.currency] = 1;

  // 1. The documents: movements, the rows' amounts, and what is open at as-of.
  for (let i = 0; i < l.count; i++) {
    const d = l.docDate[i]!;
    if (d > asOf) continue;
    const c = l.currency[i]!;
    const g = l.customer[i]! * nCur + c;
    const kind = l.kind[i]!;
    const charge = isCharge(kind);
    if (d > opening) {
      touched[c] = 1;
      const amount = amountOf(i);
      moved.add(g * MOVED.length + kind, amount);
      if (charge) rowAmount.add(c * nRows + ROW_NEW, amount);
      else received.add(c, amount);
    }
    if (!charge) continue;
    const own = d > opening ? 0 : bucketIndex(opening - l.dueDate[i]!, options.limits, "due");
    if (d <= opening) {
      const o0 = openAt(start.outstanding, i);
      if (o0 > 0) rowAmount.add(c * nRows + own, o0);
    }
    const oA = openAt(settled.outstanding, i);
    if (oA > 0 && !(d <= opening && apart[g] === 1)) {
      const row = d > opening ? ROW_NEW : own;
      const b = bucketIndex(asOf - l.dueDate[i]!, options.limits, "due");
      cells.add(cell(c, row, COL_OPEN + b), oA);
      if (b > own) rolled.add(c * nRows + row, oA);
    }
  }

  // 2. The settlements dated in the period, seen from as-of, by the kind of their money's document.
  const firstInPeriod = log.upTo(opening);
  const deferred = new Map<number, number[]>();
  for (let s = firstInPeriod; s < log.count; s++) {
    const i = log.invoice[s]!;
    const c = l.currency[i]!;
    const g = l.customer[i]! * nCur + c;
    const units = unitsOf(s);
    const discount = log.discount[s] === 1;
    if (discount) discounts.add(g, units);
    else applied.add(c, units);
    const d = l.docDate[i]!;
    if (d <= opening && apart[g] === 1) {
      let list = deferred.get(i);
      if (list === undefined) deferred.set(i, (list = []));
      list.push(s);
      continue;
    }
    const row = d > opening ? ROW_NEW : bucketIndex(opening - l.dueDate[i]!, options.limits, "due");
    cells.add(cell(c, row, discount ? COL_DISCOUNTED : colOf(l.kind[log.source[s]!]!)), units);
  }

  // 3. The accounts settled apart at from − 1: what reopened, and where each invoice's amount went.
  if (start.apart !== undefined) {
    const seenOpen = new Map<number, bigint>();
    for (const a of start.apart.accounts) for (const i of a.events) if (isCharge(l.kind[i]!)) seenOpen.set(i, l.amount.get(i));
    const discountDiff = new Map<number, bigint>();
    for (let s = 0; s < firstInPeriod; s++) {
      const i = log.invoice[s]!;
      const left = seenOpen.get(i);
      if (left === undefined) continue;
      seenOpen.set(i, left - log.unitsOf(s));
      if (log.discount[s] === 1) discountDiff.set(i, (discountDiff.get(i) ?? 0n) - log.unitsOf(s));
    }
    for (const [i, dsc] of start.apart.discounts) discountDiff.set(i, (discountDiff.get(i) ?? 0n) + dsc.units);
    for (const [i, diff] of discountDiff) {
      // Allowed as it stood, not seen from as-of: the period takes it back.
      const c = l.currency[i]!;
      undone[c]! += diff;
      discounts.add(l.customer[i]! * nCur + c, -diff);
      if (diff !== 0n) touched[c] = 1;
    }
    for (const [i, seen] of seenOpen) {
      const c = l.currency[i]!;
      const o0 = start.outstanding.get(i);
      const reopened = seen - o0;
      if (reopened < 0n) throw new Error(`invoice ${i} is less settled as it stood than seen from as-of`);
      if (reopened === 0n && seen === 0n) continue;
      touched[c] = 1;
      reopenedUnits[c]! += reopened;
      rowAmount.add(c * nRows + ROW_REALLOCATED, reopened);
      const own = bucketIndex(opening - l.dueDate[i]!, options.limits, "due");
      let share = o0; // what of the destinations is the opening bucket's
      const place = (col: number, units: bigint, later: boolean) => {
        const mine = units < share ? units : share;
        share -= mine;
        cells.add(cell(c, own, col), mine);
        cells.add(cell(c, ROW_REALLOCATED, col), units - mine);
        if (later) {
          rolled.add(c * nRows + own, mine);
          rolled.add(c * nRows + ROW_REALLOCATED, units - mine);
        }
      };
      for (const s of deferred.get(i) ?? []) place(log.discount[s] === 1 ? COL_DISCOUNTED : colOf(l.kind[log.source[s]!]!), log.unitsOf(s), false);
      const oA = settled.outstanding.get(i);
      if (oA > 0n) {
        const b = bucketIndex(asOf - l.dueDate[i]!, options.limits, "due");
        place(COL_OPEN + b, oA, b > own);
      }
    }
  }

  // 4. Per currency and per account: the figures, with the aging's balances at both ends.
  for (const t of ageOpening.totals) touched[t.currency] = 1;
  for (const t of ageClosing.totals) touched[t.currency] = 1;
  const currencies = [...touched.keys()].filter((c) => touched[c] === 1 && c < l.currencies.length).sort((a, b) => compareText(l.currencies[a]!, l.currencies[b]!));
  const totalOf = (totals: typeof ageOpening.totals, c: number) => totals.find((t) => t.currency === c);
  const movementOf = (customer: number | null, c: number, groups: number[], openingBalance: bigint, closingBalance: bigint): Movement => {
    const m: Movement = { customer, currency: c, opening: openingBalance, invoices: 0n, debitNotes: 0n, creditNotes: 0n, payments: 0n, writeOffs: 0n, discounts: 0n, closing: closingBalance };
    for (const g of groups) {
      MOVED.forEach((field, k) => (m[field] += moved.get(g * MOVED.length + k)));
      m.discounts += discounts.get(g);
    }
    return m;
  };
  const groupsOf = (c: number) => l.customers.map((_, customer) => customer * nCur + c);
  const movements = currencies.map((c) => movementOf(null, c, groupsOf(c), totalOf(ageOpening.totals, c)?.balance ?? 0n, totalOf(ageClosing.totals, c)?.balance ?? 0n));

  let customers: Movement[] | undefined;
  if (options.byCustomer) {
    const openingOf = new Map(ageOpening.accounts.map((a) => [a.customer * nCur + a.currency, a.balance]));
    const closingOf = new Map(ageClosing.accounts.map((a) => [a.customer * nCur + a.currency, a.balance]));
    customers = [];
    for (let customer = 0; customer < l.customers.length; customer++) {
      for (const c of currencies) {
        const g = customer * nCur + c;
        const m = movementOf(customer, c, [g], openingOf.get(g) ?? 0n, closingOf.get(g) ?? 0n);
        if (m.opening !== 0n || m.closing !== 0n || MOVED.some((f) => m[f] !== 0n) || m.discounts !== 0n) customers.push(m);
      }
    }
    customers.sort((a, b) => compareText(l.customers[a.customer!]!.key, l.customers[b.customer!]!.key) || compareText(l.currencies[a.currency]!, l.currencies[b.currency]!));
  }

  const migration = currencies.map((c): Migration => {
    const rows: MigrationRow[] = [];
    const order = [...defs.map((_, k) => k), ROW_NEW, ROW_REALLOCATED];
    for (const row of order) {
      const amount = rowAmount.get(c * nRows + row);
      const at = (col: number) => cells.get(cell(c, row, col));
      const collected = at(COL_COLLECTED);
      const r = rolled.get(c * nRows + row);
      rows.push({
        from: row < nb ? defs[row]!.key : row === ROW_NEW ? "new" : "reallocated",
        amount,
        collected,
        credited: at(COL_CREDITED),
        writtenOff: at(COL_WRITTEN_OFF),
        discounted: at(COL_DISCOUNTED),
        open: defs.map((_, b) => at(COL_OPEN + b)),
        rolled: r,
        rollRate: rate(r, amount),
        collectionRate: rate(collected, amount),
      });
    }
    const o = totalOf(ageOpening.totals, c);
    const z = totalOf(ageClosing.totals, c);
    const unapplied: UnappliedLine = {
      opening: o?.unapplied ?? 0n,
      received: received.get(c),
      reallocated: reopenedUnits[c]! - undone[c]!,
      applied: applied.get(c),
      closing: z?.unapplied ?? 0n,
    };
    return { currency: c, rows, unapplied };
  });

  return { from: options.from, asOf, scale: l.scale, buckets: defs, movements, customers, migration };
}

