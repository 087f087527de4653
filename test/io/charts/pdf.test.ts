/**
 * The pack's charts drawn into a PDF as vectors (SPEC "Month-end pack": "the PDF carries the same
 * charts as vectors with the embedded CJK font"): one page per chart, read back with pdfjs.
 * The PDFs are kept in test-output/ (not committed) to be looked at: `pdftoppm -r 80 -png`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { chartSvg, CHART_HEIGHT, CHART_WIDTH } from "../../../src/io/charts/svg.js";
import type { Lang } from "../../../src/io/document/model.js";
import { useDocumentFonts } from "../../../src/io/pdf/fonts.js";
import { drawSvg } from "../../../src/io/pdf/svg.js";
import { sampleCharts } from "../../helpers/charts.js";

const OUT = join(import.meta.dirname, "..", "..", "..", "test-output");

async function chartsPdf(lang: Lang, warnings: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 0, autoFirstPage: false, font: null as unknown as string, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", resolve));
  useDocumentFonts(doc);
  for (const chart of sampleCharts(lang)) {
    doc.addPage({ size: "A4", margin: 0 });
    const width = 595.28 - 2 * 40;
    warnings.push(...drawSvg(doc, await chartSvg(chart, lang), 40, 60, { width, height: (width * CHART_HEIGHT) / CHART_WIDTH }));
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function pageTexts(pdf: Buffer): Promise<{ compact: string; ops: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  const pages = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    const compact = content.items.map((i) => ("str" in i ? i.str : "")).join("").replace(/\s+/g, "");
    pages.push({ compact, ops: (await page.getOperatorList()).fnArray.length });
  }
  await doc.destroy();
  return pages;
}

describe.each(["zh", "en"] as const)("charts in a PDF, %s", (lang) => {
  it("one page per chart, drawn without warnings, with its title, axis titles, legend and categories as text in the embedded font", async () => {
    const warnings: string[] = [];
    const pdf = await chartsPdf(lang, warnings);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `charts-${lang}.pdf`), pdf);
    expect(warnings).toEqual([]);
    const charts = sampleCharts(lang);
    const pages = await pageTexts(pdf);
    expect(pages).toHaveLength(charts.length);
    charts.forEach((chart, i) => {
      const page = pages[i]!;
      const words = [chart.title, chart.xLabel, chart.yLabel, ...chart.series.map((s) => s.name), ...chart.categories];
      if (chart.target) words.push(chart.target.label);
      for (const w of words) expect(page.compact, `page ${i + 1}: ${w}`).toContain(w.replace(/\s+/g, ""));
      expect(page.ops, "drawn as vector paths").toBeGreaterThan(100);
    });
    // Only our embedded font (subset of Noto Sans Hans), never a standard 14 font such as Helvetica.
    const fonts = [...pdf.toString("latin1").matchAll(/\/BaseFont\s*\/([A-Za-z0-9+\-]+)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoSansHans-(Regular|Bold)$/);
  });
});
