/**
 * `ar provision` and `ar factoring` in their renderings (SPEC.md "Bad-debt provisions", "Factoring
 * candidates"): JSON in SPEC's shapes; the table model for the terminal, CSV and xlsx. The
 * parameters that change the numbers (method, basis, bands and rates, history, adjustment,
 * recovery range) are in every header; the default rate table is flagged as an example policy.
 */
import type { ChalkInstance } from "chalk";
import { customerName, type CustomerProfile } from "../../engine/customers.js";
import { isoDate } from "../../engine/dates.js";
import type { FactoringReport, Range } from "../../engine/factoring.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import { Decimal, unitsGrouped, unitsString } from "../../engine/money.js";
import { provisionByCustomer, ratioText, type ProvisionReport, type Ratio } from "../../engine/provision.js";
import { rejectedNote, type Lang } from "../i18n.js";
import type { RejectedJson } from "../problems.js";
import { date, days, int, money, ratio, text, type Column, type Line, type Param, type Row, type Table } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

// Words of these two reports (kept here, beside the only code that says them).
const W = {
  provisionTitle: { en: "Bad-debt provision as of", zh: "坏账准备计提 截至" },
  factoringTitle: { en: "Factoring candidates as of", zh: "应收账款保理候选 截至" },
  rollTitle: { en: "Roll rates and loss rates", zh: "迁徙率与损失率" },
  method: { en: "method", zh: "方法" },
  aging: { en: "aging", zh: "账龄分析法" },
  matrix: { en: "matrix (roll rates)", zh: "迁徙率矩阵" },
  basis: { en: "basis", zh: "账龄口径" },
  basisDoc: { en: "doc date", zh: "单据日期" },
  basisDue: { en: "days overdue", zh: "逾期天数" },
  rates: { en: "rates", zh: "计提比例" },
  examplePolicy: { en: "EXAMPLE POLICY (built-in default rates: set provision.rates to your own)", zh: "示例政策（内置默认比例：请在 provision.rates 中设定本公司政策）" },
  history: { en: "history", zh: "历史区间" },
  forwardLooking: { en: "forward-looking", zh: "前瞻性调整" },
  lastBandLoss: { en: "last band loss", zh: "末段损失率" },
  previous: { en: "previous", zh: "期初坏账准备" },
  currency: { en: "Cur", zh: "币种" },
  band: { en: "Band", zh: "账龄段" },
  individual: { en: "individual", zh: "单项计提" },
  customerId: { en: "Customer", zh: "客户编号" },
  name: { en: "Name", zh: "客户名称" },
  balance: { en: "Balance", zh: "余额" },
  rate: { en: "Rate", zh: "比例" },
  provision: { en: "Provision", zh: "坏账准备" },
  reason: { en: "Reason", zh: "理由" },
  base: { en: "Base", zh: "期初余额" },
  moved: { en: "Moved", zh: "迁徙金额" },
  roll: { en: "Roll rate", zh: "迁徙率" },
  loss: { en: "Loss rate", zh: "损失率" },
  coverage: { en: "Coverage", zh: "计提率" },
  charge: { en: "Charge", zh: "本期计提" },
  unapplied: { en: "Unapplied (memo)", zh: "未核销款（备查）" },
  items: { en: "Items", zh: "笔数" },
  docNo: { en: "Doc no", zh: "单据编号" },
  docDate: { en: "Doc date", zh: "单据日期" },
  dueDate: { en: "Due date", zh: "到期日" },
  days: { en: "Days", zh: "天数" },
  outstanding: { en: "Outstanding", zh: "未收金额" },
  total: { en: "Total", zh: "合计" },
  net: { en: "Net", zh: "账面净额" },
  advance: { en: "Advance", zh: "预付款" },
  proceedsLow: { en: "Proceeds low", zh: "回收(低)" },
  proceedsMid: { en: "Proceeds mid", zh: "回收(中)" },
  proceedsHigh: { en: "Proceeds high", zh: "回收(高)" },
  lossLow: { en: "Loss low", zh: "损失(低)" },
  lossMid: { en: "Loss mid", zh: "损失(中)" },
  lossHigh: { en: "Loss high", zh: "损失(高)" },
  concentrated: { en: "Concentrated", zh: "集中度" },
  minDays: { en: "min days overdue", zh: "最少逾期天数" },
  recovery: { en: "recovery", zh: "回收率" },
  advanceRate: { en: "advance", zh: "预付比例" },
  concentration: { en: "concentration over 90 days", zh: "逾期90天以上集中度阈值" },
  noItems: { en: "No open items.", zh: "无未结项目。" },
  noCandidates: { en: "No candidates.", zh: "无候选项目。" },
  accrue: { en: "accrue (计提)", zh: "计提" },
  reverse: { en: "reverse (转回)", zh: "转回" },
  memo: { en: "unapplied credit not netted (memo)", zh: "未核销款未抵减（备查）" },
  noRate: { en: "no base: next band's loss rate", zh: "无期初余额：沿用下一段损失率" },
  yes: { en: "yes", zh: "是" },
} as const;

