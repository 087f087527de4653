#!/usr/bin/env node
// Re-makes the document images in docs/ with the real commands on the shipped fixtures, all at
// --as-of 2025-06-30:
//   docs/letter-{zh,en}-{reminder,notice,final}.png: the first page of each letter (zh: C001
//     华东贸易有限公司, two overdue invoices in CNY; en: C005 Pacific Rim Imports Inc, two in USD);
//   docs/statement-{zh,en}.png: both pages of a statement of account side by side, the second
//     with the confirmation slip (zh: C029, en: C005);
//   docs/agreement-{zh,en}.png: both pages of a repayment agreement with the late fee included,
//     the second with the signatures (zh: C001, en: C005).
//
//   npm run build && node scripts/docs-images.mjs [--out docs] [--resolution 80]
//
// Needs poppler's pdftoppm (apt-get install poppler-utils), a tool for looking only: `ar` itself
// never needs it. The PDFs are written to a temporary folder and removed; the PNGs replace the
// ones in docs/. Two pages are put side by side here (pdftoppm writes raw PPM pixels; the PNG is
// encoded with node:zlib), so nothing else needs installing.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const outDir = resolve(option("--out", join(root, "docs")));
const resolution = option("--resolution", "80");
const fixture = (f) => join(root, "fixtures", f);
const common = ["--customers", fixture("customers.csv"), "--config", fixture("ar.config.json"), "--as-of", "2025-06-30"];

const letterSamples = { zh: "C001", en: "C005" };
const levels = { reminder: "R", notice: "N", final: "F" };
const jobs = [];
for (const [lang, customer] of Object.entries(letterSamples)) {
  for (const [level, code] of Object.entries(levels)) {
    jobs.push({
      name: `letter-${lang}-${level}`,
      args: (dir) => ["letters", fixture("ledger.csv"), ...common, "--level", level, "--customer", customer, "--lang", lang, "--out", dir, "--format", "csv"],
      pdf: (dir) => join(dir, `AR-20250630-${code}-${customer}.pdf`),
      pages: 1,
    });
  }
}
for (const [lang, customer] of Object.entries({ zh: "C029", en: "C005" })) {
  jobs.push({
    name: `statement-${lang}`,
    args: (dir) => ["statement", fixture("ledger.csv"), ...common, "--customer", customer, "--lang", lang, "--format", "pdf", "-o", join(dir, "statement.pdf")],
    pdf: (dir) => join(dir, "statement.pdf"),
    pages: 2,
  });
}
for (const [lang, customer] of Object.entries({ zh: "C001", en: "C005" })) {
  jobs.push({
    name: `agreement-${lang}`,
    args: (dir) => ["plan", fixture("ledger.csv"), ...common, "--customer", customer, "--include-fee", "--lang", lang, "--agreement", join(dir, "agreement.pdf")],
    pdf: (dir) => join(dir, "agreement.pdf"),
    pages: 2,
  });
}

/** A binary PPM (P6) from pdftoppm: width, height and RGB bytes. */
function readPpm(file) {
  const data = readFileSync(file);
  const fields = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(data[at]))) at++;
    let end = at;
    while (!/\s/.test(String.fromCharCode(data[end]))) end++;
    fields.push(data.subarray(at, end).toString("latin1"));
    at = end;
  }
  if (fields[0] !== "P6" || fields[3] !== "255") throw new Error(`${file}: not an 8-bit P6 PPM`);
  return { width: Number(fields[1]), height: Number(fields[2]), rgb: data.subarray(at + 1) };
}

/** Pages side by side on white, each framed by a grey line, 8 px apart. */
function sideBySide(pages) {
  const gap = 8;
  const width = pages.reduce((w, p) => w + p.width + gap, gap);
  const height = Math.max(...pages.map((p) => p.height)) + 2 * gap;
  const rgb = Buffer.alloc(width * height * 3, 255);
  let left = gap;
  for (const p of pages) {
    for (let y = 0; y < p.height; y++) p.rgb.copy(rgb, ((gap + y) * width + left) * 3, y * p.width * 3, (y + 1) * p.width * 3);
    const grey = (x, y) => rgb.fill(0x99, (y * width + x) * 3, (y * width + x) * 3 + 3);
    for (let x = left - 1; x <= left + p.width; x++) {
      grey(x, gap - 1);
      grey(x, gap + p.height);
    }
    for (let y = gap - 1; y <= gap + p.height; y++) {
      grey(left - 1, y);
      grey(left + p.width, y);
    }
    left += p.width + gap;
  }
  return { width, height, rgb };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** An 8-bit RGB PNG, every row unfiltered. */
function png({ width, height, rgb }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(rows, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const work = mkdtempSync(join(tmpdir(), "ar-docs-images-"));
let failed = false;
try {
  mkdirSync(outDir, { recursive: true });
  for (const job of jobs) {
    const dir = join(work, job.name);
    mkdirSync(dir);
    const run = spawnSync(process.execPath, [join(root, "bin/ar-aging.js"), ...job.args(dir)], { encoding: "utf8" });
    if (run.status !== 0) {
      console.error(`${job.name}: ar failed (exit ${run.status}); did you run npm run build?\n${run.stderr}`);
      failed = true;
      continue;
    }
    const target = join(outDir, `${job.name}.png`);
    if (job.pages === 1) {
      const stem = join(dir, "page");
      const r = spawnSync("pdftoppm", ["-r", resolution, "-png", "-singlefile", "-f", "1", "-l", "1", job.pdf(dir), stem]);
      if (r.error || r.status !== 0) {
        console.error(`pdftoppm failed (apt-get install poppler-utils): ${r.error?.message ?? r.stderr}`);
        failed = true;
        continue;
      }
      copyFileSync(`${stem}.png`, target);
    } else {
      const pages = [];
      for (let p = 1; p <= job.pages; p++) {
        const stem = join(dir, `page-${p}`);
        const r = spawnSync("pdftoppm", ["-r", resolution, "-singlefile", "-f", String(p), "-l", String(p), job.pdf(dir), stem]);
        if (r.error || r.status !== 0) {
          console.error(`pdftoppm failed (apt-get install poppler-utils): ${r.error?.message ?? r.stderr}`);
          failed = true;
          break;
        }
        pages.push(readPpm(`${stem}.ppm`));
      }
      if (pages.length !== job.pages) continue;
      writeFileSync(target, png(sideBySide(pages)));
    }
    console.log(target);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
