/**
 * One typed table model that every tabular report renders through (after hledger's
 * Hledger/Write/Spreadsheet.hs): a report maps its data to `Table`s once, and the terminal
 * (render/table.ts), CSV (render/table-csv.ts) and, next, xlsx and HTML renderers derive their
 * output from it. JSON is not made from tables: it stays per report, in SPEC's shapes.
 *
 * Cells keep exact values (money as integer units with their scale, ratios and percents as
 * Decimal), never preformatted strings: each renderer formats (SPEC "Global conventions": money
 * rounded half-up to 2 decimals once, at the end; SPEC "The management layer": ratios to 4
 * decimals, percents to 2). Words (headers, labels) are already in the output language.
 */
import type { Day } from "../../engine/dates.js";
import type { Decimal } from "../../engine/money.js";

/** What a column holds; a cell may carry its own kind (a share row under money columns). */
export type ColumnType = "text" | "int" | "days" | "money" | "date" | "ratio" | "percent";

export type Value =
  | { kind: "text"; text: string }
  | { kind: "int"; value: number }
  /** Days; with `places`, a day figure shown with that many decimals (DSO 45.37). */
  | { kind: "days"; value: number; places?: number }
  /** Exact money: integer units of 10^-scale of the currency. */
  | { kind: "money"; units: bigint; scale: number; currency?: string }
  | { kind: "date"; day: Day }
  /** `shown`: the exact text for people and CSV where 4 places would not do (a contract's 0.003 a day). */
  | { kind: "ratio"; value: Decimal; shown?: string }
  /** A percent (12.5 means 12.5%), shown with `places` decimals (2 unless a layout says otherwise). */
  | { kind: "percent"; value: Decimal; places?: number };

/**
 * How a terminal shows a cell (colour is the renderer's business, chosen from these): strong
 * (bold), dim, caution (yellow), alert (red), alarm (red bold), good (green).
 */
export type Tone = "strong" | "dim" | "caution" | "alert" | "alarm" | "good";

export type Cell = Value & {
  tone?: Tone;
  /** The cell's text in CSV when it differs from its text for people (a code for a word). */
  csv?: string;
};

/** An empty cell. */
export type Blank = null;

export interface Column {
  /** The CSV header and a stable name for renderers. */
  key: string;
  /** The header for people, already in the output language. */
  header: string;
  type: ColumnType;
  /** Default: right for numbers, money, ratios and percents; left for text and dates. */
  align?: "left" | "right";
  /** A column only one rendering shows (the terminal's short forms, CSV's raw codes). */
  only?: "terminal" | "csv";
  /** Terminal: cut the text to this many characters, with an ellipsis. */
  maxChars?: number;
  /** Terminal: a zero amount in an item row shows as an empty cell (a statement's debit and credit columns). */
  blankZero?: boolean;
}

export type RowStyle = "item" | "subtotal" | "total";

export interface Row {
  cells: (Cell | Blank)[];
  style: RowStyle;
  /** A row only one rendering shows (a terminal's share-of-total row). */
  only?: "terminal" | "csv";
  /**
   * A subtotal's or total's label ("Total"). The terminal shows it in the first column, in
   * bold; CSV in `Table.csvLabel`'s column with that text (every CSV of ar says `TOTAL`).
   */
  label?: string;
}

/** A span of text in a heading or note line, with its tone. */
export type Line = string | { text: string; tone?: Tone }[];

export interface Param {
  label: string;
  value: string;
  /**
   * How the terminal's title shows it: `label value` in brackets after the title (default), the
   * value alone, or not at all because the title already says it (the label and value are still
   * there for xlsx's About sheet and HTML).
   */
  show?: "both" | "value" | "title";
}

/** Terminal layouts (renderers of paper-like formats ignore them). */
export interface TerminalLayout {
  /** The terminal's columns by key, in its order, when it shows fewer or others than CSV. */
  columns?: string[];
  /**
   * `grid`: a rule between every row (cli-table3's default); `groups` (default): rules under the
   * header and where the row style changes, no rule between rows of one style.
   */
  rules?: "grid" | "groups";
  /**
   * When the bordered table is wider than the terminal: first a borderless table with the
   * columns in this order (the last one, a name, cut to the room left; columns of `dropWhenZero`
   * left out when every item is zero), and when even that is too wide, one block per row.
   */
  narrow?: {
    columns: string[];
    headers?: Record<string, string>;
    dropWhenZero?: string[];
    /**
     * The block layout, one block per item row: `head` cells (the first in bold), the `name`
     * cut to the room left, then `header value` for each `labelled` cell that is set; an indented
     * line of `header value` for each non-zero cell of `amounts` and every cell of `always`
     * (bold). A total row (one with a label) becomes `label head…` and its amounts, those of
     * `withShare` followed by the next row's cell in brackets (a share-of-total row).
     */
    cards: { head: string[]; name: string; labelled: string[]; amounts: string[]; always: string[]; withShare: string[] };
  };
}

export interface Table {
  /** The first line, already in the output language. */
  title: string;
  /**
   * xlsx: the sheet's name (the title when unset). Tables one after another with the same
   * columns and the same `sheet` share one sheet, under one header (a statement per customer).
   */
  sheet?: string;
  /** The parameters that change the numbers; the terminal shows them after the title, in brackets. */
  params: Param[];
  /** Lines between the title and the table (how an amount was arrived at). */
  lead?: Line[];
  columns: Column[];
  /**
   * The rows, in order. A large report may give them as an iterable made on demand (a generator):
   * CSV streams them once, so tens of thousands of rows are never all alive at once.
   */
  rows: Iterable<Row>;
  /** Lines after the table. */
  notes?: Line[];
  /** What the terminal says instead of an empty table; without it an empty table is drawn. */
  empty?: string;
  /** CSV: where a total row's label goes, and what it says there. */
  csvLabel?: { column: string; text: string };
  layout?: TerminalLayout;
}

// ---------------------------------------------------------------------------------------------
// Cell constructors

// Every cell of a kind has the same properties (tone and csv undefined when unset): a report of
// tens of thousands of rows stays on one object shape per kind for the renderers' reads.
export const text = (s: string, tone?: Tone, csv?: string): Cell => ({ kind: "text", text: s, tone, csv });
export const int = (value: number, tone?: Tone): Cell => ({ kind: "int", value, tone, csv: undefined });
export const days = (value: number, tone?: Tone): Cell => ({ kind: "days", value, tone, csv: undefined });
/** A day figure already rounded to `places` decimals (a DSO, an average delay). */
export const dayFigure = (value: Decimal, places = 2, tone?: Tone): Cell => ({ kind: "days", value: value.toNumber(), places, tone, csv: value.toFixed(places) });
export const money = (units: bigint, scale: number, tone?: Tone): Cell => ({ kind: "money", units, scale, currency: undefined, tone, csv: undefined });
export const date = (day: Day, tone?: Tone): Cell => ({ kind: "date", day, tone, csv: undefined });
export const ratio = (value: Decimal, shown?: string): Cell => ({ kind: "ratio", value, shown, tone: undefined, csv: undefined });
export const percent = (value: Decimal, places?: number): Cell => ({ kind: "percent", value, places, tone: undefined, csv: undefined });

/** Columns of a table shown by one rendering. */
export function columnsFor(t: Table, target: "terminal" | "csv"): number[] {
  if (target === "terminal" && t.layout?.columns !== undefined) return t.layout.columns.map((key) => t.columns.findIndex((c) => c.key === key));
  const out: number[] = [];
  t.columns.forEach((c, k) => {
    if (c.only === undefined || c.only === target) out.push(k);
  });
  return out;
}
