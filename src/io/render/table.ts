/**
 * The terminal rendering of the table model (io/table/model.ts): a bordered cli-table3 table, and
 * for a terminal too narrow for it the layouts a table asks for (a borderless table with the name
 * cut, then one block per row). Colours come from the cells' tones, through chalk.
 */
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import { isoDate } from "../../engine/dates.js";
import { unitsGrouped } from "../../engine/money.js";
import { columnsFor, type Cell, type Column, type Line, type Row, type Table as ReportTable, type Tone } from "../table/model.js";
import { displayWidth, padToWidth, truncateToWidth } from "./width.js";

export interface TerminalOptions {
  chalk: ChalkInstance;
  /** Terminal width; a table wider than this uses its narrow layout, when it has one. */
  width?: number;
}

/** No rule between body rows: a long table reads as a list. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

export function paint(chalk: ChalkInstance, tone: Tone | undefined, s: string): string {
  switch (tone) {
    case undefined:
      return s;
    case "strong":
      return chalk.bold(s);
    case "dim":
      return chalk.dim(s);
    case "caution":
      return chalk.yellow(s);
    case "alert":
      return chalk.red(s);
    case "alarm":
      return chalk.red.bold(s);
    case "good":
      return chalk.green(s);
  }
}

/** A cell's text for people: money grouped to 2 decimals, dates ISO, ratios 4 places, percents 2. */
export function cellText(c: Cell | null, column?: Column, style: Row["style"] = "item"): string {
  if (c === null) return "";
  switch (c.kind) {
    case "text":
      return c.text;
    case "int":
      return String(c.value);
    case "days":
      return c.places === undefined ? String(c.value) : c.value.toFixed(c.places);
    case "money":
      return column?.blankZero && style === "item" && c.units === 0n ? "" : unitsGrouped(c.units, c.scale);
    case "date":
      return isoDate(c.day);
    case "ratio":
      return c.shown ?? c.value.toFixed(4);
    case "percent":
      return `${c.value.toFixed(c.places ?? 2)}%`;
  }
}

function rightAligned(col: Column): boolean {
  return col.align !== undefined ? col.align === "right" : col.type !== "text" && col.type !== "date";
}

function cut(s: string, n: number | undefined): string {
  if (n === undefined) return s;
  const chars = [...s];
  return chars.length > n ? chars.slice(0, n - 1).join("") + "…" : s;
}

export function lineText(chalk: ChalkInstance, line: Line): string {
  return typeof line === "string" ? line : line.map((s) => paint(chalk, s.tone, s.text)).join("");
}

function titleOf(t: ReportTable): string {
  const shown = t.params.filter((p) => p.show !== "title").map((p) => (p.show === "value" ? p.value : `${p.label} ${p.value}`));
  return shown.length > 0 ? `${t.title} (${shown.join(", ")})` : t.title;
}

/** The tone a cell shows with: its own; in a total row, money and the label are bold. */
function toneOf(c: Cell, row: Row): Tone | undefined {
  if (c.tone !== undefined) return c.tone;
  return row.style === "total" && c.kind === "money" ? "strong" : undefined;
}

function bordered(t: ReportTable, o: TerminalOptions, rows: Row[]): string {
  const cols = columnsFor(t, "terminal");
  const groups = t.layout?.rules !== "grid";
  const table = new Table({ head: cols.map((k) => t.columns[k]!.header), style: { head: [], border: [] }, ...(groups ? { chars: COMPACT } : {}) });
  for (const row of rows) {
    table.push(
      cols.map((k, j) => {
        const col = t.columns[k]!;
        const c = row.cells[k] ?? null;
        let s = c === null ? "" : paint(o.chalk, toneOf(c, row), cut(cellText(c, col, row.style), col.maxChars));
        if (j === 0 && row.label !== undefined) s = o.chalk.bold(row.label);
        return rightAligned(col) ? { content: s, hAlign: "right" as const } : s;
      }),
    );
  }
  const text = table.toString();
  if (!groups) return text;
  const lines = text.split("\n");
  const rule = lines[0]!.replace("┌", "├").replace(/┬/g, "┼").replace("┐", "┤");
  // lines: [top, header, ...body, bottom]; cells never wrap, so one line per row.
  for (let i = rows.length - 1; i > 0; i--) if (rows[i]!.style !== rows[i - 1]!.style) lines.splice(i + 2, 0, rule);
  lines.splice(2, 0, rule);
  return lines.join("\n");
}

