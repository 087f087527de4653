/**
 * The month-end pack as a PDF (SPEC "Month-end pack"): a cover with the contents (each section's
 * page), the sections with their charts drawn as vectors (drawSvg, the embedded Noto Sans SC)
 * and their tables, page numbers "X / Y" on every page. Draws `PackDocument` and computes
 * nothing. Deterministic: the creation date is the as-of date (render.ts does the same).
 */
import PDFDocument from "pdfkit";
import { ymdOf } from "../../engine/dates.js";
import { CHART_HEIGHT, CHART_WIDTH } from "../charts/svg.js";
import type { PackDocument } from "../render/pack.js";
import { cellText } from "../render/table.js";
import type { Column, Row, Table } from "../table/model.js";
import { FONT_BOLD, FONT_REGULAR, useDocumentFonts } from "./fonts.js";
import { drawSvg } from "./svg.js";

const PAGE = { width: 841.89, height: 595.28 }; // A4 landscape: wide tables and charts side by side
const M = { top: 40, bottom: 40, left: 40, right: 40 };
const WIDTH = PAGE.width - M.left - M.right;
const BOTTOM = PAGE.height - M.bottom;
const INK = "#1f1f1f";
const ACCENT = "#1d3557";
const MUTED = "#5b6470";
const NEG = "#b00020";

class CollectingDocument extends PDFDocument {
  declare chunks: Uint8Array[] | undefined;
  override push(chunk: unknown): boolean {
    if (chunk !== null) (this.chunks ??= []).push(chunk as Uint8Array);
    return true;
  }
}

function numeric(c: Column): boolean {
  return c.align !== undefined ? c.align === "right" : c.type !== "text" && c.type !== "date";
}

