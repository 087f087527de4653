/**
 * The CFF subsetter (src/io/pdf/cff-subset.ts) flattens subroutines; these tests check its
 * outlines against fontkit's own reading of the original font, glyph by glyph, and that a
 * subset reads back with the same charstrings and Private dicts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CidCffSubsetter } from "../../src/io/pdf/cff-subset.js";
import { fontDirectory, sfntTable } from "../../src/io/pdf/fonts.js";

interface FontkitGlyph {
  path: { commands: { command: string; args: number[] }[] };
}
interface Fontkit {
  numGlyphs: number;
  getGlyph(id: number): FontkitGlyph;
  layout(text: string): { glyphs: { id: number }[] };
}

const require = createRequire(import.meta.url);
const fontkit = createRequire(require.resolve("pdfkit"))("fontkit") as { create(b: Uint8Array): Fontkit };

function load(file: string): { font: Fontkit; subsetter: CidCffSubsetter } {
  const bytes = new Uint8Array(readFileSync(join(fontDirectory(), file)));
  return { font: fontkit.create(bytes), subsetter: new CidCffSubsetter(sfntTable(bytes, "CFF ")!) };
}

type Cmd = [string, ...number[]];

/** A Type 2 charstring interpreter for flattened charstrings (no subroutines), to outlines. */
function outline(cs: Uint8Array): Cmd[] {
  const out: Cmd[] = [];
  let x = 0;
  let y = 0;
  let stems = 0;
  let open = false;
  let s: number[] = [];
  const move = (nx: number, ny: number) => {
    if (open) out.push(["closePath"]);
    x = nx;
    y = ny;
    out.push(["moveTo", x, y]);
    open = true;
  };
  const line = (nx: number, ny: number) => {
    x = nx;
    y = ny;
    out.push(["lineTo", x, y]);
  };
  const curve = (a: number, b: number, c: number, d: number, e: number, f: number) => {
    x = e;
    y = f;
    out.push(["bezierCurveTo", a, b, c, d, e, f]);
  };
  let i = 0;
  while (i < cs.length) {
    const b0 = cs[i]!;
    if (b0 === 28) {
      s.push(((cs[i + 1]! << 24) | (cs[i + 2]! << 16)) >> 16);
      i += 3;
      continue;
    }
    if (b0 >= 32 && b0 <= 246) {
      s.push(b0 - 139);
      i++;
      continue;
    }
    if (b0 >= 247 && b0 <= 250) {
      s.push((b0 - 247) * 256 + cs[i + 1]! + 108);
      i += 2;
      continue;
    }
    if (b0 >= 251 && b0 <= 254) {
      s.push(-(b0 - 251) * 256 - cs[i + 1]! - 108);
      i += 2;
      continue;
    }
    if (b0 === 255) {
      s.push(((cs[i + 1]! << 24) | (cs[i + 2]! << 16) | (cs[i + 3]! << 8) | cs[i + 4]!) / 65536);
      i += 5;
      continue;
    }
    const op = b0 === 12 ? 1200 + cs[i + 1]! : b0;
    i += b0 === 12 ? 2 : 1;
    const take = () => s.shift()!;
    switch (op) {
      case 1:
      case 3:
      case 18:
      case 23:
        stems += s.length >> 1;
        break;
      case 19:
      case 20:
        stems += s.length >> 1;
        i += (stems + 7) >> 3;
        break;
      case 21:
        if (s.length > 2) s.shift();
        move(x + s[0]!, y + s[1]!);
        break;
      case 22:
        if (s.length > 1) s.shift();
        move(x + s[0]!, y);
        break;
      case 4:
        if (s.length > 1) s.shift();
        move(x, y + s[0]!);
        break;
      case 5:
        while (s.length >= 2) line(x + take(), y + take());
        break;
      case 6:
      case 7: {
        let horizontal = op === 6;
        while (s.length > 0) {
          if (horizontal) line(x + take(), y);
          else line(x, y + take());
          horizontal = !horizontal;
        }
        break;
      }
      case 8:
        while (s.length >= 6) {
          const a = x + take(), b = y + take(), c = a + take(), d = b + take(), e = c + take(), f = d + take();
          curve(a, b, c, d, e, f);
        }
        break;
      case 24:
        while (s.length >= 8) {
          const a = x + take(), b = y + take(), c = a + take(), d = b + take(), e = c + take(), f = d + take();
          curve(a, b, c, d, e, f);
        }
        line(x + take(), y + take());
        break;
      case 25:
        while (s.length >= 8) line(x + take(), y + take());
        {
          const a = x + take(), b = y + take(), c = a + take(), d = b + take(), e = c + take(), f = d + take();
          curve(a, b, c, d, e, f);
        }
        break;
      case 26:
        if (s.length % 2) x += take();
        while (s.length >= 4) {
          const a = x, b = y + take(), c = a + take(), d = b + take();
          curve(a, b, c, d, c, d + take());
        }
        break;
      case 27:
        if (s.length % 2) y += take();
        while (s.length >= 4) {
          const a = x + take(), b = y, c = a + take(), d = b + take();
          curve(a, b, c, d, c + take(), d);
        }
        break;
      case 30:
      case 31: {
        let horizontal = op === 31;
        while (s.length >= 4) {
          if (horizontal) {
            const a = x + take(), b = y, c = a + take(), d = b + take(), f = d + take();
            curve(a, b, c, d, c + (s.length === 1 ? take() : 0), f);
          } else {
            const a = x, b = y + take(), c = a + take(), d = b + take(), e = c + take();
            curve(a, b, c, d, e, d + (s.length === 1 ? take() : 0));
          }
          horizontal = !horizontal;
        }
        break;
      }
      case 1235: {
        // flex
        const a = x + take(), b = y + take(), c = a + take(), d = b + take(), e = c + take(), f = d + take();
        curve(a, b, c, d, e, f);
        const g = x + take(), h = y + take(), k = g + take(), l = h + take(), m = k + take(), n = l + take();
        curve(g, h, k, l, m, n);
        break;
      }
      case 14:
        if (open) out.push(["closePath"]);
        return out;
      default:
        throw new Error(`test interpreter: operator ${op} not handled`);
    }
    s = [];
  }
  if (open) out.push(["closePath"]);
  return out;
}

