/**
 * Lays out a DocumentModel on A4 pages with pdfkit and returns the PDF bytes.
 *
 * Layout is done here, not by pdfkit's text flow: every line is wrapped and measured by this
 * module, so the renderer knows each block's height before drawing it. That is what keeps a
 * table row, a signature block or a confirmation slip whole, repeats a table's header on every
 * page, and numbers pages "X of Y" per document.
 *
 * Output is deterministic: the creation date is the as-of date, the file ID is an MD5 of the
 * document info (pdfkit), and font subset tags come from font order (pdfkit: F1 → "BZZZZZ+").
 */
import PDFDocument from "pdfkit";
import { ymdOf } from "../../engine/dates.js";
import type { Align, Block, DocumentMeta, DocumentModel, LabelValue, TableBlock, TextRun } from "../document/model.js";
import { FONT_BOLD, FONT_REGULAR, useDocumentFonts } from "./fonts.js";

// ---------------------------------------------------------------------------------------------
// Page and type

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = { top: 50, bottom: 58, left: 62, right: 62 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
/** Chinese company seals are round, at most 42 mm (most are 40 mm); the signature leaves room for one. */
const SEAL_SPACE = (40 / 25.4) * 72;
/** How far a seal may reach into the bottom margin (which the footer only half uses). */
const SEAL_OVERHANG = 14;

const COLOR = {
  text: "#1a1a1a",
  muted: "#5b6470",
  accent: "#1f3a5f",
  rule: "#c5ccd6",
  headerFill: "#e9eef4",
};

interface Style {
  body: number;
  pitch: number; // line pitch as a multiple of the font size
  small: number;
  table: number;
  tablePitch: number;
  title: number;
  heading: number;
}

const STYLES: Record<DocumentMeta["lang"], Style> = {
  zh: { body: 10.5, pitch: 1.58, small: 8.5, table: 9.5, tablePitch: 1.5, title: 18, heading: 11.5 },
  en: { body: 10.5, pitch: 1.45, small: 8.5, table: 9.5, tablePitch: 1.35, title: 16, heading: 11.5 },
};

// ---------------------------------------------------------------------------------------------
// Text: measuring, wrapping, drawing

interface Part {
  text: string;
  bold: boolean;
}

/** An unbreakable piece of text (a word, or one CJK character with its punctuation). */
interface Token {
  parts: Part[];
  glue: boolean; // ends with opening punctuation: the next character stays with it
  trailing: number; // spaces after it
}

interface WrappedLine {
  tokens: Token[];
}

// No line may start with these (they join the token before) or end with those (they join the
// token after): the basic Chinese line-breaking rules (禁则), and their ASCII counterparts.
const CLOSING = new Set([..."，。、；：！？）」』》〉】〕…—,.;:!?)]}%’”·"]);
const OPENING = new Set([..."（「『《〈【〔‘“([{¥$£€￥"]);

function isCjk(cp: number): boolean {
  return cp >= 0x2e80;
}

function tokenize(runs: TextRun[]): Token[] {
  const tokens: Token[] = [];
  let current: Token | null = null;
  let currentCjk = false;
  const append = (tok: Token, ch: string, bold: boolean) => {
    const last = tok.parts[tok.parts.length - 1];
    if (last && last.bold === bold) last.text += ch;
    else tok.parts.push({ text: ch, bold });
  };
  const close = () => {
    if (current) tokens.push(current);
    current = null;
  };
  for (const run of runs) {
    for (const ch of run.text) {
      const cp = ch.codePointAt(0)!;
      if (ch === " " || ch === "\t") {
        const tok: Token | undefined = current ?? tokens[tokens.length - 1];
        if (tok) tok.trailing++;
        close();
        continue;
      }
      if (CLOSING.has(ch)) {
        if (current) {
          append(current, ch, run.bold);
          continue;
        }
        const prev = tokens[tokens.length - 1];
        if (prev && prev.trailing === 0) {
          append(prev, ch, run.bold);
          continue;
        }
      }
      if (current?.glue) {
        append(current, ch, run.bold);
        current.glue = OPENING.has(ch);
        currentCjk = isCjk(cp);
        continue;
      }
      if (isCjk(cp) || OPENING.has(ch) || !current || currentCjk) {
        close();
        current = { parts: [], glue: OPENING.has(ch), trailing: 0 };
        append(current, ch, run.bold);
        currentCjk = isCjk(cp);
        continue;
      }
      append(current, ch, run.bold);
    }
  }
  close();
  return glueCurrencies(tokens);
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** "CNY 80,000.00" never breaks between the currency code and the amount. */
function glueCurrencies(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const tok of tokens) {
    const prev = out[out.length - 1];
    const prevText = prev?.parts.map((p) => p.text).join("");
    if (prev && prev.trailing > 0 && CURRENCY_CODE.test(prevText!) && /^\d/.test(tok.parts[0]?.text ?? "")) {
      const last = prev.parts[prev.parts.length - 1]!;
      last.text += " ".repeat(prev.trailing);
      for (const p of tok.parts) {
        const tail = prev.parts[prev.parts.length - 1]!;
        if (tail.bold === p.bold) tail.text += p.text;
        else prev.parts.push({ ...p });
      }
      prev.trailing = tok.trailing;
      prev.glue = tok.glue;
      continue;
    }
    out.push(tok);
  }
  return out;
}

class Pen {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  private use(bold: boolean, size: number): void {
    this.doc.font(bold ? FONT_BOLD : FONT_REGULAR).fontSize(size);
  }

  width(text: string, bold: boolean, size: number): number {
    this.use(bold, size);
    return this.doc.widthOfString(text);
  }

  tokenWidth(tok: Token, size: number): number {
    let w = 0;
    for (const p of tok.parts) w += this.width(p.text, p.bold, size);
    return w;
  }

  /** The width of the widest unbreakable piece of `text`. */
  longestToken(text: string, bold: boolean, size: number): number {
    let w = 0;
    for (const tok of tokenize(plain(text, bold))) w = Math.max(w, this.tokenWidth(tok, size));
    return w;
  }

  /** Greedy line breaking; the first line is `indent` narrower. Over-long words break anywhere. */
  wrap(runs: TextRun[], width: number, size: number, indent = 0): WrappedLine[] {
    const space = this.width(" ", false, size);
    const lines: WrappedLine[] = [];
    let line: Token[] = [];
    let used = 0;
    let avail = width - indent;
    const newLine = () => {
      lines.push({ tokens: line });
      line = [];
      used = 0;
      avail = width;
    };
    for (const tok of tokenize(runs)) {
      let w = this.tokenWidth(tok, size);
      if (line.length > 0 && used + w > avail + 0.01) newLine();
      if (w > avail + 0.01) {
        // A word longer than the line (an account number, a URL): cut it by characters.
        for (const piece of this.splitToken(tok, avail, width, size)) {
          if (line.length > 0) newLine();
          line.push(piece);
          used = this.tokenWidth(piece, size);
        }
        w = used;
        used = w + tok.trailing * space;
        line[line.length - 1]!.trailing = tok.trailing;
        continue;
      }
      line.push(tok);
      used += w + tok.trailing * space;
    }
    if (line.length > 0 || lines.length === 0) lines.push({ tokens: line });
    return lines;
  }

  private splitToken(tok: Token, firstAvail: number, avail: number, size: number): Token[] {
    const pieces: Token[] = [];
    let piece: Token = { parts: [], glue: false, trailing: 0 };
    let used = 0;
    let limit = firstAvail;
    for (const part of tok.parts) {
      for (const ch of part.text) {
        const w = this.width(ch, part.bold, size);
        if (piece.parts.length > 0 && used + w > limit + 0.01) {
          pieces.push(piece);
          piece = { parts: [], glue: false, trailing: 0 };
          used = 0;
          limit = avail;
        }
        const last = piece.parts[piece.parts.length - 1];
        if (last && last.bold === part.bold) last.text += ch;
        else piece.parts.push({ text: ch, bold: part.bold });
        used += w;
      }
    }
    pieces.push(piece);
    return pieces;
  }

  /** A wrapped line as runs of one style each, spaces between tokens included. */
  private segments(line: WrappedLine): Part[] {
    const out: Part[] = [];
    line.tokens.forEach((tok, i) => {
      for (const p of tok.parts) {
        const last = out[out.length - 1];
        if (last && last.bold === p.bold) last.text += p.text;
        else out.push({ ...p });
      }
      if (i < line.tokens.length - 1 && tok.trailing > 0) out[out.length - 1]!.text += " ".repeat(tok.trailing);
    });
    return out;
  }

  lineWidth(line: WrappedLine, size: number): number {
    let w = 0;
    for (const s of this.segments(line)) w += this.width(s.text, s.bold, size);
    return w;
  }

  /** Draws one line with its top at `top` in a line box `pitch` high. */
  drawLine(line: WrappedLine, x: number, top: number, size: number, pitch: number, color: string): void {
    const doc = this.doc;
    doc.fillColor(color);
    // pdfkit places text by the top of its em box; centre the box in the line, a little high,
    // where Noto's glyphs look centred.
    const y = top + (pitch - size) / 2 - size * 0.06;
    let cx = x;
    for (const s of this.segments(line)) {
      this.use(s.bold, size);
      doc.text(s.text, cx, y, { lineBreak: false });
      cx += doc.widthOfString(s.text);
    }
  }

  /** A single line of plain text, aligned within [x, x + width]; not wrapped. */
  drawText(text: string, x: number, top: number, o: { size: number; bold?: boolean; color?: string; align?: Align; width?: number; pitch?: number }): void {
    const bold = o.bold ?? false;
    const w = this.width(text, bold, o.size);
    const width = o.width ?? 0;
    const dx = o.align === "right" ? width - w : o.align === "center" ? (width - w) / 2 : 0;
    this.drawLine({ tokens: [{ parts: [{ text, bold }], glue: false, trailing: 0 }] }, x + dx, top, o.size, o.pitch ?? o.size * 1.4, o.color ?? COLOR.text);
  }
}

function plain(text: string, bold = false): TextRun[] {
  return [{ text, bold }];
}

// ---------------------------------------------------------------------------------------------
// Layout

/** Where blocks go: drawing for real, or measuring only (for blocks kept whole). */
interface Cursor {
  y: number;
  draw: boolean;
  /** Makes room for `height` points, starting a new page when needed; false when measuring. */
  ensure(height: number): void;
  newPage(): void;
}

class DocumentLayout {
  readonly pen: Pen;
  readonly style: Style;
  private pagesStart = 0;
  pageCount = 0;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly model: DocumentModel,
  ) {
    this.pen = new Pen(doc);
    this.style = STYLES[model.meta.lang];
  }

  get pitch(): number {
    return this.style.body * this.style.pitch;
  }

  render(): { first: number; count: number } {
    this.pagesStart = this.doc.bufferedPageRange().count;
    const cursor = this.pageCursor();
    cursor.newPage();
    this.drawLetterhead(cursor);
    this.drawAddressBlock(cursor);
    this.blocks(cursor, this.model.blocks, MARGIN.left, CONTENT_WIDTH);
    return { first: this.pagesStart, count: this.pageCount };
  }

  private pageCursor(): Cursor {
    const self = this;
    const cursor: Cursor = {
      y: MARGIN.top,
      draw: true,
      ensure(height: number) {
        if (cursor.y + height > BOTTOM + 0.01) cursor.newPage();
      },
      newPage() {
        self.doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
        self.pageCount++;
        cursor.y = MARGIN.top;
        if (self.pageCount > 1) cursor.y = self.drawRunningHeader();
      },
    };
    return cursor;
  }

  private measureCursor(): Cursor {
    return { y: 0, draw: false, ensure() {}, newPage() {} };
  }

  // --- first-page furniture ---

  private drawLetterhead(c: Cursor): void {
    const lh = this.model.letterhead;
    if (!lh) return;
    const { pen } = this;
    const nameSize = 16;
    for (const line of pen.wrap(plain(lh.name, true), CONTENT_WIDTH, nameSize)) {
      const w = pen.lineWidth(line, nameSize);
      pen.drawLine(line, MARGIN.left + (CONTENT_WIDTH - w) / 2, c.y, nameSize, nameSize * 1.35, COLOR.accent);
      c.y += nameSize * 1.35;
    }
    c.y += 2;
    for (const text of lh.lines) {
      for (const line of pen.wrap(plain(text), CONTENT_WIDTH, this.style.small)) {
        const w = pen.lineWidth(line, this.style.small);
        pen.drawLine(line, MARGIN.left + (CONTENT_WIDTH - w) / 2, c.y, this.style.small, this.style.small * 1.5, COLOR.muted);
        c.y += this.style.small * 1.5;
      }
    }
    c.y += 5;
    const doc = this.doc;
    doc.save().lineWidth(1.6).strokeColor(COLOR.accent).moveTo(MARGIN.left, c.y).lineTo(PAGE.width - MARGIN.right, c.y).stroke();
    doc.lineWidth(0.5).moveTo(MARGIN.left, c.y + 3).lineTo(PAGE.width - MARGIN.right, c.y + 3).stroke().restore();
    c.y += 3 + 12;
  }

  /** Recipient at the left, reference (letter id, date) at the right, side by side. */
  private drawAddressBlock(c: Cursor): void {
    const { recipient, reference } = this.model;
    if (recipient.length === 0 && reference.length === 0) return;
    const { pen, style } = this;
    const size = style.body;
    const pitch = size * 1.5;
    // The reference column is as wide as its longest line needs, within limits.
    const labelSize = style.small + 0.5;
    const labelWidth = Math.max(0, ...reference.map((r) => pen.width(r.label, false, labelSize))) + 8;
    const valueWidth = Math.max(0, ...reference.map((r) => pen.width(r.value, false, size)));
    const refWidth = reference.length > 0 ? Math.min(CONTENT_WIDTH * 0.48, Math.max(170, labelWidth + valueWidth + 2)) : 0;
    const gap = reference.length > 0 ? 20 : 0;
    const recWidth = CONTENT_WIDTH - refWidth - gap;
    const top = c.y;
    let y = top;
    recipient.forEach((text, i) => {
      for (const line of pen.wrap(plain(text, i === 0), recWidth, i === 0 ? size + 0.5 : size)) {
        pen.drawLine(line, MARGIN.left, y, i === 0 ? size + 0.5 : size, pitch, COLOR.text);
        y += pitch;
      }
    });
    const recipientBottom = y;
    y = top;
    const refX = MARGIN.left + CONTENT_WIDTH - refWidth;
    for (const r of reference) {
      pen.drawText(r.label, refX, y, { size: labelSize, color: COLOR.muted, pitch });
      for (const line of pen.wrap(plain(r.value), refWidth - Math.min(labelWidth, refWidth * 0.45), size)) {
        const w = pen.lineWidth(line, size);
        pen.drawLine(line, refX + refWidth - w, y, size, pitch, COLOR.text);
        y += pitch;
      }
    }
    c.y = Math.max(recipientBottom, y) + pitch * 0.6;
  }

  private drawRunningHeader(): number {
    const { pen, style, model } = this;
    const top = MARGIN.top - 22;
    if (model.letterhead) pen.drawText(model.letterhead.name, MARGIN.left, top, { size: style.small, bold: true, color: COLOR.accent });
    const ref = model.reference[0];
    if (ref) {
      const text = `${ref.label} ${ref.value}`.trim();
      pen.drawText(text, MARGIN.left, top, { size: style.small, color: COLOR.muted, align: "right", width: CONTENT_WIDTH });
    }
    this.doc.save().lineWidth(0.5).strokeColor(COLOR.rule).moveTo(MARGIN.left, top + style.small * 1.4 + 3).lineTo(PAGE.width - MARGIN.right, top + style.small * 1.4 + 3).stroke().restore();
    return MARGIN.top + 4;
  }

  /** Footers "page X of Y", once the document's page count is known. */
  drawFooters(range: { first: number; count: number }): void {
    const footer = this.model.footer ?? DEFAULT_FOOTER[this.model.meta.lang];
    if (footer === "") return;
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.first + i);
      const text = footer.replaceAll("{page}", String(i + 1)).replaceAll("{pages}", String(range.count));
      this.pen.drawText(text, MARGIN.left, PAGE.height - MARGIN.bottom + 20, { size: this.style.small, color: COLOR.muted, align: "center", width: CONTENT_WIDTH });
    }
  }

  // --- blocks ---

  blocks(c: Cursor, blocks: Block[], x: number, width: number): void {
    blocks.forEach((block, i) => {
      const next = blocks[i + 1];
      switch (block.kind) {
        case "title":
          this.title(c, block.text, x, width);
          break;
        case "heading":
          this.heading(c, block.text, x, width, next);
          break;
        case "paragraph":
          if (next?.kind === "signature") this.keepWithSignature(c, block.lines, next.lines, width);
          this.paragraph(c, block.lines, x, width);
          break;
        case "table":
          this.table(c, block, x, width);
          break;
        case "kv":
          this.keyValues(c, block.rows, x, width);
          break;
        case "signature":
          this.signature(c, block.lines, x, width);
          break;
        case "slip":
          this.slip(c, block.caption, block.blocks, x, width);
          break;
        case "spacer":
          c.y += block.lines * this.pitch;
          if (c.y > BOTTOM) c.newPage();
          break;
        case "pagebreak":
          c.newPage();
          break;
      }
    });
  }

  private title(c: Cursor, text: string, x: number, width: number): void {
    const size = this.style.title;
    const pitch = size * 1.4;
    const lines = this.pen.wrap(plain(text, true), width, size);
    c.ensure(lines.length * pitch + this.pitch * 3);
    c.y += 4;
    for (const line of lines) {
      if (c.draw) {
        const w = this.pen.lineWidth(line, size);
        this.pen.drawLine(line, x + (width - w) / 2, c.y, size, pitch, COLOR.text);
      }
      c.y += pitch;
    }
    c.y += this.pitch * 0.55;
  }

  private heading(c: Cursor, text: string, x: number, width: number, next: Block | undefined): void {
    const size = this.style.heading;
    const pitch = size * 1.6;
    const lines = this.pen.wrap(plain(text, true), width, size);
    // Keep a heading with the start of what follows it.
    const following = next && (next.kind === "paragraph" || next.kind === "kv") ? this.pitch * 2 : next?.kind === "table" ? this.pitch * 3 : 0;
    c.ensure(lines.length * pitch + following + this.pitch * 0.3);
    c.y += this.pitch * 0.3;
    for (const line of lines) {
      if (c.draw) this.pen.drawLine(line, x, c.y, size, pitch, COLOR.accent);
      c.y += pitch;
    }
  }

  private paragraph(c: Cursor, lines: { runs: TextRun[]; indent: number }[], x: number, width: number): void {
    const size = this.style.body;
    for (const src of lines) {
      const indent = src.indent * size;
      this.pen.wrap(src.runs, width, size, indent).forEach((line, i) => {
        c.ensure(this.pitch);
        if (c.draw) this.pen.drawLine(line, x + (i === 0 ? indent : 0), c.y, size, this.pitch, COLOR.text);
        c.y += this.pitch;
      });
    }
    c.y += this.pitch * 0.35;
  }

  /** A short closing paragraph ("特此函告。") moves to the next page with the signature. */
  private keepWithSignature(c: Cursor, lines: { runs: TextRun[]; indent: number }[], signature: string[], width: number): void {
    const size = this.style.body;
    const count = lines.reduce((n, l) => n + this.pen.wrap(l.runs, width, size, l.indent * size).length, 0);
    if (count <= 3) c.ensure(count * this.pitch + this.pitch * 0.35 + this.signatureHeight(signature, width) - SEAL_OVERHANG);
  }

  private keyValues(c: Cursor, rows: LabelValue[], x: number, width: number): void {
    const { pen } = this;
    const size = this.style.body;
    const pitch = size * 1.55;
    const labelWidth = Math.min(width * 0.4, Math.max(0, ...rows.map((r) => pen.width(r.label, false, size))) + size);
    for (const r of rows) {
      const labelLines = pen.wrap(plain(r.label), labelWidth - size * 0.5, size);
      const valueLines = pen.wrap(plain(r.value, true), width - labelWidth - size, size);
      const h = Math.max(labelLines.length, valueLines.length) * pitch;
      c.ensure(h);
      if (c.draw) {
        labelLines.forEach((l, i) => pen.drawLine(l, x + size, c.y + i * pitch, size, pitch, COLOR.muted));
        valueLines.forEach((l, i) => pen.drawLine(l, x + size + labelWidth, c.y + i * pitch, size, pitch, COLOR.text));
      }
      c.y += h;
    }
    c.y += this.pitch * 0.4;
  }

  private signature(c: Cursor, lines: string[], x: number, width: number): void {
    const { pen } = this;
    const size = this.style.body;
    const pitch = this.pitch;
    const blockX = x + width * 0.55;
    const blockWidth = width - width * 0.55;
    const wrapped = lines.map((t) => (t === "" ? [] : pen.wrap(plain(t), blockWidth, size)));
    const textHeight = wrapped.reduce((h, ls) => h + Math.max(1, ls.length) * pitch, 0);
    // The seal is stamped over the signer's name and date (骑字盖章): centred on the text, it
    // needs half its diameter below the text's middle, and above it may reach into the space
    // beside the closing lines.
    const above = pitch;
    const below = Math.max(0, SEAL_SPACE / 2 - textHeight / 2);
    c.ensure(this.signatureHeight(lines, width) - SEAL_OVERHANG);
    let y = c.y + above;
    for (const ls of wrapped) {
      if (ls.length === 0) y += pitch;
      for (const l of ls) {
        if (c.draw) pen.drawLine(l, blockX, y, size, pitch, COLOR.text);
        y += pitch;
      }
    }
    c.y = y + below;
  }

  private signatureHeight(lines: string[], width: number): number {
    const blockWidth = width - width * 0.55;
    const textHeight = lines.reduce((h, t) => h + (t === "" ? 1 : this.pen.wrap(plain(t), blockWidth, this.style.body).length) * this.pitch, 0);
    return this.pitch + textHeight + Math.max(0, SEAL_SPACE / 2 - textHeight / 2);
  }

  private slip(c: Cursor, caption: string, blocks: Block[], x: number, width: number): void {
    const pad = 14;
    const measure = this.measureCursor();
    this.blocks(measure, blocks, x + pad, width - 2 * pad);
    const captionGap = 18;
    const height = captionGap + pad + measure.y + pad;
    // A tear-off slip goes to the foot of the page when it fits there.
    c.ensure(height);
    if (c.draw) {
      const top = Math.max(c.y, BOTTOM - height);
      c.y = top;
      const lineY = top + 6;
      const doc = this.doc;
      doc.save().lineWidth(0.7).strokeColor(COLOR.muted).dash(4, { space: 3 });
      doc.moveTo(MARGIN.left - 20, lineY).lineTo(PAGE.width - MARGIN.right + 20, lineY).stroke();
      doc.undash().restore();
      if (caption) {
        const capSize = this.style.small;
        const w = this.pen.width(caption, false, capSize) + 12;
        doc.save().rect(MARGIN.left + (CONTENT_WIDTH - w) / 2, lineY - capSize, w, capSize * 2).fill("#ffffff").restore();
        this.pen.drawText(caption, MARGIN.left, lineY - capSize * 0.7, { size: capSize, color: COLOR.muted, align: "center", width: CONTENT_WIDTH });
      }
      const inner: Cursor = { y: top + captionGap + pad, draw: true, ensure() {}, newPage() {} };
      this.blocks(inner, blocks, x + pad, width - 2 * pad);
      doc.save().lineWidth(0.6).strokeColor(COLOR.rule).rect(x, top + captionGap, width, height - captionGap).stroke().restore();
    }
    c.y += height;
  }

  // --- tables ---

  private table(c: Cursor, t: TableBlock, x: number, width: number): void {
    const { pen } = this;
    const size = this.style.table;
    const pitch = size * this.style.tablePitch;
    const padX = 5;
    const padY = 3;
    const align = tableAlign(t);
    const widths = this.columnWidths(t, width, size, padX);
    const wrapRow = (cells: string[], bold: boolean) => cells.map((cell, k) => pen.wrap(plain(cell, bold), widths[k]! - 2 * padX, size));
    const rowHeight = (cells: ReturnType<typeof wrapRow>) => Math.max(1, ...cells.map((ls) => ls.length)) * pitch + 2 * padY;
    const header = wrapRow(t.header, true);
    const headerHeight = rowHeight(header);
    const rows = t.rows.map((r) => wrapRow(r, false));
    const totals = t.totals.map((r) => wrapRow(r, true));
    const totalsHeight = totals.reduce((h, r) => h + rowHeight(r), 0);
    const doc = this.doc;

    const drawCells = (cells: ReturnType<typeof wrapRow>, top: number, cellAlign: Align[]) => {
      let cx = x;
      cells.forEach((lines, k) => {
        const w = widths[k]!;
        lines.forEach((line, i) => {
          const lw = cellAlign[k] === "left" ? 0 : pen.lineWidth(line, size);
          const dx = cellAlign[k] === "right" ? w - padX - lw : cellAlign[k] === "center" ? (w - lw) / 2 : padX;
          pen.drawLine(line, cx + dx, top + padY + i * pitch, size, pitch, COLOR.text);
        });
        cx += w;
      });
    };
    const drawHeader = () => {
      if (c.draw) {
        doc.save().rect(x, c.y, width, headerHeight).fill(COLOR.headerFill).restore();
        doc.save().lineWidth(1).strokeColor(COLOR.accent).moveTo(x, c.y).lineTo(x + width, c.y).stroke().restore();
        drawCells(header, c.y, t.header.map((_, k) => (align[k] === "right" ? "right" : align[k] === "center" ? "center" : "left")));
        doc.save().lineWidth(0.6).strokeColor(COLOR.accent).moveTo(x, c.y + headerHeight).lineTo(x + width, c.y + headerHeight).stroke().restore();
      }
      c.y += headerHeight;
    };

    const firstNeed = headerHeight + (rows[0] ? rowHeight(rows[0]) : 0) + (rows.length <= 1 ? totalsHeight : 0);
    c.ensure(firstNeed);
    drawHeader();
    rows.forEach((cells, r) => {
      const h = rowHeight(cells);
      const need = h + (r === rows.length - 1 ? totalsHeight : 0);
      if (c.draw && c.y + need > BOTTOM + 0.01) {
        // Close the table on this page and carry on with the header repeated.
        c.newPage();
        drawHeader();
      }
      if (c.draw) {
        drawCells(cells, c.y, align);
        doc.save().lineWidth(0.4).strokeColor(COLOR.rule).moveTo(x, c.y + h).lineTo(x + width, c.y + h).stroke().restore();
      }
      c.y += h;
    });
    totals.forEach((cells, r) => {
      const h = rowHeight(cells);
      if (c.draw) {
        if (r === 0) doc.save().lineWidth(0.8).strokeColor(COLOR.text).moveTo(x, c.y).lineTo(x + width, c.y).stroke().restore();
        drawCells(cells, c.y, align);
      }
      c.y += h;
    });
    if (c.draw) doc.save().lineWidth(1).strokeColor(COLOR.accent).moveTo(x, c.y).lineTo(x + width, c.y).stroke().restore();
    c.y += this.pitch * 0.6;
  }

  /**
   * Column widths from content: each column gets its natural width and the spare width is
   * shared in proportion. When the table is too wide, a column may narrow down to its longest
   * word (a date, an invoice number stays whole) and wrap between words; right-aligned columns
   * (amounts, days) narrow only as far as their figures. Only when even that is too wide are
   * all columns scaled.
   */
  private columnWidths(t: TableBlock, width: number, size: number, padX: number): number[] {
    const { pen } = this;
    const align = tableAlign(t);
    const all = [t.header, ...t.rows, ...t.totals];
    const isBold = (i: number) => i === 0 || i > t.rows.length;
    const natural = t.header.map((_, k) => Math.max(...all.map((r, i) => pen.width(r[k] ?? "", isBold(i), size))) + 2 * padX);
    const total = natural.reduce((a, b) => a + b, 0);
    if (total <= width) return natural.map((n) => n + ((width - total) * n) / total);
    const minimum = natural.map((n, k) => {
      // Amounts never wrap (their heading may); other columns keep their longest word whole.
      if (align[k] === "right") return Math.max(size * 2, ...all.slice(1).map((r, i) => pen.width(r[k] ?? "", isBold(i + 1), size))) + 2 * padX;
      const longestWord = Math.max(...all.map((r, i) => pen.longestToken(r[k] ?? "", isBold(i), size)));
      return Math.min(n, Math.max(size * 3, Math.min(longestWord, width * 0.3)) + 2 * padX);
    });
    const fixed = minimum.reduce((a, b) => a + b, 0);
    if (fixed >= width) return minimum.map((m) => (m * width) / fixed);
    const slack = natural.map((n, k) => n - minimum[k]!);
    const slackTotal = slack.reduce((a, b) => a + b, 0);
    return minimum.map((m, k) => m + ((width - fixed) * slack[k]!) / slackTotal);
  }
}

