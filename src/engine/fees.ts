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
 */
import type { Day } from "./dates.js";
import { isCharge } from "./ledger.js";
import { fromMinor, roundCents, ZERO, type Decimal } from "./money.js";
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

export interface LateFee {
  /** Amount − settlements dated on or before as-of (exact, not rounded). */
  outstanding: Decimal;
  /** as-of − due date (negative when not yet due). */
  daysOverdue: number;
  /** The date of the settlement that paid the invoice in full, when that is on or before as-of. */
  paidInFullOn: Day | null;
  /** Days d in [due+1, as-of] with outstanding(d) > 0; 0 inside grace. */
  feeDays: number;
  /** The accrued fee, capped, rounded half-up to cents; 0 inside grace. */
  fee: Decimal;
  /** r × outstanding at as-of, rounded half-up; 0 once the fee is capped. */
  feePerDay: Decimal;
  /** outstanding + fee. */
  claim: Decimal;
  inGrace: boolean;
  /** The fee reached cap × amount (never inside grace, where the fee is 0). */
  capped: boolean;
}

/** The late fee of one invoice as of a date. */
export function lateFee(invoice: FeeInvoice, asOf: Day, terms: FeeTerms): LateFee {
  const { amount, dueDate } = invoice;
  const settlements = invoice.settlements.filter((s) => s.date <= asOf).sort((a, b) => a.date - b.date);
  // Walk the settlements once: the weighted sum Σ outstanding(d) over [due+1, as-of] by segments,
  // and the day the invoice was paid in full.
  const firstDay = dueDate + 1;
  let owed = amount;
  let cursor = firstDay;
  let dayWeighted = ZERO;
  let feeDays = 0;
  let paidInFullOn: Day | null = null;
  const accrueUntil = (lastDay: Day) => {
    // Days cursor..lastDay at the current outstanding.
    if (lastDay >= cursor && owed.greaterThan(0)) {
      const days = lastDay - cursor + 1;
      dayWeighted = dayWeighted.plus(owed.times(days));
      feeDays += days;
    }
    if (lastDay + 1 > cursor) cursor = lastDay + 1;
  };
  for (const s of settlements) {
    // A settlement on day s still leaves day s owed: it counts from s+1.
    accrueUntil(s.date);
    const before = owed;
    owed = owed.minus(s.amount);
    if (paidInFullOn === null && before.greaterThan(0) && !owed.greaterThan(0)) paidInFullOn = s.date;
  }
  accrueUntil(asOf);
  const outstanding = owed.greaterThan(0) ? owed : ZERO;

  const daysOverdue = asOf - dueDate;
  const overdueAtTest = outstanding.greaterThan(0) || paidInFullOn === null ? daysOverdue : paidInFullOn - dueDate;
  const inGrace = overdueAtTest <= terms.graceDays;

  let accrued = terms.rate.times(dayWeighted);
  let capped = false;
  // Inside grace the fee is 0, below any cap: the fee per day stays the contract's.
  if (terms.cap !== null && !inGrace) {
    const ceiling = terms.cap.times(amount);
    if (accrued.greaterThanOrEqualTo(ceiling) && amount.greaterThan(0)) {
      accrued = ceiling;
      capped = true;
    }
  }
  const fee = inGrace ? ZERO : roundCents(accrued);
  const feePerDay = capped ? ZERO : roundCents(terms.rate.times(outstanding));
  return {
    outstanding,
    daysOverdue,
    paidInFullOn,
    feeDays: inGrace ? 0 : feeDays,
    fee,
    feePerDay,
    claim: outstanding.plus(fee),
    inGrace,
    capped,
  };
}

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

export interface FeeItem extends LateFee {
  /** Document index into the ledger. */
  index: number;
  customer: number;
  currency: number;
  /** The daily rate that applied to this invoice. */
  rate: Decimal;
}

export interface FeeTotal {
  currency: number;
  outstanding: Decimal;
  /** Sum of the items' rounded fees. */
  fee: Decimal;
  claim: Decimal;
}

