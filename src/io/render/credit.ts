/**
 * The credit review (SPEC.md "Credit review") and collector commission (SPEC.md "Collector
 * commission") in their renderings: JSON in SPEC's shapes, and the table model (terminal, CSV, xlsx).
 */
import type { ChalkInstance } from "chalk";
import type { CommissionReport } from "../../engine/commission.js";
import type { CreditAlert, CreditReport } from "../../engine/credit.js";
import { customerName, type CustomerProfile } from "../../engine/customers.js";
import { isoDate } from "../../engine/dates.js";
import type { Ledger } from "../../engine/ledger.js";
import { Decimal, moneyGrouped, unitsGrouped, unitsString, toMinor } from "../../engine/money.js";
import { rejectedNote, type Lang } from "../i18n.js";
import type { RejectedJson } from "../problems.js";
import { date, dayFigure, int, money, ratio, text, type Column, type Row, type Table } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

type Words = { en: string; zh: string };
const W = {
  creditTitle: { en: "Credit review as of", zh: "信用评估 截至" },
  commissionTitle: { en: "Collector commission", zh: "催收提成" },
  window: { en: "window (months)", zh: "评估期(月)" },
  factor: { en: "limit factor", zh: "额度系数" },
  roundTo: { en: "rounded down to", zh: "取整至" },
  period: { en: "period", zh: "期间" },
  rate: { en: "rate", zh: "提成率" },
  base: { en: "base", zh: "提成基数" },
  tiers: { en: "tiers (days overdue ≥ rate)", zh: "分档(逾期天数≥提成率)" },
  customerId: { en: "Customer ID", zh: "客户编号" },
  name: { en: "Customer", zh: "客户名称" },
  currency: { en: "Currency", zh: "币种" },
  paidInvoices: { en: "Paid invoices", zh: "已付发票" },
  avgDaysToPay: { en: "Avg days to pay", zh: "平均付款天数" },
  avgPaymentDelay: { en: "Avg delay", zh: "平均逾期天数" },
  lateShare: { en: "Late share", zh: "逾期付款占比" },
  paydex: { en: "Paydex", zh: "付款指数" },
  balance: { en: "Balance", zh: "余额" },
  creditLimit: { en: "Credit limit", zh: "信用额度" },
  utilisation: { en: "Utilisation", zh: "额度使用率" },
  tier: { en: "Tier", zh: "级别" },
  promises: { en: "Promises kept/broken", zh: "承诺 兑现/违约" },
  riskClass: { en: "Class", zh: "风险等级" },
  sales3: { en: "Best 3 months' sales", zh: "最高连续3月销售额" },
  suggestedLimit: { en: "Suggested limit", zh: "建议额度" },
  alerts: { en: "Alerts", zh: "预警" },
  lastReview: { en: "Last review", zh: "上次评审" },
  reviewDue: { en: "Review due", zh: "下次评审" },
  noCustomers: { en: "No customer has documents in the window.", zh: "评估期内没有客户单据。" },
  collector: { en: "Collector", zh: "催收员" },
  collected: { en: "Collected", zh: "回款" },
  overdueCollected: { en: "Of which overdue", zh: "其中逾期回款" },
  commissionBase: { en: "Commission base", zh: "提成基数" },
  commission: { en: "Commission", zh: "提成" },
  noCollections: { en: "No collections in the period.", zh: "期间内没有回款。" },
  unassigned: { en: "unassigned", zh: "未分配" },
  baseAll: { en: "all collections", zh: "全部回款" },
  baseOverdue: { en: "overdue collections only", zh: "仅逾期回款" },
} satisfies Record<string, Words>;

const w = (lang: Lang, key: keyof typeof W) => W[key][lang];

export interface CreditView {
  report: CreditReport;
  ledger: Ledger;
  master: ReadonlyMap<string, CustomerProfile> | undefined;
  lang: Lang;
  rejected: RejectedJson[];
  chalk: ChalkInstance;
}

function nameOf(ledger: Ledger, master: ReadonlyMap<string, CustomerProfile> | undefined, customer: number): string {
  const c = ledger.customers[customer]!;
  return customerName(c.name, master?.get(c.key), c.key);
}

const fixed = (d: Decimal | null, places: number) => (d === null ? null : d.toFixed(places));

