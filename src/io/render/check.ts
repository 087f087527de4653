/**
 * `ar check` as tables (io/table/model.ts) for the xlsx rendering (SPEC "Validation", "Excel in
 * and out"): the findings with their places, and the control totals per currency with the
 * amounts as numbers. Its terminal and CSV renderings stay in cli/check.ts as they were.
 */
import type { ControlTotal } from "../../engine/settle.js";
import type { Finding } from "../problems.js";
import { int, money, text, type Column, type Row, type Table } from "../table/model.js";

export function checkTables(asOf: string, findings: readonly Finding[], totals: readonly ControlTotal[], scale: number): Table[] {
  const col = (key: string, header: string, type: Column["type"]): Column => ({ key, header, type });
  const findingRows: Row[] = findings.map((f) => ({ style: "item", cells: [text(f.file), text(f.sheet ?? ""), int(f.line), text(f.severity), text(f.message)] }));
  const m = (u: bigint) => money(u, scale);
  const totalRows: Row[] = totals.map((t) => ({
    style: "item",
    cells: [text(t.currency), m(t.invoices), m(t.debitNotes), m(t.payments), m(t.creditNotes), m(t.writeOffs), m(t.discounts), m(t.invoices + t.debitNotes - t.payments - t.creditNotes - t.writeOffs - t.discounts), m(t.open), m(t.unapplied), m(t.open - t.unapplied), text(t.holds ? "holds" : "DOES NOT HOLD")],
  }));
  return [
    {
      title: `Check as of ${asOf}: findings`,
      sheet: "Findings",
      params: [],
      columns: [col("file", "file", "text"), col("sheet", "sheet", "text"), col("line", "line", "int"), col("severity", "severity", "text"), col("message", "message", "text")],
      rows: findingRows,
      empty: "no findings",
    },
    {
      title: "Control totals: invoices + debit notes − payments − credit notes − write-offs − discounts = open − unapplied",
      sheet: "Control totals",
      params: [],
      columns: [
        col("currency", "currency", "text"),
        col("invoices", "invoices", "money"),
        col("debit_notes", "debit notes", "money"),
        col("payments", "payments", "money"),
        col("credit_notes", "credit notes", "money"),
        col("write_offs", "write-offs", "money"),
        col("discounts", "discounts", "money"),
        col("net", "net", "money"),
        col("open", "open", "money"),
        col("unapplied", "unapplied", "money"),
        col("open_less_unapplied", "open − unapplied", "money"),
        col("holds", "holds", "text"),
      ],
      rows: totalRows,
      empty: "no documents on or before as-of",
    },
  ];
}
