/**
 * Instalment plans (分期还款, SPEC.md "Instalment plans"): the schedule a credit controller
 * proposes, and, once agreed and logged, how each instalment fared against the ledger.
 *
 * Schedule, for an amount A (minor units at the ledger's scale):
 *   down       = A × down share, rounded half-up to cents, due `downDays` business days after as-of
 *   rest       = A − down
 *   part       = rest / n, rounded down to cents; instalments 1 … n−1 are `part`, the last is
 *                rest − (n − 1) × part, so the parts always add up to A exactly
 *   due date k = day `day` of the k-th month after the down payment's month (the month's last day
 *                when it is shorter), moved to the last business day on or before it
 * With a down share of 0 there is no down payment row; the months still count from the day it
 * would have fallen due.
 *
 * Status. A plan is the `agreement` rows of one customer with one date. The customer's payments
 * dated on or after that date (in the plan's currency, up to as-of, and before a newer agreement
 * that replaces it) fill the instalments in
 * due-date order, oldest first, each payment in date order; an instalment is paid on the day the
 * running total covers it. Then:
 *   paid in full by its due date        paid_on_time
 *   paid in full after its due date     paid_late
 *   not paid in full, due date ≥ as-of  not_due      (the last day to pay is not over)
 *   not paid in full, due date < as-of  partly_paid (something paid) or missed (nothing)
 * due = the instalments whose status is not `not_due`; fulfilmentRate = onTime / due, 4 places.
 */
import { paymentsIn } from "./query.js";
import { dayFromYmd, daysInMonth, ymdOf, type Day } from "./dates.js";
import type { ContactEvent } from "./events.js";
import { findCharge, KIND_PAYMENT } from "./ledger.js";
import { Decimal, toMinor } from "./money.js";
import type { Standing } from "./settle.js";

/** The calendar questions a schedule asks (BusinessCalendar answers them). */
export interface PlanCalendar {
  addBusinessDays(day: Day, n: number): Day;
  nextBusinessDayOnOrAfter(day: Day): Day;
  lastBusinessDayOnOrBefore(day: Day): Day;
}

export interface PlanTerms {
  asOf: Day;
  /** The amount to schedule, minor units at `scale` (> 0). */
  amount: bigint;
  scale: number;
  /** Share of the amount paid down, 0 ≤ share < 1 (0.3 for 30%). */
  downShare: Decimal;
  /** Number of instalments after the down payment (≥ 1). */
  instalments: number;
  /** Day of the month the instalments fall due (1 … 31). */
  day: number;
  /** Business days after as-of the down payment falls due (≥ 0). */
  downDays: number;
}

export type ScheduleKind = "down" | "instalment";

export interface ScheduledPayment {
  /** 0 for the down payment, then 1 … instalments. */
  n: number;
  kind: ScheduleKind;
  dueDate: Day;
  /** Minor units at the terms' scale. */
  amount: bigint;
  /** The day the rule named before the business-day move (day `day` of the month, clamped). */
  nominalDate: Day;
}

export interface Schedule {
  terms: PlanTerms;
  /** When the down payment is (or, with a share of 0, would be) due. */
  downDue: Day;
  payments: ScheduledPayment[];
}

function checkTerms(t: PlanTerms): void {
  if (t.amount <= 0n) throw new RangeError("the amount to schedule must be above 0");
  if (t.scale < 2) throw new RangeError("a ledger scale below cents");
  if (t.downShare.isNegative() || t.downShare.greaterThanOrEqualTo(1)) throw new RangeError("the down share must be at least 0 and below 1");
  if (!Number.isInteger(t.instalments) || t.instalments < 1) throw new RangeError("at least one instalment");
  if (!Number.isInteger(t.day) || t.day < 1 || t.day > 31) throw new RangeError("the day of the month is 1 … 31");
  if (!Number.isInteger(t.downDays) || t.downDays < 0) throw new RangeError("down-payment business days must be ≥ 0");
}

/** The k-th instalment's nominal date: day `day` of the k-th month after `downDue`'s month, clamped to the month. */
export function nominalInstalmentDate(downDue: Day, k: number, day: number): Day {
  const { y, m } = ymdOf(downDue);
  const months = y * 12 + (m - 1) + k;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  return dayFromYmd(year, month, Math.min(day, daysInMonth(year, month)));
}

