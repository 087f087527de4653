/**
 * The collections forecast (回款预测, SPEC.md "Collections forecast" and "The management layer"):
 * the cash the open items should bring in each of the next weeks, and how far to trust it.
 *
 * Each open, undisputed invoice (or debit note) gets an expected payment date, in this order:
 *   1. an open promise of the customer (query.ts `isOpenPromise`: made by as-of, its date not
 *      past, not kept) covers the invoice it names, then the account's oldest open items, up to
 *      the promised amount less what was paid since the promise (a promise without an amount:
 *      all of them), at the promise's date;
 *   2. the latest agreement of the account (events `agreement` rows, plan.ts `planStatuses`)
 *      covers what its unpaid instalments still owe, on the invoices it names first, then the
 *      oldest, each instalment at its due date;
 *   3. the rest at due date + the account's payment delay D (rounded to whole days, half up):
 *        mean   D = Σ amount × (full-payment date − due date) ÷ Σ amount
 *        median D = the middle delay (the mean of the two middle ones)
 *      over the account's invoices paid in full (without a write-off) after as-of − 12 months and
 *      on or before as-of; with fewer than 3 of them, the portfolio's D (the same over every
 *      account in the currency); with fewer than 3 there too, 0 (the due date).
 * An expected date on or before as-of is moved into week 1 and flagged `late_beyond_pattern`.
 * Items more than `uncertainDays` (365) overdue are `uncertain`, disputed ones `disputed` (a
 * disputed item is disputed however old); neither is in the weeks, and promises and plans cover
 * neither. Weeks start on Monday; week 1 runs from as-of to its Sunday; what is expected after
 * the last week is `later`. So weeks + later + uncertain + disputed = open outstanding, always.
 *
 * Example (SPEC; as-of Monday 2025-03-03; delays A +10, B −2, C +25): A1 10,000 due 03-05 →
 * 03-15; B1 5,000 due 03-12 → 03-10; C1 8,000 due 02-25 → 03-22; C2 2,000 due 01-10 → 02-04,
 * moved into week 1. Weeks: 03-03 2,000; 03-10 15,000; 03-17 8,000.
 *
 * Back-test (`--backtest N`): the forecast as of each of N Mondays, the first the Monday on or
 * before as-of − 13 weeks, then every 4 weeks earlier, each from the ledger and the events as they
 * stood that Monday (history.ts: one settlement run over all of them), against the cash that then
 * arrived in its first 4 weeks. Actual = the payments (cash; not credit notes, write-offs or
 * discounts) dated after the Monday and within the week, as settlement applied them to the items
 * the forecast's weeks held that Monday (open, undisputed, not uncertain), at most each item's
 * open amount. Week 1's actual starts the day after the Monday: the Monday's own payments are
 * already in its open amounts. Per currency
 *   WAPE = Σ over Mondays and weeks 1–4 of |actual − forecast| ÷ Σ actual   (null when Σ actual = 0)
 * a ratio (4 decimals): 0.25 means the weekly figures missed by a quarter of the cash, on average.
 *
 * Money stays in minor units (bigint) throughout; delays are exact fractions until rounded.
 */
import { compareText } from "./order.js";
import { addMonthsClamped, weekdayOf, type Day } from "./dates.js";
import type { ContactEvent } from "./events.js";
import { settleOver, type History } from "./history.js";
import { isCharge, KIND_PAYMENT, oldestFirst, type Ledger } from "./ledger.js";
import { toMinor } from "./money.js";
import { planStatuses } from "./plan.js";
import { chargeNamed, fullPaymentsFromLog, isOpenPromise, NOT_PAID, promiseKept, type FullPayments } from "./query.js";
import type { ApplyMode, Standing } from "./settle.js";

export type Statistic = "mean" | "median";

/** Where an expected date came from. */
export type ExpectedBy = "promise" | "plan" | "customer" | "portfolio" | "due_date";

export interface ForecastParams {
  weeks: number;
  statistic: Statistic;
  /** Items more than this many days overdue are `uncertain`. */
  uncertainDays: number;
}

/** The payment history read for delays: the 12 months before as-of (SPEC). */
export const DELAY_WINDOW_MONTHS = 12;
/** Fewer paid invoices than this in the window: the portfolio's delay instead of the customer's. */
export const MIN_PAID_INVOICES = 3;
/** The back-test: the first Monday at least 13 weeks before as-of, every 4 weeks, 4 weeks compared. */
export const BACKTEST_LEAD_WEEKS = 13;
export const BACKTEST_STEP_WEEKS = 4;
export const BACKTEST_WEEKS = 4;