function w(lang: Lang, key: keyof typeof W): string {
  return W[key][lang];
}

/** A provision rate as a table cell: 4 places, as the report prints it. */
export const ratioCell = (r: Ratio) => ratio(new Decimal(ratioText(r)));

function nameOf(ledger: Ledger, master: Map<string, CustomerProfile> | undefined, customer: number): string {
  const c = ledger.customers[customer]!;
  return customerName(c.name, master?.get(c.key), c.key);
}

// ---------------------------------------------------------------------------------------------
// ar provision

export interface ProvisionView {
  report: ProvisionReport;
  ledger: Ledger;
  master: Map<string, CustomerProfile> | undefined;
  by: "band" | "customer" | "invoice";
  lang: Lang;
  rejected: RejectedJson[];
  chalk: ChalkInstance;
  /** The policy's rates as configured (the aging method) and whether they are the built-in example. */
  rates: readonly Decimal[];
  examplePolicy: boolean;
  forwardLooking: Decimal;
  lastBandLoss: Decimal;
}

const cents = (u: bigint) => unitsString(u, 2);

/** coverage = provision ÷ balance, 4 decimals; null when the balance is 0. */
function coverageOf(provisionCents: bigint, balanceUnits: bigint, scale: number): Ratio | null {
  if (balanceUnits === 0n) return null;
  // provision (cents) ÷ (balance units ÷ 10^scale × 100)
  return scale >= 2 ? { n: provisionCents * 10n ** BigInt(scale - 2), d: balanceUnits } : { n: provisionCents, d: balanceUnits * 10n ** BigInt(2 - scale) };
}

export function provisionJson(v: ProvisionView): string {
  const { report, ledger } = v;
  const m = (u: bigint) => unitsString(u, report.scale);
  const cur = (c: number) => ledger.currencies[c]!;
  const json = {
    asOf: isoDate(report.asOf),
    method: report.method,
    basis: report.basis,
    bands: report.rows.map((r) => {
      const b = report.bands[r.band]!;
      return { currency: cur(r.currency), key: b.key, from: b.from, to: b.to, balance: m(r.balance), rate: ratioText(r.rate), provision: cents(r.provision) };
    }),
    individual: report.individual.map((a) => ({ customerId: ledger.customers[a.customer]!.key, currency: cur(a.currency), balance: m(a.balance), rate: ratioText(a.rate), provision: cents(a.provision), reason: a.reason })),
    rollRates:
      report.rollRates === null
        ? null
        : report.rollRates.map((r) => {
            const b = report.bands[r.band]!;
            return { currency: cur(r.currency), key: b.key, from: b.from, to: b.to, base: m(r.base), moved: m(r.moved), rollRate: r.roll === null ? null : ratioText(r.roll), lossRate: ratioText(r.rate) };
          }),
    totals: report.totals.map((t) => {
      const cov = coverageOf(t.provision, t.balance, report.scale);
      return { currency: cur(t.currency), balance: m(t.balance), provision: cents(t.provision), coverage: cov === null ? null : ratioText(cov), previous: t.previous === null ? null : cents(t.previous), charge: t.charge === null ? null : cents(t.charge) };
    }),
    unapplied: report.totals.filter((t) => t.unapplied !== 0n).map((t) => ({ currency: cur(t.currency), amount: m(t.unapplied) })),
    rejected: v.rejected,
  };
  return JSON.stringify(json, null, 2) + "\n";
}

