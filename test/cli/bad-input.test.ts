/**
 * The bad-input corpus (test/bad-input/): each case gets a clear message naming file and line, the
 * right exit code, never a stack trace, and every data row is either used or reported.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAr } from "../helpers/cli.js";

const AS_OF = ["--as-of", "2025-06-30", "--format", "json"];
const dir = "test/bad-input";

interface Case {
  file: string;
  code: number;
  stderr: RegExp[];
  /** Rows used + rows reported = data rows in the file. */
  used?: number;
  rejected?: number;
}

const cases: Case[] = [
  { file: "broken-quote.csv", code: 0, stderr: [/broken-quote\.csv:3: unterminated quoted field/], used: 2, rejected: 1 },
  { file: "empty.csv", code: 0, stderr: [/empty\.csv: empty file/], used: 0, rejected: 0 },
  { file: "header-only.csv", code: 0, stderr: [], used: 0, rejected: 0 },
  { file: "unknown-headers.csv", code: 2, stderr: [/unknown-headers\.csv: missing required column doc_no, doc_date, amount, customer_id or customer_name/] },
  { file: "impossible-dates.csv", code: 0, stderr: [/:2: doc_date: date "2025-02-30" does not exist/, /:3: doc_date: date "2025-13-01" does not exist/], used: 1, rejected: 2 },
  { file: "ambiguous-date.csv", code: 0, stderr: [/:2: doc_date: date "03\/04\/2025" is ambiguous; pass --date-format DMY or MDY/], used: 0, rejected: 1 },
  { file: "bad-amounts.csv", code: 0, stderr: [/:2: amount "1,2,3": thousands separators/, /:3: amount "12\.345\.67" is not a number/, /:4: amount "\(-5\.00\)" has both parentheses and a sign/, /:5: amount "1e5"/, /:6: missing amount/], used: 1, rejected: 5 },
  { file: "bad-fields.csv", code: 0, stderr: [/:2: doc_type "bill"/, /:3: terms "thirty"/, /:4: currency "Yuan!"/, /:5: disputed "maybe"/, /:6: missing customer_id/, /:7: missing doc_no/, /:9: row has 3 cells, the header has 8/], used: 1, rejected: 7 },
  { file: "garbage.bin", code: 2, stderr: [/garbage\.bin: does not look like a CSV text file/] },
  { file: "two-customer-columns.csv", code: 2, stderr: [/both map to customer_name; say which one with --map/] },
  { file: "conflicting-amounts.csv", code: 2, stderr: [/columns "Amount" and "Total" both map to amount/] },
  { file: "control-chars.csv", code: 0, stderr: [/:3: amount "\\x01\\x1b\[31mRED" is not a number/], used: 1, rejected: 1 },
];

