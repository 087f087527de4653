/**
 * `ar kpi` rendered (SPEC.md "KPIs (`ar kpi`)"): JSON in SPEC's shape, and the table model for
 * the terminal, CSV and xlsx. The terminal shows the movements and the figures as two tables (one
 * row per month and currency each), then promises, channels, plans and festivals; CSV is the one
 * table of every column (with --by customer: the customer rows); xlsx has a sheet per table.
 * Ratios are percentages for people (3.12%) and 4-place fractions in CSV; xlsx shows them with a
 * percent format. A missed target is marked in its cell and named in the last column.
 */
import type { ChalkInstance } from "chalk";
import { customerName } from "../../engine/customers.js";
import { isoDate, ymdOf } from "../../engine/dates.js";
import type { KpiFigures, KpiReport, TargetName } from "../../engine/kpi.js";
import type { Ledger } from "../../engine/ledger.js";
import { Decimal, unitsString } from "../../engine/money.js";
import type { ApplyMode } from "../../engine/settle.js";
import { rejectedNote, type Lang } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { date, dayFigure, int, money, percent, ratio, text, type Cell, type Column, type Row, type Table, type Tone } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

export interface KpiView {
  report: KpiReport;
  ledger: Ledger;
  names: (key: string) => string | undefined;
  lang: Lang;
  rejected: Rejected[];
  chalk: ChalkInstance;
  apply: ApplyMode;
}

/** The words of this report (kept here, not in i18n.ts: no other report uses them). */
const WORDS = {
  title: { en: "Receivables KPIs as of", zh: "应收账款指标 截至" },
  figuresTitle: { en: "KPIs", zh: "指标" },
  customersTitle: { en: "KPIs by customer, month to", zh: "客户指标 当月至" },
  promisesTitle: { en: "Promises to pay falling due", zh: "到期的付款承诺" },
  channelsTitle: { en: "Contact channels: followed by a payment within", zh: "联系方式效果：联系后付款天数" },
  plansTitle: { en: "Instalment plans", zh: "分期还款计划" },
  festivalsTitle: { en: "Festival push lift", zh: "节前催收效果" },
  dsoWindow: { en: "DSO window", zh: "DSO窗口" },
  months: { en: "months", zh: "个月" },
  dayBasis: { en: "day basis", zh: "天数口径" },
  calendarDays: { en: "calendar days, year", zh: "日历天，一年" },
  revenueWindow: { en: "revenue window", zh: "收入窗口" },
  apply: { en: "--apply", zh: "--apply" },
  targets: { en: "targets", zh: "目标" },
  none: { en: "none", zh: "无" },
  month: { en: "Month", zh: "月份" },
  currency: { en: "Cur", zh: "币种" },
  start: { en: "Start", zh: "起始日" },
  end: { en: "End", zh: "截止日" },
  days: { en: "Days", zh: "天数" },
  opening: { en: "Opening", zh: "期初余额" },
  invoiced: { en: "Invoiced", zh: "开票" },
  credited: { en: "Credited", zh: "红字冲减" },
  collected: { en: "Collected", zh: "回款" },
  writtenOff: { en: "Written off", zh: "坏账核销" },
  discounts: { en: "Discounts", zh: "现金折扣" },
  closing: { en: "Closing", zh: "期末余额" },
  sales: { en: "Sales", zh: "销售额" },
  current: { en: "Current", zh: "未到期" },
  overdue: { en: "Overdue", zh: "逾期" },
  open: { en: "Open", zh: "未收" },
  dso: { en: "DSO", zh: "DSO" },
  bestPossibleDso: { en: "Best DSO", zh: "最佳DSO" },
  add: { en: "ADD", zh: "平均拖欠天数" },
  countbackDso: { en: "Countback", zh: "倒推DSO" },
  cei: { en: "CEI", zh: "回款效率" },
  overdueRatio: { en: "Overdue %", zh: "逾期占比" },
  overdueToRevenue: { en: "Overdue/rev.", zh: "逾期/收入" },
  turnover: { en: "Turnover", zh: "周转率" },
  turnoverDays: { en: "Turn. days", zh: "周转天数" },
  badDebtRate: { en: "Bad debt", zh: "坏账率" },
  avgDaysToPay: { en: "Days to pay", zh: "平均付款天数" },
  avgPaymentDelay: { en: "Delay", zh: "平均拖延天数" },
  onTimeRate: { en: "On time", zh: "按时付款率" },
  targetsMissed: { en: "Missed", zh: "未达标" },
  customerId: { en: "Customer", zh: "客户编号" },
  name: { en: "Name", zh: "客户名称" },
  due: { en: "Due", zh: "到期" },
  kept: { en: "Kept", zh: "兑现" },
  keptRate: { en: "Kept %", zh: "兑现率" },
  type: { en: "Type", zh: "方式" },
  contacts: { en: "Contacts", zh: "联系次数" },
  followed: { en: "Followed", zh: "随后付款" },
  rate: { en: "Rate", zh: "比率" },
  agreedOn: { en: "Agreed on", zh: "协议日期" },
  onTime: { en: "On time", zh: "按时" },
  fulfilment: { en: "Fulfilment", zh: "履约率" },
  festival: { en: "Festival", zh: "节日" },
  date: { en: "Date", zh: "日期" },
  from: { en: "From", zh: "起" },
  to: { en: "To", zh: "止" },
  baseline: { en: "Baseline", zh: "基准" },
  lift: { en: "Lift", zh: "提升倍数" },
  total: { en: "Total", zh: "合计" },
  spring_festival: { en: "Spring Festival", zh: "春节" },
  mid_autumn: { en: "Mid-Autumn", zh: "中秋节" },
  call: { en: "call", zh: "电话" },
  visit: { en: "visit", zh: "上门" },
  email: { en: "email", zh: "邮件" },
  wechat: { en: "wechat", zh: "微信" },
  letter_sent: { en: "letter", zh: "信函" },
  legal: { en: "legal", zh: "法律程序" },
  daysWord: { en: "days", zh: "天内" },
  noPeriods: { en: "No documents up to as-of.", zh: "截至日前没有单据。" },
} as const;