function maxLineWidth(text: string): number {
  let max = 0;
  // eslint-disable-next-line no-control-regex
  for (const line of text.split("\n")) max = Math.max(max, displayWidth(line.replace(/\u001b\[[0-9;]*m/g, "")));
  return max;
}

/** One table for a terminal: title (with its parameters), lead lines, the table, notes. */
export function tableText(t: ReportTable, o: TerminalOptions): string {
  // A table without a title (a summary under a line of its own) starts with the table.
  const head = [...(t.title === "" ? [] : [titleOf(t)]), ...(t.lead ?? []).map((l) => lineText(o.chalk, l))].map((l) => l + "\n").join("");
  const notes = (t.notes ?? []).map((l) => lineText(o.chalk, l) + "\n").join("");
  const rows = [...t.rows].filter((r) => r.only !== "csv");
  if (rows.length === 0 && t.empty !== undefined) return `${head}${t.empty}\n${notes}`;
  const full = bordered(t, o, rows);
  const narrow = t.layout?.narrow;
  if (narrow !== undefined && o.width !== undefined && maxLineWidth(full) > o.width) {
    const borderless = narrowTable(t, o, rows, o.width);
    return `${head}${maxLineWidth(borderless) <= o.width ? borderless : cards(t, o, rows, o.width)}${notes}`;
  }
  return `${head}${full}\n${notes}`;
}

/** Several tables (a statement per customer), a blank line between them. */
export function tablesText(tables: readonly ReportTable[], o: TerminalOptions): string {
  return tables.map((t) => tableText(t, o)).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Narrow terminals

function isZero(c: Cell | null): boolean {
  return c === null || (c.kind === "money" && c.units === 0n);
}

/**
 * The table without borders, two spaces between columns, in `narrow.columns` order, the last
 * column (a name) cut to the room that is left; tones kept but bold dropped, totals plain.
 */
function narrowTable(t: ReportTable, o: TerminalOptions, rows: Row[], width: number): string {
  const n = t.layout!.narrow!;
  const index = (key: string) => t.columns.findIndex((c) => c.key === key);
  const items = rows.filter((r) => r.style === "item");
  const keys = n.columns.filter((key) => !(n.dropWhenZero ?? []).includes(key) || items.some((r) => !isZero(r.cells[index(key)] ?? null)));
  const cols = keys.map(index);
  const head = keys.map((key, j) => n.headers?.[key] ?? t.columns[cols[j]!]!.header);
  const right = cols.map((k) => rightAligned(t.columns[k]!));
  const textOf = (r: Row, k: number, j: number) => (j === 0 && r.label !== undefined ? r.label : cellText(r.cells[k] ?? null, t.columns[k]));
  const body = rows.map((r) => cols.map((k, j) => textOf(r, k, j)));
  const all = [head, ...body];
  const last = cols.length - 1;
  const widths = cols.map((_, j) => (j === last ? 0 : Math.max(...all.map((r) => displayWidth(r[j]!)))));
  const used = widths.slice(0, -1).reduce((x, w) => x + w + 2, 0);
  const nameRoom = Math.max(0, width - used);
  const showName = nameRoom >= 6;
  const line = (cells: string[], row?: Row) =>
    cells
      .map((c, j) => {
        if (j === last) return showName ? truncateToWidth(c, nameRoom) : "";
        const padded = padToWidth(c, widths[j]!, right[j]!);
        const tone = row?.style === "item" ? row.cells[cols[j]!]?.tone : undefined;
        return tone === "strong" ? padded : paint(o.chalk, tone, padded);
      })
      .join("  ")
      .trimEnd();
  const rule = "─".repeat(Math.min(width, used + (showName ? nameRoom : 0)));
  const out = [line(head), rule];
  rows.forEach((r, i) => {
    if (i > 0 && r.style !== rows[i - 1]!.style && rows[i - 1]!.style === "item") out.push(rule);
    out.push(line(body[i]!, r));
  });
  return out.join("\n") + "\n";
}

/**
 * One block per row, for a terminal too narrow for any table: the head cells and the name cut to
 * the room left, then `label value` for each non-zero amount and the amounts always shown,
 * wrapped to the width; after a rule, each total with the shares of its amounts (the next row).
 */
function cards(t: ReportTable, o: TerminalOptions, rows: Row[], width: number): string {
  const c = t.layout!.narrow!.cards;
  const chalk = o.chalk;
  const index = (key: string) => t.columns.findIndex((col) => col.key === key);
  const get = (r: Row, key: string) => r.cells[index(key)] ?? null;
  const headerOf = (key: string) => t.columns[index(key)]!.header;
  const show = (cell: Cell | null, key: string) => paint(chalk, cell?.tone, cellText(cell, t.columns[index(key)]));
  const out: string[] = [];
  const flow = (parts: string[], indent: string) => {
    let line = indent;
    for (const part of parts) {
      const sep = line === indent ? "" : "   ";
      if (line !== indent && displayWidth(line + sep + part) > width) {
        out.push(line);
        line = indent + part;
      } else {
        line += sep + part;
      }
    }
    if (line !== indent) out.push(line);
  };
  const shown = (cell: Cell | null) => cell !== null && !(cell.kind === "int" && cell.value === 0) && !(cell.kind === "days" && cell.value === 0) && !(cell.kind === "text" && cell.text === "");
  let ruled = false;
  rows.forEach((r, i) => {
    if (r.style === "item") {
      const head = c.head.map((key, j) => (j === 0 ? chalk.bold(cellText(get(r, key))) : cellText(get(r, key))));
      for (const key of c.labelled) if (shown(get(r, key))) head.push(`${headerOf(key)} ${show(get(r, key), key)}`);
      const fixed = head.join("  ");
      // eslint-disable-next-line no-control-regex
      const room = width - displayWidth(fixed.replace(/\u001b\[[0-9;]*m/g, "")) - 2;
      const name = cellText(get(r, c.name));
      out.push(room >= 6 ? `${head[0]}  ${truncateToWidth(name, room)}  ${head.slice(1).join("  ")}` : fixed);
      const parts = c.amounts.flatMap((key) => (isZero(get(r, key)) ? [] : [`${headerOf(key)} ${show(get(r, key), key)}`]));
      for (const key of c.always) parts.push(`${headerOf(key)} ${chalk.bold(cellText(get(r, key)))}`);
      flow(parts, "    ");
      return;
    }
    if (r.label === undefined) return; // a share row: shown with its total
    if (!ruled) {
      out.push("─".repeat(Math.min(width, 60)));
      ruled = true;
    }
    const share = rows[i + 1];
    out.push(chalk.bold(`${r.label} ${c.head.slice(1).map((key) => cellText(get(r, key))).join(" ")}`));
    const parts = c.withShare.map((key) => `${headerOf(key)} ${cellText(get(r, key))} (${share ? cellText(get(share, key)) : ""})`);
    for (const key of c.amounts.filter((k) => !c.withShare.includes(k))) if (!isZero(get(r, key))) parts.push(`${headerOf(key)} ${cellText(get(r, key))}`);
    for (const key of c.always) parts.push(`${headerOf(key)} ${chalk.bold(cellText(get(r, key)))}`);
    flow(parts, "    ");
  });
  return out.join("\n") + "\n";
}
