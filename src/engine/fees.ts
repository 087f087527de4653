/**
 * Late fees (滞纳金, SPEC.md "Late fees" and the Fees bullet of "Details").
 *
 *   fee = r × Σ over days d from due+1 to as-of of outstanding(d)
 *
 * where outstanding(d) is the invoice amount minus the settlements dated before d: a settlement
 * counts from the day after its date, so a payment stops accrual on its own date and an invoice
 * paid in full on day P accrued for P − due days. The sum is taken over the segments between
 * settlement dates, never day by day: an invoice can be years overdue.
 *
 * Grace g is a threshold, not a deduction: an invoice at most g days overdue (at as-of when open,
 * at its full-payment date when settled) owes nothing; one day later it owes the whole fee from
 * due+1. A cap bounds the unrounded fee at cap × invoice amount. The fee is rounded half-up to
 * cents once per invoice; totals add the rounded fees.
 *
 * The arithmetic is exact integer arithmetic: amounts in minor units (bigint), rates as
 * n / 10^s, so Σ outstanding(d) is a whole number of unit-days and only the final division rounds.
 */
import { compareText } from "./order.js";
import { daysOverdue } from "./aging.js";
import { settlementIndex } from "./query.js";
import type { Day } from "./dates.js";
import { isCharge, oldestFirst } from "./ledger.js";
import { Decimal, fromMinor } from "./money.js";
import type { Settled } from "./settle.js";

export interface FeeTerms {
  /** Daily rate as a fraction of the outstanding amount (0.003 = 千分之三 per day). */
  rate: Decimal;
  /** Days overdue that are forgiven entirely (a threshold: beyond it, the fee runs from due+1). */
  graceDays: number;
  /** Upper bound of the fee as a fraction of the invoice amount; null for none. */
  cap: Decimal | null;
}

/** One settlement of the invoice: it reduces what is owed from the day after `date`. */
export interface FeeSettlement {
  date: Day;
  amount: Decimal;
}

export interface FeeInvoice {
  amount: Decimal;
  dueDate: Day;
  /** Settlements of this invoice, any order; those dated after as-of are ignored. */
  settlements: readonly FeeSettlement[];
}

/** What every fee result carries besides its money. */
export interface FeeFacts {
  /** as-of − due date (negative when not yet due). */
  daysOverdue: number;
  /** The date of the settlement that paid the invoice in full, when that is on or before as-of. */
  paidInFullOn: Day | null;
  /** Days d in [due+1, as-of] with outstanding(d) > 0; 0 inside grace. */
  feeDays: number;
  inGrace: boolean;
  /** The fee reached cap × amount (never inside grace, where the fee is 0). */
  capped: boolean;
}

export interface LateFee extends FeeFacts {
  /** Amount − settlements dated on or before as-of (exact, not rounded). */
  outstanding: Decimal;
  /** The accrued fee, capped, rounded half-up to cents; 0 inside grace. */
  fee: Decimal;
  /** r × outstanding at as-of, rounded half-up to cents; 0 once the fee is capped. */
  feePerDay: Decimal;
  /** outstanding + fee. */
  claim: Decimal;
}

// ---------------------------------------------------------------------------------------------
// Exact integer core

/** A non-negative decimal as n / 10^s. */
interface Fraction {
  n: bigint;
  s: number;
}

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[k]!;
}

function fraction(d: Decimal): Fraction {
  const s = Math.max(0, d.decimalPlaces());
  return { n: BigInt(d.times(new Decimal(10).pow(s)).toFixed(0)), s };
}

/** num / den rounded half-up, for num ≥ 0, den > 0. */
function divHalfUp(num: bigint, den: bigint): bigint {
  const q = num / den;
  return (num % den) * 2n >= den ? q + 1n : q;
}

interface ExactTerms {
  rate: Fraction;
  graceDays: number;
  cap: Fraction | null;
}

function exactTerms(t: FeeTerms): ExactTerms {
  return { rate: fraction(t.rate), graceDays: t.graceDays, cap: t.cap === null ? null : fraction(t.cap) };
}

interface FeeUnits extends FeeFacts {
  /** Minor units at the input scale. */
  outstanding: bigint;
  /** Cents. */
  feeCents: bigint;
  feePerDayCents: bigint;
}

/**
 * One invoice in minor units at `scale`. Its settlements are `dates[k]`, `units[k]` for k in
 * [from, to), in date order.
 */