type Word = keyof typeof WORDS;
const w = (lang: Lang, key: Word) => WORDS[key][lang];

const HUNDRED = new Decimal(100);

function nameOf(v: KpiView, customer: number): string {
  const c = v.ledger.customers[customer]!;
  return customerName(c.name, { name: v.names(c.key) ?? "" }, c.key);
}

const monthLabel = (day: number) => {
  const { y, m } = ymdOf(day);
  return `${y}-${String(m).padStart(2, "0")}`;
};

// ---------------------------------------------------------------------------------------------
// JSON

const fig = (d: Decimal | null, places: number) => (d === null ? null : d.toFixed(places));

function figuresJson(f: KpiFigures, v: KpiView): Record<string, unknown> {
  const m = (u: bigint) => unitsString(u, v.report.scale);
  return {
    currency: v.ledger.currencies[f.currency]!,
    start: isoDate(f.start),
    end: isoDate(f.end),
    days: f.days,
    opening: m(f.opening),
    invoiced: m(f.invoiced),
    credited: m(f.credited),
    collected: m(f.collected),
    writtenOff: m(f.writtenOff),
    discounts: m(f.discounts),
    closing: m(f.closing),
    sales: m(f.sales),
    current: m(f.current),
    overdue: m(f.overdue),
    dso: fig(f.dso, 2),
    bestPossibleDso: fig(f.bestPossibleDso, 2),
    add: fig(f.add, 2),
    countbackDso: fig(f.countbackDso, 2),
    cei: fig(f.cei, 2),
    overdueRatio: fig(f.overdueRatio, 4),
    overdueToRevenue: fig(f.overdueToRevenue, 4),
    turnover: fig(f.turnover, 4),
    turnoverDays: fig(f.turnoverDays, 2),
    badDebtRate: fig(f.badDebtRate, 4),
    avgDaysToPay: fig(f.avgDaysToPay, 2),
    avgPaymentDelay: fig(f.avgPaymentDelay, 2),
    onTimeRate: fig(f.onTimeRate, 4),
    targetsMissed: f.targetsMissed,
  };
}

