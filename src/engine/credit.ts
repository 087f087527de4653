/**
 * Credit review (信用评估, SPEC.md "Credit review" and "The management layer"): how each customer
 * actually pays, per customer and currency with documents in the window (as-of − window months,
 * as-of].
 *
 * Paid invoices: invoices and debit notes paid in full in the window (query.ts `paidInFull`), none
 * of whose settlements is a write-off. Amount-weighted by the invoice amount A:
 *   avgDaysToPay    = Σ A·(paid − doc date) ÷ Σ A
 *   avgPaymentDelay = Σ A·(paid − due date) ÷ Σ A          (negative when early)
 *   lateShare       = Σ A over invoices paid after due ÷ Σ A
 *
 * PAYDEX (0–100): each paid invoice scores by b = paid − due: b ≤ −30 → 100; paid inside its
 * discount period (doc date + discount days, `2/10 net 30`) → 90; b ≤ 0 → 80; then linear through
 * (0, 80), (15, 70), (22, 60), (30, 50), (60, 40), (90, 30), (120, 20) and down to 0 at 365 (0
 * beyond). Every segment's slope is a multiple of 1/588 per day, so a score × 588 is a whole
 * number and the amount-weighted mean is exact: round half-up of Σ A·588·s ÷ (588·Σ A). null with
 * fewer than 3 paid invoices. SPEC's example: three equal invoices at 80 and one at 50 →
 * (3·80 + 50) ÷ 4 = 72.5 → 73. At b = 10: 80 − 10·10/15 = 73⅓.
 *
 * Risk class: A paydex ≥ 80, B ≥ 70, C ≥ 50, D ≥ 30, E below; one class worse (E stays E) when
 * the account is tier C or over its credit limit; N (new) when paydex is null.
 *
 * Suggested limit: the largest sales (invoices + debit notes − credit notes by doc date) of any 3
 * consecutive calendar months of the window (the as-of month to date and the window − 1 before
 * it), × credit.factor[class], rounded down to a multiple of credit.roundTo; never below 0.
 * Example: monthly sales 40,000, 55,000, 61,000 → 156,000 × 1.2 (class B) = 187,200 → 187,000.
 *
 * Alerts, over the last 90 days L = (as-of − 90, as-of] (README "Rules decided"):
 *   activity_drop  receipts in L < 50% of the average 90-day receipts of the 270 days before
 *                  (as-of − 360, as-of − 90] (= their sum ÷ 3); `watch` below 70%; none when the
 *                  270 days saw no receipts. Exact: recent × 6 < before, recent × 30 < 7 × before.
 *   delay_rising   avgPaymentDelay of the invoices paid in full in L ≥ the window's + 15 days.
 *   paydex_drop    paydex ≤ the paydex 90 days earlier − 10, that one computed on the ledger as it
 *                  stood at as-of − 90 over its own window (from the same settlement run as as-of:
 *                  history.ts `settleOver`; book.ts `settledAt` when the book has no history).
 *   new_tier_c     tier C now and not tier C 90 days earlier.
 *   over_limit     balance above the customer master's credit limit (customers.ts creditLimitCheck).
 *   broken_promise a promise (events log) due in L, before as-of, not kept (query.ts promiseKept).
 * Review due: the master's last_review + 1 month (D, E), 3 months (B, C, N), 12 months (A);
 * as-of (due now) when the master gives no last_review.
 */
import { age, type AgedAccount, type AgingOptions } from "./aging.js";
import { agingOptions, settledAt, type Book } from "./book.js";
import { creditLimitCheck, type CustomerProfile } from "./customers.js";
import { addMonthsClamped, firstDayOfMonth, type Day } from "./dates.js";
import type { ContactEvent } from "./events.js";
import { isCharge, KIND_CREDIT_NOTE, KIND_PAYMENT, type Ledger } from "./ledger.js";
import { Decimal, fromMinor } from "./money.js";
import type { History } from "./history.js";
import { chargeNamed, paidInFull, paidInFullAsItStood, promiseKept } from "./query.js";
import type { CreditSettings, RiskClass } from "./settings.js";
import type { Standing } from "./settle.js";
import type { Tier } from "./tiers.js";

export type { RiskClass } from "./settings.js";

