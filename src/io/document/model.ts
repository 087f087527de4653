/**
 * One document model for everything `ar` prints on paper: demand letters, statements of account
 * (对账单) and instalment agreements (还款协议). A template renders to markup (template.ts), the
 * markup parses into this model, and the PDF renderer (../pdf/render.ts) lays it out. The model
 * holds display text only: amounts and dates arrive formatted, so rendering never computes.
 */
import type { Day } from "../../engine/dates.js";

export type Lang = "zh" | "en";
export type Align = "left" | "center" | "right";

export interface DocumentMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  /** The as-of date: the PDF's creation and modification date, so output never depends on the clock. */
  creationDate: Day;
  lang: Lang;
}

/** A piece of text in one style; `**bold**` in a template gives bold runs. */
export interface TextRun {
  text: string;
  bold: boolean;
}

/** One line as written in the template; long lines wrap, and `indent` is in em (全角空格). */
export interface TextLine {
  runs: TextRun[];
  indent: number;
}

export interface LabelValue {
  label: string;
  value: string;
}

export interface TableBlock {
  kind: "table";
  header: string[];
  align: Align[];
  rows: string[][];
  /** Rows below a rule line in the template (totals): bold, kept with the last row. */
  totals: string[][];
}

export type Block =
  | { kind: "title"; text: string }
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; lines: TextLine[] }
  | TableBlock
  | { kind: "kv"; rows: LabelValue[] }
  | { kind: "signature"; lines: string[] }
  | { kind: "slip"; caption: string; blocks: Block[] }
  | { kind: "spacer"; lines: number }
  | { kind: "pagebreak" };

export interface Letterhead {
  /** The company name, printed large. */
  name: string;
  /** Address, phone and the like, printed small under the name. */
  lines: string[];
}

export interface DocumentModel {
  meta: DocumentMeta;
  letterhead: Letterhead | null;
  /** The addressee block, top left of the first page; the first line is printed bold. */
  recipient: string[];
  /** Reference lines (letter id, date), top right of the first page. */
  reference: LabelValue[];
  /**
   * Footer on every page; `{page}` and `{pages}` count the pages of this document. `null`: the
   * default page number ("第 1 页 / 共 2 页", "Page 1 of 2"); `""`: no footer.
   */
  footer: string | null;
  blocks: Block[];
}
