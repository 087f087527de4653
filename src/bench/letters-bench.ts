/**
 * Letter rendering benchmark: 1,000 one-page Chinese final demands (different customers, one to
 * four invoices each) rendered to PDF in memory. Prints letters per second, the average PDF size
 * and the first-letter cost (font parsing), so a regression in the font path shows at once;
 * then the same letters as one combined PDF (`--combined`).
 *
 *   npm run build && node dist/bench/letters-bench.js [count]
 */
import { performance } from "node:perf_hooks";
import { letterDocument } from "../io/document/letter-data.js";
import { loadTemplate } from "../io/document/template.js";
import { renderCombinedPdf, renderPdf } from "../io/pdf/render.js";
import { benchLetter } from "./letter-samples.js";

function main(): void {
  const count = Number(process.argv[2] ?? 1000);
  const template = loadTemplate("letters/zh/final.hbs");
  const letters = Array.from({ length: count }, (_, i) => benchLetter(i + 1));

  const t0 = performance.now();
  const first = renderPdf(letterDocument(letters[0]!, template));
  const firstMs = performance.now() - t0;

  let bytes = first.length;
  let pages = countPages(first);
  const t1 = performance.now();
  for (let i = 1; i < count; i++) {
    const pdf = renderPdf(letterDocument(letters[i]!, template));
    bytes += pdf.length;
    pages += countPages(pdf);
  }
  const seconds = (performance.now() - t1) / 1000;
  const perSecond = (count - 1) / seconds;
  console.log(`letters: ${count} (zh final, 1-4 invoices each), pages: ${pages}`);
  console.log(`first letter (fonts parsed): ${firstMs.toFixed(0)} ms`);
  console.log(`throughput: ${perSecond.toFixed(1)} letters/s (${((seconds * 1000) / (count - 1)).toFixed(2)} ms per letter)`);
  console.log(`average size: ${(bytes / count / 1024).toFixed(1)} KB`);

  // `ar letters --combined`: every letter in one PDF for printing.
  const t2 = performance.now();
  const models = letters.map((l) => letterDocument(l, template));
  const combined = renderCombinedPdf(models, { ...models[0]!.meta, title: "催款函" });
  const combinedSeconds = (performance.now() - t2) / 1000;
  console.log(`combined: ${count} letters in one PDF, ${countPages(combined)} pages, ${(combined.length / 1024 / 1024).toFixed(1)} MB, ${combinedSeconds.toFixed(1)} s`);
}

/** Pages in a PDF pdfkit wrote: its page tree's /Count. */
function countPages(pdf: Buffer): number {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString("latin1"));
  return m ? Number(m[1]) : 0;
}

main();