/** An alert's numbers in words (the JSON `detail` and the table's alerts column). */
export function alertDetail(a: CreditAlert, lang: Lang, scale: number, currency: string): string {
  const zh = lang === "zh";
  const m = (u: bigint) => `${currency} ${unitsGrouped(u, scale)}`;
  switch (a.code) {
    case "activity_drop":
    case "watch": {
      const avg = `${currency} ${moneyGrouped(new Decimal(a.baseline.toString()).div(3).div(new Decimal(10).pow(scale)))}`;
      const limit = a.code === "activity_drop" ? "50%" : "70%";
      return zh
        ? `近90天回款 ${m(a.recent)},为此前270天平均每90天回款 ${avg} 的 ${a.ratio.times(100).toFixed(2)}%(低于${limit})`
        : `receipts in the last 90 days ${m(a.recent)} = ${a.ratio.times(100).toFixed(2)}% of the average 90 days of the 270 before, ${avg} (below ${limit})`;
    }
    case "delay_rising":
      return zh ? `近90天平均逾期 ${a.recent.toFixed(2)} 天,评估期 ${a.window.toFixed(2)} 天(高出15天以上)` : `average delay ${a.recent.toFixed(2)} days in the last 90 days against ${a.window.toFixed(2)} over the window (15 or more above)`;
    case "paydex_drop":
      return zh ? `付款指数 ${a.paydex},90天前(${isoDate(a.earlierOn)})为 ${a.earlier}(下降10点以上)` : `paydex ${a.paydex}, was ${a.earlier} on ${isoDate(a.earlierOn)} (10 or more points lower)`;
    case "new_tier_c":
      return zh
        ? `新进入C级:最久逾期 ${a.oldestDaysOverdue} 天;${isoDate(a.earlierOn)} 为${a.earlierTier === null ? "未逾期" : `${a.earlierTier}级`}`
        : `tier C now, oldest ${a.oldestDaysOverdue} days overdue; ${a.earlierTier === null ? "not overdue" : `tier ${a.earlierTier}`} on ${isoDate(a.earlierOn)}`;
    case "over_limit":
      return zh ? `余额 ${m(a.balance)} 超过信用额度 ${currency} ${moneyGrouped(a.limit)}` : `balance ${m(a.balance)} above the credit limit ${currency} ${moneyGrouped(a.limit)}`;
    case "broken_promise": {
      const what = a.amount === undefined ? (zh ? "付款" : "payment") : `${currency} ${moneyGrouped(a.amount)}`;
      return zh
        ? `近90天违约承诺 ${a.broken} 次;最近一次:${isoDate(a.promisedOn)} 承诺 ${isoDate(a.dueDate)} 前支付 ${what},实付 ${m(a.paid)}`
        : `${a.broken} promise(s) broken in the last 90 days; latest: on ${isoDate(a.promisedOn)} promised ${what} by ${isoDate(a.dueDate)}, paid ${m(a.paid)}`;
    }
  }
}

export function creditJson(v: CreditView): string {
  const { report, ledger } = v;
  return (
    JSON.stringify(
      {
        asOf: isoDate(report.asOf),
        window: report.window,
        customers: report.rows.map((r) => {
          const currency = ledger.currencies[r.currency]!;
          return {
            customerId: ledger.customers[r.customer]!.key,
            name: nameOf(ledger, v.master, r.customer),
            currency,
            paidInvoices: r.paidInvoices,
            avgDaysToPay: fixed(r.avgDaysToPay, 2),
            avgPaymentDelay: fixed(r.avgPaymentDelay, 2),
            lateShare: fixed(r.lateShare, 4),
            paydex: r.paydex,
            balance: unitsString(r.balance, report.scale),
            creditLimit: fixed(r.creditLimit, 2),
            utilisation: fixed(r.utilisation, 4),
            tier: r.tier,
            riskClass: r.riskClass,
            suggestedLimit: r.suggestedLimit.toFixed(2),
            alerts: r.alerts.map((a) => ({ code: a.code, detail: alertDetail(a, v.lang, report.scale, currency) })),
            reviewDue: isoDate(r.reviewDue),
          };
        }),
        rejected: v.rejected,
      },
      null,
      2,
    ) + "\n"
  );
}

const col = (lang: Lang, key: string, header: keyof typeof W, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header: w(lang, header), type, ...extra });

