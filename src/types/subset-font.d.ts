// Types for subset-font 2.9 (harfbuzz's subsetter), as far as io/render/pack-fonts.ts uses it.
declare module "subset-font" {
  /** The font cut down to the glyphs of `text`, in `targetFormat`. */
  export default function subsetFont(font: Buffer, text: string, options?: { targetFormat?: "sfnt" | "woff" | "woff2"; preserveNameIds?: number[] }): Promise<Buffer>;
}