function fontkitOutline(glyph: FontkitGlyph): Cmd[] {
  return glyph.path.commands.map((c) => [c.command, ...c.args] as Cmd);
}

/** Glyphs to check: those of a letter's text, and every 61st glyph of the font (all font dicts). */
function sampleGlyphs(font: Fontkit): number[] {
  const text =
    "上海明德商贸有限公司催款函截至2025年6月30日，贵公司尚欠我司货款人民币80,000.00元（大写：人民币捌万元整）。" +
    "若三个工作日内未收到回复，将按照合同条款收取每日千分之三的滞纳金。Final Demand for Payment — “Acme” £€¥ 0123456789 ½ §";
  const ids = new Set(font.layout(text).glyphs.map((g) => g.id));
  for (let gid = 0; gid < font.numGlyphs; gid += 61) ids.add(gid);
  return [...ids].sort((a, b) => a - b);
}

describe.each(["NotoSansHans-Regular.otf", "NotoSansHans-Bold.otf"])("CID CFF subsetter on %s", (file) => {
  const { font, subsetter } = load(file);
  const glyphs = sampleGlyphs(font);

  it("flattened charstrings draw the same outlines as fontkit reads from the original", () => {
    // The interpreter knows no callsubr/callgsubr: a charstring still calling one would throw.
    expect(glyphs.length).toBeGreaterThan(500);
    for (const gid of glyphs) {
      const ours = outline(subsetter.flatCharString(gid));
      expect(ours, `glyph ${gid}`).toEqual(fontkitOutline(font.getGlyph(gid)));
    }
  });

  it("a subset reads back: CIDs 0..n-1 are the chosen glyphs, with their Private dicts", () => {
    const chosen = [0, ...glyphs.filter((g) => g !== 0).slice(0, 300)];
    const subset = new CidCffSubsetter(subsetter.encode(chosen));
    expect(subset.glyphCount).toBe(chosen.length);
    chosen.forEach((gid, cid) => {
      expect(subset.flatCharString(cid), `cid ${cid}`).toEqual(subsetter.flatCharString(gid));
      expect(subset.privateDictOf(cid)).toEqual(subsetter.privateDictOf(gid));
    });
  });

  it("a subset of .notdef alone is a valid font", () => {
    const subset = new CidCffSubsetter(subsetter.encode([0]));
    expect(subset.glyphCount).toBe(1);
  });
});