export function kpiJson(v: KpiView): string {
  const { report: r, ledger: l } = v;
  const m = (u: bigint) => unitsString(u, r.scale);
  const t = r.targets;
  const json: Record<string, unknown> = {
    asOf: isoDate(r.asOf),
    months: r.months,
    dsoMonths: r.dsoMonths,
    yearDays: r.yearDays,
    targets: { dsoTarget: t.dsoTarget?.toString() ?? null, overdueToRevenueMax: t.overdueToRevenueMax?.toString() ?? null, ceiMin: t.ceiMin?.toString() ?? null },
    periods: r.periods.map((f) => figuresJson(f, v)),
  };
  if (r.customers !== undefined) {
    json.customers = r.customers.map((c) => ({ customerId: l.customers[c.customer]!.key, name: nameOf(v, c.customer), ...figuresJson(c, v) }));
  }
  json.promises = r.promises.map((p) => ({ start: isoDate(p.start), end: isoDate(p.end), due: p.due, kept: p.kept, keptRate: fig(p.keptRate, 4) }));
  json.channels = r.channels.map((c) => ({
    type: c.type,
    contacts: c.contacts,
    followed: c.followed,
    rate: fig(c.rate, 4),
    collected: c.collected.map((x) => ({ currency: l.currencies[x.currency]!, amount: m(x.units) })),
  }));
  json.plans =
    r.plans === null
      ? null
      : {
          due: r.plans.due,
          onTime: r.plans.onTime,
          fulfilmentRate: fig(r.plans.fulfilmentRate, 4),
          plans: r.plans.plans.map((p) => ({ customerId: p.customerId, agreedOn: isoDate(p.agreedOn), due: p.due, onTime: p.onTime, fulfilmentRate: p.fulfilmentRate })),
        };
  json.festivals = r.festivals.map((f) => ({
    festival: f.festival,
    date: isoDate(f.date),
    from: isoDate(f.from),
    to: isoDate(f.to),
    currency: l.currencies[f.currency]!,
    collected: m(f.collected),
    baseline: baselineUnits(f.baseline, r.scale).toFixed(2),
    lift: fig(f.lift, 4),
  }));
  json.rejected = rejectedJson(v.rejected);
  return JSON.stringify(json, null, 2) + "\n";
}

/** A baseline (exact minor units) in currency units. */
function baselineUnits(units: Decimal, scale: number): Decimal {
  return units.div(new Decimal(10).pow(scale));
}

// ---------------------------------------------------------------------------------------------
// Tables

type FigureKey = keyof KpiFigures;

interface FigureColumn {
  key: string;
  field: FigureKey;
  header: Word;
  /** money, a day figure, a percent (CEI), or a ratio (a percent for people, a fraction in CSV). */
  kind: "money" | "days" | "times" | "percent" | "ratio";
  /** The target this figure is judged by. */
  target?: TargetName;
}

const MOVEMENTS: FigureColumn[] = [
  { key: "opening", field: "opening", header: "opening", kind: "money" },
  { key: "invoiced", field: "invoiced", header: "invoiced", kind: "money" },
  { key: "credited", field: "credited", header: "credited", kind: "money" },
  { key: "collected", field: "collected", header: "collected", kind: "money" },
  { key: "written_off", field: "writtenOff", header: "writtenOff", kind: "money" },
  { key: "discounts", field: "discounts", header: "discounts", kind: "money" },
  { key: "closing", field: "closing", header: "closing", kind: "money" },
  { key: "sales", field: "sales", header: "sales", kind: "money" },
  { key: "current", field: "current", header: "current", kind: "money" },
  { key: "overdue", field: "overdue", header: "overdue", kind: "money" },
  { key: "open", field: "open", header: "open", kind: "money" },
];

const FIGURES: FigureColumn[] = [
  { key: "dso", field: "dso", header: "dso", kind: "days", target: "dso" },
  { key: "best_possible_dso", field: "bestPossibleDso", header: "bestPossibleDso", kind: "days" },
  { key: "add", field: "add", header: "add", kind: "days" },
  { key: "countback_dso", field: "countbackDso", header: "countbackDso", kind: "days" },
  { key: "cei", field: "cei", header: "cei", kind: "percent", target: "cei" },
  { key: "overdue_ratio", field: "overdueRatio", header: "overdueRatio", kind: "ratio" },
  { key: "overdue_to_revenue", field: "overdueToRevenue", header: "overdueToRevenue", kind: "ratio", target: "overdueToRevenue" },
  { key: "turnover", field: "turnover", header: "turnover", kind: "times" },
  { key: "turnover_days", field: "turnoverDays", header: "turnoverDays", kind: "days" },
  { key: "bad_debt_rate", field: "badDebtRate", header: "badDebtRate", kind: "ratio" },
  { key: "avg_days_to_pay", field: "avgDaysToPay", header: "avgDaysToPay", kind: "days" },
  { key: "avg_payment_delay", field: "avgPaymentDelay", header: "avgPaymentDelay", kind: "days" },
  { key: "on_time_rate", field: "onTimeRate", header: "onTimeRate", kind: "ratio" },
];

