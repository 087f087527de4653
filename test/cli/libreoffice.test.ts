/**
 * The written workbooks in a third, independent reader (issue 14: "opens cleanly and sums
 * correctly in Excel, WPS and LibreOffice"): LibreOffice Calc, headless, converts each report's
 * `--format xlsx` to CSV with the cells' raw values, and every number on the first sheet must be
 * the number of the report's own CSV (ratios may come back as percentages, which is what the
 * workbook shows), and the rows the same. A money cell written as text would come back as its
 * text (`36720.00`, where a number cell comes back as `36720`) and fail. Texts may differ where the workbook shows words for the CSV's codes.
 *
 * Needs `soffice` (`apt-get install -y libreoffice-calc-nogui`); without it the test is SKIPPED
 * and says so on stderr. CI does not install LibreOffice (a large download); run it here.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { csvRows } from "../helpers/csv.js";

const SOFFICE = process.env["AR_SOFFICE"] ?? "soffice";
const missing = spawnSync(SOFFICE, ["--version"], { encoding: "utf8" }).status !== 0;
if (missing) console.warn(`\n*** LibreOffice not found (${SOFFICE}; apt-get install -y libreoffice-calc-nogui, or set AR_SOFFICE): the LibreOffice test is SKIPPED ***\n`);

const F = (name: string) => path.join(FIXTURES, name);
const AS_OF = ["--as-of", "2025-06-30"];
const REPORTS: [string, string[]][] = [
  ["age", ["age", F("ledger.csv"), ...AS_OF]],
  ["age-zh", ["age", F("ledger.csv"), "--customers", F("customers.csv"), ...AS_OF, "--lang", "zh"]],
  ["fees", ["fees", F("ledger.csv"), "--customers", F("customers.csv"), ...AS_OF]],
  ["calls", ["calls", F("ledger.csv"), "--customers", F("customers.csv"), "--events", F("events.csv"), "--config", F("ar.config.json"), ...AS_OF]],
  ["limitation", ["limitation", F("ledger.csv"), "--events", F("events.csv"), ...AS_OF]],
  ["statement", ["statement", F("ledger.csv"), "--all", ...AS_OF]],
  ["plan", ["plan", F("ledger.csv"), "--config", F("ar.config.json"), "--customer", "C003", ...AS_OF]],
  ["kpi", ["kpi", F("ledger.csv"), "--events", F("events.csv"), ...AS_OF]],
  ["provision", ["provision", F("ledger.csv"), ...AS_OF]],
  ["factoring", ["factoring", F("ledger.csv"), ...AS_OF]],
  ["credit", ["credit", F("ledger.csv"), "--customers", F("customers.csv"), ...AS_OF]],
  ["forecast", ["forecast", F("ledger.csv"), ...AS_OF]],
  ["commission", ["commission", F("ledger.csv"), "--customers", F("customers.csv"), "--from", "2025-06-01", ...AS_OF]],
];

/** A number in LibreOffice's raw CSV (a percentage as its fraction), else undefined. */
function numberOf(text: string): number | undefined {
  if (text === "") return undefined;
  const n = text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
  return Number.isNaN(n) ? undefined : n;
}

describe.skipIf(missing)("the written workbooks in LibreOffice Calc", () => {
  it("every report's first sheet holds the CSV's numbers, as numbers", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-libreoffice-"));
    const out = path.join(dir, "out");
    mkdirSync(out);
    for (const [name, args] of REPORTS) {
      const x = await runAr([...args, "--format", "xlsx", "-o", path.join(dir, `${name}.xlsx`)]);
      expect(x.code, x.stderr).toBe(0);
      const c = await runAr([...args, "--format", "csv"]);
      expect(c.code, c.stderr).toBe(0);
      writeFileSync(path.join(dir, `${name}.csv`), c.stdout);
    }
    // Raw values (token 9 false), UTF-8 (76), every sheet to its own file (-1); a profile of its own.
    const filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    const r = spawnSync(SOFFICE, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", filter, "--outdir", out, ...REPORTS.map(([n]) => path.join(dir, `${n}.xlsx`))], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const written = readdirSync(out);
    let numbers = 0;
    for (const [name] of REPORTS) {
      const first = XLSX.read(readFileSync(path.join(dir, `${name}.xlsx`)), { bookSheets: true }).SheetNames[0]!;
      expect(written, name).toContain(`${name}-${first}.csv`);
      const calc = csvRows(readFileSync(path.join(out, `${name}-${first}.csv`), "utf8")).slice(1);
      const ours = csvRows(readFileSync(path.join(dir, `${name}.csv`), "utf8")).slice(1);
      expect(calc.length, name).toBe(ours.length);
      ours.forEach((row, r) =>
        row.forEach((text, c) => {
          const want = text === "" || Number.isNaN(Number(text)) ? undefined : Number(text);
          if (want === undefined) return;
          const got = numberOf(calc[r]![c] ?? "");
          // A ratio the CSV writes in points (CEI 83.98) is a percentage cell (0.8398) in the workbook.
          const same = got !== undefined && (Math.abs(got - want) < 1e-9 || Math.abs(got * 100 - want) < 1e-7);
          expect(same, `${name} row ${r + 2} column ${c + 1}: LibreOffice ${calc[r]![c]}, CSV ${text}`).toBe(true);
          // A number cell comes back in its shortest form (36720); a text cell as written (36720.00).
          if (/\.\d*0$/.test(text)) expect(calc[r]![c], `${name} row ${r + 2} column ${c + 1} is text in the workbook`).not.toBe(text);
          numbers++;
        }),
      );
    }
    expect(numbers).toBeGreaterThan(3000);
  }, 180_000);
});