/** The look-back of every alert, in days. */
export const ALERT_DAYS = 90;
/** activity_drop's baseline: the days before the look-back. */
export const BASELINE_DAYS = 270;
export const DELAY_RISING_DAYS = 15;
export const PAYDEX_DROP_POINTS = 10;
/** Fewer paid invoices than this: no paydex, class N. */
export const MIN_PAID_INVOICES = 3;

// ---------------------------------------------------------------------------------------------
// The paydex mapping

const CURVE: readonly [number, number][] = [
  [0, 80],
  [15, 70],
  [22, 60],
  [30, 50],
  [60, 40],
  [90, 30],
  [120, 20],
  [365, 0],
];
/** lcm of the segments' slope denominators (3, 7, 4, 49): a score × 588 is a whole number at every whole b. */
export const PAYDEX_SCALE = 588;

/** One paid invoice's score × 588, by days beyond due b and whether it was paid inside a discount period. */
export function paydexPoints(b: number, inDiscountPeriod: boolean): number {
  if (b <= -30) return 100 * PAYDEX_SCALE;
  if (inDiscountPeriod) return 90 * PAYDEX_SCALE;
  if (b <= 0) return 80 * PAYDEX_SCALE;
  for (let k = 1; k < CURVE.length; k++) {
    const [x1, y1] = CURVE[k]!;
    if (b > x1) continue;
    const [x0, y0] = CURVE[k - 1]!;
    return y0 * PAYDEX_SCALE + ((y1 - y0) * PAYDEX_SCALE * (b - x0)) / (x1 - x0);
  }
  return 0;
}

/** One paid invoice's score (exact). */
export function paydexScore(b: number, inDiscountPeriod = false): Decimal {
  return new Decimal(paydexPoints(b, inDiscountPeriod)).div(PAYDEX_SCALE);
}

/** The amount-weighted mean of scores (Σ A·points as from `paydexPoints`), rounded half-up to a whole number; null below 3 invoices. */
export function paydexOf(weightedPoints: bigint, amount: bigint, count: number): number | null {
  if (count < MIN_PAID_INVOICES || amount <= 0n) return null;
  const den = amount * BigInt(PAYDEX_SCALE);
  return Number((2n * weightedPoints + den) / (2n * den));
}

/** The paydex of invoices given as (amount, b, in discount period): SPEC's rule on plain data. */
export function paydexOfInvoices(invoices: readonly { amount: bigint; b: number; inDiscountPeriod?: boolean }[]): number | null {
  let points = 0n;
  let amount = 0n;
  for (const i of invoices) {
    points += i.amount * BigInt(paydexPoints(i.b, i.inDiscountPeriod === true));
    amount += i.amount;
  }
  return paydexOf(points, amount, invoices.length);
}

const CLASSES: readonly RiskClass[] = ["A", "B", "C", "D", "E"];

/** Risk class from the paydex, one class worse when tier C or over the limit; N without a paydex. */
export function riskClassOf(paydex: number | null, tierC: boolean, overLimit: boolean): RiskClass {
  if (paydex === null) return "N";
  const k = paydex >= 80 ? 0 : paydex >= 70 ? 1 : paydex >= 50 ? 2 : paydex >= 30 ? 3 : 4;
  return CLASSES[Math.min(4, k + (tierC || overLimit ? 1 : 0))]!;
}

/** Months between reviews by class. */
export const REVIEW_MONTHS: Readonly<Record<RiskClass, number>> = { A: 12, B: 3, C: 3, D: 1, E: 1, N: 3 };

export function reviewDueOf(riskClass: RiskClass, lastReview: Day | undefined, asOf: Day): Day {
  return lastReview === undefined ? asOf : addMonthsClamped(lastReview, REVIEW_MONTHS[riskClass]);
}

/** max(0, sales3) × factor, rounded down to a multiple of roundTo (an amount in currency units). */
export function suggestedLimitOf(sales3Units: bigint, scale: number, factor: Decimal, roundTo: Decimal): Decimal {
  const base = sales3Units > 0n ? fromMinor(sales3Units, scale) : new Decimal(0);
  return base.times(factor).div(roundTo).floor().times(roundTo);
}

