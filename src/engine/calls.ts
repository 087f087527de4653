/**
 * The collector's call list (SPEC.md "Collector call list"): who to call, in what order, when,
 * at which dunning stage, and why. Pure: the as-of date, the calendar, the settled ledger, its
 * aging, the events log and the settings come in; a plan comes out.
 *
 * Who is due. A customer with overdue, undisputed items (a tier) is due when its cadence allows:
 * `last contact in the current overdue episode + cadenceDays[tier]` (at least the next day, so a
 * contact logged today is never planned again today; tier C's cadence 0 means "every day").
 * A customer with nothing overdue but an undisputed item due within `dueSoonDays` (7) gets one
 * `reminder` call, unless it was contacted since the reminder period began. An open promise
 * (its date not passed, not yet paid) holds the calls until the promised date.
 *
 * The overdue episode is the run of days the customer has been continuously overdue: it began
 * the day after the due date of its oldest open, undisputed, overdue item. Contacts before that
 * belong to an earlier episode (or to a reminder) and do not move the stage.
 *
 * Stage. Counting the distinct days with a contact (call, visit, email, wechat, letter_sent,
 * promise, agreement) in the episode: none → `first`, one → `second`, two or more → `escalate`.
 * `legal` when the log has a `legal` event in the episode, or when a tier C customer was sent a
 * letter on or after its third contact day (the escalation's formal demand went unanswered).
 * The tier caps the stage: tier A (≤ 30 days) at `second`, tier B at `escalate`.
 *
 * Priority score (documented in the README with a worked example):
 *
 *   score = tierPoints + amountPoints + agePoints + flagPoints
 *   tierPoints   = A 100, B 200, C 300 (a reminder, with no tier: 0)
 *   amountPoints = ⌊10 × log10(amount)⌋, 0 below 1.00 — amount = overdue undisputed outstanding
 *                  (a reminder: the amount falling due); computed exactly on integers
 *   agePoints    = ⌊min(oldest days overdue, 365) / 10⌋
 *   flagPoints   = broken_promise 2000, expiring_claim 1000, pre_spring_festival or
 *                  pre_mid_autumn 100, over_limit 50 (due_soon 0: it only informs)
 *
 * Tiers dominate (an older tier beats any amount short of ten-thousand-fold); within a tier the
 * amount, then the age, order the list; 2000 puts every broken promise above anything else (the
 * rest adds up to at most 300 + 180 + 36 + 1000 + 100 + 50 = 1666 for amounts below 10^18).
 * Ties: older first, then larger amount, then customer id.
 *
 * Slots. Calls go to the window (default 10:00–11:00) of the allowed weekdays (default Tue–Thu);
 * tier C and broken promises may use any business day's window. `perHour` calls an hour, each in
 * its own slot of 60/perHour minutes (start rounded down to the minute). Customers are placed
 * in score order, each in the earliest free slot from its due day through the horizon (the first
 * `days` business days on or after as-of); a full window overflows to the next allowed one.
 * `individual` customers are not called in the last `individualMonthEndDays` days of a month,
 * `large_enterprise` ones in the last `largeEnterpriseQuarterEndDays` days of a quarter.
 * Whoever is due but finds no slot, or must not be called, is listed in `skipped` with why.
 * Each customer appears once: the list plans the next contact, the log then records it.
 */
import { compareText } from "./order.js";
import { promiseKept } from "./query.js";
import type { Aging, AgedAccount } from "./aging.js";
import { midAutumn, springFestival, type BusinessCalendar } from "./calendar.js";
import { creditLimitCheck, customerName, type CustomerProfile, type Segment } from "./customers.js";
import { dayFromYmd, daysInMonth, lastDayOfMonth, weekdayOf, ymdOf, type Day } from "./dates.js";
import { CONTACT_TYPES, type ContactEvent, type EventType } from "./events.js";
import { KIND_PAYMENT, docNoOf, isCharge, type Ledger } from "./ledger.js";
import { expiringClaims, type LimitationReport } from "./limitation.js";
import { Decimal, fromMinor } from "./money.js";
import { brokenPlans, type PlanState } from "./plan.js";
import type { Settled } from "./settle.js";
import type { Tier } from "./tiers.js";
import { defaultSettings, DUE_SOON_DAYS, type Settings, type WeekdayName } from "./settings.js";

