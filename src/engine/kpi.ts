/**
 * KPIs (SPEC.md "KPIs (`ar kpi`)" and "The management layer"): the figures a finance manager is
 * judged by, per calendar month (the last one month to date) and currency.
 *
 * Per period P = [start, end] and currency, money exact in minor units:
 *   opening = balance at start − 1, closing = balance at end (balance = open − unapplied, as `ar age`)
 *   closing = opening + invoiced − credited − collected − writtenOff − discounts      (always)
 *   sales = invoiced − credited; current / overdue = open not yet due / overdue at end; open = current + overdue
 *   dso             = closing ÷ S × D      S, D: sales and days of the --dso-months periods ending with P
 *   bestPossibleDso = current ÷ S × D;  add = dso − bestPossibleDso (exact, then rounded); null when S ≤ 0
 *   countbackDso    = walk back from P: remaining = closing; a month whose sales remaining exceeds
 *                     adds its days and takes its sales off; the next adds remaining ÷ sales × days.
 *                     0 when closing ≤ 0; null when the currency's first month is passed first.
 *                     SPEC: closing 212,000; sales 100,000, 80,000, 70,000 in 30-day months:
 *                     30 + 30 + 32/70 × 30 = 73.71.
 *   cei             = (opening + sales − closing) ÷ (opening + sales − current) × 100 (null when the
 *                     denominator ≤ 0). SPEC: 6,200, 10,890, 6,340, 3,590 → 10,750 / 13,500 = 79.63.
 *   overdueRatio = overdue ÷ open; overdueToRevenue = overdue ÷ S12; badDebtRate = writtenOff12 ÷ S12
 *   turnover = S12 ÷ ((balance the day before the 12 periods + closing) ÷ 2); turnoverDays = yearDays ÷ turnover
 *   (S12, writtenOff12: the 12 periods ending with P; months before the ledger count as nothing.)
 *   Of the invoices paid in full in P (query.ts paidInFull; not those a write-off closed), weighted by
 *   amount: avgDaysToPay (paid − doc date), avgPaymentDelay (paid − due date), onTimeRate (paid ≤ due).
 * Rounded once, at the end, half-up: day figures to 2 places, CEI (a percent) to 2, ratios to 4.
 *
 * Where the numbers come from: the balances and open items at the period ends (and the day
 * before the first) are snapshots of one settlement run (history.ts); a balance outside the
 * reported months (the turnover window's opening) is the sum of the documents and discounts up to
 * it (SPEC: "balances never depend on the viewpoint"), equal to that snapshot's. Movements are the
 * documents dated in P and the discounts allowed dated in P (the settlement log). "Paid in full"
 * is read as seen from as-of.
 *
 * With events: promises falling due in each period and kept (query.ts promiseKept, as `ar calls`
 * judges); per contact channel, the contacts followed by a payment of the customer within
 * followUpDays; the plans' fulfilment rate (plan.ts planStatuses). Festival lift: for each Spring
 * Festival and Mid-Autumn whose push window (festivalPushDays days before it) ends inside the
 * reported months, collections in the window ÷ (collections in the 364 days before ÷ 364 × window days).
 */
import { compareText } from "./order.js";
import { midAutumn, springFestival } from "./calendar.js";
import { festivalPushWindow } from "./calls.js";
import { dayFromYmd, daysInMonth, ymdOf, type Day } from "./dates.js";
import type { ContactEvent, EventType } from "./events.js";
import type { History, Snapshot } from "./history.js";
import { isCharge, KIND_CREDIT_NOTE, KIND_DEBIT_NOTE, KIND_INVOICE, KIND_PAYMENT, type Ledger } from "./ledger.js";
import { Decimal } from "./money.js";
import { planStatuses, type PlanState } from "./plan.js";
import { paidInFull, paymentsIn, promiseKept, recordedOf } from "./query.js";
import type { Settled } from "./settle.js";
import type { KpiSettings } from "./settings.js";

