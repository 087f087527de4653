/**
 * The month-end pack as data (SPEC "Month-end pack (月结报告, `ar pack`)"): the reports the pack
 * summarises, composed from ONE settlement run where the report functions allow it.
 *
 * One run: the book is loaded with the history of `packDates` (kpi's 12 month ends and the day
 * before the first; the day before the month is the previous month end, which the roll-forward
 * needs), so KPIs, the aging at each month end, the month's roll-forward, last month's provision
 * and the forecast (its payment history is the run's settlement log at as-of, `forecastAt`) read
 * that one run. Exception: the matrix provision's roll rates (`matrixRates`, provision.ts) read
 * each month end from the viewpoint of the last month end before the as-of month, which is
 * another run; it is made only when the ledger holds a year of history.
 *
 * Nothing here formats: the renderers (io/render/pack.ts) turn this into tables and charts.
 */
import { compareText } from "./order.js";
import { age, type Aging } from "./aging.js";
import { agingOptions, type Book } from "./book.js";
import { festivalPushWindow } from "./calls.js";
import { midAutumn, springFestival } from "./calendar.js";
import { commissionReport, type CommissionReport } from "./commission.js";
import { creditReview, type CreditReport } from "./credit.js";
import { customerName } from "./customers.js";
import { ymdOf, type Day } from "./dates.js";
import { commitmentsAt, forecastAt, type Forecast } from "./forecast.js";
import type { History } from "./history.js";
import { kpiDates, kpiReport, monthOf, monthStart, type KpiReport } from "./kpi.js";
import { computeLimitation, openClaimsFromLedger, type ClaimLimitation } from "./limitation.js";
import { individualAssessments, monthEndsBefore, provisionReport, type ProvisionReport } from "./provision.js";
import { chargeNamed, fullPaymentsFromLog, promiseKept } from "./query.js";
import { rollforward, type Rollforward } from "./rollforward.js";
import type { Settlements } from "./settle.js";

/** Months in the trend charts and the KPI table. */
export const PACK_MONTHS = 12;
/** Days ahead whose festival push windows the pack lists. */
export const FESTIVAL_AHEAD_DAYS = 60;
/** Broken promises: those due in this many days before as-of. */
export const BROKEN_PROMISE_DAYS = 90;
export const TOP_DEBTORS = 10;

/** The dates of the one settlement run: kpi's (the day before the first month, each month end, as-of). */
export function packDates(asOf: Day): Day[] {
  return kpiDates(asOf, PACK_MONTHS);
}

export interface MonthEndAging {
  date: Day;
  /** The reporting currency's buckets and balance at that month end (minor units). */
  buckets: bigint[];
  balance: bigint;
}

export interface BrokenPromise {
  customerId: string;
  name: string;
  promisedOn: Day;
  dueDate: Day;
  /** Minor units; null when the promise named no amount. */
  promised: bigint | null;
  paid: bigint;
  docNo: string;
}

export interface FestivalWindow {
  festival: "spring_festival" | "mid_autumn";
  date: Day;
  from: Day;
  to: Day;
}

export interface PackReport {
  asOf: Day;
  scale: number;
  /** The currency the pack reports in (index into ledger.currencies); others are listed as left out. */
  currency: number;
  otherCurrencies: number[];
  monthStart: Day;
  kpi: KpiReport;
  aging: Aging;
  /** The reporting currency at each month end of the trend, ascending (the last is as-of). */
  agingTrend: MonthEndAging[];
  rollforward: Rollforward;
  provision: ProvisionReport;
  /** The aging-method provision at the previous month end, for its change. */
  provisionBefore: ProvisionReport;
  /** Matrix method, when the ledger has a year of history before the as-of month; else null. */
  provisionMatrix: ProvisionReport | null;
  forecast: Forecast;
  credit: CreditReport;
  /** When the customer master names collectors; else null. */
  commission: CommissionReport | null;
  expiring: ClaimLimitation[];
  brokenPromises: BrokenPromise[];
  festivals: FestivalWindow[];
}

export interface PackOptions {
  /** The history of `packDates(asOf)` plus as-of, from the load's one settlement run. */
  history: History;
  /** The book: `settled` is `history.last` and carries its settlement records; `calendar` is set. */
  book: Book;
}

function toUnits(amount: { toFixed: (n: number) => string } | undefined, scale: number): bigint | null {
  if (amount === undefined) return null;
  return BigInt(amount.toFixed(scale).replace(".", ""));
}

/** The run's settlement log (history.ts) as settle.ts's record, for readers that take the record. */
function settlementsOfLog(history: History): Settlements {
  const log = history.settlements;
  const out: Settlements = { invoice: [], source: [], date: [], units: [], discount: [] };
  for (let k = 0; k < log.count; k++) {
    out.invoice.push(log.invoice[k]!);
    out.source.push(log.source[k]!);
    out.date.push(log.date[k]!);
    out.units.push(log.unitsOf(k));
    out.discount.push(log.discount[k] === 1);
  }
  return out;
}