const DEFAULT_FOOTER: Record<DocumentMeta["lang"], string> = { zh: "第 {page} 页 / 共 {pages} 页", en: "Page {page} of {pages}" };

const NUMERIC = /^[-+(]?[¥$€£￥]?[\d,]+(\.\d+)?\)?%?$/;

/** Alignment as written in the template, or: columns whose cells are all numbers align right. */
function tableAlign(t: TableBlock): Align[] {
  if (t.align.some((a) => a !== "left")) return t.align;
  return t.header.map((_, k) => {
    const cells = t.rows.map((r) => r[k] ?? "").filter((v) => v !== "");
    return cells.length > 0 && cells.every((v) => NUMERIC.test(v)) ? "right" : "left";
  });
}

// ---------------------------------------------------------------------------------------------
// Documents

/** pdfkit writes through a Readable stream; collecting its chunks directly keeps rendering synchronous. */
class CollectingDocument extends PDFDocument {
  declare chunks: Uint8Array[] | undefined;
  override push(chunk: unknown): boolean {
    if (chunk !== null) (this.chunks ??= []).push(chunk as Uint8Array);
    return true;
  }
}

function dateOf(day: number): Date {
  const { y, m, d } = ymdOf(day);
  return new Date(Date.UTC(y, m - 1, d));
}