export interface KpiOptions {
  asOf: Day;
  /** Calendar months reported, ending with the as-of month. */
  months: number;
  /** Months of sales and days in DSO's window. */
  dsoMonths: number;
  settings: KpiSettings;
  /** calls.festivalPushDays. */
  festivalPushDays: number;
  /** One row per customer and currency with the last period's figures. */
  byCustomer: boolean;
  /** For plans whose currency nothing names. */
  defaultCurrency: string;
}

export type TargetName = "dso" | "overdueToRevenue" | "cei";

export interface KpiFigures {
  currency: number;
  start: Day;
  end: Day;
  days: number;
  opening: bigint;
  invoiced: bigint;
  credited: bigint;
  collected: bigint;
  writtenOff: bigint;
  discounts: bigint;
  closing: bigint;
  sales: bigint;
  current: bigint;
  overdue: bigint;
  open: bigint;
  dso: Decimal | null;
  bestPossibleDso: Decimal | null;
  add: Decimal | null;
  countbackDso: Decimal | null;
  cei: Decimal | null;
  overdueRatio: Decimal | null;
  overdueToRevenue: Decimal | null;
  turnover: Decimal | null;
  turnoverDays: Decimal | null;
  badDebtRate: Decimal | null;
  avgDaysToPay: Decimal | null;
  avgPaymentDelay: Decimal | null;
  onTimeRate: Decimal | null;
  targetsMissed: TargetName[];
}

export interface KpiCustomer extends KpiFigures {
  customer: number;
}

export interface PromisesInPeriod {
  start: Day;
  end: Day;
  due: number;
  kept: number;
  keptRate: Decimal | null;
}

export interface Channel {
  type: EventType;
  contacts: number;
  /** Contacts followed by a payment of the customer within followUpDays. */
  followed: number;
  rate: Decimal | null;
  /** The payments in those windows (each counted once per channel), per currency. */
  collected: { currency: number; units: bigint }[];
}

export interface PlansSummary {
  due: number;
  onTime: number;
  fulfilmentRate: Decimal | null;
  plans: PlanState[];
}

export type FestivalName = "spring_festival" | "mid_autumn";

export interface FestivalLift {
  festival: FestivalName;
  date: Day;
  from: Day;
  to: Day;
  currency: number;
  collected: bigint;
  /** Collections in the 364 days before the window ÷ 364 × window days, minor units, exact. */
  baseline: Decimal;
  lift: Decimal | null;
}

export interface KpiReport {
  asOf: Day;
  scale: number;
  months: number;
  dsoMonths: number;
  yearDays: number;
  followUpDays: number;
  targets: Pick<KpiSettings, "dsoTarget" | "overdueToRevenueMax" | "ceiMin">;
  /** By currency, then period. */
  periods: KpiFigures[];
  /** With byCustomer: by (customer key, currency). */
  customers: KpiCustomer[] | undefined;
  /** With events: per period. */
  promises: PromisesInPeriod[];
  channels: Channel[];
  plans: PlansSummary | null;
  festivals: FestivalLift[];
}

/** The contact types whose effect the channel table measures: what the creditor does to reach the customer. */
export const CHANNEL_TYPES: readonly EventType[] = ["call", "visit", "email", "wechat", "letter_sent", "legal"];

/** A month as a number: year × 12 + (month − 1). */
export function monthOf(day: Day): number {
  const { y, m } = ymdOf(day);
  return y * 12 + m - 1;
}

export function monthStart(month: number): Day {
  return dayFromYmd(Math.floor(month / 12), (month % 12) + 1, 1);
}

export function monthEnd(month: number): Day {
  const y = Math.floor(month / 12);
  const m = (month % 12) + 1;
  return dayFromYmd(y, m, daysInMonth(y, m));
}

/** The reported periods: `months` calendar months ending with as-of's, the last to as-of. */
export function kpiPeriods(asOf: Day, months: number): { month: number; start: Day; end: Day }[] {
  const last = monthOf(asOf);
  return Array.from({ length: months }, (_, k) => {
    const month = last - months + 1 + k;
    return { month, start: monthStart(month), end: month === last ? asOf : monthEnd(month) };
  });
}

