/**
 * The month-end pack (SPEC "Month-end pack (月结报告, `ar pack`)") as ONE document: sections of
 * tables (io/table/model.ts) and charts (io/charts/model.ts), every word in the output language.
 * The HTML (pack-html.ts), the PDF (io/pdf/pack.ts) and the workbook (tablesXlsx) are drawn from
 * this document and compute nothing: they only format cells (cellText) and place things.
 */
import { customerName } from "../../engine/customers.js";
import { isoDate, type Day } from "../../engine/dates.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import { Decimal } from "../../engine/money.js";
import type { CustomerProfile } from "../../engine/customers.js";
import { BROKEN_PROMISE_DAYS, FESTIVAL_AHEAD_DAYS, PACK_MONTHS, TOP_DEBTORS, type PackReport } from "../../engine/pack.js";
import type { Chart } from "../charts/model.js";
import type { Lang } from "../i18n.js";
import { date, dayFigure, int, money, percent, ratio, text, type Cell, type Column, type Row, type Table } from "../table/model.js";
import { alertDetail } from "./credit.js";
import { ratioCell } from "./provision.js";

export interface PackSection {
  /** A stable anchor (HTML id, xlsx sheet order). */
  id: string;
  title: string;
  /** Short lines under the title (what the numbers are, what was left out). */
  lead: string[];
  charts: Chart[];
  tables: Table[];
}

export interface PackDocument {
  lang: Lang;
  title: string;
  subtitle: string;
  asOf: Day;
  company: string;
  sections: PackSection[];
}

export interface PackView {
  report: PackReport;
  ledger: Ledger;
  master: ReadonlyMap<string, CustomerProfile> | undefined;
  company: string;
  lang: Lang;
}

const col = (key: string, header: string, type: Column["type"]): Column => ({ key, header, type });
const item = (cells: (Cell | null)[]): Row => ({ cells, style: "item" });
const total = (cells: (Cell | null)[], label: string): Row => ({ cells, style: "total", label });

/** Money as a chart value: whole currency units (a chart shows no cents). */
function chartUnits(units: bigint, scale: number): number {
  return new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toDecimalPlaces(0).toNumber();
}

function fig(d: Decimal | null): number | null {
  return d === null ? null : d.toNumber();
}