/** `svgs`: one SVG per chart, in the document's order. Returns the PDF and drawSvg's warnings. */
export function packPdf(pack: PackDocument, svgs: readonly string[]): { pdf: Buffer; warnings: string[] } {
  const { y, m, d } = ymdOf(pack.asOf);
  const created = new Date(Date.UTC(y, m - 1, d));
  const doc = new CollectingDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    lang: pack.lang === "zh" ? "zh-CN" : "en",
    font: null as unknown as string,
    info: { Title: `${pack.title} ${pack.subtitle}`, Author: pack.company, Creator: "ar", Producer: "ar (PDFKit)", CreationDate: created, ModDate: created },
  });
  useDocumentFonts(doc);
  const warnings: string[] = [];
  const zh = pack.lang === "zh";
  let yPos = M.top;
  const newPage = () => {
    doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    yPos = M.top;
  };
  const room = (h: number) => {
    if (yPos + h > BOTTOM) newPage();
  };
  const write = (text: string, size: number, opts: { bold?: boolean; color?: string; gap?: number } = {}) => {
    doc.font(opts.bold ? FONT_BOLD : FONT_REGULAR).fontSize(size).fillColor(opts.color ?? INK);
    const h = doc.heightOfString(text, { width: WIDTH });
    room(h);
    doc.text(text, M.left, yPos, { width: WIDTH, lineBreak: true });
    yPos += h + (opts.gap ?? 4);
  };

  // Cover and contents (its page numbers are written once the sections are placed).
  newPage();
  write(pack.company ? `${pack.company} · ${pack.title}` : pack.title, 22, { bold: true, color: ACCENT });
  write(pack.subtitle, 12, { color: MUTED, gap: 18 });
  write(zh ? "目录" : "Contents", 15, { bold: true, gap: 8 });
  const tocY = yPos;
  const starts: number[] = [];

  let n = 0;
  for (const s of pack.sections) {
    newPage();
    starts.push(doc.bufferedPageRange().count);
    write(s.title, 17, { bold: true, color: ACCENT, gap: 6 });
    for (const l of s.lead) write(l, 9, { color: MUTED, gap: 2 });
    yPos += 6;
    // Charts two abreast.
    const cw = (WIDTH - 20) / 2;
    const ch = (cw * CHART_HEIGHT) / CHART_WIDTH;
    for (let k = 0; k < s.charts.length; k += 2) {
      room(ch + 8);
      for (let j = 0; j < 2 && k + j < s.charts.length; j++) warnings.push(...drawSvg(doc, svgs[n++]!, M.left + j * (cw + 20), yPos, { width: cw, height: ch }));
      yPos += ch + 10;
    }
    for (const t of s.tables) drawTable(t);
  }

  function drawTable(t: Table): void {
    const rows = [...t.rows] as Row[];
    const size = 8.5;
    const pad = 4;
    const lineH = size * 1.5;
    doc.font(FONT_BOLD).fontSize(10);
    room(14 + lineH * 2);
    write(t.title, 10, { bold: true, gap: 3 });
    if (rows.length === 0) {
      write(t.empty ?? "—", size, { color: MUTED, gap: 10 });
      return;
    }
    const texts = rows.map((r) => t.columns.map((c, k) => {
      const s = cellText(r.cells[k] ?? null, c, r.style);
      return k === 0 && s === "" && r.label !== undefined ? r.label : s;
    }));
    // Column widths from the widest text, each measured in the font it is drawn in (the header and
    // total rows are bold, and wider), plus a point of slack so that a number never wraps; scaled
    // down to the page when needed.
    const widthIn = (font: string, s: string) => doc.font(font).fontSize(size).widthOfString(s);
    const bold = rows.map((r) => r.style !== "item");
    let widths = t.columns.map((c, k) => Math.min(260, Math.max(widthIn(FONT_BOLD, c.header), ...texts.map((r, j) => widthIn(bold[j] ? FONT_BOLD : FONT_REGULAR, r[k]!))) + 2 * pad + 1));
    const sum = widths.reduce((a, b) => a + b, 0);
    if (sum > WIDTH) widths = widths.map((w) => (w * WIDTH) / sum);
    const heightOf = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((s, k) => doc.heightOfString(s, { width: widths[k]! - 2 * pad }))) + 4;
    };
    const drawRow = (cells: string[], opts: { head?: boolean; total?: boolean; neg?: boolean[] }) => {
      const font = opts.head || opts.total ? FONT_BOLD : FONT_REGULAR;
      const h = heightOf(cells, font);
      if (opts.head) doc.rect(M.left, yPos, widths.reduce((a, b) => a + b, 0), h).fill("#e9eef4");
      let x = M.left;
      cells.forEach((s, k) => {
        doc.font(font).fontSize(size).fillColor(opts.neg?.[k] ? NEG : INK);
        doc.text(s, x + pad, yPos + 2, { width: widths[k]! - 2 * pad, align: numeric(t.columns[k]!) ? "right" : "left", lineBreak: true });
        x += widths[k]!;
      });
      yPos += h;
      doc.moveTo(M.left, yPos).lineTo(x, yPos).lineWidth(opts.total ? 1 : 0.4).strokeColor(opts.total ? INK : "#c5ccd6").stroke();
    };
    const header = t.columns.map((c) => c.header);
    drawRow(header, { head: true });
    rows.forEach((r, i) => {
      const cells = texts[i]!;
      if (yPos + heightOf(cells, FONT_REGULAR) > BOTTOM) {
        newPage();
        drawRow(header, { head: true });
      }
      drawRow(cells, { total: r.style === "total", neg: r.cells.map((c) => c?.kind === "money" && c.units < 0n) });
    });
    yPos += 12;
  }

  // Contents, then page numbers on every page.
  const pages = doc.bufferedPageRange().count;
  doc.switchToPage(0);
  let ty = tocY;
  pack.sections.forEach((s, k) => {
    doc.font(FONT_REGULAR).fontSize(12).fillColor(INK);
    doc.text(`${k + 1}. ${s.title}`, M.left + 10, ty, { width: WIDTH / 2, lineBreak: false });
    doc.text(String(starts[k]), M.left + WIDTH / 2, ty, { width: 60, align: "right", lineBreak: false });
    ty += 20;
  });
  for (let p = 0; p < pages; p++) {
    doc.switchToPage(p);
    doc.font(FONT_REGULAR).fontSize(8).fillColor(MUTED);
    const label = zh ? `第 ${p + 1} 页 / 共 ${pages} 页` : `Page ${p + 1} of ${pages}`;
    doc.text(label, M.left, PAGE.height - 26, { width: WIDTH, align: "right", lineBreak: false });
    doc.text(`${pack.title} · ${pack.subtitle}`, M.left, PAGE.height - 26, { width: WIDTH / 2, lineBreak: false });
  }
  doc.end();
  return { pdf: Buffer.concat(doc.chunks ?? []), warnings };
}