export type Stage = "reminder" | "first" | "second" | "escalate" | "legal";

export const STAGES: readonly Stage[] = ["reminder", "first", "second", "escalate", "legal"];

/** Stable codes for scripts (SPEC.md); `reasons` say the same in words. */
export type FlagCode = "broken_promise" | "pre_spring_festival" | "pre_mid_autumn" | "due_soon" | "expiring_claim" | "over_limit" | "credit_alert";

export const FLAG_CODES: readonly FlagCode[] = ["broken_promise", "expiring_claim", "pre_spring_festival", "pre_mid_autumn", "over_limit", "due_soon", "credit_alert"];

/**
 * A flag another report raises for a customer, as facts (the renderer words them): `ar limitation`
 * marks `expiring_claim` (the invoices, the earliest expiry and its days left), `ar plan --status`
 * marks a missed or partly paid instalment of the customer's latest agreement as `broken_promise`.
 */
export type ExtraFlag =
  | { flag: "expiring_claim"; expiry: Day; daysLeft: number; docNos: readonly string[] }
  | { flag: "broken_promise"; agreedOn: Day; number: number; currency: string; amount: bigint; paid: bigint; dueDate: Day; status: "missed" | "partly_paid" }
  /** `ar credit` (engine/credit.ts) raised alerts for the customer: their codes. */
  | { flag: "credit_alert"; codes: readonly string[] };

/**
 * The flags `ar calls` takes from the limitation report and the plans' status, by customer id:
 * expiring claims first, then missed instalments (engine/limitation.ts expiringClaims,
 * engine/plan.ts brokenPlans).
 */
export function extraFlagsFrom(limitation: LimitationReport, plans: readonly PlanState[], creditAlerts: ReadonlyMap<string, readonly string[]> = new Map()): Map<string, ExtraFlag[]> {
  const out = new Map<string, ExtraFlag[]>();
  const add = (id: string, f: ExtraFlag) => out.set(id, [...(out.get(id) ?? []), f]);
  for (const [id, c] of expiringClaims(limitation)) add(id, { flag: "expiring_claim", expiry: c.expiry, daysLeft: c.daysLeft, docNos: c.items.map((it) => it.claim.docNo) });
  for (const [id, b] of brokenPlans(plans)) {
    const i = b.instalment;
    add(id, { flag: "broken_promise", agreedOn: b.plan.agreedOn, number: b.number, currency: b.plan.currency, amount: i.amount, paid: i.paid, dueDate: i.dueDate, status: i.status === "partly_paid" ? "partly_paid" : "missed" });
  }
  // over_limit and broken_promise are calls' own flags already: the credit review adds the others.
  for (const [id, all] of creditAlerts) {
    const codes = all.filter((c) => c !== "over_limit" && c !== "broken_promise");
    if (codes.length > 0) add(id, { flag: "credit_alert", codes });
  }
  return out;
}

export type Festival = "spring" | "mid_autumn";

export interface CallSettings {
  /** Weekdays (0 Sunday … 6 Saturday) whose window routine calls use. */
  weekdays: readonly number[];
  /** The call window, minutes after midnight: [start, end). */
  windowStart: number;
  windowEnd: number;
  perHour: number;
  cadenceDays: Readonly<Record<Tier, number>>;
  festivalPushDays: number;
  individualMonthEndDays: number;
  largeEnterpriseQuarterEndDays: number;
  /** Items due within this many days get a reminder (SPEC: 7). */
  dueSoonDays: number;
}

const WEEKDAY_NUMBERS: Record<WeekdayName, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