/** The dates the report reads as they stood: the day before the first period, and each period's end. */
export function kpiDates(asOf: Day, months: number): Day[] {
  const periods = kpiPeriods(asOf, months);
  return [periods[0]!.start - 1, ...periods.map((p) => p.end)];
}

/** Movements per month, from `base` through the as-of month (minor units). */
class Flows {
  readonly invoiced: bigint[];
  readonly credited: bigint[];
  readonly collected: bigint[];
  readonly writtenOff: bigint[];
  readonly discounts: bigint[];
  constructor(span: number) {
    this.invoiced = new Array<bigint>(span).fill(0n);
    this.credited = new Array<bigint>(span).fill(0n);
    this.collected = new Array<bigint>(span).fill(0n);
    this.writtenOff = new Array<bigint>(span).fill(0n);
    this.discounts = new Array<bigint>(span).fill(0n);
  }
}

/** What a snapshot says of one currency or account at one date. */
interface Standing {
  balance: bigint;
  current: bigint;
  overdue: bigint;
}
const NOTHING: Standing = { balance: 0n, current: 0n, overdue: 0n };

/** Invoices paid in full in one period, amount-weighted sums. */
class PaidStats {
  amount = 0n;
  daysToPay = 0n;
  delay = 0n;
  onTime = 0n;
  add(amount: bigint, daysToPay: number, delay: number): void {
    this.amount += amount;
    this.daysToPay += amount * BigInt(daysToPay);
    this.delay += amount * BigInt(delay);
    if (delay <= 0) this.onTime += amount;
  }
}

const D = (x: bigint | number) => new Decimal(x.toString());
const r2 = (x: Decimal) => x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const r4 = (x: Decimal) => x.toDecimalPlaces(4, Decimal.ROUND_HALF_UP);

/**
 * Countback DSO: remaining = closing; for each month going back from P, a month whose sales
 * `remaining` exceeds adds its days and takes its sales off, the next adds remaining ÷ sales ×
 * days and stops. 0 when closing ≤ 0; null when the months run out first. `months` are P's first,
 * then back; exact (round the result).
 */
export function countbackDso(closing: bigint, months: Iterable<{ sales: bigint; days: number }>): Decimal | null {
  if (closing <= 0n) return new Decimal(0);
  let remaining = closing;
  let total = new Decimal(0);
  for (const { sales, days } of months) {
    if (remaining > sales) {
      total = total.plus(days);
      remaining -= sales;
    } else {
      return total.plus(D(remaining).div(D(sales)).times(days));
    }
  }
  return null;
}

/** Collection effectiveness index, a percent (exact): null when opening + sales − current ≤ 0. */
export function collectionEffectiveness(opening: bigint, sales: bigint, closing: bigint, current: bigint): Decimal | null {
  const denominator = opening + sales - current;
  if (denominator <= 0n) return null;
  return D(opening + sales - closing)
    .div(D(denominator))
    .times(100);
}

/** DSO's ratio figure × days (exact): null when sales ≤ 0. */
function perSales(amount: bigint, sales: bigint, days: number): Decimal | null {
  return sales > 0n ? D(amount).times(days).div(D(sales)) : null;
}

function ratio(a: bigint, b: bigint): Decimal | null {
  return b > 0n ? r4(D(a).div(D(b))) : null;
}

const orNull = (x: Decimal | null, round: (x: Decimal) => Decimal) => (x === null ? null : round(x));

