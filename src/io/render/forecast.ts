/**
 * The collections forecast (SPEC.md "Collections forecast") as tables (terminal, CSV, xlsx via the
 * table model) and as JSON in SPEC's shape:
 *   {"asOf","statistic","window","uncertainDays","weeks":[{"currency","from","to","expected",
 *    "fromPromises","fromPlans","count"}],"uncertain":[...],"disputed":[...],"backtest":{...}|null,
 *    "rejected":[...]}
 * What is expected after the last week is one more `weeks` row per currency with `"to": null`, so
 * that the weeks, `uncertain` and `disputed` add up to the open outstanding. `--by customer` adds
 * `customers`, `--by invoice` adds `items`.
 */
import type { ChalkInstance } from "chalk";
import { customerName } from "../../engine/customers.js";
import { isoDate, type Day } from "../../engine/dates.js";
import { BACKTEST_WEEKS, type Backtest, type Expected, type ForecastReport, type PaymentDelay, type SetAside, type WeekTotal } from "../../engine/forecast.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import { Decimal, unitsGrouped, unitsString } from "../../engine/money.js";
import { rejectedNote, word, type Lang } from "../i18n.js";
import type { RejectedJson } from "../problems.js";
import { date, days, int, money, ratio, text, type Column, type Line, type Row, type Table } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

export type ForecastBy = "week" | "customer" | "invoice";

export interface ForecastView {
  report: ForecastReport;
  ledger: Ledger;
  /** Customer master names by key, for customers the ledger names by id only. */
  names: (key: string) => string | undefined;
  by: ForecastBy;
  lang: Lang;
  rejected: RejectedJson[];
  chalk: ChalkInstance;
}

// The forecast's words (kept here rather than in i18n.ts: one report's vocabulary).
const WORDS = {
  title: { en: "Collections forecast as of", zh: "回款预测 截至" },
  statistic: { en: "delay", zh: "付款延迟" },
  mean: { en: "amount-weighted mean", zh: "金额加权平均" },
  median: { en: "median", zh: "中位数" },
  window: { en: "paid", zh: "付清期间" },
  weeks: { en: "weeks", zh: "周数" },
  uncertainDays: { en: "uncertain after", zh: "不确定天数" },
  wape: { en: "back-test WAPE", zh: "回测 WAPE" },
  week: { en: "Week", zh: "周次" },
  from: { en: "From", zh: "起" },
  to: { en: "To", zh: "止" },
  expected: { en: "Expected", zh: "预计回款" },
  fromPromises: { en: "From promises", zh: "其中承诺" },
  fromPlans: { en: "From plans", zh: "其中分期" },
  count: { en: "Items", zh: "笔数" },
  later: { en: "later", zh: "以后" },
  lateNote: { en: "expected on or before as-of, moved into week 1 (late_beyond_pattern)", zh: "预计日期已过，计入第 1 周（late_beyond_pattern）" },
  portfolio: { en: "portfolio delay", zh: "组合付款延迟" },
  days: { en: "days", zh: "天" },
  paidInvoices: { en: "paid invoices", zh: "张已付清发票" },
  tooFew: { en: "fewer than 3 paid invoices: due dates", zh: "已付清发票少于 3 张：按到期日" },
  asideTitle: { en: "Outside the weeks: uncertain and disputed", zh: "不计入各周：不确定与争议" },
  status: { en: "Status", zh: "状态" },
  uncertain: { en: "uncertain", zh: "不确定" },
  disputed: { en: "disputed", zh: "争议" },
  customersTitle: { en: "Collections forecast by customer as of", zh: "分客户回款预测 截至" },
  invoicesTitle: { en: "Collections forecast by invoice as of", zh: "分发票回款预测 截至" },
  delay: { en: "Delay days", zh: "延迟天数" },
  basis: { en: "Basis", zh: "依据" },
  paid: { en: "Paid inv.", zh: "已付发票数" },
  expectedOn: { en: "Expected on", zh: "预计日期" },
  weekFrom: { en: "Week of", zh: "所在周" },
  late: { en: "Late", zh: "逾期" },
  backtestTitle: { en: "Back-test: the forecast's first 4 weeks against the cash that came", zh: "回测：预测前 4 周与实际回款" },
  monday: { en: "As of", zh: "预测日" },
  actual: { en: "Actual", zh: "实际回款" },
  absError: { en: "|Actual − forecast|", zh: "绝对误差" },
  forecast: { en: "Forecast", zh: "预测" },
  wapeCol: { en: "WAPE", zh: "WAPE" },
  backtestNote: {
    en: "WAPE = Σ|actual − forecast| ÷ Σ actual over each Monday's weeks 1–4; actual = payments dated after the Monday, within the week, applied to the items the weeks then held. 0.25: the weekly figures missed by a quarter of the cash.",
    zh: "WAPE = 各预测日第 1–4 周 Σ|实际 − 预测| ÷ Σ 实际；实际 = 预测日之后、该周内收到并核销到当时计入各周的发票的付款。0.25 即每周预测平均偏差为实际回款的四分之一。",
  },
  nothing: { en: "No open items.", zh: "没有未收款项。" },
  noBacktest: { en: "nothing arrived", zh: "无实际回款" },
} as const;

