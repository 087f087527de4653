/**
 * The pack's chart layer (SPEC "Month-end pack"): every kind renders with its title, axis titles
 * and legend, CJK text as text, a CJK-capable font stack, series apart in greyscale, and the same
 * bytes for the same chart.
 */
import { describe, expect, it } from "vitest";
import type { Chart } from "../../../src/io/charts/model.js";
import { chartSpec, chartSvg, FONT_STACK, textWidth } from "../../../src/io/charts/svg.js";
import { sampleCharts } from "../../helpers/charts.js";

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
/** The text of every <text> element (Vega writes one per label). */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));

/** Relative luminance (WCAG) of #rrggbb: what is left of a fill printed in greyscale. */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

describe.each(["zh", "en"] as const)("charts in %s", (lang) => {
  const charts = sampleCharts(lang);

  it("the samples cover every kind the pack draws", () => {
    expect(new Set(charts.map((c) => c.kind))).toEqual(new Set(["line", "stackedBar", "bar", "weeks"]));
    expect(charts.some((c) => c.horizontal)).toBe(true);
  });

  it.each(charts.map((c) => [c.title, c] as const))("%s: title, axis titles, legend, categories and target as text, no warnings", async (_t, chart) => {
    const warnings: string[] = [];
    const svg = await chartSvg(chart, lang, warnings);
    expect(warnings).toEqual([]);
    const words = texts(svg);
    expect(svg).toContain(`<title>${chart.title}</title>`);
    for (const w of [chart.title, chart.xLabel, chart.yLabel, ...chart.series.map((s) => s.name)]) expect(words).toContain(w);
    // Drawn once each: a layer on the chart's data would repeat them once per data row.
    const once = (w: string) => expect(words.filter((x) => x === w), w).toHaveLength(1);
    for (const w of [chart.title, chart.xLabel, chart.yLabel, ...chart.series.map((s) => s.name)]) once(w);
    if (chart.target) once(chart.target.label);
    for (const m of chart.markers ?? []) once(m.label);
    // Every category is labelled (parity thinning may drop some on long axes; ours fit).
    for (const c of chart.categories) expect(words).toContain(c);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(`lang="${lang === "zh" ? "zh-Hans" : "en"}"`);
  });

  it("names a CJK-capable font stack on every text and embeds no font, image, script or link", async () => {
    for (const chart of charts) {
      const svg = await chartSvg(chart, lang);
      const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => unescape(m[1]!)));
      expect([...families]).toEqual([FONT_STACK[lang]]);
      expect(FONT_STACK[lang]).toMatch(/'Noto Sans SC'.*'PingFang SC'.*'Microsoft YaHei'.*sans-serif$/);
      expect(svg.match(/<text/g)!.length).toBe(svg.match(/<text[^>]*font-family=/g)!.length);
      expect(svg).not.toMatch(/<image|<script|<foreignObject|@font-face|@import|href="(?!#)/i);
      // The only URLs are namespace names, never fetched.
      for (const url of svg.match(/https?:\/\/[^"' )]+/g) ?? []) expect(url).toMatch(/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/);
    }
  });

  it("same chart, same bytes, whatever was rendered before", async () => {
    const first = await Promise.all(charts.map((c) => chartSvg(c, lang)));
    for (const c of [...charts].reverse()) await chartSvg(c, lang);
    const again: string[] = [];
    for (const c of charts) again.push(await chartSvg(c, lang));
    expect(again).toEqual(first);
  });
});

describe("greyscale", () => {
  it("line series differ in dash pattern, and so do their legend entries", async () => {
    const chart = sampleCharts("en").find((c) => c.kind === "line" && c.series.length > 1)!;
    const svg = await chartSvg(chart, "en");
    // Series lines are the <path>s with a stroke width of 2 (the axes and grid have 1 or less).
    const dashes = [...svg.matchAll(/<path[^>]*stroke-width="2"[^>]*>/g)].map((m) => /stroke-dasharray="([^"]*)"/.exec(m[0])?.[1] ?? "solid");
    expect(new Set(dashes).size).toBeGreaterThanOrEqual(chart.series.length);
    const spec = chartSpec(chart, "en") as { layer: { encoding: { strokeDash: { scale: { range: number[][] } } } }[] };
    const range = spec.layer[0]!.encoding.strokeDash.scale.range.map((d) => d.join(","));
    expect(new Set(range).size).toBe(chart.series.length);
  });

  it.each(["stackedBar", "weeks", "bar"] as const)("%s: fills step apart in lightness or differ in outline", async (kind) => {
    for (const chart of sampleCharts("en").filter((c) => c.kind === kind)) {
      const spec = chartSpec(chart, "en") as { layer: { encoding: { color: { scale: { range: string[] } }; strokeDash: { scale: { range: number[][] } } } }[] };
      const { color, strokeDash } = spec.layer[0]!.encoding;
      const looks = chart.series.map((_, i) => ({ l: luminance(color.scale.range[i]!), dash: strokeDash.scale.range[i]!.join(",") }));
      for (let i = 0; i < looks.length; i++) {
        for (let j = i + 1; j < looks.length; j++) {
          const apart = Math.abs(looks[i]!.l - looks[j]!.l) >= 0.08 || looks[i]!.dash !== looks[j]!.dash;
          expect(apart, `${chart.title}: series ${i} and ${j}`).toBe(true);
        }
      }
      // And those fills are what the SVG draws.
      const svg = await chartSvg(chart, "en");
      for (const fill of color.scale.range) expect(svg).toContain(`fill="${fill}"`);
      if (strokeDash.scale.range.some((d) => d.length > 0)) expect(svg).toMatch(/stroke-dasharray="4,3"/);
    }
  });
});

describe("CJK", () => {
  it("Chinese labels stay characters in the SVG, not outlines or entities", async () => {
    const svg = await chartSvg(sampleCharts("zh")[4]!, "zh");
    expect(svg).toContain(">华东机电设备有限公司</text>");
    expect(svg).toContain(">前十大欠款客户</text>");
    expect(svg).not.toMatch(/&#x?[0-9a-f]+;/i);
  });

  it("the width estimate gives a Chinese character a full em and a Latin letter about half", () => {
    expect(textWidth("应收账款", 10)).toBe(40);
    expect(textWidth("Acme", 10)).toBeLessThan(30);
    expect(textWidth("2024-06", 11)).toBeGreaterThan(30);
  });
});

describe("two charts on one page", () => {
  it("any ids are unique to their chart", async () => {
    const svgs = await Promise.all(sampleCharts("zh").map((c) => chartSvg(c, "zh")));
    const ids = svgs.flatMap((s) => [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("the model is checked", () => {
  const base: Chart = { kind: "bar", title: "T", xLabel: "x", yLabel: "y", categories: ["a", "b"], series: [{ name: "s", values: [1, 2] }] };
  it.each([
    [{ series: [{ name: "s", values: [1] }] }, /1 values for 2 categories/],
    [{ categories: ["a", "a"] }, /categories repeat/],
    [{ series: [{ name: "s", values: [1, Number.NaN] }] }, /not a finite number/],
    [{ kind: "line", horizontal: true }, /only a bar chart can be horizontal/],
    [{ markers: [{ category: "z", label: "?" }] }, /unknown category "z"/],
    [{ series: [] }, /no series/],
  ] as [Partial<Chart>, RegExp][])("%j", async (change, message) => {
    await expect(chartSvg({ ...base, ...change }, "en")).rejects.toThrow(message);
  });
});