function feeUnits(amount: bigint, dueDate: Day, dates: ArrayLike<number>, units: ArrayLike<bigint>, from: number, to: number, asOf: Day, terms: ExactTerms, scale: number): FeeUnits {
  // Σ outstanding(d) over [due+1, as-of], in unit-days, by segments between settlement dates.
  let owed = amount;
  let cursor = dueDate + 1;
  let unitDays = 0n;
  let feeDays = 0;
  let paidInFullOn: Day | null = null;
  for (let k = from; k < to; k++) {
    const date = dates[k]!;
    if (date > asOf) break;
    // A settlement on day s still leaves day s owed: it counts from s+1.
    if (date >= cursor) {
      if (owed > 0n) {
        const days = date - cursor + 1;
        unitDays += owed * BigInt(days);
        feeDays += days;
      }
      cursor = date + 1;
    }
    const before = owed;
    owed -= units[k]!;
    if (paidInFullOn === null && before > 0n && owed <= 0n) paidInFullOn = date;
  }
  if (asOf >= cursor && owed > 0n) {
    const days = asOf - cursor + 1;
    unitDays += owed * BigInt(days);
    feeDays += days;
  }
  const outstanding = owed > 0n ? owed : 0n;
  const overdueDays = daysOverdue(dueDate, asOf);
  const overdueAtTest = outstanding > 0n || paidInFullOn === null ? overdueDays : daysOverdue(dueDate, paidInFullOn);
  const inGrace = overdueAtTest <= terms.graceDays;
  const { rate, cap } = terms;
  // fee = rate.n × unitDays / 10^(rate.s + scale); cents = that × 100, rounded half-up once.
  let feeCents = 0n;
  let capped = false;
  if (!inGrace) {
    const accrued = rate.n * unitDays;
    if (cap !== null && amount > 0n && accrued * pow10(cap.s) >= cap.n * amount * pow10(rate.s)) {
      capped = true;
      feeCents = divHalfUp(cap.n * amount * 100n, pow10(cap.s + scale));
    } else {
      feeCents = divHalfUp(accrued * 100n, pow10(rate.s + scale));
    }
  }
  const feePerDayCents = capped ? 0n : divHalfUp(rate.n * outstanding * 100n, pow10(rate.s + scale));
  return { outstanding, feeCents, feePerDayCents, daysOverdue: overdueDays, paidInFullOn, feeDays: inGrace ? 0 : feeDays, inGrace, capped };
}

// ---------------------------------------------------------------------------------------------
// One invoice, in Decimals

/** The late fee of one invoice as of a date. */
export function lateFee(invoice: FeeInvoice, asOf: Day, terms: FeeTerms): LateFee {
  const settlements = [...invoice.settlements].sort((a, b) => a.date - b.date);
  let scale = Math.max(2, invoice.amount.decimalPlaces());
  for (const s of settlements) scale = Math.max(scale, s.amount.decimalPlaces());
  const toUnits = (d: Decimal) => BigInt(d.times(pow10(scale).toString()).toFixed(0));
  const r = feeUnits(
    toUnits(invoice.amount),
    invoice.dueDate,
    settlements.map((s) => s.date),
    settlements.map((s) => toUnits(s.amount)),
    0,
    settlements.length,
    asOf,
    exactTerms(terms),
    scale,
  );
  const { outstanding, feeCents, feePerDayCents, ...facts } = r;
  const out = fromMinor(outstanding, scale);
  const fee = fromMinor(feeCents, 2);
  return { ...facts, outstanding: out, fee, feePerDay: fromMinor(feePerDayCents, 2), claim: out.plus(fee) };
}

// ---------------------------------------------------------------------------------------------
// The `ar fees` report over a settled ledger

export interface FeeOptions {
  /** `--fee-rate`: one rate for every invoice, above contract and config rates. */
  rate?: Decimal;
  /** Contract rates by customer key (the customer master's `late_fee_rate`). */
  customerRates?: ReadonlyMap<string, Decimal>;
  /** The config's `fees.rate` (default 0.003). */
  defaultRate: Decimal;
  graceDays: number;
  cap: Decimal | null;
  /** Also list undisputed invoices paid in full by as-of after their due date. */
  includeSettled: boolean;
}

/** Money in a report is integer minor units at `FeeReport.scale` (≥ 2, so cents are exact). */
export interface FeeItem extends FeeFacts {
  /** Document index into the ledger. */
  index: number;
  customer: number;
  currency: number;
  /** The daily rate that applied to this invoice. */
  rate: Decimal;
  outstanding: bigint;
  /** Rounded to cents. */
  fee: bigint;
  /** Rounded to cents. */
  feePerDay: bigint;
  /** outstanding + fee. */
  claim: bigint;
}

