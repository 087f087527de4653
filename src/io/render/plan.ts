/**
 * Instalment plans on stdout (SPEC.md "Instalment plans"): the proposed schedule, and how each
 * logged agreement fared (`--status`); JSON in SPEC's shapes, table and CSV through the table
 * model (io/table/model.ts).
 */
import type { ChalkInstance } from "chalk";
import { isoDate, type Day } from "../../engine/dates.js";
import { Decimal, unitsGrouped, unitsString } from "../../engine/money.js";
import type { InstalmentStatus, PlanState, Schedule } from "../../engine/plan.js";
import type { Lang } from "../document/model.js";
import { word, type WordKey } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { date, int, money, ratio, text, type Column, type Row, type Table, type Tone } from "../table/model.js";
import { tableCsv, tablesCsv } from "./table-csv.js";
import { tablesText, tableText } from "./table.js";

// ---------------------------------------------------------------------------------------------
// The schedule

export interface ScheduleView {
  asOf: Day;
  lang: Lang;
  chalk: ChalkInstance;
  rejected: Rejected[];
  customerId: string;
  /** The customer's display name (engine/customers.ts customerName). */
  name: string;
  currency: string;
  scale: number;
  schedule: Schedule;
  /** The overdue items the plan covers (their number is shown). */
  debts: readonly unknown[];
  overdue: bigint;
  fee: bigint;
  amountGiven: boolean;
  includeFee: boolean;
}

export function scheduleJson(p: ScheduleView): string {
  const m = (u: bigint) => unitsString(u, p.scale);
  return (
    JSON.stringify(
      {
        customerId: p.customerId,
        currency: p.currency,
        asOf: isoDate(p.asOf),
        amount: m(p.schedule.terms.amount),
        schedule: p.schedule.payments.map((s) => ({ n: s.n, kind: s.kind, dueDate: isoDate(s.dueDate), amount: m(s.amount) })),
        rejected: rejectedJson(p.rejected),
      },
      null,
      2,
    ) + "\n"
  );
}

/** The schedule as a table: a row per payment (n 0 is the down payment), then the total (terminal only). */
export function scheduleTableModel(p: ScheduleView): Table {
  const zh = p.lang === "zh";
  const w = (k: WordKey) => word(p.lang, k);
  const g = (u: bigint) => unitsGrouped(u, p.scale);
  const t = p.schedule.terms;
  const basis = p.amountGiven
    ? zh
      ? `金额 ${g(t.amount)}（指定）`
      : `amount ${g(t.amount)} (given)`
    : p.includeFee
      ? zh
        ? `金额 ${g(t.amount)} = 逾期未付 ${g(p.overdue)} + 滞纳金 ${g(p.fee)}（${p.debts.length} 张单据）`
        : `amount ${g(t.amount)} = overdue ${g(p.overdue)} + late fee ${g(p.fee)} (${p.debts.length} item(s))`
      : zh
        ? `金额 ${g(t.amount)} = 逾期未付（${p.debts.length} 张单据）`
        : `amount ${g(t.amount)} = overdue outstanding (${p.debts.length} item(s))`;
  const terms = zh
    ? `首付 ${t.downShare.times(100).toFixed()}%，${t.downDays} 个工作日内；${t.instalments} 期，每月 ${t.day} 日（遇节假日提前至此前最后一个工作日）`
    : `down ${t.downShare.times(100).toFixed()}% within ${t.downDays} business day(s); ${t.instalments} instalment(s) on day ${t.day} of each month (or the last business day before)`;
  const columns: Column[] = [
    { key: "customer_id", header: w("customerId"), type: "text" },
    { key: "currency", header: w("currency"), type: "text" },
    { key: "n", header: w("planNo"), type: "int" },
    { key: "kind", header: w("planKind"), type: "text" },
    { key: "due_date", header: w("dueDate"), type: "date" },
    { key: "amount", header: w("amount"), type: "money" },
  ];
  const rows: Row[] = p.schedule.payments.map((s) => ({
    style: "item",
    cells: [text(p.customerId), text(p.currency), int(s.n), text(s.kind === "down" ? w("planDown") : zh ? `第${s.n}期` : `instalment ${s.n}`, undefined, s.kind), date(s.dueDate), money(s.amount, p.scale)],
  }));
  rows.push({ style: "total", only: "terminal", cells: [null, null, null, text(w("total"), "strong"), null, money(t.amount, p.scale)] });
  return {
    title: `${w("planTitle")}  ${p.customerId} ${p.name}  ${p.currency}  ${w("planAsOf")} ${isoDate(p.asOf)}`,
    params: [
      { label: w("planAsOf"), value: isoDate(p.asOf), show: "title" },
      { label: w("amount"), value: basis, show: "title" },
      { label: w("planKind"), value: terms, show: "title" },
    ],
    lead: [basis, terms],
    columns,
    rows,
    layout: { columns: ["n", "kind", "due_date", "amount"] },
  };
}

export function renderSchedule(p: ScheduleView, format: "table" | "csv" | "json"): string {
  if (format === "json") return scheduleJson(p);
  const table = scheduleTableModel(p);
  return format === "csv" ? tableCsv(table) : tableText(table, { chalk: p.chalk });
}

// ---------------------------------------------------------------------------------------------
// --status