/** The proposed schedule; the amounts add up to `terms.amount` exactly. */
export function planSchedule(terms: PlanTerms, calendar: PlanCalendar): Schedule {
  checkTerms(terms);
  const cent = 10n ** BigInt(terms.scale - 2);
  const downCents = new Decimal(terms.amount.toString()).div(cent.toString()).times(terms.downShare).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const down = BigInt(downCents.toFixed(0)) * cent;
  const rest = terms.amount - down;
  const n = BigInt(terms.instalments);
  const part = (rest / n / cent) * cent; // non-negative: bigint division rounds down
  const downDue = terms.downDays === 0 ? calendar.nextBusinessDayOnOrAfter(terms.asOf) : calendar.addBusinessDays(terms.asOf, terms.downDays);
  const payments: ScheduledPayment[] = [];
  if (down > 0n) payments.push({ n: 0, kind: "down", dueDate: downDue, amount: down, nominalDate: downDue });
  for (let k = 1; k <= terms.instalments; k++) {
    const nominal = nominalInstalmentDate(downDue, k, terms.day);
    const amount = k < terms.instalments ? part : rest - part * (n - 1n);
    payments.push({ n: k, kind: "instalment", dueDate: calendar.lastBusinessDayOnOrBefore(nominal), amount, nominalDate: nominal });
  }
  return { terms, downDue, payments };
}

// ---------------------------------------------------------------------------------------------
// Agreements in the events log, and how they fared

export interface AgreedInstalment {
  dueDate: Day;
  /** Minor units at the ledger's scale. */
  amount: bigint;
  /** Where the row is in the log. */
  file: string;
  line: number;
}

export interface Agreement {
  customerId: string;
  agreedOn: Day;
  /** The currency the instalments are paid in. */
  currency: string;
  /** Invoices the rows name (their doc_no), in order of first mention. */
  docNos: string[];
  instalments: AgreedInstalment[];
}

export type InstalmentStatus = "paid_on_time" | "paid_late" | "partly_paid" | "missed" | "not_due";

export interface InstalmentState extends AgreedInstalment {
  paid: bigint;
  paidOn: Day | null;
  status: InstalmentStatus;
}

export interface PlanState {
  customerId: string;
  agreedOn: Day;
  currency: string;
  docNos: string[];
  instalments: InstalmentState[];
  due: number;
  onTime: number;
  /** onTime / due as a 4-place decimal string; null when nothing is due yet. */
  fulfilmentRate: string | null;
}

/** An agreement row that cannot be part of a plan (no amount or no due date), with why. */
export interface AgreementProblem {
  file: string;
  line: number;
  reason: string;
}

const CURRENCY_NOTE = /(?:currency|币种)\s*[:：]?\s*([A-Za-z]{3})\b/i;

/**
 * The agreements in the log, dated on or before as-of: `agreement` rows grouped by (customer,
 * date), instalments by due date (input order within a day). The plan's currency: the currency
 * of an invoice its rows name, else one written in a note ("currency USD", "币种 USD"), else the
 * customer's only currency in the ledger, else `defaultCurrency`.
 */