export function packDocument(v: PackView): PackDocument {
  const { report: r, ledger: l, lang } = v;
  const zh = lang === "zh";
  const w = (z: string, e: string) => (zh ? z : e);
  const cur = l.currencies[r.currency] ?? "CNY";
  const scale = r.scale;
  const m = (units: bigint) => money(units, scale);
  const cents = (units: bigint) => money(units, 2);
  const name = (c: number) => customerName(l.customers[c]!.name, v.master?.get(l.customers[c]!.key), l.customers[c]!.key);
  const unit = w(`${cur} 元`, cur);
  const sections: PackSection[] = [];
  const params = [
    { label: w("截至", "As of"), value: isoDate(r.asOf) },
    { label: w("币种", "Currency"), value: cur },
  ];
  const others = r.otherCurrencies.map((c) => l.currencies[c]!);
  const left = others.length > 0 ? [w(`其他币种（${others.join("、")}）未计入本报告；用 --currency ${others[0]} 生成该币种的月结报告。`, `Other currencies (${others.join(", ")}) are left out of this pack; --currency ${others[0]} makes the pack of that currency.`)] : [];

  // ---- Headline
  const periods = r.kpi.periods.filter((p) => p.currency === r.currency);
  const now = periods[periods.length - 1];
  const before = periods.length > 1 ? periods[periods.length - 2] : undefined;
  const t = r.kpi.targets;
  const headCols: Column[] = [col("figure", w("指标", "Figure"), "text"), { ...col("month", w("本月", "This month"), "text"), align: "right" }, { ...col("previous", w("上月", "Previous month"), "text"), align: "right" }, { ...col("change", w("变动", "Change"), "text"), align: "right" }, col("target", w("目标", "Target"), "text"), col("status", w("状态", "Status"), "text")];
  const headRows: Row[] = [];
  if (now !== undefined) {
    const moneyLine = (label: string, a: bigint, b: bigint | undefined): Row => item([text(label), m(a), b === undefined ? null : m(b), b === undefined ? null : m(a - b), null, null]);
    const figLine = (label: string, a: Decimal | null, b: Decimal | null | undefined, cell: (d: Decimal) => Cell, target: string | null, missed: boolean | null): Row =>
      item([
        text(label),
        a === null ? text("—") : cell(a),
        b === undefined || b === null ? text("—") : cell(b),
        a === null || b === undefined || b === null ? text("—") : cell(a.minus(b)),
        target === null ? null : text(target),
        missed === null ? null : missed ? text(w("未达标", "missed"), "alert") : text(w("达标", "met"), "good"),
      ]);
    headRows.push(moneyLine(w("应收余额", "AR balance"), now.closing, before?.closing));
    headRows.push(moneyLine(w("逾期金额", "Overdue"), now.overdue, before?.overdue));
    headRows.push(figLine("DSO", now.dso, before?.dso, (d) => dayFigure(d), t.dsoTarget === null ? null : w(`≤ ${t.dsoTarget} 天`, `≤ ${t.dsoTarget} days`), now.dso === null ? null : now.targetsMissed.includes("dso")));
    headRows.push(figLine(w("最佳可能 DSO", "Best possible DSO"), now.bestPossibleDso, before?.bestPossibleDso, (d) => dayFigure(d), null, null));
    headRows.push(figLine(w("平均逾期天数（ADD）", "Average days delinquent (ADD)"), now.add, before?.add, (d) => dayFigure(d), null, null));
    headRows.push(figLine(w("回款有效指数 CEI", "CEI"), now.cei, before?.cei, (d) => percent(d), t.ceiMin === null ? null : `≥ ${t.ceiMin}%`, t.ceiMin === null || now.cei === null ? null : now.targetsMissed.includes("cei")));
    headRows.push(figLine(w("逾期 ÷ 收入（12 个月）", "Overdue ÷ revenue (12 months)"), now.overdueToRevenue, before?.overdueToRevenue, (d) => ratio(d), t.overdueToRevenueMax === null ? null : `≤ ${t.overdueToRevenueMax.toString()}`, now.overdueToRevenue === null ? null : now.targetsMissed.includes("overdueToRevenue")));
  }
  const months = periods.map((p) => isoDate(p.end).slice(0, 7));
  const kpiCharts: Chart[] = [
    {
      kind: "line",
      title: w("DSO 与最佳可能 DSO（近 12 个月）", "DSO and best possible DSO, 12 months"),
      xLabel: w("月份", "Month"),
      yLabel: w("天数（天）", "Days"),
      categories: months,
      series: [
        { name: "DSO", values: periods.map((p) => fig(p.dso)) },
        { name: w("最佳可能 DSO", "Best possible DSO"), values: periods.map((p) => fig(p.bestPossibleDso)), dashed: true },
      ],
      ...(t.dsoTarget !== null ? { target: { value: t.dsoTarget.toNumber(), label: w(`目标 ${t.dsoTarget} 天`, `Target ${t.dsoTarget} days`) } } : {}),
    },
    {
      kind: "line",
      title: w("回款有效指数 CEI（近 12 个月）", "Collection effectiveness index (CEI), 12 months"),
      xLabel: w("月份", "Month"),
      yLabel: w("CEI（%）", "CEI (%)"),
      categories: months,
      series: [{ name: "CEI", values: periods.map((p) => fig(p.cei)) }],
      ...(t.ceiMin !== null ? { target: { value: Number(t.ceiMin), label: w(`目标 ${t.ceiMin}%`, `Target ${t.ceiMin}%`) } } : {}),
    },
  ];
  const trendTable: Table = {
    title: w("近 12 个月指标", "KPIs, 12 months"),
    sheet: w("指标趋势", "KPI trend"),
    params,
    columns: [col("month", w("月份", "Month"), "text"), col("closing", w("期末余额", "Closing"), "money"), col("overdue", w("逾期", "Overdue"), "money"), col("dso", "DSO", "days"), col("bpdso", w("最佳 DSO", "Best DSO"), "days"), col("add", "ADD", "days"), col("cei", "CEI", "percent")],
    rows: periods.map((p) => item([text(isoDate(p.end).slice(0, 7)), m(p.closing), m(p.overdue), p.dso && dayFigure(p.dso), p.bestPossibleDso && dayFigure(p.bestPossibleDso), p.add && dayFigure(p.add), p.cei && percent(p.cei)])),
  };
  sections.push({
    id: "headline",
    title: w("核心指标", "Headline"),
    lead: [w(`本月 ${isoDate(r.monthStart)} 至 ${isoDate(r.asOf)}；DSO 以最近 ${r.kpi.dsoMonths} 个月销售计；目标取自配置 kpi。`, `The month ${isoDate(r.monthStart)} to ${isoDate(r.asOf)}; DSO over the last ${r.kpi.dsoMonths} months' sales; targets from the config's kpi section.`), ...left],
    charts: kpiCharts,
    tables: [{ title: w("核心指标", "Headline"), sheet: w("核心指标", "Headline"), params, columns: headCols, rows: headRows }, trendTable],
  });

  // ---- Aging
  const defs = r.aging.buckets;
  const bucketName = (k: string) => (k === "current" ? w("未到期", "Current") : k.endsWith("+") ? w(`逾期 ${k.slice(0, -1)} 天以上`, `${k.slice(0, -1)}+ days`) : w(`逾期 ${k} 天`, `${k} days`));
  const totals = r.aging.totals.find((x) => x.currency === r.currency);
  const bucketTable: Table = {
    title: w("账龄（按到期日）", "Aging by due date"),
    sheet: w("账龄", "Aging"),
    params,
    columns: [col("bucket", w("账龄档", "Bucket"), "text"), col("amount", w("金额", "Amount"), "money"), col("share", w("占比", "Share"), "percent")],
    rows: [
      ...defs.map((d, k) => {
        const a = totals?.buckets[k] ?? 0n;
        const all = totals?.buckets.reduce((x, y) => x + y, 0n) ?? 0n;
        return item([text(bucketName(d.key)), m(a), all === 0n ? null : percent(new Decimal(a.toString()).div(all.toString()).times(100).toDecimalPlaces(2))]);
      }),
      item([text(w("预收/未核销款", "Unapplied credit")), m(-(totals?.unapplied ?? 0n)), null]),
      total([null, m(totals?.balance ?? 0n), null], w("应收余额", "Balance")),
    ],
  };
  const tiers = new Map<string, { count: number; balance: bigint }>();
  const accounts = r.aging.accounts.filter((a) => a.currency === r.currency);
  for (const a of accounts) {
    const key = a.tier ?? "-";
    const e = tiers.get(key) ?? { count: 0, balance: 0n };
    e.count++;
    e.balance += a.balance;
    tiers.set(key, e);
  }
  const tierTable: Table = {
    title: w("客户分级", "Tiers"),
    sheet: w("分级", "Tiers"),
    params,
    columns: [col("tier", w("级别", "Tier"), "text"), col("customers", w("客户数", "Customers"), "int"), col("balance", w("余额", "Balance"), "money")],
    rows: ["A", "B", "C", "-"].filter((k) => tiers.has(k)).map((k) => item([text(k === "-" ? w("无逾期", "None overdue") : k), int(tiers.get(k)!.count), m(tiers.get(k)!.balance)])),
  };
  const top = [...accounts].sort((a, b) => (b.balance > a.balance ? 1 : b.balance < a.balance ? -1 : l.customers[a.customer]!.key < l.customers[b.customer]!.key ? -1 : 1)).filter((a) => a.balance > 0n).slice(0, TOP_DEBTORS);
  const topTable: Table = {
    title: w(`前 ${TOP_DEBTORS} 大欠款客户`, `Top ${TOP_DEBTORS} debtors`),
    sheet: w("前十大客户", "Top debtors"),
    params,
    columns: [col("customer", w("客户", "Customer"), "text"), col("balance", w("余额", "Balance"), "money"), col("overdue", w("逾期", "Overdue"), "money"), col("oldest", w("最长逾期天数", "Oldest days overdue"), "int"), col("tier", w("级别", "Tier"), "text")],
    rows: top.map((a) => item([text(name(a.customer)), m(a.balance), m(a.buckets.slice(1).reduce((x, y) => x + y, 0n)), int(Math.max(0, a.oldestDaysOverdue)), text(a.tier ?? "")])),
  };
  const trendCats = r.agingTrend.map((x) => isoDate(x.date).slice(0, 7));
  const agingTrendTable: Table = {
    title: w("各月末账龄", "Aging at each month end"),
    sheet: w("账龄趋势", "Aging trend"),
    params,
    columns: [col("month", w("月末", "Month end"), "date"), ...defs.map((d) => col(d.key, bucketName(d.key), "money")), col("balance", w("余额", "Balance"), "money")],
    rows: r.agingTrend.map((x) => item([date(x.date), ...x.buckets.map(m), m(x.balance)])),
  };
  sections.push({
    id: "aging",
    title: w("账龄", "Aging"),
    lead: [w("账龄按到期日计；各月末为当时所见（同一次结算）。", "Aging by due date; each month end as it stood then (from the same settlement run).")],
    charts: [
      {
        kind: "stackedBar",
        title: w("各月末账龄结构", "Aging at each month end"),
        xLabel: w("月末", "Month end"),
        yLabel: w(`未收金额（${unit}）`, `Open amount (${unit})`),
        categories: trendCats,
        series: defs.map((d, k) => ({ name: bucketName(d.key), values: r.agingTrend.map((x) => chartUnits(x.buckets[k]!, scale)) })),
      },
      {
        kind: "bar",
        horizontal: true,
        title: w(`前 ${TOP_DEBTORS} 大欠款客户`, `Top ${TOP_DEBTORS} debtors`),
        xLabel: w("客户", "Customer"),
        yLabel: w(`余额（${unit}）`, `Balance (${unit})`),
        categories: uniqueNames(top.map((a) => name(a.customer))),
        series: [{ name: w("余额", "Balance"), values: top.map((a) => chartUnits(a.balance, scale)) }],
      },
    ],
    tables: [bucketTable, agingTrendTable, tierTable, topTable],
  });

  // ---- Roll-forward
  const mv = r.rollforward.movements.find((x) => x.currency === r.currency);
  const mig = r.rollforward.migration.find((x) => x.currency === r.currency);
  const rfBuckets = r.rollforward.buckets;
  const rowName = (k: string) => (k === "new" ? w("本月新增", "New") : k === "reallocated" ? w("重新打开", "Reallocated") : bucketName(k));
  const movementTable: Table = {
    title: w("本月余额变动", "Movements of the month"),
    sheet: w("余额变动", "Roll-forward"),
    params,
    columns: [col("line", w("项目", "Line"), "text"), col("amount", w("金额", "Amount"), "money")],
    rows: mv
      ? [
          item([text(w("期初余额", "Opening")), m(mv.opening)]),
          item([text(w("+ 发票", "+ Invoices")), m(mv.invoices)]),
          item([text(w("+ 借项通知", "+ Debit notes")), m(mv.debitNotes)]),
          item([text(w("− 贷项通知", "− Credit notes")), m(mv.creditNotes)]),
          item([text(w("− 收款", "− Payments")), m(mv.payments)]),
          item([text(w("− 核销", "− Write-offs")), m(mv.writeOffs)]),
          item([text(w("− 现金折扣", "− Discounts")), m(mv.discounts)]),
          total([null, m(mv.closing)], w("期末余额", "Closing")),
        ]
      : [],
  };
  const migrationRows = (mig?.rows ?? []).filter((x) => x.amount !== 0n || (x.from !== "reallocated" && x.from !== "new") || x.from === "new");
  const migrationTable: Table = {
    title: w("迁移矩阵与滚动率", "Migration matrix and roll rates"),
    sheet: w("迁移矩阵", "Migration"),
    params,
    columns: [
      col("from", w("期初账龄档", "From"), "text"),
      col("amount", w("金额", "Amount"), "money"),
      col("collected", w("已收回", "Collected"), "money"),
      col("credited", w("贷项", "Credited"), "money"),
      col("writtenOff", w("核销", "Written off"), "money"),
      ...rfBuckets.map((b) => col(`open_${b.key}`, w(`未收：${bucketName(b.key)}`, `Open: ${bucketName(b.key)}`), "money")),
      col("rollRate", w("滚动率", "Roll rate"), "ratio"),
      col("collectionRate", w("回收率", "Collection rate"), "ratio"),
    ],
    rows: migrationRows.map((x) => item([text(rowName(x.from)), m(x.amount), m(x.collected), m(x.credited), m(x.writtenOff), ...x.open.map(m), x.rollRate && ratio(x.rollRate), x.collectionRate && ratio(x.collectionRate)])),
  };
  const rollable = (mig?.rows ?? []).filter((x) => x.from !== "new" && x.from !== "reallocated" && x.from !== rfBuckets[rfBuckets.length - 1]!.key);
  sections.push({
    id: "rollforward",
    title: w("本月滚动", "Roll-forward of the month"),
    lead: [w(`期初 = ${isoDate(r.monthStart - 1)} 的余额，期末 = ${isoDate(r.asOf)}。滚动率 = 迁入更后账龄档的金额 ÷ 期初金额。`, `Opening = the balance at ${isoDate(r.monthStart - 1)}, closing at ${isoDate(r.asOf)}. Roll rate = the amount now in a later bucket ÷ the row's amount.`)],
    charts: [
      {
        kind: "bar",
        title: w("本月滚动率", "Roll rates this month"),
        xLabel: w("期初账龄档", "Opening bucket"),
        yLabel: w("滚动率（%）", "Roll rate (%)"),
        categories: rollable.map((x) => rowName(x.from)),
        series: [{ name: w("滚动率", "Roll rate"), values: rollable.map((x) => (x.rollRate === null ? null : x.rollRate.times(100).toDecimalPlaces(2).toNumber())) }],
      },
    ],
    tables: [movementTable, migrationTable],
  });

  // ---- Provision
  const pt = r.provision.totals.find((x) => x.currency === r.currency);
  const bandName = (key: string) => key;
  const provTables: Table[] = [
    {
      title: w("坏账准备（账龄分析法）", "Provision (aging method)"),
      sheet: w("坏账准备", "Provision"),
      params: [...params, { label: w("基准", "Basis"), value: r.provision.basis }],
      columns: [col("band", w("账龄段（天）", "Band (days)"), "text"), col("balance", w("余额", "Balance"), "money"), col("rate", w("计提比例", "Rate"), "ratio"), col("provision", w("坏账准备", "Provision"), "money")],
      rows: [
        ...r.provision.rows.filter((x) => x.currency === r.currency).map((x) => item([text(bandName(r.provision.bands[x.band]!.key)), m(x.balance), ratioCell(x.rate), cents(x.provision)])),
        ...r.provision.individual.filter((x) => x.currency === r.currency).map((x) => item([text(`${w("单项", "Individual")}: ${name(x.customer)} (${x.reason})`), m(x.balance), ratioCell(x.rate), cents(x.provision)])),
        total([null, m(pt?.balance ?? 0n), null, cents(pt?.provision ?? 0n)], w("合计", "Total")),
        item([text(w(`上月末（${isoDate(r.monthStart - 1)}）`, `Previous month end (${isoDate(r.monthStart - 1)})`)), null, null, pt?.previous === null || pt === undefined ? null : cents(pt.previous!)]),
        item([text(w("本月计提（负数为转回）", "Charge this month (negative: release)")), null, null, pt?.charge === null || pt === undefined ? null : cents(pt.charge!)]),
      ],
    },
  ];
  const provLead = [w("计提比例为配置 provision 的政策（默认为示例政策）。", "Rates are the config's provision policy (the default table is an example policy).")];
  if (r.provisionMatrix !== null) {
    const mt = r.provisionMatrix.totals.find((x) => x.currency === r.currency);
    const rates = (r.provisionMatrix.rollRates ?? []).filter((x) => x.currency === r.currency);
    provTables.push({
      title: w("坏账准备（迁徙率矩阵法）", "Provision (matrix method)"),
      sheet: w("矩阵法", "Matrix"),
      params,
      columns: [col("band", w("逾期段", "Band"), "text"), col("balance", w("余额", "Balance"), "money"), col("roll", w("滚动率", "Roll rate"), "ratio"), col("rate", w("损失率", "Loss rate"), "ratio"), col("provision", w("坏账准备", "Provision"), "money")],
      rows: [
        ...r.provisionMatrix.rows
          .filter((x) => x.currency === r.currency)
          .map((x) => {
            const rr = rates.find((y) => y.band === x.band);
            return item([text(r.provisionMatrix!.bands[x.band]!.key), m(x.balance), rr?.roll ? ratioCell(rr.roll) : null, ratioCell(x.rate), cents(x.provision)]);
          }),
        total([null, m(mt?.balance ?? 0n), null, null, cents(mt?.provision ?? 0n)], w("合计", "Total")),
      ],
    });
  } else provLead.push(w("账簿不足一年历史：不做矩阵法。", "Less than a year of history in the ledger: no matrix method."));
  sections.push({ id: "provision", title: w("坏账准备", "Provision"), lead: provLead, charts: [], tables: provTables });

  // ---- Forecast
  const f = r.forecast;
  const fc = f.currencies.find((x) => x.currency === r.currency);
  const weekCats = f.weekFrom.map((d) => isoDate(d).slice(5));
  const weekRows = fc?.weeks ?? [];
  sections.push({
    id: "forecast",
    title: w("未来 13 周回款预测", "13-week collections forecast"),
    lead: [
      w("预计付款日：承诺付款日、分期计划到期日，否则到期日 + 客户近 12 个月平均延迟。虚线部分来自承诺与分期计划。", "Expected dates: a promise's date, a plan's instalment dates, else the due date plus the customer's mean delay over 12 months. The dashed part rests on promises and plans."),
    ],
    charts: [
      {
        kind: "weeks",
        title: w("未来 13 周回款预测", "13-week collections forecast"),
        xLabel: w("周（起始日）", "Week (starting)"),
        yLabel: w(`预计回款（${unit}）`, `Expected collections (${unit})`),
        categories: weekCats,
        series: [
          { name: w("按付款规律", "By payment pattern"), values: weekRows.map((x) => chartUnits(x.expected - x.fromPromises - x.fromPlans, scale)) },
          { name: w("承诺付款与分期计划", "Promises and plans"), values: weekRows.map((x) => chartUnits(x.fromPromises + x.fromPlans, scale)), dashed: true },
        ],
      },
    ],
    tables: [
      {
        title: w("未来 13 周回款预测", "13-week collections forecast"),
        sheet: w("回款预测", "Forecast"),
        params,
        columns: [col("from", w("周起", "From"), "date"), col("to", w("周止", "To"), "date"), col("expected", w("预计回款", "Expected"), "money"), col("promises", w("其中承诺", "Of which promises"), "money"), col("plans", w("其中分期", "Of which plans"), "money"), col("count", w("笔数", "Items"), "int")],
        rows: [
          ...weekRows.map((x, k) => item([date(f.weekFrom[k]!), date(f.weekTo[k]!), m(x.expected), m(x.fromPromises), m(x.fromPlans), int(x.count)])),
          item([text(w("更晚", "Later")), null, m(fc?.later.expected ?? 0n), m(fc?.later.fromPromises ?? 0n), m(fc?.later.fromPlans ?? 0n), int(fc?.later.count ?? 0)]),
          item([text(w("不确定（逾期超过一年）", "Uncertain (over a year overdue)")), null, m(fc?.uncertain ?? 0n), null, null, int(fc?.uncertainCount ?? 0)]),
          item([text(w("争议中", "Disputed")), null, m(fc?.disputed ?? 0n), null, null, int(fc?.disputedCount ?? 0)]),
        ],
      },
    ],
  });

  // ---- Risk: credit alerts, classes, broken promises, expiring claims, disputed items
  const credit = r.credit.rows.filter((x) => x.currency === r.currency);
  const classes = new Map<string, { count: number; balance: bigint }>();
  for (const x of credit) {
    const e = classes.get(x.riskClass) ?? { count: 0, balance: 0n };
    e.count++;
    e.balance += x.balance;
    classes.set(x.riskClass, e);
  }
  const alerted = credit.filter((x) => x.alerts.length > 0).sort((a, b) => (b.balance > a.balance ? 1 : b.balance < a.balance ? -1 : 0));
  // Oldest first (stable: aging order within a day count), so that a capped list shows the oldest.
  const disputed = r.aging.accounts
    .filter((a) => a.currency === r.currency)
    .flatMap((a) => a.items.filter((i) => i.disputed))
    .sort((a, b) => b.daysOverdue - a.daysOverdue);
  sections.push({
    id: "risk",
    title: w("风险", "Risk"),
    lead: [w(`信用评估窗口 ${r.credit.window} 个月；违约承诺为截至日前 ${BROKEN_PROMISE_DAYS} 天内到期未兑现的承诺；列出诉讼时效在预警期内届满的单据。`, `Credit window ${r.credit.window} months; broken promises: due in the ${BROKEN_PROMISE_DAYS} days before as-of and not kept; claims expiring within the warn window.`)],
    charts: [],
    tables: [
      {
        title: w("风险等级", "Risk classes"),
        sheet: w("风险等级", "Risk classes"),
        params,
        columns: [col("class", w("等级", "Class"), "text"), col("customers", w("客户数", "Customers"), "int"), col("balance", w("余额", "Balance"), "money")],
        rows: ["A", "B", "C", "D", "E", "N"].filter((k) => classes.has(k)).map((k) => item([text(k), int(classes.get(k)!.count), m(classes.get(k)!.balance)])),
      },
      {
        title: cappedTitle(w("信用预警", "Credit alerts"), alerted.length, w("余额最大的", "largest balances"), lang),
        sheet: w("信用预警", "Credit alerts"),
        params,
        columns: [col("customer", w("客户", "Customer"), "text"), col("class", w("等级", "Class"), "text"), col("balance", w("余额", "Balance"), "money"), col("alerts", w("预警", "Alerts"), "text")],
        rows: alerted.slice(0, LIST_ROWS).map((x) => item([text(name(x.customer)), text(x.riskClass), m(x.balance), text(x.alerts.map((a) => alertDetail(a, lang, scale, cur)).join("; "))])),
        empty: w("无预警", "No alerts"),
      },
      {
        title: cappedTitle(w("违约承诺", "Broken promises"), r.brokenPromises.length, w("最早到期的", "earliest due"), lang),
        sheet: w("违约承诺", "Broken promises"),
        params,
        columns: [col("customer", w("客户", "Customer"), "text"), col("promisedOn", w("承诺日", "Promised on"), "date"), col("dueDate", w("承诺付款日", "Due"), "date"), col("promised", w("承诺金额", "Promised"), "money"), col("paid", w("已付", "Paid"), "money"), col("doc", w("单据", "Document"), "text")],
        rows: r.brokenPromises.slice(0, LIST_ROWS).map((b) => item([text(b.name), date(b.promisedOn), date(b.dueDate), b.promised === null ? null : m(b.promised), m(b.paid), text(b.docNo)])),
        empty: w("无违约承诺", "No broken promises"),
      },
      {
        title: cappedTitle(w("即将届满的诉讼时效", "Claims expiring within the warn window"), r.expiring.length, w("最早届满的", "soonest to expire"), lang),
        sheet: w("诉讼时效", "Expiring claims"),
        params,
        columns: [col("customer", w("客户", "Customer"), "text"), col("doc", w("单据", "Document"), "text"), col("outstanding", w("未收金额", "Outstanding"), "money"), col("expiry", w("届满日", "Expires"), "date"), col("daysLeft", w("剩余天数", "Days left"), "int")],
        rows: r.expiring.slice(0, LIST_ROWS).map((c) => item([text(c.claim.name), text(c.claim.docNo), m(c.claim.outstanding), date(c.expiry.expiry), int(c.daysLeft)])),
        empty: w("无", "None"),
      },
      {
        title: cappedTitle(w("争议中的单据", "Disputed items"), disputed.length, w("最早到期的", "oldest"), lang),
        sheet: w("争议", "Disputed"),
        params,
        columns: [col("customer", w("客户", "Customer"), "text"), col("doc", w("单据", "Document"), "text"), col("outstanding", w("未收金额", "Outstanding"), "money"), col("days", w("逾期天数", "Days overdue"), "int")],
        rows: disputed.slice(0, LIST_ROWS).map((i) => item([text(name(i.customer)), text(docNoOf(l, i.index)), m(i.outstanding), int(Math.max(0, i.daysOverdue))])),
        empty: w("无", "None"),
      },
    ],
  });

  // ---- Collections: commission, channels, festivals
  const collTables: Table[] = [];
  if (r.commission !== null) {
    collTables.push({
      title: w("各催收员回款与提成（本月）", "Collections and commission by collector (this month)"),
      sheet: w("提成", "Commission"),
      params,
      columns: [col("collector", w("催收员", "Collector"), "text"), col("collected", w("回款", "Collected"), "money"), col("overdue", w("其中逾期", "Of which overdue"), "money"), col("commission", w("提成", "Commission"), "money")],
      rows: r.commission.collectors.filter((x) => x.currency === r.currency).map((x) => item([text(x.collector === "unassigned" ? w("未分配", "unassigned") : x.collector), m(x.collected), m(x.overdueCollected), money(BigInt(x.commission.times(100).toFixed(0)), 2)])),
    });
  }
  collTables.push({
    title: w("有效的联系方式", "Contact channels that worked"),
    sheet: w("联系方式", "Channels"),
    params: [...params, { label: w("跟进天数", "Follow-up days"), value: String(r.kpi.followUpDays) }],
    columns: [col("type", w("方式", "Channel"), "text"), col("contacts", w("联系次数", "Contacts"), "int"), col("followed", w("其后付款", "Followed by payment"), "int"), col("rate", w("比率", "Rate"), "percent"), col("collected", w("窗口内回款", "Paid in the windows"), "money")],
    rows: r.kpi.channels.map((c) => item([text(channelWord(c.type, lang), undefined, c.type), int(c.contacts), int(c.followed), c.rate && percent(c.rate.times(100)), m(c.collected.find((x) => x.currency === r.currency)?.units ?? 0n)])),
    empty: w("无联系记录", "No contacts"),
  });
  collTables.push({
    title: w(`未来 ${FESTIVAL_AHEAD_DAYS} 天的节前催收窗口`, `Festival push windows in the next ${FESTIVAL_AHEAD_DAYS} days`),
    sheet: w("节前窗口", "Festivals"),
    params,
    columns: [col("festival", w("节日", "Festival"), "text"), col("date", w("日期", "Date"), "date"), col("from", w("窗口起", "From"), "date"), col("to", w("窗口止", "To"), "date")],
    rows: r.festivals.map((x) => item([text(x.festival === "spring_festival" ? w("春节", "Spring Festival") : w("中秋", "Mid-Autumn")), date(x.date), date(x.from), date(x.to)])),
    empty: w("无", "None"),
  });
  sections.push({
    id: "collections",
    title: w("催收", "Collections"),
    lead: r.commission === null ? [w("客户主档无催收员列：不列提成。", "The customer master names no collectors: no commission.")] : [],
    charts: [],
    tables: collTables,
  });

  return {
    lang,
    title: w("月结报告", "Month-end pack"),
    subtitle: w(`截至 ${isoDate(r.asOf)} · ${cur}`, `As of ${isoDate(r.asOf)} · ${cur}`),
    asOf: r.asOf,
    company: v.company,
    sections,
  };
}

