/**
 * An SVG (a pack chart from io/charts/svg.ts) drawn into a pdfkit page as vectors, with the
 * document's embedded fonts; SPEC "Month-end pack (月结报告, `ar pack`)": "the PDF carries the same
 * charts as vectors with the embedded CJK font".
 *
 * svg-to-pdfkit (MIT, pinned) walks the SVG and issues pdfkit path and text calls. Text in any
 * font family is set in Noto Sans SC (fonts.ts), bold where the SVG says bold, so Chinese labels
 * draw whatever family the SVG names. No file or URL is ever opened: images are refused.
 */
import { createRequire } from "node:module";
import { FONT_BOLD, FONT_REGULAR } from "./fonts.js";

interface SvgToPdfOptions {
  width?: number;
  height?: number;
  preserveAspectRatio?: string;
  assumePt?: boolean;
  fontCallback: (family: string, bold: boolean, italic: boolean) => string;
  imageCallback: (link: string) => unknown;
  warningCallback: (message: string) => void;
}
type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options: SvgToPdfOptions) => void;

let svgToPdf: SvgToPdf | undefined;

/** Loaded on first use (a CommonJS module), so commands that draw no chart never read it. */
function load(): SvgToPdf {
  svgToPdf ??= createRequire(import.meta.url)("svg-to-pdfkit") as SvgToPdf;
  return svgToPdf;
}

export interface DrawSvgOptions {
  /** The box to fit the SVG into, in points; the aspect ratio is kept. */
  width: number;
  height?: number;
}

/**
 * Draws `svg` with its top-left corner at (x, y). The document must have the fonts registered
 * (useDocumentFonts). Returns svg-to-pdfkit's warnings (elements it could not draw); the pack
 * treats any as a bug of its own charts.
 */
export function drawSvg(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options: DrawSvgOptions): string[] {
  const warnings: string[] = [];
  load()(doc, solidDashes(svg), x, y, {
    width: options.width,
    height: options.height,
    preserveAspectRatio: "xMinYMin meet",
    fontCallback: (_family, bold) => (bold ? FONT_BOLD : FONT_REGULAR),
    imageCallback: () => {
      warnings.push("image refused: charts carry no images");
      return Buffer.alloc(0);
    },
    warningCallback: (message) => warnings.push(message),
  });
  return warnings;
}

/**
 * pdfkit refuses a dash pattern with a zero length (`dash(1, {space: 0})` throws), which SVG
 * allows and means a solid stroke; such a pattern is dropped.
 */
function solidDashes(svg: string): string {
  return svg.replace(/\sstroke-dasharray="([^"]*)"/g, (whole, list: string) =>
    list.split(/[\s,]+/).filter((p) => p !== "").some((p) => !(Number(p) > 0)) ? "" : whole,
  );
}
