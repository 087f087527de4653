/**
 * Small CSV inputs (customer master, events log, holidays, manifests) as header + rows with their
 * physical line numbers. These files are small enough to hold; ledgers go through read-ledger.ts.
 */
import type { Readable } from "node:stream";
import { CsvTokenizer } from "./csv.js";
import { openText, REPLACEMENT, type EncodingOption } from "./decode.js";
import { normalizeHeader } from "./headers.js";

export interface TableRow {
  line: number;
  cells: string[];
}

export interface Table {
  name: string;
  /** Normalized header names (see normalizeHeader). */
  header: string[];
  headerLine: number;
  rows: TableRow[];
  /** Records that could not be tokenized or decoded. */
  broken: { line: number; reason: string }[];
}

export async function readTable(name: string, encoding: EncodingOption, stdin: Readable, filePath: string = name): Promise<Table> {
  const source = await openText(name, encoding, stdin, filePath);
  const table: Table = { name, header: [], headerLine: 0, rows: [], broken: [] };
  let replaced = false;
  const tokenizer = new CsvTokenizer({
    record(cells, line) {
      if (cells.every((c) => c.trim() === "")) return;
      if (table.headerLine === 0) {
        table.header = cells.map(normalizeHeader);
        table.headerLine = line;
        return;
      }
      if (replaced && cells.some((c) => c.includes(REPLACEMENT))) {
        table.broken.push({ line, reason: `bytes that are not valid ${source.encoding}` });
        return;
      }
      table.rows.push({ line, cells });
    },
    broken(line, reason) {
      table.broken.push({ line, reason });
    },
  });
  for await (const text of source.chunks) {
    if (text.includes(REPLACEMENT)) replaced = true;
    tokenizer.push(text);
  }
  tokenizer.end();
  return table;
}

/** Column index by any of the given (normalized) names, or -1. */
export function columnOf(table: Table, ...names: string[]): number {
  for (const n of names) {
    const i = table.header.indexOf(normalizeHeader(n));
    if (i >= 0) return i;
  }
  return -1;
}

export function cellAt(row: TableRow, index: number): string {
  return index < 0 || index >= row.cells.length ? "" : row.cells[index]!.trim();
}
