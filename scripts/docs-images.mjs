#!/usr/bin/env node
// Re-makes the letter images in docs/ with the real command on the shipped fixtures:
// docs/letter-{zh,en}-{reminder,notice,final}.png, the first page of each letter.
//
//   npm run build && node scripts/docs-images.mjs [--out docs] [--resolution 80]
//
// zh: C001 华东贸易有限公司 (two overdue invoices, CNY); en: C005 Pacific Rim Imports Inc (two
// overdue invoices, USD), both at --as-of 2025-06-30. Needs poppler's pdftoppm (apt-get install
// poppler-utils), a tool for looking only: `ar` itself never needs it. The PDFs are written to a
// temporary folder and removed; the PNGs replace the ones in docs/.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const outDir = resolve(option("--out", join(root, "docs")));
const resolution = option("--resolution", "80");
const samples = { zh: "C001", en: "C005" };
const levels = ["reminder", "notice", "final"];
const code = { reminder: "R", notice: "N", final: "F" };

const work = mkdtempSync(join(tmpdir(), "ar-docs-images-"));
let failed = false;
try {
  mkdirSync(outDir, { recursive: true });
  for (const [lang, customer] of Object.entries(samples)) {
    for (const level of levels) {
      const letters = join(work, `${lang}-${level}`);
      const run = spawnSync(
        process.execPath,
        [
          join(root, "bin/ar-aging.js"),
          "letters",
          join(root, "fixtures/ledger.csv"),
          "--customers",
          join(root, "fixtures/customers.csv"),
          "--config",
          join(root, "fixtures/ar.config.json"),
          "--as-of",
          "2025-06-30",
          "--level",
          level,
          "--customer",
          customer,
          "--lang",
          lang,
          "--out",
          letters,
          "--format",
          "csv",
        ],
        { encoding: "utf8" },
      );
      if (run.status !== 0) {
        console.error(`ar letters failed (exit ${run.status}); did you run npm run build?\n${run.stderr}`);
        failed = true;
        continue;
      }
      const pdf = join(letters, `AR-20250630-${code[level]}-${customer}.pdf`);
      const stem = join(work, `letter-${lang}-${level}`);
      const png = spawnSync("pdftoppm", ["-r", resolution, "-png", "-singlefile", "-f", "1", "-l", "1", pdf, stem]);
      if (png.error || png.status !== 0) {
        console.error(`pdftoppm failed (apt-get install poppler-utils): ${png.error?.message ?? png.stderr}`);
        failed = true;
        continue;
      }
      const target = join(outDir, `letter-${lang}-${level}.png`);
      copyFileSync(`${stem}.png`, target);
      console.log(target);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