/** The largest sum of `span` consecutive entries (all of them when there are fewer). */
export function largestRun(months: readonly bigint[], span = 3): bigint {
  const n = Math.min(span, months.length);
  let best: bigint | undefined;
  for (let k = 0; k + n <= months.length; k++) {
    let s = 0n;
    for (let j = k; j < k + n; j++) s += months[j]!;
    if (best === undefined || s > best) best = s;
  }
  return best ?? 0n;
}

/** A / B rounded half-up (away from zero) to `places` decimals; null when B is 0. */
export function ratioOf(num: bigint, den: bigint, places: number): Decimal | null {
  if (den === 0n) return null;
  // In integers: a report of tens of thousands of rows must not pay for 80-digit divisions.
  const negative = num < 0n !== den < 0n && num !== 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (2n * n * 10n ** BigInt(places) + d) / (2n * d);
  return new Decimal(`${negative && q !== 0n ? "-" : ""}${q}e-${places}`);
}

// ---------------------------------------------------------------------------------------------
// Paid-invoice statistics

/** Sums over paid invoices (minor units × days; points × units). */
export interface PaidSums {
  count: number;
  amount: bigint;
  daysToPay: bigint;
  delay: bigint;
  late: bigint;
  points: bigint;
}

const emptySums = (): PaidSums => ({ count: 0, amount: 0n, daysToPay: 0n, delay: 0n, late: 0n, points: 0n });

/** The same sums in doubles while every partial sum is a safe integer (the fast path of a large ledger). */
interface FastSums {
  count: number;
  amount: number;
  daysToPay: number;
  delay: number;
  late: number;
  points: number;
}

class Unsafe extends Error {}

function safe(x: number): number {
  if (!Number.isSafeInteger(x)) throw new Unsafe();
  return x;
}

function addFast(s: FastSums, amount: number, daysToPay: number, delay: number, points: number): void {
  s.count++;
  s.amount = safe(s.amount + amount);
  s.daysToPay = safe(s.daysToPay + safe(amount * daysToPay));
  s.delay = safe(s.delay + safe(amount * delay));
  if (delay > 0) s.late = safe(s.late + amount);
  s.points = safe(s.points + safe(amount * points));
}

function addPaid(s: PaidSums, amount: bigint, daysToPay: number, delay: number, points: number): void {
  s.count++;
  s.amount += amount;
  s.daysToPay += amount * BigInt(daysToPay);
  s.delay += amount * BigInt(delay);
  if (delay > 0) s.late += amount;
  s.points += amount * BigInt(points);
}

const exactOf = (f: FastSums): PaidSums => ({ count: f.count, amount: BigInt(f.amount), daysToPay: BigInt(f.daysToPay), delay: BigInt(f.delay), late: BigInt(f.late), points: BigInt(f.points) });

/** When invoice i was paid in full as the standing has it (query.ts `paidInFull`, `paidInFullAsItStood`). */
type PaidOf = (i: number) => { date: Day; writtenOff: boolean } | null;

/**
 * Per account (customer × currencies + currency): the sums over invoices paid in full in
 * (from, to] without a write-off, and over those paid in (recentFrom, to]. Summed in doubles
 * while every figure is a safe integer (exact), else again in bigint.
 */
function paidStats(standing: Standing, paidOf: PaidOf, from: Day, recentFrom: Day): { window: Map<number, PaidSums>; recent: Map<number, PaidSums> } {
  const amounts = standing.ledger.amount.numbers;
  if (amounts !== undefined) {
    try {
      const fast = paidStatsWith<FastSums>(standing, paidOf, from, recentFrom, () => ({ count: 0, amount: 0, daysToPay: 0, delay: 0, late: 0, points: 0 }), (s, i, a, b, c) => addFast(s, amounts[i]!, a, b, c));
      const conv = (m: Map<number, FastSums>) => new Map([...m].map(([k, v]) => [k, exactOf(v)]));
      return { window: conv(fast.window), recent: conv(fast.recent) };
    } catch (e) {
      if (!(e instanceof Unsafe)) throw e;
    }
  }
  const l = standing.ledger;
  return paidStatsWith<PaidSums>(standing, paidOf, from, recentFrom, emptySums, (s, i, a, b, c) => addPaid(s, l.amount.get(i), a, b, c));
}

