/**
 * The pack's charts in a real browser (issue 17 item 4): a page like the pack's HTML (inline CSS
 * and SVG, no script, nothing fetched) with one chart of each kind in Chinese and in English,
 * opened offline in headless Chromium. Skips, loudly, where Chromium is not installed.
 * The screenshot is saved as test-output/charts-page.png (not committed) to be looked at.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartSvg } from "../../../src/io/charts/svg.js";
import { chromiumMissing, openHtml } from "../../helpers/browser.js";
import { sampleCharts } from "../../helpers/charts.js";

const OUT = join(import.meta.dirname, "..", "..", "..", "test-output");
const missing = chromiumMissing();

const CSS = `
body { margin: 0; padding: 24px 32px; background: #fff; color: #1f1f1f;
  font-family: 'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; }
h1 { font-size: 20px; margin: 0 0 16px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 16px 24px; }
figure.chart { margin: 0; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; display: block; }
@media print { .charts { display: block; } figure.chart { margin-bottom: 12px; } }
`;

async function chartsPage(): Promise<{ html: string; titles: string[] }> {
  const figures: string[] = [];
  const titles: string[] = [];
  for (const lang of ["zh", "en"] as const) {
    for (const chart of sampleCharts(lang)) {
      figures.push(`<figure class="chart" lang="${lang === "zh" ? "zh-Hans" : "en"}">${await chartSvg(chart, lang)}</figure>`);
      titles.push(chart.title);
    }
  }
  const html = `<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8"><title>月结报告图表 / Month-end pack charts</title><style>${CSS}</style></head>\n<body><h1>月结报告图表 · Month-end pack charts</h1><div class="charts">\n${figures.join("\n")}\n</div></body></html>\n`;
  return { html, titles };
}

describe("charts in headless Chromium", () => {
  it.skipIf(missing !== undefined)(`open offline with no request, no console error, every chart drawn${missing ? ` (SKIPPED: ${missing})` : ""}`, async () => {
    const { html, titles } = await chartsPage();
    expect(html).not.toMatch(/<script|<link|@import|url\((?!#)|src=/i);
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "charts-page.html");
    writeFileSync(file, html);
    const { visit, result: boxes } = await openHtml(file, { screenshot: join(OUT, "charts-page.png"), viewport: { width: 1320, height: 900 } }, async (page) =>
      page.$$eval("figure.chart > svg", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const drawn = (svg as SVGSVGElement).getBBox();
          return { title: svg.querySelector("title")?.textContent ?? "", width: box.width, height: box.height, drawnWidth: drawn.width, drawnHeight: drawn.height, paths: svg.querySelectorAll("path").length };
        }),
      ),
    );
    expect(visit.blocked, "requests that would leave the file").toEqual([]);
    expect(visit.requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
    expect(visit.requests).toHaveLength(1); // the page itself, nothing else
    expect(visit.failed).toEqual([]);
    expect(visit.consoleErrors).toEqual([]);
    expect(boxes.map((b) => b.title)).toEqual(titles);
    for (const b of boxes) {
      expect(b.width, b.title).toBeGreaterThan(300);
      expect(b.height, b.title).toBeGreaterThan(100);
      expect(b.drawnWidth * b.drawnHeight, b.title).toBeGreaterThan(0);
      expect(b.paths, b.title).toBeGreaterThan(5);
    }
  });

  it.skipIf(missing !== undefined)(`the harness itself blocks and reports a request that leaves the file${missing ? ` (SKIPPED: ${missing})` : ""}`, async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "leaky-page.html");
    writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="https://example.com/x.css"></head><body><img src="http://example.com/x.png"><script>console.error("boom")</script></body></html>`);
    const { visit } = await openHtml(file, { screenshot: join(OUT, "leaky-page.png") }, async () => undefined);
    expect(visit.blocked.sort()).toEqual(["http://example.com/x.png", "https://example.com/x.css"]);
    expect(visit.consoleErrors).toContain("boom");
  });
});