export interface StatusView {
  asOf: Day;
  lang: Lang;
  chalk: ChalkInstance;
  plans: PlanState[];
  scale: number;
  rejected: Rejected[];
  /** The customer's display name (engine/customers.ts customerName). */
  nameOf: (customerId: string) => string;
}

export function statusJson(v: StatusView): string {
  const m = (u: bigint) => unitsString(u, v.scale);
  return (
    JSON.stringify(
      {
        asOf: isoDate(v.asOf),
        plans: v.plans.map((p) => ({
          customerId: p.customerId,
          agreedOn: isoDate(p.agreedOn),
          currency: p.currency,
          instalments: p.instalments.map((i) => ({ dueDate: isoDate(i.dueDate), amount: m(i.amount), paid: m(i.paid), paidOn: i.paidOn === null ? null : isoDate(i.paidOn), status: i.status })),
          due: p.due,
          onTime: p.onTime,
          fulfilmentRate: p.fulfilmentRate,
        })),
        rejected: rejectedJson(v.rejected),
      },
      null,
      2,
    ) + "\n"
  );
}

const STATUS_WORDS: Record<InstalmentStatus, WordKey> = {
  paid_on_time: "planPaidOnTime",
  paid_late: "planPaidLate",
  partly_paid: "planPartlyPaid",
  missed: "planMissed",
  not_due: "planNotDue",
};

const STATUS_TONES: Record<InstalmentStatus, Tone | undefined> = { paid_on_time: "good", paid_late: "caution", partly_paid: "alert", missed: "alert", not_due: undefined };

export function statusWord(status: InstalmentStatus, lang: Lang): string {
  return word(lang, STATUS_WORDS[status]);
}

function statusColumns(lang: Lang): Column[] {
  const w = (k: WordKey) => word(lang, k);
  return [
    { key: "customer_id", header: w("customerId"), type: "text" },
    { key: "agreed_on", header: w("planAgreedOn"), type: "date" },
    { key: "currency", header: w("currency"), type: "text" },
    { key: "instalment", header: w("planNo"), type: "int" },
    { key: "due_date", header: w("dueDate"), type: "date" },
    { key: "amount", header: w("amount"), type: "money" },
    { key: "paid", header: w("planPaid"), type: "money" },
    { key: "paid_on", header: w("paidOn"), type: "date" },
    { key: "status", header: w("status"), type: "text" },
    { key: "due", header: "due", type: "int" },
    { key: "on_time", header: "on_time", type: "int" },
    { key: "fulfilment_rate", header: w("planFulfilment"), type: "ratio" },
  ];
}

/** A table per agreement, its headline the customer, the day agreed and the fulfilment rate. */
export function statusTables(v: StatusView): Table[] {
  const w = (k: WordKey) => word(v.lang, k);
  const columns = statusColumns(v.lang);
  return v.plans.map((p) => {
    const rate = p.fulfilmentRate === null ? w("planNothingDue") : `${new Decimal(p.fulfilmentRate).times(100).toFixed(2)}% (${p.onTime}/${p.due})`;
    const rows: Row[] = p.instalments.map((i, k) => ({
      style: "item",
      cells: [
        text(p.customerId),
        date(p.agreedOn),
        text(p.currency),
        int(k + 1),
        date(i.dueDate),
        money(i.amount, v.scale),
        money(i.paid, v.scale),
        i.paidOn === null ? null : date(i.paidOn),
        text(statusWord(i.status, v.lang), STATUS_TONES[i.status], i.status),
        int(p.due),
        int(p.onTime),
        p.fulfilmentRate === null ? null : ratio(new Decimal(p.fulfilmentRate)),
      ],
    }));
    return {
      title: `${p.customerId} ${v.nameOf(p.customerId)}  ${w("planAgreedOn")} ${isoDate(p.agreedOn)}  ${p.currency}  ${w("planFulfilment")} ${rate}`,
      sheet: `${w("planStatusTitle")} ${isoDate(v.asOf)}`,
      params: [{ label: w("planAgreedOn"), value: isoDate(p.agreedOn), show: "title" }],
      columns,
      rows,
      layout: { columns: ["instalment", "due_date", "amount", "paid", "paid_on", "status"] },
    };
  });
}

/** The agreements' tables for a spreadsheet: with no agreement, one empty table under the same header. */
export function statusSheetTables(v: StatusView): Table[] {
  const tables = statusTables(v);
  if (tables.length > 0) return tables;
  return [{ title: `${word(v.lang, "planStatusTitle")} ${isoDate(v.asOf)}`, params: [], columns: statusColumns(v.lang), rows: [], empty: word(v.lang, "planNoAgreements") }];
}

export function renderPlanStatus(v: StatusView, format: "table" | "csv" | "json"): string {
  if (format === "json") return statusJson(v);
  const tables = statusTables(v);
  const shape: Table = { title: "", params: [], columns: statusColumns(v.lang), rows: [] };
  if (format === "csv") return tablesCsv(tables, shape);
  const title = `${word(v.lang, "planStatusTitle")} ${isoDate(v.asOf)}`;
  if (tables.length === 0) return `${title}\n${word(v.lang, "planNoAgreements")}\n`;
  return `${title}\n\n${tablesText(tables, { chalk: v.chalk })}`;
}