/** Money of one account a promise or an agreement commits, on the invoices it names first. */
export interface Commitment {
  by: "promise" | "plan";
  customer: number;
  currency: number;
  /** Invoices it names, covered first (when open and in the weeks). */
  invoices: number[];
  /** What is expected when, by date; units null: everything open of the account (a promise without an amount). */
  parts: { date: Day; units: bigint | null }[];
}

/** A payment delay: exactly num ÷ den days, used rounded to `days`. */
export interface PaymentDelay {
  num: bigint;
  den: bigint;
  days: number;
  /** Paid invoices it was computed from. */
  invoices: number;
  by: "customer" | "portfolio" | "due_date";
}

/** Part of an open item expected on a date. */
export interface Expected {
  invoice: number;
  units: bigint;
  /** The expected date before any move into week 1. */
  expectedOn: Day;
  /** Index into the weeks; `weeks.length` = later. */
  week: number;
  by: ExpectedBy;
  /** Expected on or before as-of: moved into week 1 (`late_beyond_pattern`). */
  late: boolean;
}

/** An open item outside the weeks. */
export interface SetAside {
  invoice: number;
  units: bigint;
  daysOverdue: number;
}

export interface WeekTotal {
  expected: bigint;
  fromPromises: bigint;
  fromPlans: bigint;
  /** Open items (or parts of one) expected in the week, each counted once. */
  count: number;
}

export interface CurrencyForecast {
  currency: number;
  weeks: WeekTotal[];
  later: WeekTotal;
  /** Of week 1: what was expected on or before as-of. */
  lateBeyondPattern: bigint;
  uncertain: bigint;
  uncertainCount: number;
  disputed: bigint;
  disputedCount: number;
  /** All open items of the currency: weeks + later + uncertain + disputed. */
  open: bigint;
}