/** Chart categories must be unique: two customers of one name get their place appended. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/** Every table of the pack, each on its own sheet (the workbook). */
export function packTables(doc: PackDocument): Table[] {
  return doc.sections.flatMap((s) => s.tables);
}

/**
 * A meeting report lists at most this many rows of a risk list (on a large ledger there are
 * thousands of alerts and expiring claims); the title says how many there are in all, and the
 * commands (`ar credit`, `ar limitation`, `ar age --by invoice`) list every one.
 */
const LIST_ROWS = 25;

function cappedTitle(title: string, count: number, which: string, lang: Lang): string {
  if (count <= LIST_ROWS) return title;
  return lang === "zh" ? `${title}（共 ${count} 项，列出${which} ${LIST_ROWS} 项）` : `${title} (the ${LIST_ROWS} ${which} of ${count})`;
}

/** A contact type of the events log in the pack's language (CSV and xlsx keep the code). */
const CHANNEL_WORDS: Record<string, { zh: string; en: string }> = {
  call: { zh: "电话", en: "Call" },
  visit: { zh: "上门拜访", en: "Visit" },
  email: { zh: "电子邮件", en: "Email" },
  wechat: { zh: "微信", en: "WeChat" },
  letter_sent: { zh: "催款函", en: "Letter" },
  legal: { zh: "法律程序", en: "Legal action" },
};

function channelWord(type: string, lang: Lang): string {
  return CHANNEL_WORDS[type]?.[lang] ?? type;
}
