/**
 * The fonts every document uses: Noto Sans Hans (思源黑体, OFL-1.1) Regular and Bold from the npm
 * package @embedpdf/fonts-sc, for Chinese and English alike, so nothing depends on system fonts.
 *
 * Speed: pdfkit given a font *file* parses the 8 MB OTF again for every document (~150 ms).
 * pdfkit also accepts an already parsed fontkit font (PDFFontFactory.open checks for `layout`),
 * so each font is parsed once per process here and handed to every document. Subsetting is
 * swapped for `CidCffSubsetter` (see cff-subset.ts), which caches each glyph's flattened
 * charstring across documents. Text layout results are cached per process as well (pdfkit keeps
 * them per document only). Together: ~4 ms instead of ~190 ms for a one-page Chinese letter.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CidCffSubsetter, UnsupportedCharstring } from "./cff-subset.js";

/** The part of a fontkit font (and its subset) that this module touches. */
interface FontkitSubset {
  glyphs: number[];
  includeGlyph(glyph: number | { id: number }): number;
  encode(): Uint8Array;
}
export interface FontkitFont {
  postscriptName: string;
  layout(text: string, features?: unknown): unknown;
  createSubset(): FontkitSubset;
}

export const FONT_REGULAR = "ar-regular";
export const FONT_BOLD = "ar-bold";

export const FONT_FILES = {
  [FONT_REGULAR]: "NotoSansHans-Regular.otf",
  [FONT_BOLD]: "NotoSansHans-Bold.otf",
} as const;

const require = createRequire(import.meta.url);

/** The fonts folder of @embedpdf/fonts-sc (its `exports` hide package.json, so go via main). */
export function fontDirectory(): string {
  let main: string;
  try {
    main = require.resolve("@embedpdf/fonts-sc");
  } catch {
    throw new Error("the font package @embedpdf/fonts-sc is not installed (run npm install); PDF documents need it");
  }
  return join(dirname(main), "..", "fonts");
}

/** fontkit as pdfkit itself resolves it, so both share one copy and one font object type. */
function fontkitModule(): { create(data: Uint8Array): FontkitFont } {
  const fromPdfkit = createRequire(require.resolve("pdfkit"));
  return fromPdfkit("fontkit") as { create(data: Uint8Array): FontkitFont };
}

/** The raw bytes of one sfnt table (`CFF ` here), found through the table directory. */
export function sfntTable(file: Uint8Array, tag: string): Uint8Array | undefined {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const name = String.fromCharCode(file[rec]!, file[rec + 1]!, file[rec + 2]!, file[rec + 3]!);
    if (name === tag) return file.subarray(view.getUint32(rec + 8), view.getUint32(rec + 8) + view.getUint32(rec + 12));
  }
  return undefined;
}

/** A subset with fontkit's shape whose `encode` uses the flattening subsetter. */
class FastSubset implements FontkitSubset {
  readonly cff = true; // pdfkit writes CIDFontType0C when `subset.cff` is set
  glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(
    private readonly subsetter: CidCffSubsetter,
    private readonly fallback: () => FontkitSubset,
  ) {
    this.includeGlyph(0);
  }

  includeGlyph(glyph: number | { id: number }): number {
    const gid = typeof glyph === "number" ? glyph : glyph.id;
    let mapped = this.mapping.get(gid);
    if (mapped === undefined) {
      mapped = this.glyphs.length;
      this.glyphs.push(gid);
      this.mapping.set(gid, mapped);
    }
    return mapped;
  }

  encode(): Uint8Array {
    try {
      return this.subsetter.encode(this.glyphs);
    } catch (e) {
      if (!(e instanceof UnsupportedCharstring)) throw e;
      const slow = this.fallback();
      for (const gid of this.glyphs) slow.includeGlyph(gid);
      return slow.encode();
    }
  }
}

function loadFont(file: string): FontkitFont {
  const bytes = new Uint8Array(readFileSync(join(fontDirectory(), file)));
  const font = fontkitModule().create(bytes);
  const cff = sfntTable(bytes, "CFF ");
  let subsetter: CidCffSubsetter | undefined;
  try {
    subsetter = cff ? new CidCffSubsetter(cff) : undefined;
  } catch (e) {
    if (!(e instanceof UnsupportedCharstring)) throw e;
  }
  if (subsetter) {
    const slowSubset = font.createSubset.bind(font);
    const fast = subsetter;
    font.createSubset = () => new FastSubset(fast, slowSubset);
  }
  return font;
}

let loaded: Record<keyof typeof FONT_FILES, FontkitFont> | undefined;

/** The parsed fonts, loaded on first use and kept for the process. */
export function documentFonts(): Record<keyof typeof FONT_FILES, FontkitFont> {
  loaded ??= {
    [FONT_REGULAR]: loadFont(FONT_FILES[FONT_REGULAR]),
    [FONT_BOLD]: loadFont(FONT_FILES[FONT_BOLD]),
  };
  return loaded;
}

// pdfkit's per-document layout caches, shared per font across documents: a run's glyphs and
// positions depend only on the font and the text, and pdfkit never mutates a cached run.
const sharedLayoutCaches = new Map<FontkitFont, Record<string, unknown>>();
// Names and addresses make every letter add a few entries; start afresh now and then.
const LAYOUT_CACHE_DOCUMENTS = 2000;
let documentsSinceReset = 0;

/** Registers the fonts under FONT_REGULAR / FONT_BOLD and selects the regular one. */
export function useDocumentFonts(doc: PDFKit.PDFDocument): void {
  const fonts = documentFonts();
  if (++documentsSinceReset > LAYOUT_CACHE_DOCUMENTS) {
    sharedLayoutCaches.clear();
    documentsSinceReset = 1;
  }
  for (const name of [FONT_BOLD, FONT_REGULAR] as const) {
    // pdfkit's typings list file sources only; at run time it takes a parsed fontkit font.
    doc.registerFont(name, fonts[name] as unknown as Buffer);
    doc.font(name);
    const embedded = (doc as unknown as { _font: { font: FontkitFont; layoutCache?: Record<string, unknown> } })._font;
    if (embedded.layoutCache && embedded.font === fonts[name]) {
      let shared = sharedLayoutCaches.get(fonts[name]);
      if (!shared) {
        shared = Object.create(null) as Record<string, unknown>;
        sharedLayoutCaches.set(fonts[name], shared);
      }
      embedded.layoutCache = shared;
    }
  }
}