function provisionParams(v: ProvisionView): Param[] {
  const { report, lang } = v;
  const params: Param[] = [{ label: w(lang, "method"), value: w(lang, report.method === "aging" ? "aging" : "matrix") }];
  if (report.method === "aging") {
    params.push({ label: w(lang, "basis"), value: w(lang, report.basis === "doc" ? "basisDoc" : "basisDue") });
    params.push({ label: w(lang, "rates"), value: report.bands.map((b, k) => `${b.key} ${v.rates[k]!.toFixed(Math.max(2, v.rates[k]!.decimalPlaces()))}`).join(", ") + (v.examplePolicy ? ` — ${w(lang, "examplePolicy")}` : "") });
  } else {
    const ends = report.monthEnds!;
    params.push({ label: w(lang, "history"), value: `${isoDate(ends[0]!)} … ${isoDate(ends[ends.length - 1]!)} (${ends.length - 1})` });
    params.push({ label: w(lang, "lastBandLoss"), value: v.lastBandLoss.toString() });
    params.push({ label: w(lang, "forwardLooking"), value: v.forwardLooking.toString() });
  }
  const prev = report.totals.filter((t) => t.previous !== null);
  if (prev.length > 0) params.push({ label: w(lang, "previous"), value: prev.map((t) => `${v.ledger.currencies[t.currency]} ${unitsGrouped(t.previous!, 2)}`).join(", ") });
  return params;
}

/** The roll and loss rates the matrix used, per currency and band. */
export function rollRatesTableModel(v: ProvisionView): Table {
  const { report, ledger, lang } = v;
  const columns: Column[] = [
    { key: "currency", header: w(lang, "currency"), type: "text" },
    { key: "band", header: w(lang, "band"), type: "text" },
    { key: "base", header: w(lang, "base"), type: "money" },
    { key: "moved", header: w(lang, "moved"), type: "money" },
    { key: "roll_rate", header: w(lang, "roll"), type: "ratio" },
    { key: "loss_rate", header: w(lang, "loss"), type: "ratio" },
  ];
  const last = report.bands.length - 1;
  const rows: Row[] = (report.rollRates ?? []).map((r) => ({
    style: "item",
    cells: [
      text(ledger.currencies[r.currency]!),
      text(report.bands[r.band]!.key),
      r.band === last ? null : money(r.base, report.scale),
      r.band === last ? null : money(r.moved, report.scale),
      r.roll === null ? (r.band === last ? null : text(w(lang, "noRate"), "dim")) : ratioCell(r.roll),
      ratioCell(r.rate),
    ],
  }));
  return { title: `${w(lang, "rollTitle")} ${isoDate(report.asOf)}`, sheet: w(lang, "rollTitle"), params: provisionParams(v), columns, rows };
}

