/**
 * The late-fee report in its three renderings (table, CSV, JSON), from the same data.
 */
import type { ChalkInstance } from "chalk";
import { customerName } from "../../engine/customers.js";
import { isoDate } from "../../engine/dates.js";
import type { FeeReport } from "../../engine/fees.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import type { Decimal } from "../../engine/money.js";
import { unitsString } from "../../engine/money.js";
import { rejectedNote, word, type Lang, type WordKey } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { date, days, money, ratio, text, type Column, type Row, type Table as ReportTable, type Tone } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

export interface FeesView {
  report: FeeReport;
  ledger: Ledger;
  /** Customer master names by key, for customers the ledger names by id only. */
  names: (key: string) => string | undefined;
  lang: Lang;
  rejected: Rejected[];
  chalk: ChalkInstance;
  graceDays: number;
  cap: Decimal | null;
  includeSettled: boolean;
}

function nameOf(v: FeesView, customer: number): string {
  const c = v.ledger.customers[customer]!;
  return customerName(c.name, { name: v.names(c.key) ?? "" }, c.key);
}

export function feesJson(v: FeesView): string {
  const { report, ledger } = v;
  const moneyString = (u: bigint) => unitsString(u, report.scale);
  return (
    JSON.stringify(
      {
        asOf: isoDate(report.asOf),
        items: report.items.map((it) => ({
          customerId: ledger.customers[it.customer]!.key,
          docNo: docNoOf(ledger, it.index),
          currency: ledger.currencies[it.currency]!,
          outstanding: moneyString(it.outstanding),
          feeDays: it.feeDays,
          fee: moneyString(it.fee),
          feePerDay: moneyString(it.feePerDay),
          claim: moneyString(it.claim),
        })),
        totals: report.totals.map((t) => ({ currency: ledger.currencies[t.currency]!, outstanding: moneyString(t.outstanding), fee: moneyString(t.fee), claim: moneyString(t.claim) })),
        rejected: rejectedJson(v.rejected),
      },
      null,
      2,
    ) + "\n"
  );
}

/** The fee report as one table: items, then a total per currency. */
export function feesTableModel(v: FeesView): ReportTable {
  const { report, ledger, lang } = v;
  const scale = report.scale;
  const m = (u: bigint, tone?: Tone) => money(u, scale, tone);
  const col = (key: string, header: WordKey, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header: word(lang, header), type, ...extra });
  const columns: Column[] = [
    col("customer_id", "customerId", "text"),
    col("name", "name", "text"),
    col("currency", "currency", "text"),
    col("doc_no", "docNo", "text"),
    col("doc_date", "docDate", "date"),
    col("due_date", "dueDate", "date"),
    col("days_overdue", "daysOverdue", "days"),
    col("paid_on", "paidOn", "date"),
    col("rate", "feeRate", "ratio"),
    col("outstanding", "outstanding", "money"),
    col("fee_days", "feeDays", "days"),
    col("fee", "fee", "money"),
    col("fee_per_day", "feePerDay", "money"),
    col("claim", "claim", "money"),
  ];
  const rows: Row[] = report.items.map((it) => ({
    style: "item",
    cells: [
      text(ledger.customers[it.customer]!.key),
      text(nameOf(v, it.customer)),
      text(ledger.currencies[it.currency]!),
      text(docNoOf(ledger, it.index)),
      date(ledger.docDate[it.index]!),
      date(ledger.dueDate[it.index]!),
      days(it.daysOverdue),
      it.outstanding > 0n || it.paidInFullOn === null ? null : date(it.paidInFullOn),
      ratio(it.rate, it.rate.toString()),
      m(it.outstanding),
      days(it.feeDays),
      m(it.fee, it.fee === 0n ? "dim" : "alert"),
      m(it.feePerDay),
      m(it.claim, "strong"),
    ],
  }));
  for (const t of report.totals) {
    const cells: Row["cells"] = columns.map(() => null);
    cells[2] = text(ledger.currencies[t.currency]!);
    cells[9] = m(t.outstanding);
    cells[11] = m(t.fee);
    cells[13] = m(t.claim);
    rows.push({ style: "total", label: word(lang, "total"), cells });
  }
  const terminal = ["customer_id", "doc_no", "currency", "due_date", "days_overdue", ...(v.includeSettled ? ["paid_on"] : []), "outstanding", "rate", "fee_days", "fee", "fee_per_day", "claim"];
  return {
    title: `${word(lang, "feesTitle")} ${isoDate(report.asOf)}`,
    params: [
      { label: word(lang, "feeGrace"), value: String(v.graceDays) },
      { label: word(lang, "feeCap"), value: v.cap === null ? word(lang, "feeNoCap") : v.cap.toString() },
    ],
    columns,
    rows,
    empty: word(lang, "noOverdueItems"),
    csvLabel: { column: "name", text: "TOTAL" },
    layout: { rules: "grid", columns: terminal },
  };
}

export function feesCsv(v: FeesView): string {
  return tableCsv(feesTableModel(v));
}

export function feesTable(v: FeesView): string {
  return tableText(feesTableModel(v), { chalk: v.chalk });
}

export function renderFees(v: FeesView, format: "table" | "csv" | "json"): string {
  return format === "json" ? feesJson(v) : format === "csv" ? feesCsv(v) : feesTable(v) + rejectedNote(v.lang, v.rejected.length);
}