export function kpiReport(history: History, events: readonly ContactEvent[], options: KpiOptions): KpiReport {
  const settled: Settled = history.last;
  const l: Ledger = history.ledger;
  const { asOf, settings } = options;
  const periods = kpiPeriods(asOf, options.months);
  const firstMonth = periods[0]!.month;
  const lastMonth = periods[periods.length - 1]!.month;
  const windowStart = periods[0]!.start;
  const nCur = Math.max(1, l.currencies.length);

  // The months the windows reach back to: 12 periods for turnover (and the balance before them),
  // dsoMonths for DSO; countback walks to the currency's first document.
  const firstDoc = new Array<Day>(nCur).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < l.count; i++) {
    const d = l.docDate[i]!;
    if (d <= asOf && d < firstDoc[l.currency[i]!]!) firstDoc[l.currency[i]!] = d;
  }
  const currencies: number[] = [];
  for (let c = 0; c < nCur; c++) if (firstDoc[c]! !== Number.POSITIVE_INFINITY) currencies.push(c);
  const firstDocMonth = currencies.map((c) => monthOf(firstDoc[c]!));
  const base = Math.min(firstMonth - Math.max(12, options.dsoMonths), ...firstDocMonth);
  const span = lastMonth - base + 1;
  const firstMonthOf = new Array<number>(nCur).fill(Number.POSITIVE_INFINITY);
  currencies.forEach((c, k) => (firstMonthOf[c] = firstDocMonth[k]!));

  // Month of a day, for days from base on: month starts, and a last-hit cache (ledgers come in date order, mostly).
  const starts = Array.from({ length: span + 1 }, (_, k) => monthStart(base + k));
  let hit = 0;
  const slot = (day: Day): number => {
    if (day >= starts[hit]! && day < starts[hit + 1]!) return hit;
    let lo = 0;
    let hi = span;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= day) lo = mid;
      else hi = mid - 1;
    }
    return (hit = Math.min(lo, span - 1));
  };
  const daysOf = (k: number) => (k === span - 1 ? asOf - starts[k]! + 1 : starts[k + 1]! - starts[k]!);

  // Movements, per currency (and per account for --by customer).
  const flows = new Map<number, Flows>();
  const accountFlows = new Map<number, Flows>();
  for (const c of currencies) flows.set(c, new Flows(span));
  const groupOf = (i: number) => l.customer[i]! * nCur + l.currency[i]!;
  const accountFlow = (g: number) => {
    let f = accountFlows.get(g);
    if (f === undefined) accountFlows.set(g, (f = new Flows(span)));
    return f;
  };
  for (let i = 0; i < l.count; i++) {
    const d = l.docDate[i]!;
    if (d > asOf) continue;
    const k = slot(d);
    const kind = l.kind[i]!;
    const field = kind === KIND_INVOICE || kind === KIND_DEBIT_NOTE ? "invoiced" : kind === KIND_CREDIT_NOTE ? "credited" : kind === KIND_PAYMENT ? "collected" : "writtenOff";
    const units = l.amount.get(i);
    flows.get(l.currency[i]!)![field][k]! += units;
    if (options.byCustomer) accountFlow(groupOf(i))[field][k]! += units;
  }
  const log = recordedOf(settled);
  for (let s = 0; s < log.count; s++) {
    if (!log.discount[s]) continue;
    const inv = log.invoice[s]!;
    const units = log.unitsOf(s);
    const k = slot(log.date[s]!);
    flows.get(l.currency[inv]!)!.discounts[k]! += units;
    if (options.byCustomer) accountFlow(groupOf(inv)).discounts[k]! += units;
  }

  // Balances, current and overdue at the period ends and the day before the first, from the one run.
  const dates = kpiDates(asOf, options.months);
  const atDate = new Map<Day, Map<number, Standing>>();
  const accountsAt = new Map<Day, Map<number, Standing>>();
  const perAccountDates = new Set([dates[dates.length - 2]!, dates[dates.length - 1]!]);
  for (const snapshot of history) {
    if (!dates.includes(snapshot.asOf)) continue;
    const perAccount = options.byCustomer && perAccountDates.has(snapshot.asOf);
    const { byCurrency, byAccount } = standingOf(snapshot, nCur, perAccount);
    atDate.set(snapshot.asOf, byCurrency);
    if (perAccount) accountsAt.set(snapshot.asOf, byAccount!);
  }

  // Invoices paid in full in the reported months (not by a write-off), by currency and period.
  const paid = new Map<number, PaidStats[]>();
  const paidByAccount = new Map<number, PaidStats>();
  for (const c of currencies) paid.set(c, periods.map(() => new PaidStats()));
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || l.docDate[i]! > asOf) continue;
    const p = paidInFull(settled, i);
    if (p === null || p.writtenOff || p.date < windowStart) continue;
    const k = slot(p.date) + base - firstMonth;
    const amount = l.amount.get(i);
    paid.get(l.currency[i]!)![k]!.add(amount, p.date - l.docDate[i]!, p.date - l.dueDate[i]!);
    if (options.byCustomer && k === periods.length - 1) {
      const g = groupOf(i);
      let s = paidByAccount.get(g);
      if (s === undefined) paidByAccount.set(g, (s = new PaidStats()));
      s.add(amount, p.date - l.docDate[i]!, p.date - l.dueDate[i]!);
    }
  }

  const figuresOf = (currency: number, f: Flows, pk: number, opening: Standing, closing: Standing, stats: PaidStats): KpiFigures => {
    const period = periods[pk]!;
    const k = period.month - base;
    // base lies 12 (or dsoMonths) months before the first period: every window below starts at j ≥ 0.
    const sales = (j: number) => f.invoiced[j]! - f.credited[j]!;
    let S = 0n;
    let Dd = 0;
    for (let j = k; j > k - options.dsoMonths; j--) {
      S += sales(j);
      Dd += daysOf(j);
    }
    let S12 = 0n;
    let wo12 = 0n;
    for (let j = k; j > k - 12; j--) {
      S12 += sales(j);
      wo12 += f.writtenOff[j]!;
    }
    let before12 = 0n; // balance at the end of the month before the 12 periods: the sum of movements up to it
    for (let j = 0; j <= k - 12; j++) before12 += f.invoiced[j]! - f.credited[j]! - f.collected[j]! - f.writtenOff[j]! - f.discounts[j]!;
    const open = closing.current + closing.overdue;
    const dso = perSales(closing.balance, S, Dd);
    const best = perSales(closing.current, S, Dd);
    const firstK = firstMonthOf[currency]! - base;
    const countback = countbackDso(
      closing.balance,
      (function* () {
        for (let j = k; j >= firstK && j >= 0; j--) yield { sales: sales(j), days: daysOf(j) };
      })(),
    );
    const average2 = before12 + closing.balance; // twice the average balance
    const turnover = average2 > 0n ? D(S12).times(2).div(D(average2)) : null;
    const turnoverDays = turnover !== null && turnover.greaterThan(0) ? new Decimal(settings.yearDays).div(turnover) : null;
    const cei = collectionEffectiveness(opening.balance, sales(k), closing.balance, closing.current);
    const fig: KpiFigures = {
      currency,
      start: period.start,
      end: period.end,
      days: period.end - period.start + 1,
      opening: opening.balance,
      invoiced: f.invoiced[k]!,
      credited: f.credited[k]!,
      collected: f.collected[k]!,
      writtenOff: f.writtenOff[k]!,
      discounts: f.discounts[k]!,
      closing: closing.balance,
      sales: sales(k),
      current: closing.current,
      overdue: closing.overdue,
      open,
      dso: orNull(dso, r2),
      bestPossibleDso: orNull(best, r2),
      add: dso === null || best === null ? null : r2(dso.minus(best)),
      countbackDso: orNull(countback, r2),
      cei: orNull(cei, r2),
      overdueRatio: ratio(closing.overdue, open),
      overdueToRevenue: ratio(closing.overdue, S12),
      turnover: orNull(turnover, r4),
      turnoverDays: orNull(turnoverDays, r2),
      badDebtRate: ratio(wo12, S12),
      avgDaysToPay: stats.amount > 0n ? r2(D(stats.daysToPay).div(D(stats.amount))) : null,
      avgPaymentDelay: stats.amount > 0n ? r2(D(stats.delay).div(D(stats.amount))) : null,
      onTimeRate: ratio(stats.onTime, stats.amount),
      targetsMissed: [],
    };
    fig.targetsMissed = missedTargets(fig, settings);
    return fig;
  };

  const out: KpiFigures[] = [];
  for (const c of currencies) {
    const f = flows.get(c)!;
    for (let pk = 0; pk < periods.length; pk++) {
      const opening = atDate.get(dates[pk]!)?.get(c) ?? NOTHING;
      const closing = atDate.get(dates[pk + 1]!)?.get(c) ?? NOTHING;
      out.push(figuresOf(c, f, pk, opening, closing, paid.get(c)![pk]!));
    }
  }

  let customers: KpiCustomer[] | undefined;
  if (options.byCustomer) {
    customers = [];
    const last = periods.length - 1;
    const openingAt = accountsAt.get(dates[last]!) ?? new Map<number, Standing>();
    const closingAt = accountsAt.get(dates[last + 1]!) ?? new Map<number, Standing>();
    const k = lastMonth - base;
    const groups = new Set<number>([...openingAt.keys(), ...closingAt.keys()]);
    for (const [g, f] of accountFlows) {
      if (f.invoiced[k] !== 0n || f.credited[k] !== 0n || f.collected[k] !== 0n || f.writtenOff[k] !== 0n || f.discounts[k] !== 0n) groups.add(g);
    }
    const empty = new Flows(span);
    for (const g of groups) {
      const currency = g % nCur;
      const fig = figuresOf(currency, accountFlows.get(g) ?? empty, last, openingAt.get(g) ?? NOTHING, closingAt.get(g) ?? NOTHING, paidByAccount.get(g) ?? new PaidStats());
      customers.push({ customer: Math.floor(g / nCur), ...fig });
    }
    const key = (c: KpiCustomer) => l.customers[c.customer]!.key;
    customers.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : compareText(l.currencies[a.currency]!, l.currencies[b.currency]!)));
  }

  return {
    asOf,
    scale: l.scale,
    months: options.months,
    dsoMonths: options.dsoMonths,
    yearDays: settings.yearDays,
    followUpDays: settings.followUpDays,
    targets: { dsoTarget: settings.dsoTarget, overdueToRevenueMax: settings.overdueToRevenueMax, ceiMin: settings.ceiMin },
    periods: out.sort((a, b) => compareText(l.currencies[a.currency]!, l.currencies[b.currency]!) || a.start - b.start),
    customers,
    promises: events.length > 0 ? promisesByPeriod(settled, events, periods, options.defaultCurrency) : [],
    channels: events.length > 0 ? channelsOf(settled, events, windowStart, asOf, settings.followUpDays) : [],
    plans: events.some((e) => e.type === "agreement") ? plansOf(settled, events, options.defaultCurrency) : null,
    festivals: festivalLifts(l, currencies, windowStart, asOf, options.festivalPushDays),
  };
}