export function provisionTableModel(v: ProvisionView): Table {
  const { report, ledger, lang, by } = v;
  const scale = report.scale;
  const cur = (c: number) => text(ledger.currencies[c]!);
  const col = (key: string, header: keyof typeof W, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header: w(lang, header), type, ...extra });
  // The first column takes a total row's label: the currency comes after it.
  const columns: Column[] = [];
  if (by === "band") columns.push(col("band", "band", "text"), col("currency", "currency", "text"), col("customer_id", "customerId", "text"), col("name", "name", "text"), col("balance", "balance", "money"), col("rate", "rate", "ratio"));
  if (by === "customer") columns.push(col("customer_id", "customerId", "text"), col("currency", "currency", "text"), col("name", "name", "text"), col("items", "items", "int"), col("balance", "balance", "money"), col("coverage", "coverage", "ratio"));
  if (by === "invoice") columns.push(col("customer_id", "customerId", "text"), col("currency", "currency", "text"), col("name", "name", "text"), col("doc_no", "docNo", "text"), col("doc_date", "docDate", "date"), col("due_date", "dueDate", "date"), col("days", "days", "days"), col("band", "band", "text"), col("balance", "outstanding", "money"), col("rate", "rate", "ratio"));
  columns.push(col("provision", "provision", "money"), col("reason", "reason", "text", { maxChars: 40 }), col("previous", "previous", "money"), col("charge", "charge", "money"), col("unapplied", "unapplied", "money"));
  const at = (key: string) => columns.findIndex((c) => c.key === key);
  const rateKey = by === "customer" ? "coverage" : "rate";
  const blank = () => columns.map(() => null) as Row["cells"];
  const rows: Row[] = [];
  const individualReason = new Map(report.individual.map((a) => [a.customer, a.reason]));
  if (by === "band") {
    for (const r of report.rows) {
      const cells = blank();
      cells[at("currency")] = cur(r.currency);
      cells[at("band")] = text(report.bands[r.band]!.key);
      cells[at("balance")] = money(r.balance, scale);
      cells[at("rate")] = ratioCell(r.rate);
      cells[at("provision")] = money(r.provision, 2);
      rows.push({ style: "item", cells });
    }
    for (const a of report.individual) {
      const cells = blank();
      cells[at("currency")] = cur(a.currency);
      cells[at("band")] = text(w(lang, "individual"), "caution", "individual");
      cells[at("customer_id")] = text(ledger.customers[a.customer]!.key);
      cells[at("name")] = text(nameOf(ledger, v.master, a.customer));
      cells[at("balance")] = money(a.balance, scale);
      cells[at("rate")] = ratioCell(a.rate);
      cells[at("provision")] = money(a.provision, 2);
      cells[at("reason")] = text(a.reason);
      rows.push({ style: "item", cells });
    }
  } else if (by === "customer") {
    for (const c of provisionByCustomer(report)) {
      const cells = blank();
      cells[at("currency")] = cur(c.currency);
      cells[at("customer_id")] = text(ledger.customers[c.customer]!.key);
      cells[at("name")] = text(nameOf(ledger, v.master, c.customer));
      cells[at("items")] = int(c.items);
      cells[at("balance")] = money(c.balance, scale);
      const cov = coverageOf(c.provision, c.balance, scale);
      cells[at(rateKey)] = cov === null ? null : ratioCell(cov);
      cells[at("provision")] = money(c.provision, 2);
      if (c.individual) cells[at("reason")] = text(individualReason.get(c.customer) ?? "");
      rows.push({ style: "item", cells });
    }
  } else {
    for (const it of report.items ?? []) {
      const cells = blank();
      cells[at("currency")] = cur(it.currency);
      cells[at("customer_id")] = text(ledger.customers[it.customer]!.key);
      cells[at("name")] = text(nameOf(ledger, v.master, it.customer));
      cells[at("doc_no")] = text(docNoOf(ledger, it.index));
      cells[at("doc_date")] = date(ledger.docDate[it.index]!);
      cells[at("due_date")] = date(ledger.dueDate[it.index]!);
      cells[at("days")] = days(it.days);
      cells[at("band")] = it.band < 0 ? text(w(lang, "individual"), "caution", "individual") : text(report.bands[it.band]!.key);
      cells[at("balance")] = money(it.outstanding, scale);
      cells[at("rate")] = ratioCell(it.rate);
      cells[at("provision")] = money(it.provision, 2);
      if (it.band < 0) cells[at("reason")] = text(individualReason.get(it.customer) ?? "");
      rows.push({ style: "item", cells });
    }
  }
  const notes: Line[] = [];
  for (const t of report.totals) {
    const cells = blank();
    cells[at("currency")] = cur(t.currency);
    cells[at("balance")] = money(t.balance, scale);
    const cov = coverageOf(t.provision, t.balance, scale);
    if (by !== "invoice") cells[at(rateKey)] = cov === null ? null : ratioCell(cov);
    cells[at("provision")] = money(t.provision, 2, "strong");
    if (t.previous !== null) cells[at("previous")] = money(t.previous, 2);
    if (t.charge !== null) cells[at("charge")] = money(t.charge, 2, t.charge < 0n ? "good" : "alert");
    cells[at("unapplied")] = money(t.unapplied, scale, "dim");
    rows.push({ style: "total", label: w(lang, "total"), cells });
    const c = ledger.currencies[t.currency]!;
    const parts = [`${c}: ${w(lang, "provision")} ${unitsGrouped(t.provision, 2)}`];
    if (cov !== null) parts.push(`${w(lang, "coverage")} ${ratioText(cov)}`);
    if (t.charge !== null) parts.push(`${w(lang, "previous")} ${unitsGrouped(t.previous!, 2)}, ${w(lang, "charge")} ${unitsGrouped(t.charge, 2)} ${w(lang, t.charge < 0n ? "reverse" : "accrue")}`);
    if (t.unapplied !== 0n) parts.push(`${w(lang, "memo")} ${unitsGrouped(t.unapplied, scale)}`);
    notes.push(parts.join("; "));
  }
  const individualShown = report.individual.length > 0;
  const terminal = columns.map((c) => c.key).filter((k) => !["previous", "charge", "unapplied"].includes(k) && (by !== "band" || individualShown || (k !== "customer_id" && k !== "name")) && (k !== "reason" || (individualShown && by !== "invoice")));
  return {
    title: `${w(lang, "provisionTitle")} ${isoDate(report.asOf)}`,
    params: provisionParams(v),
    columns,
    rows,
    notes,
    empty: w(lang, "noItems"),
    csvLabel: { column: by === "band" ? "band" : "customer_id", text: "TOTAL" },
    layout: { columns: terminal },
  };
}

