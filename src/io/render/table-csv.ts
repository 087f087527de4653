/**
 * The CSV rendering of the table model (io/table/model.ts): a header row of column keys, money
 * as plain 2-decimal strings, dates ISO, ratios 4 places, percents 2; every cell through the
 * formula guard of SPEC "Global conventions" (csv.ts).
 */
import { isoDate } from "../../engine/dates.js";
import { unitsString } from "../../engine/money.js";
import { columnsFor, type Cell, type Table } from "../table/model.js";
import { csvCell, csvLine } from "./csv.js";

/** A cell's CSV text (before quoting and the formula guard). */
export function csvText(c: Cell | null): string {
  if (c === null) return "";
  if (c.csv !== undefined) return c.csv;
  switch (c.kind) {
    case "text":
      return c.text;
    case "int":
    case "days":
      return String(c.value);
    case "money":
      return unitsString(c.units, c.scale);
    case "date":
      return isoDate(c.day);
    case "ratio":
      return c.shown ?? c.value.toFixed(4);
    case "percent":
      return c.value.toFixed(c.places ?? 2);
  }
}

/** Tables with the same columns (a statement per customer) as one CSV: one header, every row. */
export function tablesCsv(tables: readonly Table[], columnsOf?: Table): string {
  const shape = columnsOf ?? tables[0];
  if (shape === undefined) return "";
  const cols = columnsFor(shape, "csv");
  let out = csvLine(cols.map((k) => shape.columns[k]!.key));
  const line: string[] = [];
  for (const t of tables) {
    const labelAt = t.csvLabel === undefined ? 0 : t.columns.findIndex((c) => c.key === t.csvLabel!.column);
    for (const row of t.rows) {
      if (row.only === "terminal") continue;
      line.length = 0;
      for (const k of cols) {
        const c = row.cells[k] ?? null;
        if (row.label !== undefined && k === labelAt) line.push(csvCell(t.csvLabel?.text ?? row.label));
        // Numbers, amounts and dates never need quoting or the formula guard (a negative amount is a number).
        else if (c !== null && c.csv === undefined && (c.kind === "money" || c.kind === "int" || c.kind === "days" || c.kind === "date")) line.push(csvText(c));
        else line.push(csvCell(csvText(c)));
      }
      out += line.join(",") + "\n";
    }
  }
  return out;
}

export function tableCsv(t: Table): string {
  return tablesCsv([t]);
}
