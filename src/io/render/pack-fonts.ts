/**
 * The CJK font of the pack's HTML, embedded (SPEC "Month-end pack": one self-contained file that
 * opens offline). Without it the page names a CJK font stack and shows boxes on a machine that
 * has no Chinese font (a server, a CI box, a reader abroad); with it the page looks the same
 * everywhere and like the PDF, which embeds the same Noto Sans SC.
 *
 * Only the characters the page uses are kept: harfbuzz's subsetter (`subset-font`, the well-kept
 * wrapper of harfbuzzjs; an OpenType font with a CFF outline is not something to assemble by
 * hand) cuts Noto Sans SC Regular and Bold down to them, as WOFF2 (the 356 CJK characters of the
 * zh fixture pack: ~65 KB a weight). The faces are declared for the CJK ranges only
 * (`unicode-range`), so Latin text keeps the stack's own fonts, and they come first in the stack,
 * charts' SVG text included. Same characters, same bytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fontDirectory, FONT_BOLD, FONT_FILES, FONT_REGULAR } from "../pdf/fonts.js";

/** The family the embedded faces go by. */
export const EMBEDDED_FAMILY = "ar-cjk";

/** The blocks the faces serve: CJK radicals … CJK ideographs, compatibility ideographs, CJK forms, full-width forms. */
const CJK_RANGE = "U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF";

function isCjk(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xffef);
}

/** The CJK characters of `text`, each once, in code point order (the subset does not depend on their order on the page). */
export function cjkCharacters(text: string): string {
  const seen = new Set<number>();
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (isCjk(code)) seen.add(code);
  }
  return String.fromCodePoint(...[...seen].sort((a, b) => a - b));
}

/** `@font-face` rules embedding the regular and bold faces cut down to the CJK characters of `text`; "" when it has none. */
export async function embeddedFontFaces(text: string): Promise<string> {
  const characters = cjkCharacters(text);
  if (characters === "") return "";
  // Loaded here: harfbuzz's WebAssembly costs start-up only when a pack is written.
  const { default: subsetFont } = await import("subset-font");
  const faces: string[] = [];
  for (const [face, weight] of [[FONT_REGULAR, 400], [FONT_BOLD, 700]] as const) {
    const font = readFileSync(join(fontDirectory(), FONT_FILES[face]));
    const woff2 = await subsetFont(font, characters, { targetFormat: "woff2" });
    faces.push(`@font-face { font-family: '${EMBEDDED_FAMILY}'; font-weight: ${weight}; font-style: normal; unicode-range: ${CJK_RANGE}; src: url(data:font/woff2;base64,${woff2.toString("base64")}) format('woff2'); }`);
  }
  return faces.join("\n");
}