/**
 * Exact sums of minor units kept in doubles while they are safe integers (a ledger's amounts
 * usually are): each slot flushes into a bigint before an addition could leave the safe range.
 */
class ExactSums {
  private readonly small: Float64Array;
  private readonly big: bigint[];
  constructor(n: number) {
    this.small = new Float64Array(n);
    this.big = new Array<bigint>(n).fill(0n);
  }
  add(k: number, x: number): void {
    if (this.small[k]! > Number.MAX_SAFE_INTEGER - x) {
      this.big[k]! += BigInt(this.small[k]!);
      this.small[k] = 0;
    }
    this.small[k]! += x;
  }
  addBig(k: number, x: bigint): void {
    this.big[k]! += x;
  }
  get(k: number): bigint {
    return this.big[k]! + BigInt(this.small[k]!);
  }
}

/**
 * Balance, current and overdue per currency (and per account) of a snapshot: what `ar age`'s
 * totals say (current = open not yet due, daysOverdue ≤ 0; overdue the rest, disputed included),
 * summed in one pass instead of aging every account (the property test holds them equal).
 */
function standingOf(snapshot: Snapshot, nCur: number, perAccount: boolean): { byCurrency: Map<number, Standing>; byAccount: Map<number, Standing> | undefined } {
  const l = snapshot.ledger;
  const day = snapshot.asOf;
  const current = new ExactSums(nCur);
  const overdue = new ExactSums(nCur);
  const numbers = snapshot.outstanding.numbers;
  const byAccount = perAccount ? new Map<number, Standing>() : undefined;
  const account = (g: number) => {
    let s = byAccount!.get(g);
    if (s === undefined) byAccount!.set(g, (s = { balance: 0n, current: 0n, overdue: 0n }));
    return s;
  };
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || l.docDate[i]! > day) continue;
    const due = l.dueDate[i]! >= day;
    const c = l.currency[i]!;
    if (numbers !== undefined) {
      const x = numbers[i]!;
      if (x <= 0) continue;
      (due ? current : overdue).add(c, x);
    } else {
      const x = snapshot.outstanding.get(i);
      if (x <= 0n) continue;
      (due ? current : overdue).addBig(c, x);
    }
    if (byAccount !== undefined) {
      const s = account(l.customer[i]! * nCur + c);
      const x = snapshot.outstanding.get(i);
      if (due) s.current += x;
      else s.overdue += x;
    }
  }
  const unapplied = new Array<bigint>(nCur).fill(0n);
  const seen = new Set<number>();
  for (const a of snapshot.accounts) {
    seen.add(a.currency);
    unapplied[a.currency]! += a.unapplied;
    if (byAccount !== undefined && a.unapplied !== 0n) account(a.customer * nCur + a.currency);
    if (byAccount !== undefined) {
      const s = byAccount.get(a.customer * nCur + a.currency);
      if (s !== undefined) s.balance = s.current + s.overdue - a.unapplied;
    }
  }
  const byCurrency = new Map<number, Standing>();
  for (const c of seen) {
    const cur = current.get(c);
    const over = overdue.get(c);
    byCurrency.set(c, { balance: cur + over - unapplied[c]!, current: cur, overdue: over });
  }
  return { byCurrency, byAccount };
}