function w(lang: Lang, key: keyof typeof WORDS): string {
  return WORDS[key][lang];
}

const BASIS_WORDS: Record<string, { en: string; zh: string }> = {
  promise: { en: "promise", zh: "付款承诺" },
  plan: { en: "plan", zh: "分期协议" },
  customer: { en: "customer", zh: "客户历史" },
  portfolio: { en: "portfolio", zh: "组合历史" },
  due_date: { en: "due date", zh: "到期日" },
};

function nameOf(v: ForecastView, customer: number): string {
  const c = v.ledger.customers[customer]!;
  return customerName(c.name, { name: v.names(c.key) ?? "" }, c.key);
}

/** A delay in days, 2 decimals, half up. */
function delayDecimal(d: PaymentDelay): Decimal {
  return new Decimal(d.num.toString()).div(d.den.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

function delayString(d: PaymentDelay): string {
  return delayDecimal(d).toFixed(2);
}

function params(v: ForecastView): Table["params"] {
  const f = v.report.forecast;
  const { lang } = v;
  const out: Table["params"] = [
    { label: w(lang, "statistic"), value: w(lang, f.params.statistic) },
    { label: w(lang, "window"), value: `${isoDate(f.window.from)}…${isoDate(f.window.to)}` },
    { label: w(lang, "weeks"), value: String(f.params.weeks) },
    { label: w(lang, "uncertainDays"), value: String(f.params.uncertainDays) },
  ];
  const b = v.report.backtest;
  if (b !== null) {
    const cur = (c: number) => v.ledger.currencies[c]!;
    const multi = b.currencies.length > 1;
    out.push({ label: w(lang, "wape"), value: b.currencies.length === 0 ? w(lang, "noBacktest") : b.currencies.map((c) => `${multi ? cur(c.currency) + " " : ""}${c.wape ?? "null"}`).join(", ") });
  }
  return out;
}

const col = (key: string, header: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header, type, ...extra });

/** The weeks per currency, the later row, a total per currency. */
export function weeksTable(v: ForecastView): Table {
  const f = v.report.forecast;
  const { lang, ledger } = v;
  const scale = f.scale;
  const columns: Column[] = [
    col("currency", word(lang, "currency"), "text"),
    col("week", w(lang, "week"), "int"),
    col("from", w(lang, "from"), "date"),
    col("to", w(lang, "to"), "date"),
    col("expected", w(lang, "expected"), "money"),
    col("from_promises", w(lang, "fromPromises"), "money"),
    col("from_plans", w(lang, "fromPlans"), "money"),
    col("count", w(lang, "count"), "int"),
  ];
  const rows: Row[] = [];
  const lead: Line[] = [];
  for (const c of f.currencies) {
    const cur = ledger.currencies[c.currency]!;
    const line = (week: number | null, from: Day, to: Day | null, t: WeekTotal, style: Row["style"] = "item"): Row => ({
      style,
      cells: [text(cur), week === null ? text(w(lang, "later")) : int(week), date(from), to === null ? null : date(to), money(t.expected, scale, "strong"), money(t.fromPromises, scale), money(t.fromPlans, scale), int(t.count)],
    });
    c.weeks.forEach((t, k) => rows.push(line(k + 1, f.weekFrom[k]!, f.weekTo[k]!, t)));
    if (c.later.count > 0) rows.push(line(null, f.weekTo[f.weekTo.length - 1]! + 1, null, c.later));
    const sum = [...c.weeks, c.later].reduce((s, t) => ({ expected: s.expected + t.expected, fromPromises: s.fromPromises + t.fromPromises, fromPlans: s.fromPlans + t.fromPlans, count: s.count + t.count }), { expected: 0n, fromPromises: 0n, fromPlans: 0n, count: 0 });
    rows.push({ style: "total", label: word(lang, "total"), cells: [text(cur), null, null, null, money(sum.expected, scale), money(sum.fromPromises, scale), money(sum.fromPlans, scale), int(sum.count)] });
    const p = f.portfolio.get(c.currency);
    const portfolio = p === undefined || p.by === "due_date" ? w(lang, "tooFew") : `${delayString(p)} ${w(lang, "days")} (${p.invoices} ${w(lang, "paidInvoices")})`;
    lead.push(`${cur}: ${w(lang, "portfolio")}: ${portfolio}`);
    if (c.lateBeyondPattern > 0n) lead.push(`${cur}: ${unitsGrouped(c.lateBeyondPattern, scale)} ${w(lang, "lateNote")}`);
    if (c.uncertainCount > 0) lead.push(`${cur}: ${w(lang, "uncertain")} ${unitsGrouped(c.uncertain, scale)} (${c.uncertainCount})`);
    if (c.disputedCount > 0) lead.push(`${cur}: ${w(lang, "disputed")} ${unitsGrouped(c.disputed, scale)} (${c.disputedCount})`);
  }
  return { title: `${w(lang, "title")} ${isoDate(f.asOf)}`, sheet: w(lang, "weeks"), params: params(v), lead, columns, rows, empty: w(lang, "nothing"), csvLabel: { column: "week", text: "TOTAL" } };
}

/** The open items outside the weeks. */
export function asideTable(v: ForecastView): Table {
  const f = v.report.forecast;
  const { lang, ledger } = v;
  const columns: Column[] = [
    col("status", w(lang, "status"), "text"),
    col("customer_id", word(lang, "customerId"), "text"),
    col("name", word(lang, "name"), "text", { maxChars: 24 }),
    col("currency", word(lang, "currency"), "text"),
    col("doc_no", word(lang, "docNo"), "text"),
    col("due_date", word(lang, "dueDate"), "date"),
    col("days_overdue", word(lang, "daysOverdue"), "days"),
    col("outstanding", word(lang, "outstanding"), "money"),
  ];
  const rowOf = (status: "uncertain" | "disputed", s: SetAside): Row => {
    const i = s.invoice;
    return { style: "item", cells: [text(w(lang, status), undefined, status), text(ledger.customers[ledger.customer[i]!]!.key), text(nameOf(v, ledger.customer[i]!)), text(ledger.currencies[ledger.currency[i]!]!), text(docNoOf(ledger, i)), date(ledger.dueDate[i]!), days(s.daysOverdue), money(s.units, f.scale)] };
  };
  return { title: w(lang, "asideTitle"), sheet: w(lang, "uncertain"), params: [], columns, rows: [...f.uncertain.map((s) => rowOf("uncertain", s)), ...f.disputed.map((s) => rowOf("disputed", s))] };
}

interface CustomerForecast {
  customer: number;
  currency: number;
  /** The delay of the account's pattern (undefined when promises and plans cover everything). */
  delay: PaymentDelay | undefined;
  weeks: bigint[];
  later: bigint;
  inWeeks: bigint;
  promises: bigint;
  plans: bigint;
}

/** The expected parts summed per account, in the report's order (currency, customer key). */
function customerForecasts(v: ForecastView): CustomerForecast[] {
  const f = v.report.forecast;
  const nCur = f.nCurrencies;
  const byAccount = new Map<number, CustomerForecast>();
  const out: CustomerForecast[] = [];
  for (const e of f.items ?? []) {
    const g = v.ledger.customer[e.invoice]! * nCur + v.ledger.currency[e.invoice]!;
    let a = byAccount.get(g);
    if (a === undefined) {
      byAccount.set(g, (a = { customer: Math.floor(g / nCur), currency: g % nCur, delay: f.delays.get(g), weeks: f.weekFrom.map(() => 0n), later: 0n, inWeeks: 0n, promises: 0n, plans: 0n }));
      out.push(a);
    }
    if (e.week < a.weeks.length) a.weeks[e.week]! += e.units;
    else a.later += e.units;
    a.inWeeks += e.units;
    if (e.by === "promise") a.promises += e.units;
    if (e.by === "plan") a.plans += e.units;
  }
  return out;
}

/** Per customer and currency: the delay used and the money per week. */
export function customersTable(v: ForecastView): Table {
  const f = v.report.forecast;
  const { lang, ledger } = v;
  const scale = f.scale;
  const nCur = f.nCurrencies;
  const weekCols = f.weekFrom.map((d, k) => col(`w${k + 1}`, isoDate(d).slice(5), "money"));
  const columns: Column[] = [
    col("customer_id", word(lang, "customerId"), "text"),
    col("name", word(lang, "name"), "text", { maxChars: 24 }),
    col("currency", word(lang, "currency"), "text"),
    col("delay_days", w(lang, "delay"), "text", { align: "right" }),
    col("basis", w(lang, "basis"), "text"),
    col("paid_invoices", w(lang, "paid"), "int"),
    col("expected", w(lang, "expected"), "money"),
    col("from_promises", w(lang, "fromPromises"), "money"),
    col("from_plans", w(lang, "fromPlans"), "money"),
    ...weekCols,
    col("later", w(lang, "later"), "money"),
  ];
  const rows: Row[] = customerForecasts(v).map((a) => {
    const d = a.delay;
    return {
      style: "item",
      cells: [
        text(ledger.customers[a.customer]!.key),
        text(nameOf(v, a.customer)),
        text(ledger.currencies[a.currency]!),
        d === undefined ? null : text(delayString(d)),
        d === undefined ? null : text(BASIS_WORDS[d.by]![lang], undefined, d.by),
        d === undefined ? null : int(d.invoices),
        money(a.inWeeks, scale, "strong"),
        money(a.promises, scale),
        money(a.plans, scale),
        ...a.weeks.map((x) => money(x, scale)),
        money(a.later, scale),
      ],
    };
  });
  return { title: `${w(lang, "customersTitle")} ${isoDate(f.asOf)}`, sheet: word(lang, "customerId"), params: params(v), columns, rows, empty: w(lang, "nothing") };
}

/** Every expected part of an open item. */
export function invoicesTable(v: ForecastView): Table {
  const f = v.report.forecast;
  const { lang, ledger } = v;
  const nCur = f.nCurrencies;
  const columns: Column[] = [
    col("customer_id", word(lang, "customerId"), "text"),
    col("name", word(lang, "name"), "text", { maxChars: 24 }),
    col("currency", word(lang, "currency"), "text"),
    col("doc_no", word(lang, "docNo"), "text"),
    col("due_date", word(lang, "dueDate"), "date"),
    col("expected", w(lang, "expected"), "money"),
    col("basis", w(lang, "basis"), "text"),
    col("delay_days", w(lang, "delay"), "text", { align: "right" }),
    col("expected_on", w(lang, "expectedOn"), "date"),
    col("week_from", w(lang, "weekFrom"), "date"),
    col("late_beyond_pattern", w(lang, "late"), "text"),
  ];
  const rows: Row[] = (f.items ?? []).map((e: Expected) => {
    const i = e.invoice;
    const d = e.by === "promise" || e.by === "plan" ? undefined : f.delays.get(ledger.customer[i]! * nCur + ledger.currency[i]!);
    const weekFrom = e.week < f.weekFrom.length ? f.weekFrom[e.week]! : f.weekTo[f.weekTo.length - 1]! + 1;
    return {
      style: "item",
      cells: [
        text(ledger.customers[ledger.customer[i]!]!.key),
        text(nameOf(v, ledger.customer[i]!)),
        text(ledger.currencies[ledger.currency[i]!]!),
        text(docNoOf(ledger, i)),
        date(ledger.dueDate[i]!),
        money(e.units, f.scale, "strong"),
        text(BASIS_WORDS[e.by]![lang], undefined, e.by),
        d === undefined ? null : text(String(d.days)),
        date(e.expectedOn, e.late ? "alert" : undefined),
        e.week < f.weekFrom.length ? date(weekFrom) : text(w(lang, "later"), undefined, "later"),
        e.late ? text(word(lang, "yes"), "alert", "yes") : text("", undefined, "no"),
      ],
    };
  });
  return { title: `${w(lang, "invoicesTitle")} ${isoDate(f.asOf)}`, sheet: word(lang, "docNo"), params: params(v), columns, rows, empty: w(lang, "nothing") };
}

/** The back-test: per currency and per Monday, the first 4 weeks' forecast against what came. */
export function backtestTable(v: ForecastView, b: Backtest): Table {
  const { lang, ledger } = v;
  const scale = v.report.forecast.scale;
  const columns: Column[] = [
    col("currency", word(lang, "currency"), "text"),
    col("monday", w(lang, "monday"), "date"),
    col("forecast", w(lang, "forecast"), "money"),
    col("actual", w(lang, "actual"), "money"),
    col("absolute_error", w(lang, "absError"), "money"),
    col("wape", w(lang, "wapeCol"), "ratio"),
  ];
  const rows: Row[] = [];
  for (const c of b.currencies) {
    const cur = ledger.currencies[c.currency]!;
    for (const m of b.mondays) {
      const weeks = b.weeks.filter((x) => x.currency === c.currency && x.monday === m);
      const fc = weeks.reduce((s, x) => s + x.forecast, 0n);
      const ac = weeks.reduce((s, x) => s + x.actual, 0n);
      const err = weeks.reduce((s, x) => s + (x.actual > x.forecast ? x.actual - x.forecast : x.forecast - x.actual), 0n);
      rows.push({ style: "item", cells: [text(cur), date(m), money(fc, scale), money(ac, scale), money(err, scale), null] });
    }
    rows.push({ style: "total", label: word(lang, "total"), cells: [text(cur), null, money(c.forecast, scale), money(c.actual, scale), money(c.absoluteError, scale), c.wape === null ? null : ratio(new Decimal(c.wape))] });
  }
  return { title: w(lang, "backtestTitle"), sheet: "WAPE", params: [{ label: w(lang, "weeks"), value: String(BACKTEST_WEEKS) }], columns, rows, notes: [w(lang, "backtestNote")], csvLabel: { column: "monday", text: "TOTAL" } };
}

/** The tables of the report, in order: the one CSV shows first. */
export function forecastTables(v: ForecastView): Table[] {
  const f = v.report.forecast;
  const main = v.by === "customer" ? customersTable(v) : v.by === "invoice" ? invoicesTable(v) : weeksTable(v);
  const tables = [main];
  if (v.by !== "week") tables.push(weeksTable(v));
  if (f.uncertain.length + f.disputed.length > 0) tables.push(asideTable(v));
  if (v.report.backtest !== null) tables.push(backtestTable(v, v.report.backtest));
  return tables;
}

export function forecastJson(v: ForecastView): string {
  const { report, ledger } = v;
  const f = report.forecast;
  const m = (u: bigint) => unitsString(u, f.scale);
  const cur = (c: number) => ledger.currencies[c]!;
  const aside = (s: SetAside) => ({ customerId: ledger.customers[ledger.customer[s.invoice]!]!.key, docNo: docNoOf(ledger, s.invoice), currency: cur(ledger.currency[s.invoice]!), outstanding: m(s.units), dueDate: isoDate(ledger.dueDate[s.invoice]!), daysOverdue: s.daysOverdue });
  const weekJson = (c: number, from: Day, to: Day | null, t: WeekTotal) => ({ currency: cur(c), from: isoDate(from), to: to === null ? null : isoDate(to), expected: m(t.expected), fromPromises: m(t.fromPromises), fromPlans: m(t.fromPlans), count: t.count });
  const weeks = f.currencies.flatMap((c) => [...c.weeks.map((t, k) => weekJson(c.currency, f.weekFrom[k]!, f.weekTo[k]!, t)), ...(c.later.count > 0 ? [weekJson(c.currency, f.weekTo[f.weekTo.length - 1]! + 1, null, c.later)] : [])]);
  const b = report.backtest;
  const out: Record<string, unknown> = {
    asOf: isoDate(f.asOf),
    statistic: f.params.statistic,
    window: { from: isoDate(f.window.from), to: isoDate(f.window.to) },
    uncertainDays: f.params.uncertainDays,
    weeks,
    uncertain: f.uncertain.map(aside),
    disputed: f.disputed.map(aside),
    backtest:
      b === null
        ? null
        : {
            mondays: b.mondays.map(isoDate),
            weeksCompared: BACKTEST_WEEKS,
            currencies: b.currencies.map((c) => ({ currency: cur(c.currency), forecast: m(c.forecast), actual: m(c.actual), absoluteError: m(c.absoluteError), wape: c.wape })),
            weeks: b.weeks.map((x) => ({ monday: isoDate(x.monday), week: x.week, from: isoDate(x.from), to: isoDate(x.to), currency: cur(x.currency), forecast: m(x.forecast), actual: m(x.actual) })),
          },
  };
  if (v.by === "customer") {
    out.customers = customerForecasts(v).map((a) => ({
      customerId: ledger.customers[a.customer]!.key,
      currency: cur(a.currency),
      delayDays: a.delay === undefined ? null : delayString(a.delay),
      basis: a.delay?.by ?? null,
      paidInvoices: a.delay?.invoices ?? null,
      expected: m(a.inWeeks),
      fromPromises: m(a.promises),
      fromPlans: m(a.plans),
      weeks: a.weeks.map(m),
      later: m(a.later),
    }));
  }
  if (v.by === "invoice") {
    const nCur = f.nCurrencies;
    out.items = (f.items ?? []).map((e) => {
      const i = e.invoice;
      const d = e.by === "promise" || e.by === "plan" ? undefined : f.delays.get(ledger.customer[i]! * nCur + ledger.currency[i]!);
      return { customerId: ledger.customers[ledger.customer[i]!]!.key, docNo: docNoOf(ledger, i), currency: cur(ledger.currency[i]!), dueDate: isoDate(ledger.dueDate[i]!), expected: m(e.units), basis: e.by, delayDays: d === undefined ? null : d.days, expectedOn: isoDate(e.expectedOn), weekFrom: e.week < f.weekFrom.length ? isoDate(f.weekFrom[e.week]!) : isoDate(f.weekTo[f.weekTo.length - 1]! + 1), lateBeyondPattern: e.late };
    });
  }
  out.rejected = v.rejected;
  return JSON.stringify(out, null, 2) + "\n";
}

export function renderForecast(v: ForecastView, format: "table" | "csv" | "json"): string {
  if (format === "json") return forecastJson(v);
  const tables = forecastTables(v);
  if (format === "csv") return tableCsv(tables[0]!);
  return tables.map((t) => tableText(t, { chalk: v.chalk })).join("\n") + rejectedNote(v.lang, v.rejected.length);
}