export function provisionTables(v: ProvisionView): Table[] {
  return v.report.rollRates !== null ? [rollRatesTableModel(v), provisionTableModel(v)] : [provisionTableModel(v)];
}

export function renderProvision(v: ProvisionView, format: "table" | "csv" | "json"): string {
  if (format === "json") return provisionJson(v);
  if (format === "csv") return tableCsv(provisionTableModel(v));
  return provisionTables(v).map((t) => tableText(t, { chalk: v.chalk })).join("\n") + rejectedNote(v.lang, v.rejected.length);
}

// ---------------------------------------------------------------------------------------------
// ar factoring

export interface FactoringView {
  report: FactoringReport;
  ledger: Ledger;
  master: Map<string, CustomerProfile> | undefined;
  lang: Lang;
  rejected: RejectedJson[];
  chalk: ChalkInstance;
  minDays: number;
  advance: Decimal;
  recovery: [Decimal, Decimal];
  concentration: Decimal;
}

const rangeJson = (r: Range) => ({ low: cents(r.low), mid: cents(r.mid), high: cents(r.high) });

export function factoringJson(v: FactoringView): string {
  const { report, ledger } = v;
  const m = (u: bigint) => unitsString(u, report.scale);
  const json = {
    asOf: isoDate(report.asOf),
    minDays: v.minDays,
    recovery: { low: v.recovery[0].toString(), high: v.recovery[1].toString() },
    customers: report.customers.map((c) => ({
      customerId: ledger.customers[c.customer]!.key,
      name: nameOf(ledger, v.master, c.customer),
      currency: ledger.currencies[c.currency]!,
      items: c.items,
      outstanding: m(c.outstanding),
      provision: cents(c.provision),
      net: cents(c.net),
      advance: cents(c.advance),
      proceeds: rangeJson(c.proceeds),
      loss: rangeJson(c.loss),
      concentrated: c.concentrated,
    })),
    totals: report.totals.map((t) => ({ currency: ledger.currencies[t.currency]!, outstanding: m(t.outstanding), provision: cents(t.provision), net: cents(t.net), advance: cents(t.advance), proceeds: rangeJson(t.proceeds), loss: rangeJson(t.loss) })),
    rejected: v.rejected,
  };
  return JSON.stringify(json, null, 2) + "\n";
}

