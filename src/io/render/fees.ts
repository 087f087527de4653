/**
 * The late-fee report in its three renderings (table, CSV, JSON), from the same data.
 */
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import { customerName } from "../../engine/customers.js";
import { isoDate } from "../../engine/dates.js";
import type { FeeReport } from "../../engine/fees.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import { Decimal, unitsGrouped, unitsString } from "../../engine/money.js";
import { rejectedNote, word, type Lang } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { csvTable } from "./csv.js";

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

export function feesCsv(v: FeesView): string {
  const { report, ledger } = v;
  const moneyString = (u: bigint) => unitsString(u, report.scale);
  const header = ["customer_id", "name", "currency", "doc_no", "doc_date", "due_date", "days_overdue", "paid_on", "rate", "outstanding", "fee_days", "fee", "fee_per_day", "claim"];
  const rows: (string | number)[][] = report.items.map((it) => [
    ledger.customers[it.customer]!.key,
    nameOf(v, it.customer),
    ledger.currencies[it.currency]!,
    docNoOf(ledger, it.index),
    isoDate(ledger.docDate[it.index]!),
    isoDate(ledger.dueDate[it.index]!),
    it.daysOverdue,
    it.outstanding > 0n || it.paidInFullOn === null ? "" : isoDate(it.paidInFullOn),
    it.rate.toString(),
    moneyString(it.outstanding),
    it.feeDays,
    moneyString(it.fee),
    moneyString(it.feePerDay),
    moneyString(it.claim),
  ]);
  for (const t of report.totals) rows.push(["", "TOTAL", ledger.currencies[t.currency]!, "", "", "", "", "", "", moneyString(t.outstanding), "", moneyString(t.fee), "", moneyString(t.claim)]);
  return csvTable(header, rows);
}

export function feesTable(v: FeesView): string {
  const { report, ledger, lang, chalk } = v;
  const moneyGrouped = (u: bigint) => unitsGrouped(u, report.scale);
  const terms = `${word(lang, "feeGrace")} ${v.graceDays}, ${word(lang, "feeCap")} ${v.cap === null ? word(lang, "feeNoCap") : v.cap.toString()}`;
  const title = `${word(lang, "feesTitle")} ${isoDate(report.asOf)} (${terms})`;
  if (report.items.length === 0) return `${title}\n${word(lang, "noOverdueItems")}\n`;
  const right = (content: string) => ({ content, hAlign: "right" as const });
  const head = [word(lang, "customerId"), word(lang, "docNo"), word(lang, "currency"), word(lang, "dueDate"), word(lang, "daysOverdue")];
  if (v.includeSettled) head.push(word(lang, "paidOn"));
  head.push(word(lang, "outstanding"), word(lang, "feeRate"), word(lang, "feeDays"), word(lang, "fee"), word(lang, "feePerDay"), word(lang, "claim"));
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const it of report.items) {
    const row: (string | { content: string; hAlign: "right" })[] = [
      ledger.customers[it.customer]!.key,
      docNoOf(ledger, it.index),
      ledger.currencies[it.currency]!,
      isoDate(ledger.dueDate[it.index]!),
      right(String(it.daysOverdue)),
    ];
    if (v.includeSettled) row.push(it.outstanding > 0n || it.paidInFullOn === null ? "" : isoDate(it.paidInFullOn));
    row.push(
      right(moneyGrouped(it.outstanding)),
      right(it.rate.toString()),
      right(String(it.feeDays)),
      right(it.fee === 0n ? chalk.dim(moneyGrouped(it.fee)) : chalk.red(moneyGrouped(it.fee))),
      right(moneyGrouped(it.feePerDay)),
      right(chalk.bold(moneyGrouped(it.claim))),
    );
    t.push(row);
  }
  for (const tot of report.totals) {
    const row: (string | { content: string; hAlign: "right" })[] = [chalk.bold(word(lang, "total")), "", ledger.currencies[tot.currency]!, "", ""];
    if (v.includeSettled) row.push("");
    row.push(right(chalk.bold(moneyGrouped(tot.outstanding))), "", "", right(chalk.bold(moneyGrouped(tot.fee))), "", right(chalk.bold(moneyGrouped(tot.claim))));
    t.push(row);
  }
  return `${title}\n${t.toString()}\n`;
}

export function renderFees(v: FeesView, format: "table" | "csv" | "json"): string {
  return format === "json" ? feesJson(v) : format === "csv" ? feesCsv(v) : feesTable(v) + rejectedNote(v.lang, v.rejected.length);
}
