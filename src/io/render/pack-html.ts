/**
 * The month-end pack as one self-contained HTML file (SPEC "Month-end pack"): inline CSS and
 * inline SVG charts, no script, nothing fetched; readable on a laptop and printable (print CSS);
 * numbers right-aligned in tabular figures, negative amounts in brackets-free minus and red;
 * a CJK font stack for Chinese, led by the embedded subset of the PDF's CJK font when given
 * (pack-fonts.ts). Draws `PackDocument` (pack.ts) and computes nothing.
 */
import { isoDate } from "../../engine/dates.js";
import { FONT_STACK } from "../charts/svg.js";
import { EMBEDDED_FAMILY } from "./pack-fonts.js";
import type { Column, Row, Table } from "../table/model.js";
import { cellText } from "./table.js";
import type { PackDocument } from "./pack.js";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const CSS = (font: string) => `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 40px 48px; color: #1f1f1f; background: #fff; font-family: ${font}; font-size: 14px; line-height: 1.55; }
:lang(zh) body, body:lang(zh) { line-height: 1.7; }
header.pack { border-bottom: 2px solid #1d3557; margin-bottom: 16px; }
header.pack h1 { font-size: 24px; margin: 0; color: #1d3557; }
header.pack p { margin: 4px 0 12px; color: #5b6470; }
nav.toc ol { columns: 2; margin: 0 0 16px; padding-left: 20px; }
nav.toc a { color: #1d3557; text-decoration: none; }
section.part { margin: 28px 0; }
section.part > h2 { font-size: 19px; color: #1d3557; border-bottom: 1px solid #c5ccd6; padding-bottom: 4px; }
p.lead { color: #5b6470; margin: 4px 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px 24px; margin: 12px 0; }
figure.chart { margin: 0; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; display: block; }
.table { overflow-x: auto; margin: 12px 0 20px; break-inside: auto; }
table { border-collapse: collapse; font-size: 13px; min-width: 40%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e3e7ec; vertical-align: top; }
th { background: #e9eef4; text-align: left; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.neg { color: #b00020; }
tr.total td { font-weight: 700; border-top: 1.5px solid #1f1f1f; }
td.alert { color: #b00020; font-weight: 600; }
td.good { color: #1b6e3a; }
p.empty { color: #5b6470; font-style: italic; }
@media print {
  body { padding: 0; font-size: 10.5pt; }
  @page { size: A4; margin: 14mm 12mm; }
  nav.toc { break-after: page; }
  section.part { break-before: page; margin: 0; }
  .charts { display: block; }
  figure.chart { margin-bottom: 8px; }
  .table { overflow: visible; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  a { color: inherit; }
}
`;

function isNumeric(c: Column): boolean {
  return c.align !== undefined ? c.align === "right" : c.type !== "text" && c.type !== "date";
}

function tableHtml(t: Table): string {
  const rows = [...t.rows] as Row[];
  const head = `<thead><tr>${t.columns.map((c) => `<th scope="col"${isNumeric(c) ? ' class="num"' : ""}>${esc(c.header)}</th>`).join("")}</tr></thead>`;
  const body = rows
    .map((r) => {
      const cells = t.columns.map((c, k) => {
        const cell = r.cells[k] ?? null;
        let s = cellText(cell, c, r.style);
        if (k === 0 && s === "" && r.label !== undefined) s = r.label;
        const cls = [isNumeric(c) ? "num" : "", cell?.kind === "money" && cell.units < 0n ? "neg" : "", cell?.tone === "alert" || cell?.tone === "alarm" ? "alert" : cell?.tone === "good" ? "good" : ""].filter((x) => x !== "");
        return `<td${cls.length > 0 ? ` class="${cls.join(" ")}"` : ""}>${esc(s)}</td>`;
      });
      return `<tr${r.style === "total" ? ' class="total"' : ""}>${cells.join("")}</tr>`;
    })
    .join("\n");
  if (rows.length === 0) return `<div class="table"><p class="caption"><strong>${esc(t.title)}</strong></p><p class="empty">${esc(t.empty ?? "—")}</p></div>`;
  return `<div class="table"><table><caption>${esc(t.title)}</caption>${head}<tbody>\n${body}\n</tbody></table></div>`;
}

/** `svgs`: one SVG per chart, in the document's order (section by section). */
/**
 * `fontFaces`: the embedded CJK faces (pack-fonts.ts), which then come first in the font stack of
 * the text and of the charts' SVG text (CSS outranks the SVG's own font-family attribute).
 */
export function packHtml(doc: PackDocument, svgs: readonly string[], fontFaces = ""): string {
  const zh = doc.lang === "zh";
  let n = 0;
  const parts = doc.sections.map((s) => {
    const charts = s.charts.map((c) => `<figure class="chart" aria-label="${esc(c.title)}">${svgs[n++]!}</figure>`).join("\n");
    return `<section class="part" id="${s.id}"><h2>${esc(s.title)}</h2>\n${s.lead.map((l) => `<p class="lead">${esc(l)}</p>`).join("\n")}\n${charts ? `<div class="charts">${charts}</div>` : ""}\n${s.tables.map(tableHtml).join("\n")}\n</section>`;
  });
  const toc = `<nav class="toc"><h2>${zh ? "目录" : "Contents"}</h2><ol>${doc.sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join("")}</ol></nav>`;
  return `<!DOCTYPE html>
<html lang="${zh ? "zh-Hans" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${doc.title} ${isoDate(doc.asOf)}`)}</title><style>${fontFaces === "" ? CSS(FONT_STACK[doc.lang]) : `${fontFaces}\n${CSS(`'${EMBEDDED_FAMILY}', ${FONT_STACK[doc.lang]}`)}figure.chart svg text { font-family: '${EMBEDDED_FAMILY}', ${FONT_STACK[doc.lang]}; }\n`}</style></head>
<body>
<header class="pack"><h1>${esc(doc.company ? `${doc.company} · ${doc.title}` : doc.title)}</h1><p>${esc(doc.subtitle)}</p></header>
${toc}
${parts.join("\n")}
</body></html>
`;
}