export function factoringTableModel(v: FactoringView): Table {
  const { report, ledger, lang } = v;
  const col = (key: string, header: keyof typeof W, type: Column["type"]): Column => ({ key, header: w(lang, header), type });
  const columns: Column[] = [
    col("customer_id", "customerId", "text"),
    col("name", "name", "text"),
    col("currency", "currency", "text"),
    col("items", "items", "int"),
    col("outstanding", "outstanding", "money"),
    col("provision", "provision", "money"),
    col("net", "net", "money"),
    col("advance", "advance", "money"),
    col("proceeds_low", "proceedsLow", "money"),
    col("proceeds_mid", "proceedsMid", "money"),
    col("proceeds_high", "proceedsHigh", "money"),
    col("loss_low", "lossLow", "money"),
    col("loss_mid", "lossMid", "money"),
    col("loss_high", "lossHigh", "money"),
    col("concentrated", "concentrated", "text"),
  ];
  const c2 = (u: bigint) => money(u, 2);
  const rows: Row[] = report.customers.map((c) => ({
    style: "item",
    cells: [
      text(ledger.customers[c.customer]!.key),
      text(nameOf(ledger, v.master, c.customer)),
      text(ledger.currencies[c.currency]!),
      int(c.items),
      money(c.outstanding, report.scale),
      c2(c.provision),
      c2(c.net),
      c2(c.advance),
      c2(c.proceeds.low),
      c2(c.proceeds.mid),
      c2(c.proceeds.high),
      c2(c.loss.low),
      c2(c.loss.mid),
      c2(c.loss.high),
      c.concentrated ? text(w(lang, "yes"), "alert", "yes") : text("", undefined, "no"),
    ],
  }));
  for (const t of report.totals) {
    rows.push({
      style: "total",
      label: w(lang, "total"),
      cells: [null, null, text(ledger.currencies[t.currency]!), null, money(t.outstanding, report.scale), c2(t.provision), c2(t.net), c2(t.advance), c2(t.proceeds.low), c2(t.proceeds.mid), c2(t.proceeds.high), c2(t.loss.low), c2(t.loss.mid), c2(t.loss.high), null],
    });
  }
  const params: Param[] = [
    { label: w(lang, "minDays"), value: String(v.minDays) },
    { label: w(lang, "advanceRate"), value: v.advance.toString() },
    { label: w(lang, "recovery"), value: `${v.recovery[0].toString()}–${v.recovery[1].toString()}` },
    { label: w(lang, "concentration"), value: v.concentration.toString() },
  ];
  return {
    title: `${w(lang, "factoringTitle")} ${isoDate(report.asOf)}`,
    params,
    columns,
    rows,
    empty: w(lang, "noCandidates"),
    csvLabel: { column: "name", text: "TOTAL" },
    layout: { columns: ["customer_id", "currency", "items", "outstanding", "provision", "net", "advance", "proceeds_low", "proceeds_mid", "proceeds_high", "loss_mid", "concentrated"] },
  };
}

export function renderFactoring(v: FactoringView, format: "table" | "csv" | "json"): string {
  if (format === "json") return factoringJson(v);
  if (format === "csv") return tableCsv(factoringTableModel(v));
  return tableText(factoringTableModel(v), { chalk: v.chalk }) + rejectedNote(v.lang, v.rejected.length);
}