export function packReport({ history, book }: PackOptions): PackReport {
  const l = book.ledger;
  const s = book.settings;
  const asOf = book.asOf;
  const settled = book.settled;
  const first = l.currencies.indexOf(s.currency);
  const currency = first >= 0 ? first : 0;
  const otherCurrencies = l.currencies.map((_, k) => k).filter((k) => k !== currency);
  const from = monthStart(monthOf(asOf));
  const aging = agingOptions(book);

  const kpi = kpiReport(history, book.events, {
    asOf,
    months: PACK_MONTHS,
    dsoMonths: 3,
    settings: s.kpi,
    festivalPushDays: s.calls.festivalPushDays,
    byCustomer: false,
    defaultCurrency: s.currency,
  });

  // The aging at each month end of the trend, from the same run's snapshots.
  const ends = new Set(kpiDates(asOf, PACK_MONTHS).slice(1));
  const agingTrend: MonthEndAging[] = [];
  for (const snapshot of history) {
    if (!ends.has(snapshot.asOf)) continue;
    const a = age(snapshot, { ...aging, items: false });
    const t = a.totals.find((x) => x.currency === currency);
    agingTrend.push({ date: snapshot.asOf, buckets: t?.buckets ?? a.buckets.map(() => 0n), balance: t?.balance ?? 0n });
  }
  const agingNow = age(settled, aging);

  const rf = rollforward(history, { from, limits: aging.limits, tiers: aging.tiers, minTierUnits: aging.minTierUnits, byCustomer: false });

  const p = s.provision;
  const individual = individualAssessments(book);
  const policy = {
    aging: { basis: p.basis, bands: p.bands, rates: p.rates },
    matrix: { bands: p.matrixBands, historyMonths: p.historyMonths, lastBandLoss: p.lastBandLoss, forwardLooking: p.forwardLooking, apply: book.apply },
    individual,
    items: false,
  };
  const k = history.dates.indexOf(from - 1);
  const provisionBefore = provisionReport(history.at(k), { ...policy, method: "aging", previous: new Map() });
  const previous = new Map<number, bigint>();
  for (const t of provisionBefore.totals) previous.set(t.currency, t.provision);
  const provision = provisionReport(settled, { ...policy, method: "aging", previous });
  // A year of history: the first of the matrix's month ends is on or after the ledger's first document.
  let firstDoc = Number.POSITIVE_INFINITY;
  for (let i = 0; i < l.count; i++) if (l.docDate[i]! < firstDoc) firstDoc = l.docDate[i]!;
  const matrixEnds = monthEndsBefore(asOf, p.historyMonths);
  const provisionMatrix = matrixEnds.length > 0 && firstDoc <= matrixEnds[0]! ? provisionReport(settled, { ...policy, method: "matrix", previous }) : null;

  const forecast = forecastAt({
    standing: settled,
    paid: fullPaymentsFromLog(l, history.settlements),
    commitments: commitmentsAt(settled, book.events, s.currency),
    params: { weeks: 13, statistic: "mean", uncertainDays: s.forecast.uncertainDays },
    detail: false,
  });

  const credit = creditReview(book, { window: s.credit.window, credit: s.credit });
  let hasCollectors = false;
  book.master?.forEach((c) => (hasCollectors ||= (c.collector ?? "") !== ""));
  const commission = hasCollectors ? commissionReport(settled, book.master, from, s.commission) : null;

  // The limitation reader wants the settlement record; the run's log is the same list, as-of's view.
  const claims = openClaimsFromLedger({ ...settled, settlements: settlementsOfLog(history) });
  for (const c of claims) c.name = customerName(c.name, book.master?.get(c.customerId), c.customerId);
  const limitation = computeLimitation(claims, book.events, { asOf, years: s.limitation.years, warnDays: s.limitation.warnDays, calendar: book.calendar! });
  const expiring = limitation.items.filter((it) => it.status === "expiring").sort((a, b) => a.expiry.expiry - b.expiry.expiry || compareText(a.claim.docNo, b.claim.docNo));

  // Promises due in the last BROKEN_PROMISE_DAYS days before as-of and not kept (as `ar calls` judges one).
  const customerIndex = new Map<string, number>();
  l.customers.forEach((c, i) => customerIndex.set(c.key, i));
  const brokenPromises: BrokenPromise[] = [];
  for (const e of book.events) {
    if (e.type !== "promise" || e.dueDate === undefined || e.dueDate >= asOf || e.dueDate < asOf - BROKEN_PROMISE_DAYS) continue;
    const c = customerIndex.get(e.customerId);
    if (c === undefined) continue;
    const invoice = e.docNo === "" ? undefined : chargeNamed(settled, c, e.docNo);
    const cur = invoice !== undefined ? l.currency[invoice]! : currency;
    if (cur !== currency) continue;
    const check = promiseKept(settled, e, c, cur);
    if (check.kept) continue;
    brokenPromises.push({
      customerId: e.customerId,
      name: customerName(l.customers[c]!.name, book.master?.get(e.customerId), e.customerId),
      promisedOn: e.date,
      dueDate: e.dueDate,
      promised: toUnits(e.amount, l.scale),
      paid: check.paidUnits,
      docNo: e.docNo,
    });
  }
  brokenPromises.sort((a, b) => a.dueDate - b.dueDate || compareText(a.customerId, b.customerId));

  const festivals: FestivalWindow[] = [];
  const { y } = ymdOf(asOf);
  for (const year of [y, y + 1]) {
    for (const [festival, date] of [
      ["spring_festival", springFestival(year)],
      ["mid_autumn", midAutumn(year)],
    ] as const) {
      const w = festivalPushWindow(date, s.calls.festivalPushDays);
      if (w !== undefined && w.to >= asOf && w.from <= asOf + FESTIVAL_AHEAD_DAYS) festivals.push({ festival, date, ...w });
    }
  }
  festivals.sort((a, b) => a.from - b.from);

  return {
    asOf,
    scale: l.scale,
    currency,
    otherCurrencies,
    monthStart: from,
    kpi,
    aging: agingNow,
    agingTrend,
    rollforward: rf,
    provision,
    provisionBefore,
    provisionMatrix,
    forecast,
    credit,
    commission,
    expiring,
    brokenPromises,
    festivals,
  };
}