export function agreementsFromEvents(events: readonly ContactEvent[], settled: Standing, defaultCurrency: string): { agreements: Agreement[]; problems: AgreementProblem[] } {
  const l = settled.ledger;
  const problems: AgreementProblem[] = [];
  const groups = new Map<string, { customerId: string; agreedOn: Day; rows: ContactEvent[] }>();
  for (const e of events) {
    if (e.type !== "agreement" || e.date > settled.asOf) continue;
    if (e.amount === undefined || e.dueDate === undefined) {
      problems.push({ file: e.file, line: e.line, reason: `agreement row without ${e.amount === undefined ? "an amount" : "a due date"}: not an instalment, left out of the plan` });
      continue;
    }
    const key = `${e.customerId}\u0000${e.date}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { customerId: e.customerId, agreedOn: e.date, rows: [] }));
    g.rows.push(e);
  }
  const customerIndex = new Map<string, number>();
  l.customers.forEach((c, i) => customerIndex.set(c.key, i));
  const agreements: Agreement[] = [];
  for (const g of groups.values()) {
    const c = customerIndex.get(g.customerId);
    const docNos: string[] = [];
    for (const r of g.rows) if (r.docNo !== "" && !docNos.includes(r.docNo)) docNos.push(r.docNo);
    let currency: string | undefined;
    if (c !== undefined) {
      for (const docNo of docNos) {
        const doc = findCharge(l.charges, c, docNo);
        if (doc >= 0) {
          currency = l.currencies[l.currency[doc]!]!;
          break;
        }
      }
    }
    if (currency === undefined) {
      for (const r of g.rows) {
        const m = CURRENCY_NOTE.exec(r.note);
        if (m) {
          currency = m[1]!.toUpperCase();
          break;
        }
      }
    }
    if (currency === undefined && c !== undefined) {
      const own = new Set(settled.accounts.filter((a) => a.customer === c).map((a) => a.currency));
      if (own.size === 1) currency = l.currencies[[...own][0]!]!;
    }
    const instalments: AgreedInstalment[] = [];
    for (const r of g.rows) {
      let amount: bigint;
      try {
        amount = toMinor(r.amount!, l.scale);
      } catch {
        problems.push({ file: r.file, line: r.line, reason: `agreement amount ${r.amount!.toString()} has more decimals than the ledger: left out of the plan` });
        continue;
      }
      instalments.push({ dueDate: r.dueDate!, amount, file: r.file, line: r.line });
    }
    instalments.sort((a, b) => a.dueDate - b.dueDate); // stable: input order within a day
    agreements.push({ customerId: g.customerId, agreedOn: g.agreedOn, currency: currency ?? defaultCurrency, docNos, instalments });
  }
  agreements.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.agreedOn - b.agreedOn));
  return { agreements, problems };
}

/** The customer's payments in the currency, dated from `from` through as-of: (date, amount) summed per day, by date. */
export function paymentsSince(settled: Standing, customerId: string, currency: string, from: Day): { date: Day; amount: bigint }[] {
  const l = settled.ledger;
  const c = l.customers.findIndex((x) => x.key === customerId);
  const cur = l.currencies.indexOf(currency);
  if (c < 0 || cur < 0) return [];
  const byDay = new Map<Day, bigint>();
  for (const i of paymentsIn(settled, c, cur, from, settled.asOf)) byDay.set(l.docDate[i]!, (byDay.get(l.docDate[i]!) ?? 0n) + l.amount.get(i));
  return [...byDay.entries()].map(([date, amount]) => ({ date, amount }));
}

/** How one agreement fared by as-of, given the customer's payments since the agreement (by date). */
export function planState(agreement: Agreement, payments: readonly { date: Day; amount: bigint }[], asOf: Day): PlanState {
  const states: InstalmentState[] = agreement.instalments.map((i) => ({ ...i, paid: 0n, paidOn: null, status: "not_due" as InstalmentStatus }));
  let k = 0;
  for (const p of payments) {
    if (p.date > asOf) break;
    let left = p.amount;
    while (left > 0n && k < states.length) {
      const s = states[k]!;
      const owed = s.amount - s.paid;
      const take = left < owed ? left : owed;
      s.paid += take;
      left -= take;
      if (s.paid === s.amount) {
        s.paidOn = p.date;
        k++;
      }
    }
  }
  // An instalment of 0 is paid by the agreement itself.
  for (const s of states) if (s.amount === 0n && s.paidOn === null) s.paidOn = agreement.agreedOn;
  let due = 0;
  let onTime = 0;
  for (const s of states) {
    if (s.paidOn !== null) s.status = s.paidOn <= s.dueDate ? "paid_on_time" : "paid_late";
    else if (s.dueDate >= asOf) s.status = "not_due";
    else s.status = s.paid > 0n ? "partly_paid" : "missed";
    if (s.status !== "not_due") due++;
    if (s.status === "paid_on_time") onTime++;
  }
  return {
    customerId: agreement.customerId,
    agreedOn: agreement.agreedOn,
    currency: agreement.currency,
    docNos: agreement.docNos,
    instalments: states,
    due,
    onTime,
    fulfilmentRate: due === 0 ? null : new Decimal(onTime).div(due).toFixed(4, Decimal.ROUND_HALF_UP),
  };
}

/**
 * Every agreement of the log with its status at the settled ledger's as-of. A newer agreement of
 * the same customer and currency replaces an older one: the older one sees the payments up to
 * the day before the newer was made, so no payment is counted twice.
 */
export function planStatuses(events: readonly ContactEvent[], settled: Standing, defaultCurrency: string): { plans: PlanState[]; problems: AgreementProblem[] } {
  const { agreements, problems } = agreementsFromEvents(events, settled, defaultCurrency);
  const plans = agreements.map((a) => {
    const next = agreements.find((b) => b.customerId === a.customerId && b.currency === a.currency && b.agreedOn > a.agreedOn);
    const payments = paymentsSince(settled, a.customerId, a.currency, a.agreedOn).filter((p) => next === undefined || p.date < next.agreedOn);
    return planState(a, payments, settled.asOf);
  });
  return { plans, problems };
}

/** A breach of a customer's latest agreement: its first instalment missed or partly paid. */
export interface PlanBreach {
  plan: PlanState;
  instalment: InstalmentState;
  /** 1-based place of the instalment in the plan. */
  number: number;
}

/**
 * Customers whose latest agreement has an instalment past its due date and not paid in full:
 * broken promises for `ar calls`. An older agreement replaced by a newer one no longer counts.
 */
export function brokenPlans(plans: readonly PlanState[]): Map<string, PlanBreach> {
  const latest = new Map<string, PlanState>();
  for (const p of plans) {
    const seen = latest.get(p.customerId);
    if (seen === undefined || p.agreedOn > seen.agreedOn) latest.set(p.customerId, p);
  }
  const out = new Map<string, PlanBreach>();
  for (const [customerId, plan] of latest) {
    const k = plan.instalments.findIndex((s) => s.status === "missed" || s.status === "partly_paid");
    if (k >= 0) out.set(customerId, { plan, instalment: plan.instalments[k]!, number: k + 1 });
  }
  return out;
}