describe("bad-input corpus", () => {
  for (const c of cases) {
    it(`${c.file}: exit ${c.code}`, async () => {
      const r = await runAr(["age", `${dir}/${c.file}`, ...AS_OF]);
      expect(r.code).toBe(c.code);
      for (const re of c.stderr) expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
      expect(r.stderr).not.toContain("\u001b");
      if (c.used !== undefined) {
        const json = JSON.parse(r.stdout) as { rejected: unknown[] };
        expect(json.rejected).toHaveLength(c.rejected!);
        const check = await runAr(["check", `${dir}/${c.file}`, ...AS_OF]);
        const summary = JSON.parse(check.stdout) as { rows: number; used: number; rejectedCount: number };
        expect(summary.used).toBe(c.used);
        expect(summary.used + summary.rejectedCount).toBe(summary.rows);
        expect(check.code).toBe(c.rejected! > 0 ? 1 : 0);
      }
    });
  }
  it("a missing file and a directory are usage errors (exit 2)", async () => {
    const missing = await runAr(["age", "no/such.csv", ...AS_OF]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("ar: no/such.csv: no such file\n");
    const directory = await runAr(["age", dir, ...AS_OF]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toBe(`ar: ${dir}: is a directory, not a CSV file\n`);
  });
  it("a 1 MB field is read whole, and the row is used", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-bad-"));
    const file = path.join(tmp, "big-field.csv");
    writeFileSync(file, `doc_no,customer_id,doc_date,amount,note\nI1,C1,2025-01-01,10.00,"${"n".repeat(1 << 20)}"\nI2,C1,2025-01-02,5.00,x\n`);
    const r = await runAr(["age", file, ...AS_OF]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals[0].balance).toBe("15.00");
  });
  it("--strict: any rejected row fails the run with exit 1, lists all, writes no report", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-strict-"));
    const out = path.join(tmp, "out.csv");
    const r = await runAr(["age", `${dir}/bad-amounts.csv`, "--as-of", "2025-06-30", "--strict", "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.match(/bad-amounts\.csv:\d+:/g)).toHaveLength(5);
    const { existsSync } = await import("node:fs");
    expect(existsSync(out)).toBe(false);
  });
  it("GB18030 bytes in a file detected as UTF-8 reject only their row", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-enc-"));
    const file = path.join(tmp, "mixed.csv");
    const utf8Rows = ["华东贸易有限公司", "深圳市鹏程电子", "张记五金店"].map((name, k) => `I${k + 10},${name},2025-01-01,10.00\n`).join("");
    const head = Buffer.from(`doc_no,customer_id,doc_date,amount\n${utf8Rows}`, "utf8");
    const gbk = Buffer.from([0x49, 0x32, 0x2c, 0xd6, 0xd0, 0x2c, 0x32, 0x30, 0x32, 0x35, 0x2d, 0x30, 0x31, 0x2d, 0x30, 0x31, 0x2c, 0x35, 0x0a]);
    writeFileSync(file, Buffer.concat([head, gbk]));
    const r = await runAr(["age", file, ...AS_OF]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/mixed\.csv:5: bytes that are not valid utf8/);
    expect(JSON.parse(r.stdout).customers.map((c: { customerId: string }) => c.customerId)).toEqual(["张记五金店", "深圳市鹏程电子", "华东贸易有限公司"].sort());
  });
  it("--map naming a header the file does not have: exit 2 naming the header and the file, no fall-back to an alias", async () => {
    // `amount` would be found by its built-in alias; the user said Gross, and the file has none.
    const optional = await runAr(["age", `${dir}/good.csv`, ...AS_OF, "--map", "amount=Gross"]);
    expect(optional.code).toBe(2);
    expect(optional.stdout).toBe("");
    expect(optional.stderr).toBe(`ar: ${dir}/good.csv: --map amount=Gross: the file has no column "Gross" (its header, line 1: doc_no,customer_id,doc_date,amount)\n`);
    // Also when the mapped field is an optional one the file does not carry at all.
    const absent = await runAr(["age", `${dir}/good.csv`, ...AS_OF, "--map", "disputed=In Dispute,doc_type=Kind"]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain(`${dir}/good.csv: --map disputed=In Dispute, --map doc_type=Kind: the file has no column "In Dispute", "Kind"`);
    // A header that is there (ignoring case and spaces) is used.
    const present = await runAr(["age", `${dir}/good.csv`, ...AS_OF, "--map", "amount= AMOUNT "]);
    expect(present.code).toBe(0);
    const empty = await runAr(["age", `${dir}/good.csv`, ...AS_OF, "--map", "amount="]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('ar: --map: "amount=" names no header\n');
  });
  it("-o naming a directory or a missing folder: exit 2 with a message, nothing written and no temporary file anywhere", async () => {
    const { mkdirSync, readdirSync } = await import("node:fs");
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-out-"));
    const folder = path.join(tmp, "reports");
    mkdirSync(folder);
    const r = await runAr(["age", `${dir}/good.csv`, ...AS_OF, "-o", folder]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`ar: -o ${folder}: cannot write the report: is a directory; name a file; nothing was written\n`);
    const missing = await runAr(["age", `${dir}/good.csv`, ...AS_OF, "-o", path.join(tmp, "no", "aging.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot write the report: its folder does not exist; nothing was written");
    expect(readdirSync(tmp)).toEqual(["reports"]);
    expect(readdirSync(folder)).toEqual([]);
    // The same for the other files a command writes: a calendar named by --ics.
    const ics = await runAr(["calls", "fixtures/ledger.csv", "--as-of", "2025-06-30", "--format", "csv", "--ics", folder]);
    expect(ics.code).toBe(2);
    expect(ics.stderr).toContain(`ar: --ics ${folder}: cannot write the calendar: is a directory; name a file; nothing was written`);
    expect(readdirSync(tmp)).toEqual(["reports"]);
    expect(readdirSync(folder)).toEqual([]);
  });
  it("UTF-16 with a BOM (Excel's Unicode text) is read like UTF-8", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-u16-"));
    const file = path.join(tmp, "u16.csv");
    const text = "doc_no,customer_id,doc_date,amount\r\nI1,华东,2025-01-01,10.00\r\n";
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const r = await runAr(["age", file, ...AS_OF]);
    expect(JSON.parse(r.stdout).customers[0].customerId).toBe("华东");
  });
});