/** The figures outside the targets, compared as shown (rounded); an undefined figure misses nothing. */
export function missedTargets(f: Pick<KpiFigures, "dso" | "overdueToRevenue" | "cei">, t: Pick<KpiSettings, "dsoTarget" | "overdueToRevenueMax" | "ceiMin">): TargetName[] {
  const missed: TargetName[] = [];
  if (t.dsoTarget !== null && f.dso !== null && f.dso.greaterThan(t.dsoTarget)) missed.push("dso");
  if (t.overdueToRevenueMax !== null && f.overdueToRevenue !== null && f.overdueToRevenue.greaterThan(t.overdueToRevenueMax)) missed.push("overdueToRevenue");
  if (t.ceiMin !== null && f.cei !== null && f.cei.lessThan(t.ceiMin)) missed.push("cei");
  return missed;
}

/** The ledger's customer index by key. */
function customerIndex(l: Ledger): Map<string, number> {
  const m = new Map<string, number>();
  l.customers.forEach((c, k) => m.set(c.key, k));
  return m;
}

/** The currency a promise of `customer` that names no invoice is judged in: its first account's, else the default. */
function accountCurrencyOf(settled: Settled, customer: number, defaultCurrency: string): number {
  const a = settled.accounts.find((x) => x.customer === customer);
  if (a !== undefined) return a.currency;
  return Math.max(0, settled.ledger.currencies.indexOf(defaultCurrency));
}