function figureColumns(lang: Lang, c: FigureColumn): Column[] {
  const header = w(lang, c.header);
  switch (c.kind) {
    case "money":
      return [{ key: c.key, header, type: "money" }];
    case "days":
    case "times":
      return [{ key: c.key, header, type: "days" }];
    case "percent":
      return [{ key: c.key, header, type: "percent" }];
    case "ratio":
      return [
        { key: `${c.key}_pct`, header, type: "percent", only: "terminal" },
        { key: c.key, header, type: "ratio", only: "csv" },
      ];
  }
}

function figureCells(f: KpiFigures, c: FigureColumn, scale: number): (Cell | null)[] {
  const value = f[c.field];
  const tone: Tone | undefined = c.target !== undefined && f.targetsMissed.includes(c.target) ? "alert" : undefined;
  switch (c.kind) {
    case "money":
      return [money(value as bigint, scale)];
    case "days":
      return [value === null ? null : dayFigure(value as Decimal, 2, tone)];
    case "times":
      // A multiple (turnover 4.2×), not a share: a plain 4-place number everywhere.
      return [value === null ? null : dayFigure(value as Decimal, 4, tone)];
    case "percent":
      return [value === null ? null : { ...percent(value as Decimal, 2), tone }];
    case "ratio": {
      const d = value as Decimal | null;
      return [d === null ? null : { ...percent(d.times(HUNDRED), 2), tone }, d === null ? null : ratio(d)];
    }
  }
}

function missedText(lang: Lang, missed: readonly TargetName[]): Cell | null {
  if (missed.length === 0) return null;
  const words = missed.map((m) => w(lang, m === "dso" ? "dso" : m === "cei" ? "cei" : "overdueToRevenue"));
  return text(words.join(", "), "alert", missed.join(" "));
}

function params(v: KpiView): Table["params"] {
  const { report: r, lang } = v;
  const t = r.targets;
  const targets = [
    t.dsoTarget === null ? null : `DSO ≤ ${t.dsoTarget.toString()}`,
    t.overdueToRevenueMax === null ? null : `${w(lang, "overdueToRevenue")} ≤ ${t.overdueToRevenueMax.times(100).toFixed(2)}%`,
    t.ceiMin === null ? null : `CEI ≥ ${t.ceiMin.toFixed(2)}%`,
  ].filter((x): x is string => x !== null);
  return [
    { label: w(lang, "dsoWindow"), value: `${r.dsoMonths} ${w(lang, "months")}` },
    { label: w(lang, "dayBasis"), value: `${w(lang, "calendarDays")} ${r.yearDays}` },
    { label: w(lang, "revenueWindow"), value: `12 ${w(lang, "months")}` },
    { label: w(lang, "apply"), value: v.apply },
    { label: w(lang, "targets"), value: targets.length === 0 ? w(lang, "none") : targets.join(", ") },
  ];
}

/** The periods (or customers) as one table of every column: CSV and xlsx. */
function wholeTable(v: KpiView, rows: "periods" | "customers"): Table {
  const { report: r, ledger: l, lang } = v;
  const byCustomer = rows === "customers";
  const columns: Column[] = [
    ...(byCustomer
      ? ([
          { key: "customer_id", header: w(lang, "customerId"), type: "text" },
          { key: "name", header: w(lang, "name"), type: "text" },
        ] as Column[])
      : []),
    { key: "currency", header: w(lang, "currency"), type: "text" },
    { key: "start", header: w(lang, "start"), type: "date" },
    { key: "end", header: w(lang, "end"), type: "date" },
    { key: "days", header: w(lang, "days"), type: "int" },
    ...MOVEMENTS.flatMap((c) => figureColumns(lang, c)),
    ...FIGURES.flatMap((c) => figureColumns(lang, c)),
    { key: "targets_missed", header: w(lang, "targetsMissed"), type: "text" },
  ];
  const list: (KpiFigures & { customer?: number })[] = byCustomer ? (r.customers ?? []) : r.periods;
  const out: Row[] = list.map((f) => ({
    style: "item",
    cells: [
      ...(f.customer !== undefined ? [text(l.customers[f.customer]!.key), text(nameOf(v, f.customer))] : []),
      text(l.currencies[f.currency]!),
      date(f.start),
      date(f.end),
      int(f.days),
      ...MOVEMENTS.flatMap((c) => figureCells(f, c, r.scale)),
      ...FIGURES.flatMap((c) => figureCells(f, c, r.scale)),
      missedText(lang, f.targetsMissed),
    ],
  }));
  return {
    title: byCustomer ? `${w(lang, "customersTitle")} ${isoDate(r.asOf)}` : `${w(lang, "title")} ${isoDate(r.asOf)}`,
    sheet: byCustomer ? w(lang, "customerId") : w(lang, "figuresTitle"),
    params: params(v),
    columns,
    rows: out,
    empty: w(lang, "noPeriods"),
  };
}