export function creditTableModel(v: CreditView): Table {
  const { report, ledger, lang } = v;
  const scale = report.scale;
  const columns: Column[] = [
    col(lang, "customer_id", "customerId", "text"),
    col(lang, "name", "name", "text", { maxChars: 16 }),
    col(lang, "currency", "currency", "text"),
    col(lang, "paid_invoices", "paidInvoices", "int"),
    col(lang, "avg_days_to_pay", "avgDaysToPay", "days"),
    col(lang, "avg_payment_delay", "avgPaymentDelay", "days"),
    col(lang, "late_share", "lateShare", "ratio"),
    col(lang, "paydex", "paydex", "int"),
    col(lang, "balance", "balance", "money"),
    col(lang, "credit_limit", "creditLimit", "money"),
    col(lang, "utilisation", "utilisation", "ratio"),
    col(lang, "tier", "tier", "text"),
    col(lang, "promises", "promises", "text", { align: "right" }),
    col(lang, "risk_class", "riskClass", "text"),
    col(lang, "sales_3_months", "sales3", "money"),
    col(lang, "suggested_limit", "suggestedLimit", "money"),
    col(lang, "last_review", "lastReview", "date"),
    col(lang, "review_due", "reviewDue", "date"),
    col(lang, "alerts", "alerts", "text"),
  ];
  const rows: Row[] = report.rows.map((r) => {
    const currency = ledger.currencies[r.currency]!;
    const alerts = r.alerts.map((a) => `${a.code}: ${alertDetail(a, lang, scale, currency)}`).join("; ");
    return {
      style: "item",
      cells: [
        text(ledger.customers[r.customer]!.key),
        text(nameOf(ledger, v.master, r.customer)),
        text(currency),
        int(r.paidInvoices),
        r.avgDaysToPay === null ? null : dayFigure(r.avgDaysToPay, 2),
        r.avgPaymentDelay === null ? null : dayFigure(r.avgPaymentDelay, 2),
        r.lateShare === null ? null : ratio(r.lateShare),
        r.paydex === null ? null : int(r.paydex),
        money(r.balance, scale),
        r.creditLimit === null ? null : money(toMinor(r.creditLimit, scale), scale),
        r.utilisation === null ? null : ratio(r.utilisation),
        r.tier === null ? null : text(r.tier, r.tier === "C" ? "alert" : undefined),
        text(`${r.promisesKept}/${r.promisesBroken}`),
        text(r.riskClass, r.riskClass === "D" || r.riskClass === "E" ? "alert" : undefined),
        money(r.sales3, scale),
        money(toMinor(r.suggestedLimit, scale), scale, "strong"),
        r.lastReview === undefined ? null : date(r.lastReview),
        date(r.reviewDue),
        text(r.alerts.map((a) => a.code).join(", "), r.alerts.length > 0 ? "alert" : undefined, alerts),
      ],
    };
  });
  const factors = (Object.entries(report.factor) as [string, Decimal][]).map(([k, f]) => `${k} ${f.toString()}`).join(", ");
  return {
    title: `${w(lang, "creditTitle")} ${isoDate(report.asOf)}`,
    params: [
      { label: w(lang, "window"), value: `${report.window} (${isoDate(report.from + 1)} – ${isoDate(report.asOf)})` },
      { label: w(lang, "factor"), value: factors },
      { label: w(lang, "roundTo"), value: report.roundTo.toString() },
    ],
    columns,
    rows,
    empty: w(lang, "noCustomers"),
    layout: { columns: ["customer_id", "currency", "paid_invoices", "avg_payment_delay", "late_share", "paydex", "balance", "credit_limit", "utilisation", "tier", "risk_class", "suggested_limit", "review_due", "alerts"] },
  };
}

export function renderCredit(v: CreditView, format: "table" | "csv" | "json"): string {
  if (format === "json") return creditJson(v);
  if (format === "csv") return tableCsv(creditTableModel(v));
  const model = creditTableModel(v);
  // The alerts' numbers under the table, one line each: the table's column holds their codes.
  const notes: string[] = [];
  for (const r of v.report.rows) {
    const currency = v.ledger.currencies[r.currency]!;
    for (const a of r.alerts) notes.push(`${v.ledger.customers[r.customer]!.key} ${currency} ${a.code}: ${alertDetail(a, v.lang, v.report.scale, currency)}`);
  }
  return tableText({ ...model, notes }, { chalk: v.chalk }) + rejectedNote(v.lang, v.rejected.length);
}