export interface FeeTotal {
  currency: number;
  outstanding: bigint;
  /** Sum of the items' rounded fees. */
  fee: bigint;
  claim: bigint;
}

export interface FeeReport {
  asOf: Day;
  /** Minor units of every amount in the report: max(ledger scale, 2). `fromMinor(x, scale)` gives a Decimal. */
  scale: number;
  /** Sorted by (customer key, currency, due date, doc date, doc_no). */
  items: FeeItem[];
  /** One per currency with items, sorted by currency code. */
  totals: FeeTotal[];
}

/** The daily rate for a customer: `--fee-rate`, else the contract's, else the config's. */
export function feeRateFor(customerKey: string, options: Pick<FeeOptions, "rate" | "customerRates" | "defaultRate">): Decimal {
  return options.rate ?? options.customerRates?.get(customerKey) ?? options.defaultRate;
}

/** Settlements grouped by invoice, in date order (query.ts `settlementIndex`): invoice i's dates and amounts are [start[i], start[i+1]). */
function settlementColumns(settled: Settled): { start: Int32Array; dates: Int32Array; units: bigint[] } {
  const { start, order } = settlementIndex(settled);
  const s = settled.settlements!;
  const dates = new Int32Array(order.length);
  const units = new Array<bigint>(order.length);
  for (let k = 0; k < order.length; k++) {
    dates[k] = s.date[order[k]!]!;
    units[k] = s.units[order[k]!]!;
  }
  return { start, dates, units };
}

/**
 * The `ar fees` items: open, undisputed invoices and debit notes overdue at as-of (fee 0 inside
 * grace), plus, with `includeSettled`, the undisputed ones paid in full by as-of after their due
 * date. Disputed invoices accrue nothing and are not listed.
 */
export function feeReport(settled: Settled, options: FeeOptions): FeeReport {
  const l = settled.ledger;
  const asOf = settled.asOf;
  const scale = Math.max(2, l.scale);
  const up = pow10(scale - l.scale);
  const centsUp = pow10(scale - 2);
  const { start, dates, units } = settlementColumns(settled);
  const termsByRate = new Map<string, { rate: Decimal; exact: ExactTerms }>();
  const accounts = [...settled.accounts].sort(
    (a, b) => compareText(l.customers[a.customer]!.key, l.customers[b.customer]!.key) || compareText(l.currencies[a.currency]!, l.currencies[b.currency]!),
  );
  const items: FeeItem[] = [];
  for (const account of accounts) {
    const rate = feeRateFor(l.customers[account.customer]!.key, options);
    let terms = termsByRate.get(rate.toString());
    if (terms === undefined) termsByRate.set(rate.toString(), (terms = { rate, exact: exactTerms({ rate, graceDays: options.graceDays, cap: options.cap }) }));
    const first = items.length;
    for (const i of account.events) {
      if (!isCharge(l.kind[i]!) || l.disputed[i] === 1) continue;
      const amount = l.amount.get(i);
      if (amount <= 0n) continue;
      const due = l.dueDate[i]!;
      const open = settled.outstanding.get(i) > 0n;
      if (open ? asOf - due <= 0 : !options.includeSettled) continue;
      const f = feeUnits(amount, due, dates, units, start[i]!, start[i + 1]!, asOf, terms.exact, l.scale);
      if (!open && (f.paidInFullOn === null || f.paidInFullOn <= due)) continue;
      const outstanding = f.outstanding * up;
      const fee = f.feeCents * centsUp;
      items.push({
        index: i,
        customer: account.customer,
        currency: account.currency,
        rate: terms.rate,
        daysOverdue: f.daysOverdue,
        paidInFullOn: f.paidInFullOn,
        feeDays: f.feeDays,
        inGrace: f.inGrace,
        capped: f.capped,
        outstanding,
        fee,
        feePerDay: f.feePerDayCents * centsUp,
        claim: outstanding + fee,
      });
    }
    if (items.length - first > 1) {
      const mine = items.splice(first).sort((a, b) => oldestFirst(l, a.index, b.index));
      for (const it of mine) items.push(it);
    }
  }
  const byCurrency = new Map<number, FeeTotal>();
  for (const it of items) {
    let t = byCurrency.get(it.currency);
    if (!t) byCurrency.set(it.currency, (t = { currency: it.currency, outstanding: 0n, fee: 0n, claim: 0n }));
    t.outstanding += it.outstanding;
    t.fee += it.fee;
    t.claim += it.claim;
  }
  const totals = [...byCurrency.values()].sort((a, b) => compareText(l.currencies[a.currency]!, l.currencies[b.currency]!));
  return { asOf, scale, items, totals };
}
