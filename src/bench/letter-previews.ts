/**
 * Preview images of the letters for docs/: renders one letter per level and language to PDF and
 * turns its first page into docs/letter-{lang}-{level}.png with poppler's `pdftoppm` (a tool for
 * looking only; `ar` itself never needs it).
 *
 *   npm run build && node dist/bench/letter-previews.js [--data letters.json] [--out docs] [--template DIR]
 *
 * Without --data the built-in samples (letter-samples.ts) are used; with it, a JSON array of
 * LetterData (as `ar letters` builds them), one preview per (lang, level) found.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { letterDocument, type LetterData } from "../io/document/letter-data.js";
import { loadTemplate } from "../io/document/template.js";
import { renderPdf } from "../io/pdf/render.js";
import { sampleLetter } from "./letter-samples.js";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const out = option("--out") ?? "docs";
  const templateDir = option("--template");
  const dataFile = option("--data");
  const letters: LetterData[] = dataFile
    ? (JSON.parse(readFileSync(dataFile, "utf8")) as LetterData[])
    : (["zh", "en"] as const).flatMap((lang) => (["reminder", "notice", "final"] as const).map((level) => sampleLetter(lang, level)));

  mkdirSync(out, { recursive: true });
  const done = new Set<string>();
  for (const data of letters) {
    const key = `${data.lang}-${data.level}`;
    if (done.has(key)) continue;
    done.add(key);
    const pdf = renderPdf(letterDocument(data, loadTemplate(`letters/${data.lang}/${data.level}.hbs`, templateDir)));
    const pdfPath = join(out, `letter-${key}.pdf`);
    writeFileSync(pdfPath, pdf);
    const png = spawnSync("pdftoppm", ["-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", pdfPath, join(out, `letter-${key}`)]);
    if (png.error || png.status !== 0) {
      console.error(`pdftoppm failed (apt-get install poppler-utils); kept ${pdfPath}`);
      continue;
    }
    rmSync(pdfPath);
    console.log(join(out, `letter-${key}.png`));
  }
}

main();