function promisesByPeriod(settled: Settled, events: readonly ContactEvent[], periods: { start: Day; end: Day }[], defaultCurrency: string): PromisesInPeriod[] {
  const index = customerIndex(settled.ledger);
  return periods.map(({ start, end }) => {
    let due = 0;
    let kept = 0;
    for (const e of events) {
      if (e.type !== "promise" || e.dueDate === undefined || e.dueDate < start || e.dueDate > end || e.date > settled.asOf) continue;
      due++;
      const c = index.get(e.customerId);
      if (c !== undefined && promiseKept(settled, e, c, accountCurrencyOf(settled, c, defaultCurrency)).kept) kept++;
    }
    return { start, end, due, kept, keptRate: due > 0 ? r4(new Decimal(kept).div(due)) : null };
  });
}

function channelsOf(settled: Settled, events: readonly ContactEvent[], from: Day, asOf: Day, followUpDays: number): Channel[] {
  const l = settled.ledger;
  const index = customerIndex(l);
  const out: Channel[] = [];
  for (const type of CHANNEL_TYPES) {
    let contacts = 0;
    let followed = 0;
    const seen = new Set<number>();
    const collected = new Map<number, bigint>();
    for (const e of events) {
      if (e.type !== type || e.date < from || e.date > asOf) continue;
      contacts++;
      const c = index.get(e.customerId);
      if (c === undefined) continue;
      let any = false;
      for (let cur = 0; cur < l.currencies.length; cur++) {
        for (const p of paymentsIn(settled, c, cur, e.date, e.date + followUpDays)) {
          any = true;
          if (seen.has(p)) continue;
          seen.add(p);
          collected.set(cur, (collected.get(cur) ?? 0n) + l.amount.get(p));
        }
      }
      if (any) followed++;
    }
    if (contacts === 0) continue;
    out.push({
      type,
      contacts,
      followed,
      rate: r4(new Decimal(followed).div(contacts)),
      collected: [...collected.entries()].sort((a, b) => compareText(l.currencies[a[0]]!, l.currencies[b[0]]!)).map(([currency, units]) => ({ currency, units })),
    });
  }
  return out;
}

