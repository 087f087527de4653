/**
 * The pack's embedded CJK font (src/io/render/pack-fonts.ts): the page's CJK characters, each
 * once, cut out of the PDF's Noto Sans SC as WOFF2; fontkit (pdfkit's font reader, independent of
 * harfbuzz) reads the subset back and finds every character's glyph; the same text gives the same
 * bytes; a page without CJK text embeds nothing.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { cjkCharacters, EMBEDDED_FAMILY, embeddedFontFaces } from "../../src/io/render/pack-fonts.js";

const require = createRequire(import.meta.url);
const fontkit = createRequire(require.resolve("pdfkit"))("fontkit") as { create(b: Buffer): { hasGlyphForCodePoint(c: number): boolean; numGlyphs: number } };

describe("the pack's embedded CJK font", () => {
  it("takes the CJK characters once each, in code point order, and nothing else", () => {
    expect(cjkCharacters("应收账款 Aging 应收：１２（月）")).toBe([..."应收账款：１２（月）"].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).filter((c, k, all) => all.indexOf(c) === k).join(""));
    expect(cjkCharacters("DSO 45.00 days, 2025-06-30 ≤ €")).toBe("");
  });

  it("embeds the regular and bold faces cut to the page's characters, the same bytes twice; nothing for a page without CJK", async () => {
    const text = "<h1>月结报告</h1><p>应收账款账龄分析（截至 2025-06-30）</p>";
    const css = await embeddedFontFaces(text);
    const faces = [...css.matchAll(/font-family: '([^']+)'; font-weight: (\d+);.*?base64,([A-Za-z0-9+/=]+)\) format\('woff2'\)/g)];
    expect(faces.map((f) => [f[1], f[2]])).toEqual([
      [EMBEDDED_FAMILY, "400"],
      [EMBEDDED_FAMILY, "700"],
    ]);
    for (const f of faces) {
      const woff2 = Buffer.from(f[3]!, "base64");
      expect(woff2.subarray(0, 4).toString("latin1")).toBe("wOF2");
      const font = fontkit.create(woff2);
      for (const ch of cjkCharacters(text)) expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
      expect(font.hasGlyphForCodePoint("债".codePointAt(0)!)).toBe(false);
      expect(font.numGlyphs).toBeLessThan(40);
    }
    expect(await embeddedFontFaces(text)).toBe(css);
    expect(await embeddedFontFaces("<h1>Month-end pack</h1>")).toBe("");
  });
});