export interface FeeReport {
  asOf: Day;
  /** Sorted by (customer key, currency, due date, doc date, doc_no). */
  items: FeeItem[];
  /** One per currency with items, sorted by currency code. */
  totals: FeeTotal[];
}

/** Each invoice's settlements, from a ledger settled with `record: true`. */
export function settlementsByInvoice(settled: Settled): Map<number, FeeSettlement[]> {
  const s = settled.settlements;
  if (s === undefined) throw new Error("late fees need the settlements: settle with record: true");
  const scale = settled.ledger.scale;
  const byInvoice = new Map<number, FeeSettlement[]>();
  for (let k = 0; k < s.invoice.length; k++) {
    const i = s.invoice[k]!;
    let list = byInvoice.get(i);
    if (list === undefined) byInvoice.set(i, (list = []));
    list.push({ date: s.date[k]!, amount: fromMinor(s.units[k]!, scale) });
  }
  return byInvoice;
}

/** The daily rate for a customer: `--fee-rate`, else the contract's, else the config's. */
export function feeRateFor(customerKey: string, options: Pick<FeeOptions, "rate" | "customerRates" | "defaultRate">): Decimal {
  return options.rate ?? options.customerRates?.get(customerKey) ?? options.defaultRate;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The `ar fees` items: open, undisputed invoices and debit notes overdue at as-of (fee 0 inside
 * grace), plus, with `includeSettled`, the undisputed ones paid in full by as-of after their due
 * date. Disputed invoices accrue nothing and are not listed.
 */
export function feeReport(settled: Settled, options: FeeOptions): FeeReport {
  const l = settled.ledger;
  const asOf = settled.asOf;
  const byInvoice = settlementsByInvoice(settled);
  const items: FeeItem[] = [];
  for (const account of settled.accounts) {
    const key = l.customers[account.customer]!.key;
    const terms: FeeTerms = { rate: feeRateFor(key, options), graceDays: options.graceDays, cap: options.cap };
    for (const i of account.events) {
      if (!isCharge(l.kind[i]!) || l.disputed[i] === 1) continue;
      const units = l.amount.get(i);
      if (units <= 0n) continue;
      const open = settled.outstanding.get(i) > 0n;
      if (open ? asOf - l.dueDate[i]! <= 0 : !options.includeSettled) continue;
      const fee = lateFee({ amount: fromMinor(units, l.scale), dueDate: l.dueDate[i]!, settlements: byInvoice.get(i) ?? [] }, asOf, terms);
      if (!open && (fee.paidInFullOn === null || fee.paidInFullOn <= l.dueDate[i]!)) continue;
      items.push({ ...fee, index: i, customer: account.customer, currency: account.currency, rate: terms.rate });
    }
  }
  items.sort(
    (a, b) =>
      compareStrings(l.customers[a.customer]!.key, l.customers[b.customer]!.key) ||
      compareStrings(l.currencies[a.currency]!, l.currencies[b.currency]!) ||
      l.dueDate[a.index]! - l.dueDate[b.index]! ||
      l.docDate[a.index]! - l.docDate[b.index]! ||
      compareStrings(l.docNo[a.index]!, l.docNo[b.index]!) ||
      a.index - b.index,
  );
  const byCurrency = new Map<number, FeeTotal>();
  for (const it of items) {
    let t = byCurrency.get(it.currency);
    if (!t) byCurrency.set(it.currency, (t = { currency: it.currency, outstanding: ZERO, fee: ZERO, claim: ZERO }));
    t.outstanding = t.outstanding.plus(it.outstanding);
    t.fee = t.fee.plus(it.fee);
    t.claim = t.claim.plus(it.claim);
  }
  const totals = [...byCurrency.values()].sort((a, b) => compareStrings(l.currencies[a.currency]!, l.currencies[b.currency]!));
  return { asOf, items, totals };
}