/** The planner's settings from the `calls` settings (SPEC.md "Config"): weekdays as numbers, the window in minutes. */
export function callSettingsOf(settings: Settings): CallSettings {
  const c = settings.calls;
  return {
    weekdays: c.weekdays.map((w) => WEEKDAY_NUMBERS[w]),
    windowStart: minutesOf(c.window[0]),
    windowEnd: minutesOf(c.window[1]),
    perHour: c.perHour,
    cadenceDays: { ...c.cadenceDays },
    festivalPushDays: c.festivalPushDays,
    individualMonthEndDays: c.avoid.individualMonthEndDays,
    largeEnterpriseQuarterEndDays: c.avoid.largeEnterpriseQuarterEndDays,
    dueSoonDays: DUE_SOON_DAYS,
  };
}

/** The defaults of engine/settings.ts in the planner's terms. */
export const DEFAULT_CALL_SETTINGS: CallSettings = callSettingsOf(defaultSettings());

export interface CallsInput {
  asOf: Day;
  /** Business days the list covers, from as-of (1 = today's list). */
  days: number;
  calendar: BusinessCalendar;
  settled: Settled;
  /** `age(settled, …)` at the same as-of (by due date). */
  aging: Aging;
  events: readonly ContactEvent[];
  profiles?: ReadonlyMap<string, CustomerProfile>;
  settings: CallSettings;
  /** Flags raised by other commands, by customer id. */
  extraFlags?: ReadonlyMap<string, readonly ExtraFlag[]>;
}

export interface ScoreParts {
  tier: number;
  amount: number;
  age: number;
  flags: number;
  total: number;
}

export interface PromiseInfo {
  /** The day the promise was made, what, and by when. */
  madeOn: Day;
  amount: Decimal | undefined;
  dueDate: Day;
  docNo: string;
  /** Paid from the promise's date through its due date (the account's currency). */
  paid: Decimal;
  line: number;
  file: string;
}

export type Reason =
  | { kind: "tier"; tier: Tier }
  | { kind: "days"; days: number }
  | { kind: "broken_promise"; promise: PromiseInfo }
  | { kind: "legal_action"; date: Day }
  | { kind: "demand_unanswered"; date: Day }
  | { kind: "extra"; extra: ExtraFlag }
  | { kind: "festival"; festival: Festival; date: Day }
  | { kind: "over_limit"; balance: bigint; limit: Decimal }
  | { kind: "due_soon"; amount: bigint; dueDate: Day }
  | { kind: "contacts"; count: number; since: Day; last: { date: Day; type: EventType } | undefined }
  | { kind: "other_currency"; currency: string; overdue: bigint };

export interface CallSubject {
  customer: number;
  customerId: string;
  name: string;
  /** The account the call is about (the worst one when the customer owes in several currencies). */
  currency: string;
  tier: Tier | null;
  /** Overdue, undisputed outstanding of the account, minor units at `scale`, and how many items. */
  overdue: bigint;
  overdueItems: number;
  /** Largest days overdue over the account's undisputed open items (0 for a reminder). */
  oldestDaysOverdue: number;
  stage: Stage;
  flags: FlagCode[];
  reasons: Reason[];
  score: ScoreParts;
  /** The ledger row the script names: the oldest undisputed overdue item, for a reminder the next one due. */
  focusItem: number;
  focusOutstanding: bigint;
  /** Where the current overdue episode began (undefined for a reminder). */
  episodeStart: Day | undefined;
  contactDays: number;
  lastContact: ContactEvent | undefined;
  brokenPromise: PromiseInfo | undefined;
  /** The date of a `legal` event in the episode: proceedings are under way. */
  legalSince: Day | undefined;
  festival: { festival: Festival; date: Day } | undefined;
  /** Contact is due from this day on. */
  dueFrom: Day;
  /** May use any business day's window (tier C, broken promise). */
  anyBusinessDay: boolean;
  segment: Segment | undefined;
}

export interface PlannedCall extends CallSubject {
  rank: number;
  date: Day;
  /** Minutes after midnight. */
  start: number;
  end: number;
}

export type SkipReason =
  | { kind: "do_not_contact" }
  | { kind: "open_promise"; promise: PromiseInfo }
  | { kind: "month_end"; days: number; next: Day | undefined }
  | { kind: "quarter_end"; days: number; next: Day | undefined }
  | { kind: "no_window"; next: Day | undefined }
  | { kind: "capacity"; next: Day | undefined };