function newDocument(meta: DocumentMeta): CollectingDocument {
  const date = dateOf(meta.creationDate);
  const doc = new CollectingDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    lang: meta.lang === "zh" ? "zh-CN" : "en",
    // No default font: pdfkit would parse Helvetica's AFM metrics for every document.
    font: null as unknown as string,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords,
      Creator: "ar",
      Producer: "ar (PDFKit)",
      CreationDate: date,
      ModDate: date,
    },
  });
  useDocumentFonts(doc);
  return doc;
}

function finish(doc: CollectingDocument): Buffer {
  doc.end();
  return Buffer.concat(doc.chunks ?? []);
}

/** One document as one PDF. */
export function renderPdf(model: DocumentModel): Buffer {
  return renderCombinedPdf([model], model.meta);
}

export interface CombinedOptions {
  /** Start every document on an odd page (for double-sided printing). */
  duplex?: boolean;
}

/** Several documents in one PDF (`ar letters --combined`); page numbers count per document. */
export function renderCombinedPdf(models: DocumentModel[], meta: DocumentMeta, options: CombinedOptions = {}): Buffer {
  const doc = newDocument(meta);
  const laid: { layout: DocumentLayout; range: { first: number; count: number } }[] = [];
  for (const model of models) {
    if (options.duplex && doc.bufferedPageRange().count % 2 === 1) doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    const layout = new DocumentLayout(doc, model);
    laid.push({ layout, range: layout.render() });
  }
  for (const { layout, range } of laid) layout.drawFooters(range);
  return finish(doc);
}
