/**
 * Statements of account (SPEC.md "Statements of account") on stdout: JSON in SPEC's shape, and a
 * table per statement (io/table/model.ts) for the terminal and CSV; the summary of what
 * `ar statement --out` wrote.
 */
import type { ChalkInstance } from "chalk";
import { isoDate } from "../../engine/dates.js";
import { unitsGrouped, unitsString } from "../../engine/money.js";
import type { DiscountOffer } from "../../engine/discount-offer.js";
import type { Ledger } from "../../engine/ledger.js";
import type { Statement, StatementReport } from "../../engine/statement.js";
import type { Lang } from "../document/model.js";
import { offerData, offerNote } from "../document/offer-data.js";
import { agingLabel, docTypeWord } from "../document/statement-data.js";
import { word, type WordKey } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { date, int, money, text, type Column, type Row, type Table } from "../table/model.js";
import { tablesCsv } from "./table-csv.js";
import { tablesText, tableText } from "./table.js";

export interface StatementView {
  report: StatementReport;
  lang: Lang;
  /** The customer's display name (engine/customers.ts customerName). */
  nameOf: (s: Statement) => string;
  rejected: Rejected[];
  chalk: ChalkInstance;
  /** The ledger the report was built from (the discount offers' invoices). */
  ledger: Ledger;
}

/**
 * SPEC.md's JSON, plus `unapplied` per statement (so that Σ aging − unapplied = closing). Only
 * where an early-payment discount is on offer: the invoice's line gains `discount` {rate,
 * amount, lastDay, pay}, and the statement `discountOffers` (those of invoices brought forward too).
 */
export function statementsJson(v: StatementView): string {
  const { report } = v;
  const m = (u: bigint) => unitsString(u, report.scale);
  const discount = (o: DiscountOffer) => ({ rate: o.rate, amount: m(o.deductible), lastDay: isoDate(o.lastDay), pay: m(o.toPay) });
  return (
    JSON.stringify(
      {
        asOf: isoDate(report.asOf),
        from: isoDate(report.from),
        statements: report.statements.map((s) => ({
          customerId: s.customerId,
          name: v.nameOf(s),
          currency: s.currency,
          opening: m(s.opening),
          debits: m(s.debits),
          credits: m(s.credits),
          closing: m(s.closing),
          lines: s.lines.map((l) => ({
            date: isoDate(l.date),
            type: l.type,
            docNo: l.docNo,
            dueDate: l.dueDate === null ? null : isoDate(l.dueDate),
            debit: m(l.debit),
            credit: m(l.credit),
            balance: m(l.balance),
            ...(l.offer === undefined ? {} : { discount: discount(l.offer) }),
          })),
          aging: Object.fromEntries(report.buckets.map((b, k) => [b.key, m(s.aging[k] ?? 0n)])),
          unapplied: m(s.unapplied),
          ...(s.offers.length === 0 ? {} : { discountOffers: s.offers.map((o) => ({ docNo: docNo(v, o), ...discount(o) })) }),
        })),
        rejected: rejectedJson(v.rejected),
      },
      null,
      2,
    ) + "\n"
  );
}

function docNo(v: StatementView, o: DiscountOffer): string {
  return offerData(v.ledger, o, v.lang).docNo;
}

/** Whether any line of the report carries a discount offer: only then has the CSV its discount columns. */
function hasLineOffers(report: StatementReport): boolean {
  return report.statements.some((s) => s.lines.some((l) => l.offer !== undefined));
}

function statementColumns(v: StatementView): Column[] {
  const w = (k: WordKey) => word(v.lang, k);
  const col = (key: string, header: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header, type, ...extra });
  return [
    col("customer_id", w("customerId"), "text"),
    col("name", w("name"), "text"),
    col("currency", w("currency"), "text"),
    col("date", w("stmtDate"), "date"),
    col("type", w("stmtDescription"), "text"),
    col("doc_no", w("docNo"), "text"),
    col("due_date", w("dueDate"), "date"),
    col("debit", w("stmtDebit"), "money", { blankZero: true }),
    col("credit", w("stmtCredit"), "money", { blankZero: true }),
    col("balance", w("balance"), "money"),
    ...v.report.buckets.map((b) => col(`aging_${b.key}`, agingLabel(b, v.lang), "money")),
    col("unapplied", w("unapplied"), "money"),
    // Early-payment discount on offer (CSV only when a line has one, so other CSVs keep their shape).
    ...(hasLineOffers(v.report) ? [col("discount", v.lang === "zh" ? "可扣除现金折扣" : "Discount", "money"), col("discount_pay", v.lang === "zh" ? "实付金额" : "To pay", "money"), col("discount_last_day", v.lang === "zh" ? "折扣截止日" : "Pay by", "date")] : []),
  ];
}

const TERMINAL_COLUMNS = ["date", "type", "doc_no", "due_date", "debit", "credit", "balance"];

/**
 * A table per statement: an opening row (dated the first day of the period), a row per line, the
 * period's totals and the closing balance; in CSV the closing row also carries the debits and
 * credits and the aging of the closing balance, and the totals row is the terminal's only.
 */