/** For people: the movements, then the figures, one row per month and currency. */
function terminalTables(v: KpiView): Table[] {
  const { report: r, ledger: l, lang } = v;
  const lead: Column[] = [
    { key: "month", header: w(lang, "month"), type: "text" },
    { key: "currency", header: w(lang, "currency"), type: "text" },
  ];
  const leadCells = (f: KpiFigures) => [text(monthLabel(f.start) + (f.end === r.asOf && f.days < 28 ? ` (${f.days}d)` : "")), text(l.currencies[f.currency]!)];
  const movements: Table = {
    title: `${w(lang, "title")} ${isoDate(r.asOf)}`,
    params: params(v),
    columns: [...lead, ...MOVEMENTS.flatMap((c) => figureColumns(lang, c))],
    rows: r.periods.map((f) => ({ style: "item", cells: [...leadCells(f), ...MOVEMENTS.flatMap((c) => figureCells(f, c, r.scale))] })),
    empty: w(lang, "noPeriods"),
  };
  const figureCols = [...lead, ...FIGURES.flatMap((c) => figureColumns(lang, c)), { key: "targets_missed", header: w(lang, "targetsMissed"), type: "text" } as Column];
  const figures: Table = {
    title: w(lang, "figuresTitle"),
    params: [],
    columns: figureCols,
    rows: r.periods.map((f) => ({ style: "item", cells: [...leadCells(f), ...FIGURES.flatMap((c) => figureCells(f, c, r.scale)), missedText(lang, f.targetsMissed)] })),
    layout: { columns: figureCols.filter((c) => c.only !== "csv").map((c) => c.key) },
  };
  return [movements, figures];
}

function customersTerminal(v: KpiView): Table {
  const t = wholeTable(v, "customers");
  const keep = new Set(["customer_id", "name", "currency", "opening", "invoiced", "collected", "closing", "overdue", "dso", "best_possible_dso", "countback_dso", "cei", "overdue_ratio_pct", "avg_payment_delay", "targets_missed"]);
  return { ...t, params: [], layout: { columns: t.columns.filter((c) => keep.has(c.key)).map((c) => c.key) } };
}