export interface Forecast {
  asOf: Day;
  params: ForecastParams;
  /** The payment history read: full payments dated from … to (inclusive). */
  window: { from: Day; to: Day };
  /** Week k runs from `weekFrom[k]` to `weekTo[k]`. */
  weekFrom: Day[];
  weekTo: Day[];
  /** By currency code. */
  currencies: CurrencyForecast[];
  /** By customer key, then due date. */
  uncertain: SetAside[];
  disputed: SetAside[];
  /** Every expected part, when asked for (`detail`), by currency, customer key, expected date. */
  items: Expected[] | undefined;
  /** Per account (customer × currencies + currency) with items in the weeks: the delay used. */
  delays: Map<number, PaymentDelay>;
  /** Per currency: the portfolio's delay (by `portfolio`, or `due_date` when too few invoices). */
  portfolio: Map<number, PaymentDelay>;
  scale: number;
  /** Accounts are numbered customer × nCurrencies + currency. */
  nCurrencies: number;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** The Sunday ending as-of's week (as-of itself on a Sunday). */
export function sundayOf(day: Day): Day {
  return day + ((7 - weekdayOf(day)) % 7);
}

/** The Monday on or before `day`. */
export function mondayOnOrBefore(day: Day): Day {
  return day - ((weekdayOf(day) + 6) % 7);
}

/** The back-test's Mondays, ascending: the Monday on or before as-of − 13 weeks, then every 4 weeks earlier, n in all. */
export function backtestMondays(asOf: Day, n: number): Day[] {
  const first = mondayOnOrBefore(asOf - BACKTEST_LEAD_WEEKS * 7);
  const out: Day[] = [];
  for (let k = n - 1; k >= 0; k--) out.push(first - k * BACKTEST_STEP_WEEKS * 7);
  return out;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** num ÷ den rounded to whole days, half up (towards later). */
export function roundDays(num: bigint, den: bigint): number {
  return Number(floorDiv(2n * num + den, 2n * den));
}

// ---------------------------------------------------------------------------------------------
// Commitments: open promises and agreements, as they stood

/**
 * The open promises and the latest agreement of each account, at the standing's as-of, from the
 * events dated on or before it (promises first, by their date; then agreements).
 */
export function commitmentsAt(standing: Standing, events: readonly ContactEvent[], defaultCurrency: string): Commitment[] {
  const l = standing.ledger;
  if (events.length === 0) return [];
  const customerIndex = new Map<string, number>();
  l.customers.forEach((c, i) => customerIndex.set(c.key, i));
  const currenciesOf = new Map<number, number[]>();
  for (const a of standing.accounts) {
    const list = currenciesOf.get(a.customer);
    if (list === undefined) currenciesOf.set(a.customer, [a.currency]);
    else list.push(a.currency);
  }
  const defaultIndex = l.currencies.indexOf(defaultCurrency);
  const out: Commitment[] = [];
  const promises = events.filter((e) => e.type === "promise" && e.dueDate !== undefined && e.date <= standing.asOf).sort((a, b) => a.dueDate! - b.dueDate! || a.date - b.date);
  for (const e of promises) {
    const c = customerIndex.get(e.customerId);
    if (c === undefined) continue;
    const named = e.docNo === "" ? undefined : chargeNamed(standing, c, e.docNo);
    // The promise's currency: its invoice's, else the customer's only one (else the default's, else its first).
    const own = currenciesOf.get(c) ?? [];
    const currency = named !== undefined ? l.currency[named]! : own.length === 1 || !own.includes(defaultIndex) ? (own[0] ?? defaultIndex) : defaultIndex;
    if (currency < 0 || !isOpenPromise(standing, e, c, currency)) continue;
    let units: bigint | null = null;
    if (e.amount !== undefined) {
      let promised: bigint;
      try {
        promised = toMinor(e.amount, l.scale);
      } catch {
        continue; // more decimals than the ledger: no amount this ledger can hold
      }
      units = promised - promiseKept(standing, e, c, currency).paidUnits;
      if (units <= 0n) continue;
    }
    out.push({ by: "promise", customer: c, currency, invoices: named !== undefined ? [named] : [], parts: [{ date: e.dueDate!, units }] });
  }
  if (!events.some((e) => e.type === "agreement")) return out;
  const { plans } = planStatuses(events, standing, defaultCurrency);
  // A newer agreement of the account replaces an older one.
  const latest = new Map<string, (typeof plans)[number]>();
  for (const p of plans) {
    const key = `${p.customerId}\u0000${p.currency}`;
    const seen = latest.get(key);
    if (seen === undefined || p.agreedOn > seen.agreedOn) latest.set(key, p);
  }
  for (const p of latest.values()) {
    const c = customerIndex.get(p.customerId);
    const currency = l.currencies.indexOf(p.currency);
    if (c === undefined || currency < 0) continue;
    const parts = p.instalments.filter((s) => s.paidOn === null && s.amount > s.paid).map((s) => ({ date: s.dueDate, units: s.amount - s.paid }));
    if (parts.length === 0) continue;
    const invoices: number[] = [];
    for (const docNo of p.docNos) {
      const i = chargeNamed(standing, c, docNo);
      if (i !== undefined && l.currency[i] === currency) invoices.push(i);
    }
    out.push({ by: "plan", customer: c, currency, invoices, parts });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Payment delays

interface DelaySums {
  weight: bigint;
  weighted: bigint;
  count: number;
  delays: number[] | undefined;
}

function delayOf(s: DelaySums | undefined, statistic: Statistic, by: "customer" | "portfolio"): PaymentDelay | undefined {
  if (s === undefined || s.count < MIN_PAID_INVOICES) return undefined;
  let num: bigint;
  let den: bigint;
  if (statistic === "mean") {
    if (s.weight === 0n) return undefined;
    num = s.weighted;
    den = s.weight;
  } else {
    const d = s.delays!.sort((a, b) => a - b);
    const mid = d.length >> 1;
    if (d.length % 2 === 1) {
      num = BigInt(d[mid]!);
      den = 1n;
    } else {
      num = BigInt(d[mid - 1]!) + BigInt(d[mid]!);
      den = 2n;
    }
  }
  return { num, den, days: roundDays(num, den), invoices: s.count, by };
}

/** Sums by account or currency: undefined where no paid invoice counts. */
interface SumsByKey {
  get(key: number): DelaySums | undefined;
}

/** The invoices and debit notes paid in full without a write-off, by full-payment date then index: a window of dates is a range. */
interface PaidByDate {
  invoice: Int32Array;
  date: Int32Array;
}

const paidByDates = new WeakMap<FullPayments, PaidByDate>();

/** Made once per `FullPayments` (the forecast at as-of and every back-test Monday read the same). */
function paidByDate(l: Ledger, paid: FullPayments): PaidByDate {
  let byDate = paidByDates.get(paid);
  if (byDate !== undefined) return byDate;
  let n = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < l.count; i++) {
    const p = paid.date[i]!;
    if (p === NOT_PAID || paid.writtenOff[i] === 1 || !isCharge(l.kind[i]!)) continue;
    n++;
    if (p < first) first = p;
    if (p > last) last = p;
  }
  const invoice = new Int32Array(n);
  if (n > 0 && last - first <= 4 * n + 4096) {
    // Counting sort by date: stable, so each date's invoices stay in index order.
    const at = new Int32Array(last - first + 2);
    for (let i = 0; i < l.count; i++) {
      const p = paid.date[i]!;
      if (p !== NOT_PAID && paid.writtenOff[i] === 0 && isCharge(l.kind[i]!)) at[p - first + 1]!++;
    }
    for (let k = 0; k < last - first + 1; k++) at[k + 1]! += at[k]!;
    for (let i = 0; i < l.count; i++) {
      const p = paid.date[i]!;
      if (p !== NOT_PAID && paid.writtenOff[i] === 0 && isCharge(l.kind[i]!)) invoice[at[p - first]!++] = i;
    }
  } else {
    // Dates centuries apart: too many days to count into.
    let k = 0;
    for (let i = 0; i < l.count; i++) if (paid.date[i] !== NOT_PAID && paid.writtenOff[i] === 0 && isCharge(l.kind[i]!)) invoice[k++] = i;
    invoice.sort((a, b) => paid.date[a]! - paid.date[b]! || a - b);
  }
  const date = new Int32Array(n);
  for (let k = 0; k < n; k++) date[k] = paid.date[invoice[k]!]!;
  paidByDates.set(paid, (byDate = { invoice, date }));
  return byDate;
}

/** The first k with days[k] ≥ day (days ascending). */
function firstAtOrAfter(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Per account and per currency: the sums the delays are made of, over the invoices paid in full in
 * [from, to] (a range of `paidByDate`). In doubles, per account in typed arrays, while every
 * amount, product and running sum is a safe integer (exact); otherwise again in bigints.
 */
function delaySums(l: Ledger, paid: FullPayments, from: Day, to: Day, nCur: number, statistic: Statistic): { accounts: SumsByKey; currencies: SumsByKey } {
  const amounts = l.amount.numbers;
  const byDate = paidByDate(l, paid);
  const lo = firstAtOrAfter(byDate.date, from);
  const hi = firstAtOrAfter(byDate.date, to + 1);
  if (amounts !== undefined) {
    const table = (size: number) => ({ weight: new Float64Array(size), weighted: new Float64Array(size), count: new Int32Array(size), delays: statistic === "median" ? new Array<number[] | undefined>(size) : undefined });
    const accounts = table(Math.max(1, l.customers.length * nCur));
    const currencies = table(nCur);
    let safe = true;
    const add = (t: ReturnType<typeof table>, key: number, w: number, d: number) => {
      const weight = (t.weight[key] = t.weight[key]! + w);
      const weighted = (t.weighted[key] = t.weighted[key]! + w * d);
      t.count[key]!++;
      if (t.delays !== undefined) (t.delays[key] ??= []).push(d);
      if (weight > Number.MAX_SAFE_INTEGER || Math.abs(weighted) > Number.MAX_SAFE_INTEGER || Math.abs(w * d) > Number.MAX_SAFE_INTEGER) safe = false;
    };
    for (let k = lo; k < hi && safe; k++) {
      const i = byDate.invoice[k]!;
      const d = byDate.date[k]! - l.dueDate[i]!;
      add(accounts, l.customer[i]! * nCur + l.currency[i]!, amounts[i]!, d);
      add(currencies, l.currency[i]!, amounts[i]!, d);
    }
    if (safe) {
      const exact = (t: ReturnType<typeof table>): SumsByKey => ({
        get: (key) => (t.count[key]! > 0 ? { weight: BigInt(t.weight[key]!), weighted: BigInt(t.weighted[key]!), count: t.count[key]!, delays: t.delays?.[key] } : undefined),
      });
      return { accounts: exact(accounts), currencies: exact(currencies) };
    }
  }
  const accounts = new Map<number, DelaySums>();
  const currencies = new Map<number, DelaySums>();
  const add = (m: Map<number, DelaySums>, key: number, w: bigint, d: number) => {
    let s = m.get(key);
    if (s === undefined) m.set(key, (s = { weight: 0n, weighted: 0n, count: 0, delays: statistic === "median" ? [] : undefined }));
    s.weight += w;
    s.weighted += w * BigInt(d);
    s.count++;
    s.delays?.push(d);
  };
  for (let k = lo; k < hi; k++) {
    const i = byDate.invoice[k]!;
    const w = l.amount.get(i);
    const d = byDate.date[k]! - l.dueDate[i]!;
    add(accounts, l.customer[i]! * nCur + l.currency[i]!, w, d);
    add(currencies, l.currency[i]!, w, d);
  }
  return { accounts, currencies };
}

// ---------------------------------------------------------------------------------------------
// The forecast at one date

export interface ForecastInput {
  /** The ledger as it stood at as-of (a settlement or a history snapshot). */
  standing: Standing;
  /** Full-payment dates as seen from as-of or later (query.ts `fullPaymentsFromLog`). */
  paid: FullPayments;
  commitments: readonly Commitment[];
  params: ForecastParams;
  /** Keep every expected part (`items`), for `--by customer|invoice`. */
  detail: boolean;
  /** List the uncertain and disputed items (default true; the back-test needs only the weeks). */
  aside?: boolean;
}

const rankCache = new WeakMap<readonly unknown[], Int32Array>();

/** `ranks` of a ledger's list by `key`, once per list (the back-test's forecasts share them). */
function ranksOf<T>(list: readonly T[], key: (t: T) => string): Int32Array {
  let r = rankCache.get(list);
  if (r === undefined || r.length !== list.length) rankCache.set(list, (r = ranks(list.map(key))));
  return r;
}

/** Each string's place in the sorted list (as `<` orders them). */
function ranks(texts: readonly string[]): Int32Array {
  const order = texts.map((_, k) => k).sort((a, b) => (texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : 0));
  const out = new Int32Array(texts.length);
  order.forEach((k, r) => (out[k] = r));
  return out;
}

const SLOT_OPEN = 0;
const SLOT_DISPUTED = 1;
const SLOT_UNCERTAIN = 2;
const SLOT_LATE = 3;
/** Week w's expected money is slot SLOT_WEEK + w; `later` the one after the last week. */
const SLOT_WEEK = 4;

/**
 * Sums of safe integers, exact: each slot is a double while it stays a safe integer, and is moved
 * into a bigint before an addition could leave that range.
 */
class Sums {
  private readonly lo: Float64Array;
  private readonly hi: bigint[];

  constructor(slots: number) {
    this.lo = new Float64Array(slots);
    this.hi = new Array<bigint>(slots).fill(0n);
  }

  /** Adds x (a safe integer). */
  add(slot: number, x: number): void {
    const lo = this.lo[slot]!;
    if (Math.abs(lo) + Math.abs(x) > Number.MAX_SAFE_INTEGER) {
      this.hi[slot]! += BigInt(lo);
      this.lo[slot] = x;
    } else {
      this.lo[slot] = lo + x;
    }
  }

  get(slot: number): bigint {
    return this.hi[slot]! + BigInt(this.lo[slot]!);
  }
}

function emptyWeek(): WeekTotal {
  return { expected: 0n, fromPromises: 0n, fromPlans: 0n, count: 0 };
}

export function forecastAt(input: ForecastInput): Forecast {
  const { standing, paid, params } = input;
  const l = standing.ledger;
  const asOf = standing.asOf;
  const nCur = Math.max(1, l.currencies.length);
  const out = standing.outstanding;
  const numbers = out.numbers;
  const outstandingOf = (i: number): bigint => (numbers !== undefined ? BigInt(numbers[i]!) : out.get(i));
  const isOpen = (i: number): boolean => isCharge(l.kind[i]!) && l.docDate[i]! <= asOf && (numbers !== undefined ? numbers[i]! > 0 : out.get(i) > 0n);
  const inWeeks = (i: number): boolean => l.disputed[i] === 0 && asOf - l.dueDate[i]! <= params.uncertainDays;

  // Weeks.
  const weekFrom: Day[] = [];
  const weekTo: Day[] = [];
  const firstSunday = sundayOf(asOf);
  for (let k = 0; k < params.weeks; k++) {
    weekFrom.push(k === 0 ? asOf : firstSunday + 1 + (k - 1) * 7);
    weekTo.push(firstSunday + k * 7);
  }
  const weekOf = (d: Day): number => {
    if (d <= firstSunday) return 0;
    const k = 1 + Math.floor((d - firstSunday - 1) / 7);
    return k < params.weeks ? k : params.weeks;
  };

  // Delays.
  const window = { from: addMonthsClamped(asOf, -DELAY_WINDOW_MONTHS) + 1, to: asOf };
  const sums = delaySums(l, paid, window.from, window.to, nCur, params.statistic);
  const portfolio = new Map<number, PaymentDelay>();
  const portfolioOf = (cur: number): PaymentDelay => {
    let p = portfolio.get(cur);
    if (p === undefined) portfolio.set(cur, (p = delayOf(sums.currencies.get(cur), params.statistic, "portfolio") ?? { num: 0n, den: 1n, days: 0, invoices: sums.currencies.get(cur)?.count ?? 0, by: "due_date" }));
    return p;
  };
  const delays = new Map<number, PaymentDelay>();
  const delayOfAccount = (g: number): PaymentDelay => {
    let d = delays.get(g);
    if (d === undefined) delays.set(g, (d = delayOf(sums.accounts.get(g), params.statistic, "customer") ?? portfolioOf(g % nCur)));
    return d;
  };

  // Promises and plans: their money on the accounts' items, named invoices first, then oldest first.
  const covered = new Map<number, { units: bigint; date: Day; by: "promise" | "plan" }[]>();
  if (input.commitments.length > 0) {
    const committed = new Set(input.commitments.map((c) => c.customer * nCur + c.currency));
    const itemsOf = new Map<number, number[]>();
    for (let i = 0; i < l.count; i++) {
      const g = l.customer[i]! * nCur + l.currency[i]!;
      if (!committed.has(g) || !isOpen(i) || !inWeeks(i)) continue;
      const list = itemsOf.get(g);
      if (list === undefined) itemsOf.set(g, [i]);
      else list.push(i);
    }
    for (const list of itemsOf.values()) list.sort((a, b) => oldestFirst(l, a, b));
    const left = new Map<number, bigint>();
    const leftOf = (i: number) => left.get(i) ?? outstandingOf(i);
    for (const c of input.commitments) {
      const items = itemsOf.get(c.customer * nCur + c.currency) ?? [];
      const named = c.invoices.filter((i) => items.includes(i));
      const queue = [...named, ...items.filter((i) => !named.includes(i))];
      let q = 0;
      for (const part of c.parts) {
        let want = part.units;
        while (q < queue.length && (want === null || want > 0n)) {
          const i = queue[q]!;
          const have = leftOf(i);
          const take = want === null || have <= want ? have : want;
          if (take > 0n) {
            left.set(i, have - take);
            let list = covered.get(i);
            if (list === undefined) covered.set(i, (list = []));
            list.push({ units: take, date: part.date, by: c.by });
            if (want !== null) want -= take;
          }
          if (have - take === 0n) q++;
        }
      }
    }
  }

  // Every open item.
  const byCurrency = new Map<number, CurrencyForecast>();
  const totalsOf = (cur: number): CurrencyForecast => {
    let t = byCurrency.get(cur);
    if (t === undefined) {
      byCurrency.set(cur, (t = { currency: cur, weeks: Array.from({ length: params.weeks }, emptyWeek), later: emptyWeek(), lateBeyondPattern: 0n, uncertain: 0n, uncertainCount: 0, disputed: 0n, disputedCount: 0, open: 0n }));
    }
    return t;
  };
  const uncertain: SetAside[] = [];
  const disputed: SetAside[] = [];
  const items: Expected[] | undefined = input.detail ? [] : undefined;
  const listAside = input.aside !== false;
  const seenWeeks: number[] = [];
  // Per currency, the money of the items held whole (no promise or plan) in doubles while each
  // running sum is a safe integer (`Sums`), folded into the totals at the end: a million items
  // must not cost a million bigint additions per forecast (the back-test makes one per Monday).
  const fast = numbers !== undefined ? new Map<number, Sums>() : undefined;
  const sumsOf = (cur: number): Sums => {
    let f = fast!.get(cur);
    if (f === undefined) fast!.set(cur, (f = new Sums(SLOT_WEEK + params.weeks + 1)));
    return f;
  };
  const accountDelay: (PaymentDelay | undefined)[] = new Array(l.customers.length * nCur);
  const kind = l.kind;
  const docDate = l.docDate;
  const dueDate = l.dueDate;
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(kind[i]!) || docDate[i]! > asOf) continue;
    if (numbers !== undefined ? !(numbers[i]! > 0) : !(out.get(i) > 0n)) continue;
    const cur = l.currency[i]!;
    const t = totalsOf(cur);
    const overdue = asOf - dueDate[i]!;
    if (fast !== undefined && !covered.has(i)) {
      // The common case in doubles: one part, at due date + the account's delay.
      const u = numbers![i]!;
      const f = sumsOf(cur);
      f.add(SLOT_OPEN, u);
      if (l.disputed[i] === 1) {
        if (listAside) disputed.push({ invoice: i, units: BigInt(u), daysOverdue: overdue });
        f.add(SLOT_DISPUTED, u);
        t.disputedCount++;
        continue;
      }
      if (overdue > params.uncertainDays) {
        if (listAside) uncertain.push({ invoice: i, units: BigInt(u), daysOverdue: overdue });
        f.add(SLOT_UNCERTAIN, u);
        t.uncertainCount++;
        continue;
      }
      const g = l.customer[i]! * nCur + cur;
      const d = (accountDelay[g] ??= delayOfAccount(g));
      const expectedOn = dueDate[i]! + d.days;
      const late = expectedOn <= asOf;
      const week = late ? 0 : weekOf(expectedOn);
      f.add(SLOT_WEEK + week, u);
      (week < params.weeks ? t.weeks[week]! : t.later).count++;
      if (late) f.add(SLOT_LATE, u);
      items?.push({ invoice: i, units: BigInt(u), expectedOn, week, by: d.by, late });
      continue;
    }
    const units = outstandingOf(i);
    t.open += units;
    if (l.disputed[i] === 1) {
      if (listAside) disputed.push({ invoice: i, units, daysOverdue: overdue });
      t.disputed += units;
      t.disputedCount++;
      continue;
    }
    if (overdue > params.uncertainDays) {
      if (listAside) uncertain.push({ invoice: i, units, daysOverdue: overdue });
      t.uncertain += units;
      t.uncertainCount++;
      continue;
    }
    seenWeeks.length = 0;
    const place = (part: bigint, expectedOn: Day, by: ExpectedBy) => {
      const late = expectedOn <= asOf;
      const week = late ? 0 : weekOf(expectedOn);
      const w = week < params.weeks ? t.weeks[week]! : t.later;
      w.expected += part;
      if (by === "promise") w.fromPromises += part;
      else if (by === "plan") w.fromPlans += part;
      if (!seenWeeks.includes(week)) {
        seenWeeks.push(week);
        w.count++;
      }
      if (late) t.lateBeyondPattern += part;
      items?.push({ invoice: i, units: part, expectedOn, week, by, late });
    };
    let rest = units;
    const parts = covered.get(i);
    if (parts !== undefined) {
      for (const p of parts) {
        place(p.units, p.date, p.by);
        rest -= p.units;
      }
    }
    if (rest > 0n) {
      const d = delayOfAccount(l.customer[i]! * nCur + cur);
      place(rest, dueDate[i]! + d.days, d.by);
    }
  }
  fast?.forEach((f, cur) => {
    const t = byCurrency.get(cur)!;
    t.open += f.get(SLOT_OPEN);
    t.disputed += f.get(SLOT_DISPUTED);
    t.uncertain += f.get(SLOT_UNCERTAIN);
    t.lateBeyondPattern += f.get(SLOT_LATE);
    for (let w = 0; w < params.weeks; w++) t.weeks[w]!.expected += f.get(SLOT_WEEK + w);
    t.later.expected += f.get(SLOT_WEEK + params.weeks);
  });
  // Sorted by currency code, customer key, then oldest first: ranks computed once (a large ledger's
  // uncertain list runs to hundreds of thousands of items).
  const curRank = ranksOf(l.currencies, (c) => c);
  const custRank = ranksOf(l.customers, (c) => c.key);
  const byAccount = (a: number, b: number) => curRank[l.currency[a]!]! - curRank[l.currency[b]!]! || custRank[l.customer[a]!]! - custRank[l.customer[b]!]!;
  const bySetAside = (a: SetAside, b: SetAside) => byAccount(a.invoice, b.invoice) || oldestFirst(l, a.invoice, b.invoice);
  uncertain.sort(bySetAside);
  disputed.sort(bySetAside);
  items?.sort((a, b) => byAccount(a.invoice, b.invoice) || a.expectedOn - b.expectedOn || oldestFirst(l, a.invoice, b.invoice));
  const currencies = [...byCurrency.values()].sort((a, b) => curRank[a.currency]! - curRank[b.currency]!);
  return { asOf, params, window, weekFrom, weekTo, currencies, uncertain, disputed, items, delays, portfolio, scale: l.scale, nCurrencies: nCur };
}

// ---------------------------------------------------------------------------------------------
// The back-test

export interface BacktestWeek {
  monday: Day;
  /** 1 … 4. */
  week: number;
  from: Day;
  to: Day;
  currency: number;
  forecast: bigint;
  actual: bigint;
}

export interface BacktestCurrency {
  currency: number;
  forecast: bigint;
  actual: bigint;
  /** Σ |actual − forecast| over the Mondays' weeks. */
  absoluteError: bigint;
  /** absoluteError ÷ actual, 4 decimals; null when nothing arrived. */
  wape: string | null;
}

export interface Backtest {
  mondays: Day[];
  weeks: BacktestWeek[];
  currencies: BacktestCurrency[];
}

/** `a ÷ b` as a 4-place decimal string, rounded half-up; a, b ≥ 0, b > 0. */
function ratioString(a: bigint, b: bigint): string {
  const q = (a * 20000n + b) / (2n * b);
  const s = q.toString().padStart(5, "0");
  return `${s.slice(0, -4)}.${s.slice(-4)}`;
}

/**
 * The back-test over `history` (whose dates hold `mondays` and end at or after the last Monday's
 * fourth week): at each Monday, the forecast as it stood, against the payments that then came.
 */
export function backtestOver(history: History, mondays: readonly Day[], paid: FullPayments, events: readonly ContactEvent[], defaultCurrency: string, params: Omit<ForecastParams, "weeks">): Backtest {
  const l = history.ledger;
  const log = history.settlements;
  const wanted = new Set(mondays);
  const weeks: BacktestWeek[] = [];
  for (const snapshot of history) {
    const m = snapshot.asOf;
    if (!wanted.has(m)) continue;
    const standing: Standing = snapshot;
    const f = forecastAt({ standing, paid, commitments: commitmentsAt(standing, events, defaultCurrency), params: { ...params, weeks: BACKTEST_WEEKS }, detail: false, aside: false });
    // Actual: cash on the items in the weeks that Monday, at most each item's open amount.
    const actual = new Map<number, bigint[]>();
    const left = new Map<number, bigint>();
    const end = m + BACKTEST_WEEKS * 7 - 1;
    for (let k = log.upTo(m), stop = log.upTo(end); k < stop; k++) {
      const i = log.invoice[k]!;
      if (log.discount[k] === 1 || l.kind[log.source[k]!] !== KIND_PAYMENT) continue;
      if (l.docDate[i]! > m || l.disputed[i] === 1 || m - l.dueDate[i]! > params.uncertainDays) continue;
      const have = left.get(i) ?? snapshot.outstanding.get(i);
      if (have <= 0n) continue;
      const units = log.unitsOf(k);
      const take = units < have ? units : have;
      left.set(i, have - take);
      let row = actual.get(l.currency[i]!);
      if (row === undefined) actual.set(l.currency[i]!, (row = new Array<bigint>(BACKTEST_WEEKS).fill(0n)));
      row[Math.floor((log.date[k]! - m) / 7)]! += take;
    }
    const currencies = new Set<number>([...f.currencies.map((c) => c.currency), ...actual.keys()]);
    for (const cur of currencies) {
      const fc = f.currencies.find((c) => c.currency === cur);
      for (let w = 0; w < BACKTEST_WEEKS; w++) {
        weeks.push({ monday: m, week: w + 1, from: f.weekFrom[w]!, to: f.weekTo[w]!, currency: cur, forecast: fc?.weeks[w]!.expected ?? 0n, actual: actual.get(cur)?.[w] ?? 0n });
      }
    }
  }
  const code = (c: number) => l.currencies[c] ?? "";
  weeks.sort((a, b) => compareText(code(a.currency), code(b.currency)) || a.monday - b.monday || a.week - b.week);
  const totals = new Map<number, BacktestCurrency>();
  for (const w of weeks) {
    let t = totals.get(w.currency);
    if (t === undefined) totals.set(w.currency, (t = { currency: w.currency, forecast: 0n, actual: 0n, absoluteError: 0n, wape: null }));
    t.forecast += w.forecast;
    t.actual += w.actual;
    t.absoluteError += w.actual > w.forecast ? w.actual - w.forecast : w.forecast - w.actual;
  }
  for (const t of totals.values()) t.wape = t.actual > 0n ? ratioString(t.absoluteError, t.actual) : null;
  return { mondays: [...mondays], weeks, currencies: [...totals.values()].sort((a, b) => compareText(code(a.currency), code(b.currency))) };
}

// ---------------------------------------------------------------------------------------------
// The report

export interface ForecastOptions extends ForecastParams {
  apply: ApplyMode;
  /** Mondays to back-test (0: none). */
  backtest: number;
  detail: boolean;
  /** For promises and agreements whose currency nothing else tells. */
  defaultCurrency: string;
}

export interface ForecastReport {
  forecast: Forecast;
  backtest: Backtest | null;
}

/**
 * The forecast at the book's as-of and, with `backtest`, the back-test: one settlement run over
 * the Mondays and as-of (`given`: the loader's, whose `last` is `settled`) gives the full-payment dates (as seen from as-of) and every Monday's view.
 */
export function forecastReport(settled: Standing, events: readonly ContactEvent[], options: ForecastOptions, given?: History): ForecastReport {
  const asOf = settled.asOf;
  const mondays = options.backtest > 0 ? backtestMondays(asOf, options.backtest) : [];
  // The loader's run when it holds as-of (as its last date) and every Monday: not a second settlement.
  const fits = given !== undefined && given.last === settled && mondays.every((m) => given.dates.includes(m));
  const history = fits ? given : settleOver(settled.ledger, [...mondays, asOf], { apply: options.apply });
  const paid = fullPaymentsFromLog(settled.ledger, history.settlements);
  const params: ForecastParams = { weeks: options.weeks, statistic: options.statistic, uncertainDays: options.uncertainDays };
  const forecast = forecastAt({ standing: settled, paid, commitments: commitmentsAt(settled, events, options.defaultCurrency), params, detail: options.detail });
  const backtest = options.backtest > 0 ? backtestOver(history, mondays, paid, events, options.defaultCurrency, params) : null;
  return { forecast, backtest };
}