function paidStatsWith<S>(standing: Standing, paidOf: PaidOf, from: Day, recentFrom: Day, empty: () => S, add: (s: S, i: number, daysToPay: number, delay: number, points: number) => void): { window: Map<number, S>; recent: Map<number, S> } {
  const l = standing.ledger;
  const nCur = Math.max(1, l.currencies.length);
  const window = new Map<number, S>();
  const recent = new Map<number, S>();
  const to = standing.asOf;
  const open = standing.outstanding.numbers;
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || l.docDate[i]! > to) continue;
    // Open at as-of: not paid (the cheap test before the settlement index).
    if (open !== undefined ? open[i]! > 0 : standing.outstanding.get(i) > 0n) continue;
    const paid = paidOf(i);
    if (paid === null || paid.writtenOff || paid.date <= from || paid.date > to) continue;
    const delay = paid.date - l.dueDate[i]!;
    const terms = l.discounts.get(i);
    const inDiscount = terms !== undefined && paid.date <= l.docDate[i]! + terms.days;
    const points = paydexPoints(delay, inDiscount);
    const key = l.customer[i]! * nCur + l.currency[i]!;
    let s = window.get(key);
    if (!s) window.set(key, (s = empty()));
    add(s, i, paid.date - l.docDate[i]!, delay, points);
    if (paid.date > recentFrom) {
      let r = recent.get(key);
      if (!r) recent.set(key, (r = empty()));
      add(r, i, paid.date - l.docDate[i]!, delay, points);
    }
  }
  return { window, recent };
}

// ---------------------------------------------------------------------------------------------
// The report

export type CreditAlert =
  | { code: "activity_drop" | "watch"; recent: bigint; baseline: bigint; ratio: Decimal }
  | { code: "delay_rising"; recent: Decimal; window: Decimal }
  | { code: "paydex_drop"; paydex: number; earlier: number; earlierOn: Day }
  | { code: "new_tier_c"; oldestDaysOverdue: number; earlierTier: Tier | null; earlierOn: Day }
  | { code: "over_limit"; balance: bigint; limit: Decimal }
  | { code: "broken_promise"; broken: number; promisedOn: Day; dueDate: Day; amount: Decimal | undefined; paid: bigint };

export type AlertCode = CreditAlert["code"];

export interface CreditRow {
  customer: number;
  currency: number;
  paidInvoices: number;
  /** Day figures rounded half-up to 2 decimals; null without paid invoices. */
  avgDaysToPay: Decimal | null;
  avgPaymentDelay: Decimal | null;
  /** Ratio to 4 decimals. */
  lateShare: Decimal | null;
  paydex: number | null;
  /** Open outstanding − unapplied credit at as-of (minor units). */
  balance: bigint;
  creditLimit: Decimal | null;
  utilisation: Decimal | null;
  overLimit: boolean;
  tier: Tier | null;
  promisesKept: number;
  promisesBroken: number;
  riskClass: RiskClass;
  /** The largest sales of 3 consecutive months (minor units). */
  sales3: bigint;
  suggestedLimit: Decimal;
  alerts: CreditAlert[];
  lastReview: Day | undefined;
  reviewDue: Day;
}

export interface CreditReport {
  asOf: Day;
  window: number;
  /** The window's first day excluded: (from, as-of]. */
  from: Day;
  scale: number;
  factor: Record<RiskClass, Decimal>;
  roundTo: Decimal;
  rows: CreditRow[];
}

export interface CreditOptions {
  window: number;
  credit: Omit<CreditSettings, "window">;
}

interface AccountFacts {
  hasDocs: boolean;
  months: bigint[];
  receiptsRecent: bigint;
  receiptsBefore: bigint;
}

/** The dates `accountFacts` sorts documents by: the window (from, as-of], the receipts' 90 and 270 days, month k of the window. */
interface FactSpan {
  asOf: Day;
  from: Day;
  recentFrom: Day;
  beforeFrom: Day;
  window: number;
  monthIndex: (d: Day) => number;
}