export function statementTables(v: StatementView): Table[] {
  const { report, lang } = v;
  const w = (k: WordKey) => word(lang, k);
  const columns = statementColumns(v);
  const period = `${isoDate(report.from)} ${w("stmtPeriodTo")} ${isoDate(report.asOf)}`;
  const params = [{ label: w("stmtPeriodTo"), value: period, show: "title" as const }];
  const layout = { columns: TERMINAL_COLUMNS };
  if (report.statements.length === 0) return [{ title: `${w("stmtTitles")} ${period}`, params, columns, rows: [], empty: w("stmtNothing"), layout }];
  const m = (u: bigint) => money(u, report.scale);
  const buckets = report.buckets.length;
  const offerColumns = hasLineOffers(report);
  const offerCells = (o: DiscountOffer | undefined) => (!offerColumns ? [] : o === undefined ? [null, null, null] : [m(o.deductible), m(o.toPay), date(o.lastDay)]);
  const noOffer = offerCells(undefined);
  return report.statements.map((s) => {
    const who = [text(s.customerId), text(v.nameOf(s)), text(s.currency)];
    const none = (n: number) => new Array<null>(n).fill(null);
    const rows: Row[] = [{ style: "subtotal", cells: [...who, date(report.from), text(w("stmtOpening"), undefined, "opening"), null, null, null, null, m(s.opening), ...none(buckets), null, ...noOffer] }];
    for (const l of s.lines) {
      const type = docTypeWord(l.type, lang) + (l.disputed ? w("stmtDisputed") : "");
      rows.push({ style: "item", cells: [...who, date(l.date), text(type, undefined, l.type), text(l.docNo), l.dueDate === null ? null : date(l.dueDate), m(l.debit), m(l.credit), m(l.balance), ...none(buckets), null, ...offerCells(l.offer)] });
    }
    rows.push({ style: "total", only: "terminal", cells: [...who, null, text(w("stmtPeriodTotals"), "strong"), null, null, m(s.debits), m(s.credits), null, ...none(buckets), null, ...noOffer] });
    rows.push({ style: "total", only: "terminal", cells: [...who, date(report.asOf), text(w("stmtClosing"), "strong"), null, null, null, null, m(s.closing), ...none(buckets), null, ...noOffer] });
    rows.push({ style: "total", only: "csv", cells: [...who, date(report.asOf), text("closing"), null, null, m(s.debits), m(s.credits), m(s.closing), ...report.buckets.map((_, k) => m(s.aging[k] ?? 0n)), m(s.unapplied), ...noOffer] });
    const aging = report.buckets.map((b, k) => `${agingLabel(b, lang)} ${unitsGrouped(s.aging[k] ?? 0n, report.scale)}`);
    if (s.unapplied !== 0n) aging.push(`${w("unapplied")} -${unitsGrouped(s.unapplied, report.scale)}`);
    return {
      title: `${w("stmtTitle")}  ${s.customerId} ${v.nameOf(s)}  ${s.currency}  ${period}`,
      sheet: w("stmtTitles"),
      params,
      columns,
      rows,
      notes: [`${w("stmtAging")}: ${aging.join(lang === "zh" ? "；" : "; ")}`, ...s.offers.map((o) => offerNote(offerData(v.ledger, o, lang), lang))],
      layout,
    };
  });
}

export function statementsCsv(v: StatementView): string {
  return tablesCsv(statementTables(v));
}

export function statementsTable(v: StatementView): string {
  return tablesText(statementTables(v), { chalk: v.chalk });
}

export function renderStatements(v: StatementView, format: "table" | "csv" | "json"): string {
  return format === "json" ? statementsJson(v) : format === "csv" ? statementsCsv(v) : statementsTable(v);
}

// ---------------------------------------------------------------------------------------------
// What `--out` received

export interface WrittenStatementRow {
  statementId: string;
  statement: Statement;
  file: string;
  firstPage: number;
  pages: number;
  sha256: string;
}

export interface WrittenSummaryView {
  report: StatementReport;
  lang: Lang;
  chalk: ChalkInstance;
  rejected: Rejected[];
  /** CSV is the manifest itself. */
  manifestCsv: () => string;
}

export function writtenSummary(v: WrittenSummaryView, format: "table" | "csv" | "json", written: readonly WrittenStatementRow[]): string {
  const { report, lang } = v;
  const scale = report.scale;
  if (format === "json") {
    return (
      JSON.stringify(
        {
          asOf: isoDate(report.asOf),
          from: isoDate(report.from),
          statements: written.map((w) => ({
            statementId: w.statementId,
            customerId: w.statement.customerId,
            currency: w.statement.currency,
            closing: unitsString(w.statement.closing, scale),
            file: w.file,
            firstPage: w.firstPage,
            pages: w.pages,
            sha256: w.sha256,
          })),
          rejected: rejectedJson(v.rejected),
        },
        null,
        2,
      ) + "\n"
    );
  }
  if (format === "csv") return v.manifestCsv();
  if (written.length === 0) return `${word(lang, "stmtNone")}\n`;
  const w = (k: WordKey) => word(lang, k);
  const table: Table = {
    title: "",
    params: [],
    columns: [
      { key: "statement_id", header: w("stmtId"), type: "text" },
      { key: "customer_id", header: w("customerId"), type: "text" },
      { key: "currency", header: w("currency"), type: "text" },
      { key: "closing", header: w("stmtClosing"), type: "money" },
      { key: "pages", header: w("lettersPages"), type: "int" },
      { key: "file", header: w("lettersFile"), type: "text" },
    ],
    rows: written.map((x) => ({ style: "item", cells: [text(x.statementId), text(x.statement.customerId), text(x.statement.currency), money(x.statement.closing, scale), int(x.pages), text(x.file)] })),
    layout: { rules: "grid" },
  };
  const files = new Set(written.map((x) => x.file)).size;
  return `${tableText(table, { chalk: v.chalk })}${files} ${w("stmtWritten")}\n`;
}