function eventTables(v: KpiView): Table[] {
  const { report: r, ledger: l, lang } = v;
  const out: Table[] = [];
  if (r.promises.length > 0) {
    out.push({
      title: w(lang, "promisesTitle"),
      params: [],
      columns: [
        { key: "start", header: w(lang, "start"), type: "date" },
        { key: "end", header: w(lang, "end"), type: "date" },
        { key: "due", header: w(lang, "due"), type: "int" },
        { key: "kept", header: w(lang, "kept"), type: "int" },
        { key: "kept_rate_pct", header: w(lang, "keptRate"), type: "percent", only: "terminal" },
        { key: "kept_rate", header: w(lang, "keptRate"), type: "ratio", only: "csv" },
      ],
      rows: r.promises.map((p) => ({
        style: "item",
        cells: [date(p.start), date(p.end), int(p.due), int(p.kept), p.keptRate === null ? null : percent(p.keptRate.times(HUNDRED)), p.keptRate === null ? null : ratio(p.keptRate)],
      })),
    });
  }
  if (r.channels.length > 0) {
    const rows: Row[] = [];
    for (const c of r.channels) {
      const head = [text(w(lang, c.type as Word), undefined, c.type), int(c.contacts), int(c.followed), c.rate === null ? null : percent(c.rate.times(HUNDRED)), c.rate === null ? null : ratio(c.rate)];
      if (c.collected.length === 0) rows.push({ style: "item", cells: [...head, null, money(0n, r.scale)] });
      for (const x of c.collected) rows.push({ style: "item", cells: [...head, text(l.currencies[x.currency]!), money(x.units, r.scale)] });
    }
    out.push({
      title: `${w(lang, "channelsTitle")} ${r.followUpDays} ${w(lang, "daysWord")}`,
      params: [],
      columns: [
        { key: "type", header: w(lang, "type"), type: "text" },
        { key: "contacts", header: w(lang, "contacts"), type: "int" },
        { key: "followed", header: w(lang, "followed"), type: "int" },
        { key: "rate_pct", header: w(lang, "rate"), type: "percent", only: "terminal" },
        { key: "rate", header: w(lang, "rate"), type: "ratio", only: "csv" },
        { key: "currency", header: w(lang, "currency"), type: "text" },
        { key: "collected", header: w(lang, "collected"), type: "money" },
      ],
      rows,
    });
  }
  if (r.plans !== null) {
    const rate = (d: Decimal | null) => (d === null ? null : percent(d.times(HUNDRED)));
    const rows: Row[] = r.plans.plans.map((p) => ({
      style: "item",
      cells: [text(p.customerId), date(p.agreedOn), int(p.due), int(p.onTime), rate(p.fulfilmentRate === null ? null : new Decimal(p.fulfilmentRate))],
    }));
    rows.push({ style: "total", label: w(lang, "total"), cells: [null, null, int(r.plans.due), int(r.plans.onTime), rate(r.plans.fulfilmentRate)] });
    out.push({
      title: w(lang, "plansTitle"),
      params: [],
      columns: [
        { key: "customer_id", header: w(lang, "customerId"), type: "text" },
        { key: "agreed_on", header: w(lang, "agreedOn"), type: "date" },
        { key: "due", header: w(lang, "due"), type: "int" },
        { key: "on_time", header: w(lang, "onTime"), type: "int" },
        { key: "fulfilment_rate", header: w(lang, "fulfilment"), type: "percent" },
      ],
      rows,
      csvLabel: { column: "customer_id", text: "TOTAL" },
    });
  }
  return out;
}

function festivalTable(v: KpiView): Table | undefined {
  const { report: r, ledger: l, lang } = v;
  if (r.festivals.length === 0) return undefined;
  return {
    title: w(lang, "festivalsTitle"),
    params: [],
    columns: [
      { key: "festival", header: w(lang, "festival"), type: "text" },
      { key: "date", header: w(lang, "date"), type: "date" },
      { key: "from", header: w(lang, "from"), type: "date" },
      { key: "to", header: w(lang, "to"), type: "date" },
      { key: "currency", header: w(lang, "currency"), type: "text" },
      { key: "collected", header: w(lang, "collected"), type: "money" },
      { key: "baseline", header: w(lang, "baseline"), type: "money" },
      { key: "lift", header: w(lang, "lift"), type: "days" },
    ],
    rows: r.festivals.map((f) => ({
      style: "item",
      cells: [
        text(w(lang, f.festival), undefined, f.festival),
        date(f.date),
        date(f.from),
        date(f.to),
        text(l.currencies[f.currency]!),
        money(f.collected, r.scale),
        // The baseline rounded half-up to cents, as money at scale 2.
        money(BigInt(baselineUnits(f.baseline, r.scale).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0)), 2),
        f.lift === null ? null : dayFigure(f.lift, 4),
      ],
    })),
  };
}

/** Every table of the report, for xlsx: the whole periods table first, then the rest. */
export function kpiTableModels(v: KpiView): Table[] {
  const tables = [wholeTable(v, "periods")];
  if (v.report.customers !== undefined) tables.push(wholeTable(v, "customers"));
  tables.push(...eventTables(v));
  const f = festivalTable(v);
  if (f !== undefined) tables.push(f);
  return tables.map((t) => ({ ...t, sheet: t.sheet ?? t.title.slice(0, 31) }));
}

export function kpiTable(v: KpiView): string {
  const tables = v.report.customers !== undefined ? [...terminalTables(v).slice(0, 1), customersTerminal(v)] : terminalTables(v);
  tables.push(...eventTables(v));
  const f = festivalTable(v);
  if (f !== undefined) tables.push(f);
  return tables.map((t) => tableText(t, { chalk: v.chalk })).join("\n") + rejectedNote(v.lang, v.rejected.length);
}

export function kpiCsv(v: KpiView): string {
  return tableCsv(wholeTable(v, v.report.customers !== undefined ? "customers" : "periods"));
}

export function renderKpi(v: KpiView, format: "table" | "csv" | "json"): string {
  return format === "json" ? kpiJson(v) : format === "csv" ? kpiCsv(v) : kpiTable(v);
}