// ---------------------------------------------------------------------------------------------
// Commission

export interface CommissionView {
  report: CommissionReport;
  ledger: Ledger;
  master: ReadonlyMap<string, CustomerProfile> | undefined;
  lang: Lang;
  rejected: RejectedJson[];
  chalk: ChalkInstance;
}

export function commissionJson(v: CommissionView): string {
  const { report, ledger } = v;
  const s = (u: bigint) => unitsString(u, report.scale);
  return (
    JSON.stringify(
      {
        from: isoDate(report.from),
        asOf: isoDate(report.asOf),
        rate: report.settings.rate.toString(),
        base: report.settings.base,
        collectors: report.collectors.map((g) => ({
          collector: g.collector,
          currency: ledger.currencies[g.currency]!,
          collected: s(g.collected),
          overdueCollected: s(g.overdueCollected),
          commissionBase: s(g.commissionBase),
          commission: g.commission.toFixed(2),
          customers: g.customers.map((c) => ({
            customerId: ledger.customers[c.customer]!.key,
            name: nameOf(ledger, v.master, c.customer),
            collected: s(c.collected),
            overdueCollected: s(c.overdueCollected),
            commission: c.commission.toFixed(2),
          })),
        })),
        rejected: v.rejected,
      },
      null,
      2,
    ) + "\n"
  );
}

/** One table: per collector and currency a subtotal row under its customers' rows. */
export function commissionTableModel(v: CommissionView): Table {
  const { report, ledger, lang } = v;
  const scale = report.scale;
  const columns: Column[] = [
    col(lang, "collector", "collector", "text"),
    col(lang, "currency", "currency", "text"),
    col(lang, "customer_id", "customerId", "text"),
    col(lang, "name", "name", "text", { maxChars: 20 }),
    col(lang, "collected", "collected", "money"),
    col(lang, "overdue_collected", "overdueCollected", "money"),
    col(lang, "commission_base", "commissionBase", "money"),
    col(lang, "commission", "commission", "money"),
  ];
  const rows: Row[] = [];
  for (const g of report.collectors) {
    const collector = g.collector === "unassigned" ? text(w(lang, "unassigned"), "dim", "unassigned") : text(g.collector);
    const currency = ledger.currencies[g.currency]!;
    for (const c of g.customers) {
      rows.push({
        style: "item",
        cells: [
          collector,
          text(currency),
          text(ledger.customers[c.customer]!.key),
          text(nameOf(ledger, v.master, c.customer)),
          money(c.collected, scale),
          money(c.overdueCollected, scale),
          money(report.settings.base === "all" ? c.collected : c.overdueCollected, scale),
          money(toMinor(c.commission, scale), scale),
        ],
      });
    }
    rows.push({
      style: "subtotal",
      label: `${g.collector === "unassigned" ? w(lang, "unassigned") : g.collector} ${lang === "zh" ? "小计" : "subtotal"}`,
      cells: [collector, text(currency), null, null, money(g.collected, scale), money(g.overdueCollected, scale), money(g.commissionBase, scale), money(toMinor(g.commission, scale), scale, "strong")],
    });
  }
  const tiers = report.settings.tiers.map((t) => `${t.minDays} ${t.rate.toString()}`).join(", ");
  return {
    title: `${w(lang, "commissionTitle")} ${isoDate(report.from)} – ${isoDate(report.asOf)}`,
    params: [
      { label: w(lang, "period"), value: `${isoDate(report.from)} – ${isoDate(report.asOf)}`, show: "title" },
      { label: w(lang, "rate"), value: report.settings.rate.toString() },
      { label: w(lang, "base"), value: report.settings.base === "all" ? w(lang, "baseAll") : w(lang, "baseOverdue") },
      ...(tiers === "" ? [] : [{ label: w(lang, "tiers"), value: tiers }]),
    ],
    columns,
    rows,
    empty: w(lang, "noCollections"),
    csvLabel: { column: "customer_id", text: "SUBTOTAL" },
  };
}

export function renderCommission(v: CommissionView, format: "table" | "csv" | "json"): string {
  if (format === "json") return commissionJson(v);
  if (format === "csv") return tableCsv(commissionTableModel(v));
  return tableText(commissionTableModel(v), { chalk: v.chalk }) + rejectedNote(v.lang, v.rejected.length);
}