/** Per account: whether the window holds documents of it, its sales by month of the window, its receipts. */
function accountFacts(l: Ledger, nCur: number, span: FactSpan): (AccountFacts | undefined)[] {
  const { asOf, from, recentFrom, beforeFrom } = span;
  const facts: (AccountFacts | undefined)[] = new Array(l.customers.length * nCur);
  for (let i = 0; i < l.count; i++) {
    const d = l.docDate[i]!;
    if (d > asOf) continue;
    const kind = l.kind[i]!;
    const inWindow = d > from;
    const isPayment = kind === KIND_PAYMENT;
    if (!inWindow && !(isPayment && d > beforeFrom)) continue;
    const key = l.customer[i]! * nCur + l.currency[i]!;
    let f = facts[key];
    if (!f) facts[key] = f = { hasDocs: false, months: new Array<bigint>(span.window).fill(0n), receiptsRecent: 0n, receiptsBefore: 0n };
    if (inWindow) f.hasDocs = true;
    if (isPayment) {
      if (d > recentFrom) f.receiptsRecent += l.amount.get(i);
      else if (d > beforeFrom) f.receiptsBefore += l.amount.get(i);
    } else if (inWindow && (isCharge(kind) || kind === KIND_CREDIT_NOTE)) {
      const k = span.monthIndex(d);
      if (k < span.window) f.months[k]! += isCharge(kind) ? l.amount.get(i) : -l.amount.get(i);
    }
  }
  return facts;
}

/**
 * `accountFacts` summed in doubles, in typed arrays per account: exact while every running sum
 * is a safe integer (a million documents must not cost a million bigint additions); undefined
 * when one would leave that range (then `accountFacts` sums again in bigints).
 */
function accountFactsInDoubles(l: Ledger, nCur: number, span: FactSpan): (AccountFacts | undefined)[] | undefined {
  const { asOf, from, recentFrom, beforeFrom, window } = span;
  const amounts = l.amount.numbers!;
  const nKeys = l.customers.length * nCur;
  const seen = new Uint8Array(nKeys); // 1: some document counts, 2: and one in the window
  const recent = new Float64Array(nKeys);
  const before = new Float64Array(nKeys);
  const months = new Float64Array(nKeys * window);
  const LIMIT = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < l.count; i++) {
    const d = l.docDate[i]!;
    if (d > asOf) continue;
    const kind = l.kind[i]!;
    const inWindow = d > from;
    const isPayment = kind === KIND_PAYMENT;
    if (!inWindow && !(isPayment && d > beforeFrom)) continue;
    const key = l.customer[i]! * nCur + l.currency[i]!;
    if (inWindow) seen[key] = 2;
    else if (seen[key] === 0) seen[key] = 1;
    const a = amounts[i]!;
    if (isPayment) {
      if (d > recentFrom) {
        if (Math.abs((recent[key] = recent[key]! + a)) > LIMIT) return undefined;
      } else if (d > beforeFrom) {
        if (Math.abs((before[key] = before[key]! + a)) > LIMIT) return undefined;
      }
    } else if (inWindow && (isCharge(kind) || kind === KIND_CREDIT_NOTE)) {
      const k = span.monthIndex(d);
      if (k < window) {
        const slot = key * window + k;
        if (Math.abs((months[slot] = months[slot]! + (isCharge(kind) ? a : -a))) > LIMIT) return undefined;
      }
    }
  }
  const facts: (AccountFacts | undefined)[] = new Array(nKeys);
  for (let key = 0; key < nKeys; key++) {
    if (seen[key] === 0) continue;
    const m = new Array<bigint>(window);
    for (let k = 0; k < window; k++) m[k] = BigInt(months[key * window + k]!);
    facts[key] = { hasDocs: seen[key] === 2, months: m, receiptsRecent: BigInt(recent[key]!), receiptsBefore: BigInt(before[key]!) };
  }
  return facts;
}

function accountTable(accounts: readonly AgedAccount[], nCur: number): Map<number, AgedAccount> {
  const m = new Map<number, AgedAccount>();
  for (const a of accounts) m.set(a.customer * nCur + a.currency, a);
  return m;
}

/**
 * The credit review of a book (settled with its settlements recorded). With `history` (the book
 * settled by `settleOver` over as-of − 90 and as-of: `book.settled` is its `last`), the ledger as
 * it stood 90 days earlier is read from that one run; without, it is settled again at that date.
 */