export interface SkippedCall {
  subject: CallSubject;
  reason: SkipReason;
}

export interface CallList {
  asOf: Day;
  /** The business days the list covers. */
  horizon: Day[];
  scale: number;
  calls: PlannedCall[];
  skipped: SkippedCall[];
}

// ---------------------------------------------------------------------------------------------
// Calendar rules

/** The first `days` business days on or after `asOf`. */
export function horizonDays(asOf: Day, days: number, calendar: BusinessCalendar): Day[] {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a whole number ≥ 1, got ${days}`);
  const out: Day[] = [];
  for (let day = calendar.nextBusinessDayOnOrAfter(asOf); out.length < days; day = calendar.nextBusinessDayOnOrAfter(day + 1)) out.push(day);
  return out;
}

/** The days of the push before a festival: [festival − pushDays, festival − 1]. */
export function festivalPushWindow(festival: Day, pushDays: number): { from: Day; to: Day } | undefined {
  if (pushDays <= 0) return undefined;
  return { from: festival - pushDays, to: festival - 1 };
}

/** The festival whose push `day` falls in, if any (Spring Festival first when both would). */
export function festivalPushOn(day: Day, pushDays: number): { festival: Festival; date: Day } | undefined {
  const { y } = ymdOf(day);
  for (const year of [y, y + 1]) {
    for (const [festival, date] of [
      ["spring", springFestival(year)],
      ["mid_autumn", midAutumn(year)],
    ] as const) {
      const w = festivalPushWindow(date, pushDays);
      if (w !== undefined && day >= w.from && day <= w.to) return { festival, date };
    }
  }
  return undefined;
}

/** In the last `n` days of its month (stock-taking for small traders). */
export function inMonthEnd(day: Day, n: number): boolean {
  return n > 0 && lastDayOfMonth(day) - day < n;
}

/** In the last `n` days of its calendar quarter (quarter-end review at large companies). */
export function inQuarterEnd(day: Day, n: number): boolean {
  if (n <= 0) return false;
  const { y, m } = ymdOf(day);
  const lastMonth = Math.ceil(m / 3) * 3;
  return dayFromYmd(y, lastMonth, daysInMonth(y, lastMonth)) - day < n;
}

/** Why `segment` may not be called on `day`, if it may not. */
export function avoidOn(day: Day, segment: Segment | undefined, s: CallSettings): "month_end" | "quarter_end" | undefined {
  if (segment === "individual" && inMonthEnd(day, s.individualMonthEndDays)) return "month_end";
  if (segment === "large_enterprise" && inQuarterEnd(day, s.largeEnterpriseQuarterEndDays)) return "quarter_end";
  return undefined;
}

export function windowOpenOn(day: Day, anyBusinessDay: boolean, calendar: BusinessCalendar, s: CallSettings): boolean {
  return calendar.isBusinessDay(day) && (anyBusinessDay || s.weekdays.includes(weekdayOf(day)));
}

/** Calls that fit in one day's window. */
export function windowCapacity(s: CallSettings): number {
  return Math.floor(((s.windowEnd - s.windowStart) * s.perHour) / 60);
}

/** The k-th slot of a window (k from 0): each call gets 60/perHour minutes, starts rounded down. */
export function slotTimes(k: number, s: CallSettings): { start: number; end: number } {
  return { start: s.windowStart + Math.floor((k * 60) / s.perHour), end: s.windowStart + Math.floor(((k + 1) * 60) / s.perHour) };
}

// ---------------------------------------------------------------------------------------------
// Stage, cadence, score

/** Distinct days with a contact, oldest first. */
export function contactDays(events: readonly ContactEvent[]): Day[] {
  const days = new Set<Day>();
  for (const e of events) if (CONTACT_TYPES.has(e.type)) days.add(e.date);
  return [...days].sort((a, b) => a - b);
}

const STAGE_CAP: Record<Tier, Stage> = { A: "second", B: "escalate", C: "legal" };

/** The dunning stage of an overdue customer from the events of its current episode (see the module comment). */
export function stageOf(tier: Tier, episodeEvents: readonly ContactEvent[]): Stage {
  return stageWithCause(tier, episodeEvents).stage;
}

/** The stage, and for `legal` the event that made it so (a `legal` row, or the unanswered letter). */
export function stageWithCause(tier: Tier, episodeEvents: readonly ContactEvent[]): { stage: Stage; cause: ContactEvent | undefined } {
  const legal = episodeEvents.find((e) => e.type === "legal");
  if (legal !== undefined) return { stage: "legal", cause: legal };
  const days = contactDays(episodeEvents);
  let stage: Stage = days.length === 0 ? "first" : days.length === 1 ? "second" : "escalate";
  let cause: ContactEvent | undefined;
  if (tier === "C" && days.length >= 3) {
    const third = days[2]!;
    cause = episodeEvents.find((e) => e.type === "letter_sent" && e.date >= third);
    if (cause !== undefined) stage = "legal";
  }
  const cap = STAGE_CAP[tier];
  if (STAGES.indexOf(stage) > STAGES.indexOf(cap)) return { stage: cap, cause: undefined };
  return { stage, cause };
}

/** The first day a customer is due again after a contact on `lastContact` (undefined: none yet). */
export function nextContactDay(lastContact: Day | undefined, cadenceDays: number, asOf: Day): Day {
  if (lastContact === undefined) return asOf;
  return Math.max(asOf, lastContact + Math.max(1, cadenceDays));
}

const TIER_POINTS: Record<Tier, number> = { A: 100, B: 200, C: 300 };

export const FLAG_POINTS: Readonly<Record<FlagCode, number>> = {
  broken_promise: 2000,
  expiring_claim: 1000,
  pre_spring_festival: 100,
  pre_mid_autumn: 100,
  over_limit: 50,
  due_soon: 0,
  // A reason to know before calling, not a reason to call sooner: the order stays the collector's.
  credit_alert: 0,
};

/**
 * ⌊10 × log10(amount)⌋ for amount = units × 10^-scale ≥ 1, else 0; exact: for x = units, the
 * largest k with x^10 ≥ 10^k is the digit count of x^10 less one.
 */
export function amountPoints(units: bigint, scale: number): number {
  const unit = 10n ** BigInt(scale);
  if (units < unit) return 0;
  return (units ** 10n).toString().length - 1 - 10 * scale;
}

export function agePoints(oldestDaysOverdue: number): number {
  return Math.floor(Math.min(Math.max(oldestDaysOverdue, 0), 365) / 10);
}

export function scoreOf(tier: Tier | null, amountUnits: bigint, scale: number, oldestDaysOverdue: number, flags: Iterable<FlagCode>): ScoreParts {
  const parts = { tier: tier === null ? 0 : TIER_POINTS[tier], amount: amountPoints(amountUnits, scale), age: agePoints(oldestDaysOverdue), flags: 0, total: 0 };
  for (const f of new Set(flags)) parts.flags += FLAG_POINTS[f];
  parts.total = parts.tier + parts.amount + parts.age + parts.flags;
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Promises

/** A promise checked against the ledger (query.ts `promiseKept`), in the words calls needs. */
function promiseInfo(e: ContactEvent, customer: number, accountCurrency: number, settled: Settled): PromiseInfo & { invoiceSettled: boolean; kept: boolean } {
  const check = promiseKept(settled, e, customer, accountCurrency);
  return { madeOn: e.date, amount: e.amount, dueDate: e.dueDate!, docNo: e.docNo, paid: fromMinor(check.paidUnits, settled.ledger.scale), line: e.line, file: e.file, invoiceSettled: check.invoiceSettled, kept: check.kept };
}

// ---------------------------------------------------------------------------------------------
// The list

interface AccountView {
  account: AgedAccount;
  overdue: bigint;
  overdueItems: number;
  oldest: number;
  /** Oldest undisputed overdue item, by due date. */
  oldestItem: number | undefined;
  oldestOutstanding: bigint;
  /** Next undisputed item due within dueSoonDays. */
  dueSoon: { index: number; outstanding: bigint; dueDate: Day } | undefined;
}

function viewOf(account: AgedAccount, l: Ledger, asOf: Day, dueSoonDays: number): AccountView {
  let overdue = 0n;
  let overdueItems = 0;
  let oldest = 0;
  let oldestItem: number | undefined;
  let oldestOutstanding = 0n;
  let dueSoon: AccountView["dueSoon"];
  // Items come sorted by due date: the first undisputed overdue one is the oldest.
  for (const it of account.items) {
    if (it.disputed) continue;
    if (it.daysOverdue > 0) {
      overdue += it.outstanding;
      overdueItems++;
      if (oldestItem === undefined) {
        oldestItem = it.index;
        oldest = it.daysOverdue;
        oldestOutstanding = it.outstanding;
      }
    } else {
      const due = l.dueDate[it.index]!;
      if (due - asOf <= dueSoonDays && (dueSoon === undefined || due < dueSoon.dueDate)) dueSoon = { index: it.index, outstanding: it.outstanding, dueDate: due };
    }
  }
  return { account, overdue, overdueItems, oldest, oldestItem, oldestOutstanding, dueSoon };
}

const TIER_RANK: Record<Tier, number> = { A: 1, B: 2, C: 3 };

/** The subjects due for contact within the horizon, highest priority first. */
export function callSubjects(input: CallsInput, horizonEnd: Day): { subject: CallSubject; hold: PromiseInfo | undefined }[] {
  const { asOf, settled, aging, settings: s } = input;
  const l = settled.ledger;
  const byCustomer = new Map<number, AgedAccount[]>();
  for (const a of aging.accounts) {
    let list = byCustomer.get(a.customer);
    if (!list) byCustomer.set(a.customer, (list = []));
    list.push(a);
  }
  const eventsOf = new Map<string, ContactEvent[]>();
  for (const e of input.events) {
    if (e.date > asOf) continue;
    let list = eventsOf.get(e.customerId);
    if (!list) eventsOf.set(e.customerId, (list = []));
    list.push(e);
  }
  for (const list of eventsOf.values()) list.sort((a, b) => a.date - b.date);
  const festival = festivalPushOn(asOf, s.festivalPushDays);
  const out: { subject: CallSubject; hold: PromiseInfo | undefined }[] = [];

  for (const [customer, accounts] of byCustomer) {
    const key = l.customers[customer]!.key;
    const profile = input.profiles?.get(key);
    const views = accounts.map((a) => viewOf(a, l, asOf, s.dueSoonDays));
    // The account the call is about: the worst tier, then the oldest, then the currency code.
    const overdueViews = views.filter((v) => v.account.tier !== null && v.oldestItem !== undefined);
    overdueViews.sort(
      (a, b) =>
        TIER_RANK[b.account.tier!] - TIER_RANK[a.account.tier!] || b.oldest - a.oldest || compareText(l.currencies[a.account.currency]!, l.currencies[b.account.currency]!),
    );
    const soonViews = views.filter((v) => v.dueSoon !== undefined).sort((a, b) => a.dueSoon!.dueDate - b.dueSoon!.dueDate || compareText(l.currencies[a.account.currency]!, l.currencies[b.account.currency]!));
    const main = overdueViews[0] ?? soonViews[0];
    if (main === undefined) continue;
    const tier = overdueViews.length > 0 ? main.account.tier : null;
    const events = eventsOf.get(key) ?? [];
    const flags = new Set<FlagCode>();
    const reasons: Reason[] = [];
    const extra = input.extraFlags?.get(key) ?? [];

    let stage: Stage;
    let stageCause: ContactEvent | undefined;
    let episodeStart: Day | undefined;
    let dueFrom: Day;
    let lastContact: ContactEvent | undefined;
    let contactCount = 0;
    let brokenPromise: PromiseInfo | undefined;
    let hold: PromiseInfo | undefined;
    let focusItem: number;
    let focusOutstanding: bigint;

    if (tier !== null) {
      // Continuously overdue since the day after the oldest open undisputed overdue item fell due.
      let start = Infinity;
      for (const v of views) for (const it of v.account.items) if (!it.disputed && it.daysOverdue > 0) start = Math.min(start, l.dueDate[it.index]! + 1);
      episodeStart = start;
      const episode = events.filter((e) => e.date >= start);
      ({ stage, cause: stageCause } = stageWithCause(tier, episode));
      const contacts = episode.filter((e) => CONTACT_TYPES.has(e.type));
      lastContact = contacts[contacts.length - 1];
      contactCount = contactDays(episode).length;
      dueFrom = nextContactDay(lastContact?.date, s.cadenceDays[tier], asOf);
      for (const e of events) {
        if (e.type !== "promise" || e.dueDate === undefined) continue;
        const p = promiseInfo(e, customer, main.account.currency, settled);
        if (e.dueDate >= asOf) {
          if (!p.kept && !p.invoiceSettled) hold = p;
        } else if (e.dueDate >= start && !p.kept && !p.invoiceSettled) {
          brokenPromise = p; // the latest broken one
        }
      }
      if (brokenPromise !== undefined) flags.add("broken_promise");
      if (festival !== undefined) flags.add(festival.festival === "spring" ? "pre_spring_festival" : "pre_mid_autumn");
      focusItem = main.oldestItem!;
      focusOutstanding = main.oldestOutstanding;
    } else {
      stage = "reminder";
      const soon = main.dueSoon!;
      // One reminder per due date: none if someone already spoke to the customer in the period.
      const periodStart = soon.dueDate - s.dueSoonDays;
      const recent = events.filter((e) => e.date >= periodStart && CONTACT_TYPES.has(e.type));
      if (recent.length > 0) continue;
      dueFrom = asOf;
      focusItem = soon.index;
      focusOutstanding = soon.outstanding;
    }
    if (dueFrom > horizonEnd) continue;

    const dueSoon = main.dueSoon;
    if (dueSoon !== undefined) flags.add("due_soon");
    let overLimit: Reason | undefined;
    const limit = creditLimitCheck(main.account.balance, l.scale, profile);
    if (limit?.over) {
      flags.add("over_limit");
      overLimit = { kind: "over_limit", balance: main.account.balance, limit: limit.limit };
    }
    for (const x of extra) flags.add(x.flag);

    if (tier !== null) {
      reasons.push({ kind: "tier", tier }, { kind: "days", days: main.oldest });
      if (brokenPromise !== undefined) reasons.push({ kind: "broken_promise", promise: brokenPromise });
      if (stageCause !== undefined) reasons.push(stageCause.type === "legal" ? { kind: "legal_action", date: stageCause.date } : { kind: "demand_unanswered", date: stageCause.date });
    } else {
      reasons.push({ kind: "due_soon", amount: dueSoon!.outstanding, dueDate: dueSoon!.dueDate });
    }
    for (const x of extra) reasons.push({ kind: "extra", extra: x });
    if (tier !== null && festival !== undefined) reasons.push({ kind: "festival", festival: festival.festival, date: festival.date });
    if (overLimit) reasons.push(overLimit);
    if (tier !== null && dueSoon !== undefined) reasons.push({ kind: "due_soon", amount: dueSoon.outstanding, dueDate: dueSoon.dueDate });
    if (tier !== null) reasons.push({ kind: "contacts", count: contactCount, since: episodeStart!, last: lastContact && { date: lastContact.date, type: lastContact.type } });
    for (const v of overdueViews.slice(1)) reasons.push({ kind: "other_currency", currency: l.currencies[v.account.currency]!, overdue: v.overdue });

    const amount = tier !== null ? main.overdue : dueSoon!.outstanding;
    const flagList = FLAG_CODES.filter((f) => flags.has(f));
    const subject: CallSubject = {
      customer,
      customerId: key,
      name: customerName(l.customers[customer]!.name, profile, key),
      currency: l.currencies[main.account.currency]!,
      tier,
      overdue: tier !== null ? main.overdue : 0n,
      overdueItems: tier !== null ? main.overdueItems : 0,
      oldestDaysOverdue: tier !== null ? main.oldest : 0,
      stage,
      flags: flagList,
      reasons,
      score: scoreOf(tier, amount, l.scale, tier !== null ? main.oldest : 0, flagList),
      focusItem,
      focusOutstanding,
      episodeStart,
      contactDays: contactCount,
      lastContact,
      brokenPromise,
      legalSince: stageCause?.type === "legal" ? stageCause.date : undefined,
      festival: tier !== null ? festival : undefined,
      dueFrom,
      anyBusinessDay: tier === "C" || flags.has("broken_promise"),
      segment: profile?.segment,
    };
    out.push({ subject, hold });
  }
  out.sort((a, b) => comparePriority(a.subject, b.subject));
  return out;
}

/** Higher score first; ties: older, then larger amount, then customer id. */
export function comparePriority(a: CallSubject, b: CallSubject): number {
  return (
    b.score.total - a.score.total ||
    b.oldestDaysOverdue - a.oldestDaysOverdue ||
    (b.overdue > a.overdue ? 1 : b.overdue < a.overdue ? -1 : 0) ||
    compareText(a.customerId, b.customerId)
  );
}

/** The first day after `from` on which the subject could be called, ignoring capacity (within a year). */
function nextOpenDay(from: Day, subject: CallSubject, calendar: BusinessCalendar, s: CallSettings): Day | undefined {
  for (let day = from; day < from + 400; day++) {
    if (windowOpenOn(day, subject.anyBusinessDay, calendar, s) && avoidOn(day, subject.segment, s) === undefined) return day;
  }
  return undefined;
}

export function planCalls(input: CallsInput): CallList {
  const { asOf, calendar, settings: s } = input;
  const horizon = horizonDays(asOf, input.days, calendar);
  const horizonEnd = horizon[horizon.length - 1]!;
  const capacity = windowCapacity(s);
  const used = new Map<Day, number>();
  const calls: PlannedCall[] = [];
  const skipped: SkippedCall[] = [];
  for (const { subject, hold } of callSubjects(input, horizonEnd)) {
    if (input.profiles?.get(subject.customerId)?.doNotContact) {
      skipped.push({ subject, reason: { kind: "do_not_contact" } });
      continue;
    }
    // An open promise holds the calls until the day after its date.
    const dueFrom = hold === undefined ? subject.dueFrom : Math.max(subject.dueFrom, hold.dueDate + 1);
    if (dueFrom > horizonEnd) {
      skipped.push({ subject, reason: { kind: "open_promise", promise: hold! } });
      continue;
    }
    let blocked: "month_end" | "quarter_end" | "no_window" | "capacity" = "no_window";
    let placed = false;
    for (const day of horizon) {
      if (day < dueFrom) continue;
      if (!windowOpenOn(day, subject.anyBusinessDay, calendar, s)) continue;
      const avoid = avoidOn(day, subject.segment, s);
      if (avoid !== undefined) {
        blocked = avoid;
        continue;
      }
      const k = used.get(day) ?? 0;
      if (k >= capacity) {
        if (blocked === "no_window") blocked = "capacity";
        continue;
      }
      used.set(day, k + 1);
      const { start, end } = slotTimes(k, s);
      calls.push({ ...subject, dueFrom, rank: calls.length + 1, date: day, start, end });
      placed = true;
      break;
    }
    if (placed) continue;
    const next = nextOpenDay(horizonEnd + 1, subject, calendar, s);
    if (blocked === "month_end") skipped.push({ subject, reason: { kind: "month_end", days: s.individualMonthEndDays, next } });
    else if (blocked === "quarter_end") skipped.push({ subject, reason: { kind: "quarter_end", days: s.largeEnterpriseQuarterEndDays, next } });
    else skipped.push({ subject, reason: { kind: blocked, next } });
  }
  return { asOf, horizon, scale: input.settled.ledger.scale, calls, skipped };
}