function plansOf(settled: Settled, events: readonly ContactEvent[], defaultCurrency: string): PlansSummary {
  const { plans } = planStatuses(events, settled, defaultCurrency);
  let due = 0;
  let onTime = 0;
  for (const p of plans) {
    due += p.due;
    onTime += p.onTime;
  }
  return { due, onTime, fulfilmentRate: due > 0 ? r4(new Decimal(onTime).div(due)) : null, plans };
}

/** The Spring Festivals and Mid-Autumns whose push window ends in [from, asOf], with their lift per currency that collected anything around them. */
export function festivalLifts(l: Ledger, currencies: readonly number[], from: Day, asOf: Day, pushDays: number): FestivalLift[] {
  const windows: { festival: FestivalName; date: Day; from: Day; to: Day }[] = [];
  for (let y = ymdOf(from).y; y <= ymdOf(asOf).y + 1; y++) {
    for (const [festival, date] of [
      ["spring_festival", springFestival(y)],
      ["mid_autumn", midAutumn(y)],
    ] as const) {
      const w = festivalPushWindow(date, pushDays);
      if (w !== undefined && w.to >= from && w.to <= asOf) windows.push({ festival, date, ...w });
    }
  }
  windows.sort((a, b) => a.date - b.date);
  if (windows.length === 0) return [];
  const inWindow = windows.map(() => new Map<number, bigint>());
  const before = windows.map(() => new Map<number, bigint>());
  for (let i = 0; i < l.count; i++) {
    if (l.kind[i] !== KIND_PAYMENT) continue;
    const d = l.docDate[i]!;
    if (d > asOf) continue;
    windows.forEach((w, k) => {
      const target = d >= w.from && d <= w.to ? inWindow[k]! : d >= w.from - 364 && d < w.from ? before[k]! : undefined;
      if (target !== undefined) target.set(l.currency[i]!, (target.get(l.currency[i]!) ?? 0n) + l.amount.get(i));
    });
  }
  const out: FestivalLift[] = [];
  windows.forEach((w, k) => {
    const days = w.to - w.from + 1;
    for (const c of currencies) {
      const collected = inWindow[k]!.get(c) ?? 0n;
      const prior = before[k]!.get(c) ?? 0n;
      if (collected === 0n && prior === 0n) continue;
      const baseline = D(prior).div(364).times(days);
      out.push({ ...w, currency: c, collected, baseline, lift: baseline.greaterThan(0) ? r4(D(collected).div(baseline)) : null });
    }
  });
  return out;
}