export function creditReview(book: Pick<Book, "ledger" | "master" | "events" | "settings" | "asOf" | "apply" | "settled" | "other">, options: CreditOptions, history?: History): CreditReport {
  const l: Ledger = book.ledger;
  const asOf = book.asOf;
  const settled = book.settled;
  const nCur = Math.max(1, l.currencies.length);
  const from = addMonthsClamped(asOf, -options.window);
  const recentFrom = asOf - ALERT_DAYS;
  const beforeFrom = recentFrom - BASELINE_DAYS;
  const earlierOn = asOf - ALERT_DAYS;

  // Calendar months of the window: month k (0 = the as-of month) starts on monthStart[k].
  const monthStart: Day[] = [];
  for (let k = 0; k < options.window; k++) monthStart.push(firstDayOfMonth(addMonthsClamped(asOf, -k)));
  const monthIndex = (d: Day) => {
    let k = 0;
    while (k < monthStart.length && d < monthStart[k]!) k++;
    return k;
  };

  // One pass over the documents: which accounts the window holds, sales by month, receipts.
  const span: FactSpan = { asOf, from, recentFrom, beforeFrom, window: options.window, monthIndex };
  const facts = (l.amount.numbers !== undefined ? accountFactsInDoubles(l, nCur, span) : undefined) ?? accountFacts(l, nCur, span);

  const now = paidStats(settled, (i) => paidInFull(settled, i), from, recentFrom);
  const earlierFrom = addMonthsClamped(earlierOn, -options.window);
  let earlierStanding: Standing;
  let earlierPaid: PaidOf;
  const k = history?.dates.indexOf(earlierOn) ?? -1;
  if (history !== undefined && k >= 0 && history.last === settled) {
    const snapshot = history.at(k);
    earlierStanding = snapshot;
    earlierPaid = (i) => paidInFullAsItStood(history.last, snapshot, i);
  } else {
    const earlierSettled = settledAt(book as Book, earlierOn);
    earlierStanding = earlierSettled;
    earlierPaid = (i) => paidInFull(earlierSettled, i);
  }
  const earlier = paidStats(earlierStanding, earlierPaid, earlierFrom, earlierOn - ALERT_DAYS);
  const ageOptions: AgingOptions = { ...agingOptions(book), items: false };
  const aged = accountTable(age(settled, ageOptions).accounts, nCur);
  const agedEarlier = accountTable(age(earlierStanding, ageOptions).accounts, nCur);

  // Promises by customer id, as of as-of.
  const promises = new Map<string, ContactEvent[]>();
  for (const e of book.events) {
    if (e.type !== "promise" || e.dueDate === undefined || e.date > asOf || e.date <= from) continue;
    let list = promises.get(e.customerId);
    if (!list) promises.set(e.customerId, (list = []));
    list.push(e);
  }

  const rows: CreditRow[] = [];
  for (let key = 0; key < facts.length; key++) {
    const f = facts[key];
    if (f === undefined || !f.hasDocs) continue;
    const customer = Math.floor(key / nCur);
    const currency = key % nCur;
    const id = l.customers[customer]!.key;
    const profile: CustomerProfile | undefined = book.master?.get(id);
    const w = now.window.get(key) ?? emptySums();
    const r = now.recent.get(key);
    const e = earlier.window.get(key);
    const paydex = paydexOf(w.points, w.amount, w.count);
    const earlierPaydex = e === undefined ? null : paydexOf(e.points, e.amount, e.count);
    const account = aged.get(key);
    const balance = account?.balance ?? 0n;
    const tier = account?.tier ?? null;
    const limit = creditLimitCheck(balance, l.scale, profile);
    const overLimit = limit?.over === true;
    const riskClass = riskClassOf(paydex, tier === "C", overLimit);
    const sales3 = largestRun(f.months);
    const alerts: CreditAlert[] = [];

    if (f.receiptsBefore > 0n) {
      const code = f.receiptsRecent * 6n < f.receiptsBefore ? "activity_drop" : f.receiptsRecent * 30n < 7n * f.receiptsBefore ? "watch" : undefined;
      if (code !== undefined) alerts.push({ code, recent: f.receiptsRecent, baseline: f.receiptsBefore, ratio: ratioOf(f.receiptsRecent * 3n, f.receiptsBefore, 4)! });
    }
    if (r !== undefined && w.amount > 0n && r.amount > 0n) {
      // recent ÷ rA − window ÷ wA ≥ 15, cross-multiplied.
      if (r.delay * w.amount - w.delay * r.amount >= BigInt(DELAY_RISING_DAYS) * r.amount * w.amount) {
        alerts.push({ code: "delay_rising", recent: ratioOf(r.delay, r.amount, 2)!, window: ratioOf(w.delay, w.amount, 2)! });
      }
    }
    if (paydex !== null && earlierPaydex !== null && paydex <= earlierPaydex - PAYDEX_DROP_POINTS) alerts.push({ code: "paydex_drop", paydex, earlier: earlierPaydex, earlierOn });
    const earlierTier = agedEarlier.get(key)?.tier ?? null;
    if (tier === "C" && earlierTier !== "C") alerts.push({ code: "new_tier_c", oldestDaysOverdue: account!.oldestDaysOverdue, earlierTier, earlierOn });
    if (overLimit) alerts.push({ code: "over_limit", balance, limit: limit!.limit });

    let kept = 0;
    let broken = 0;
    let latestBroken: { e: ContactEvent; paid: bigint } | undefined;
    let brokenRecently = 0;
    for (const p of promises.get(id) ?? []) {
      const invoice = p.docNo === "" ? undefined : chargeNamed(settled, customer, p.docNo);
      if (invoice !== undefined && l.currency[invoice] !== currency) continue;
      if (p.dueDate! >= asOf) continue; // not yet judged
      const check = promiseKept(settled, p, customer, currency);
      if (check.kept) kept++;
      else {
        broken++;
        if (p.dueDate! > recentFrom) {
          brokenRecently++;
          if (latestBroken === undefined || p.dueDate! >= latestBroken.e.dueDate!) latestBroken = { e: p, paid: check.paidUnits };
        }
      }
    }
    if (latestBroken !== undefined) {
      alerts.push({ code: "broken_promise", broken: brokenRecently, promisedOn: latestBroken.e.date, dueDate: latestBroken.e.dueDate!, amount: latestBroken.e.amount, paid: latestBroken.paid });
    }

    rows.push({
      customer,
      currency,
      paidInvoices: w.count,
      avgDaysToPay: ratioOf(w.daysToPay, w.amount, 2),
      avgPaymentDelay: ratioOf(w.delay, w.amount, 2),
      lateShare: ratioOf(w.late, w.amount, 4),
      paydex,
      balance,
      creditLimit: limit?.limit ?? null,
      utilisation: limit === null || limit.limit.isZero() ? null : fromMinor(balance, l.scale).div(limit.limit).toDecimalPlaces(4, Decimal.ROUND_HALF_UP),
      overLimit,
      tier,
      promisesKept: kept,
      promisesBroken: broken,
      riskClass,
      sales3,
      suggestedLimit: suggestedLimitOf(sales3, l.scale, options.credit.factor[riskClass], options.credit.roundTo),
      alerts,
      lastReview: profile?.lastReview,
      reviewDue: reviewDueOf(riskClass, profile?.lastReview, asOf),
    });
  }
  const rank = (c: number) => l.customers[c]!.key;
  rows.sort((a, b) => (rank(a.customer) < rank(b.customer) ? -1 : rank(a.customer) > rank(b.customer) ? 1 : l.currencies[a.currency]! < l.currencies[b.currency]! ? -1 : l.currencies[a.currency]! > l.currencies[b.currency]! ? 1 : 0));
  return { asOf, window: options.window, from, scale: l.scale, factor: options.credit.factor, roundTo: options.credit.roundTo, rows };
}

/** Customer id → the codes of its alerts (every currency), for `ar calls`' `credit_alert`. */
export function creditAlertsByCustomer(report: CreditReport, ledger: Ledger): Map<string, AlertCode[]> {
  const out = new Map<string, AlertCode[]>();
  for (const r of report.rows) {
    if (r.alerts.length === 0) continue;
    const id = ledger.customers[r.customer]!.key;
    const list = out.get(id) ?? [];
    for (const a of r.alerts) if (!list.includes(a.code)) list.push(a.code);
    out.set(id, list);
  }
  return out;
}
