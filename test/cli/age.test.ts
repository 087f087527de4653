import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { csvRows } from "../helpers/csv.js";
import { expectGolden } from "../helpers/golden.js";

const LEDGER = "fixtures/ledger.csv";
const AS_OF = ["--as-of", "2025-06-30"];

/**
 * Exports written from the vendors' documented layouts (fixtures/README.md "Export fixtures"), with
 * the label in the cell and column that says what the export's own grand total row is.
 */
const EXPORTS = [
  { name: "erpnext", file: "fixtures/exports/erpnext-accounts-receivable.csv", args: ["--date-format", "DMY"], total: { label: "Total", column: "Outstanding Amount" } },
  { name: "yonyou-subtotals", file: "fixtures/exports/yonyou-aging-subtotals.csv", args: [], total: { label: "合计", column: "未核销金额" } },
  { name: "quickbooks-sections", file: "fixtures/exports/quickbooks-aging-sections.csv", args: ["--date-format", "MDY", "--currency", "USD"], total: { label: "TOTAL", column: "Open Balance" } },
];

describe("ar age golden outputs on the fixtures", () => {
  const cases: [string, string[]][] = [
    ["age/ledger-table.txt", ["age", LEDGER, ...AS_OF, "--format", "table"]],
    ["age/ledger-table-zh.txt", ["age", LEDGER, ...AS_OF, "--format", "table", "--lang", "zh", "--customers", "fixtures/customers.csv"]],
    ["age/ledger.csv", ["age", LEDGER, ...AS_OF, "--format", "csv"]],
    ["age/ledger.json", ["age", LEDGER, ...AS_OF, "--format", "json"]],
    ["age/ledger-customers.csv", ["age", LEDGER, ...AS_OF, "--format", "csv", "--customers", "fixtures/customers.csv"]],
    ["age/ledger-by-invoice.json", ["age", LEDGER, ...AS_OF, "--format", "json", "--by", "invoice"]],
    ["age/ledger-by-invoice.csv", ["age", LEDGER, ...AS_OF, "--format", "csv", "--by", "invoice"]],
    ["age/ledger-basis-doc.csv", ["age", LEDGER, ...AS_OF, "--format", "csv", "--basis", "doc"]],
    ["age/ledger-years.csv", ["age", LEDGER, ...AS_OF, "--format", "csv", "--buckets", "365,730,1095"]],
    ["age/ledger-apply-none.csv", ["age", LEDGER, ...AS_OF, "--format", "csv", "--apply", "none"]],
    ["age/ledger-2024-12-31.csv", ["age", LEDGER, "--as-of", "2024-12-31", "--format", "csv"]],
    ["age/kingdee.csv", ["age", "fixtures/exports/kingdee-aging.csv", ...AS_OF, "--format", "csv"]],
    ["age/yonyou.csv", ["age", "fixtures/exports/yonyou-ledger.csv", ...AS_OF, "--format", "csv"]],
    ["age/quickbooks.json", ["age", "fixtures/exports/quickbooks-ar-aging-detail.csv", ...AS_OF, "--format", "json", "--date-format", "MDY", "--currency", "USD"]],
    ["age/xero.csv", ["age", "fixtures/exports/xero-invoices.csv", ...AS_OF, "--format", "csv"]],
    ["check/ledger.txt", ["check", LEDGER, ...AS_OF, "--format", "table"]],
    ["check/ledger-events.txt", ["check", LEDGER, ...AS_OF, "--format", "table", "--events", "fixtures/events.csv", "--customers", "fixtures/customers.csv"]],
    ["check/kingdee.csv", ["check", "fixtures/exports/kingdee-aging.csv", ...AS_OF, "--format", "csv"]],
    ["check/quickbooks.json", ["check", "fixtures/exports/quickbooks-ar-aging-detail.csv", ...AS_OF, "--format", "json", "--date-format", "MDY", "--currency", "USD"]],
    ...EXPORTS.flatMap((x): [string, string[]][] => [
      [`age/${x.name}.json`, ["age", x.file, ...AS_OF, "--format", "json", ...x.args]],
      [`check/${x.name}.csv`, ["check", x.file, ...AS_OF, "--format", "csv", ...x.args]],
    ]),
  ];
  for (const [name, args] of cases) {
    it(`ar ${args.join(" ")}`, async () => {
      expectGolden(name, await runAr(args));
    });
  }
});

/** The story table in fixtures/README.md was computed by hand; the program must agree to the cent. */
describe("ar age agrees with the hand-computed fixture story", () => {
  it("every customer row and the totals of fixtures/README.md", async () => {
    const readme = readFileSync(path.join(FIXTURES, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### The aging at `--as-of 2025-06-30`"));
    const table = section.slice(section.indexOf("| customer |"));
    const rows = table
      .slice(0, table.indexOf("\n\n"))
      .split("\n")
      .filter((l) => /^\| C\d{3} \|/.test(l))
      .map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
    expect(rows.length).toBeGreaterThan(25);
    const r = await runAr(["age", LEDGER, ...AS_OF, "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { customers: { customerId: string; currency: string; buckets: Record<string, string>; unapplied: string; balance: string; oldestDaysOverdue: number; tier: string | null }[] };
    const plain = (s: string) => s.replace(/,/g, "");
    const got = json.customers.map((c) => [c.customerId, c.currency, ...Object.values(c.buckets), c.unapplied, c.balance, String(c.oldestDaysOverdue), c.tier ?? "–"]);
    const want = rows.map((c) => [c[0], c[2], ...c.slice(3, 10).map(plain), c[10], c[11]]);
    expect(got).toEqual(want);
  });
});

/** `12,345.60` / `-1000.0` in cents, exactly. */
function cents(text: string): bigint {
  const m = /^(-?)([\d,]+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${text}`);
  const v = BigInt(m[2]!.replace(/,/g, "")) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return m[1] === "-" ? -v : v;
}

describe("exports in the vendors' layouts: every row read or reported, balances tie to the export's own total", () => {
  for (const x of EXPORTS) {
    it(x.name, async () => {
      const bytes = readFileSync(path.join(FIXTURES, "..", x.file));
      const text = new TextDecoder(x.name.startsWith("yonyou") ? "gb18030" : "utf-8").decode(bytes);
      const lines = text.split(/\r?\n/).filter((l) => l.replace(/[,\s]/g, "") !== "");
      const check = await runAr(["check", x.file, ...AS_OF, "--format", "json", ...x.args]);
      expect(check.code).toBe(0);
      const summary = JSON.parse(check.stdout) as { rows: number; used: number; afterAsOf: number; rejectedCount: number; skipped: number };
      // Nothing rejected; every non-blank line is the header, a skipped label row, or a document used.
      expect(summary.rejectedCount).toBe(0);
      expect(summary.used + summary.afterAsOf).toBe(summary.rows);
      expect(1 + summary.skipped + summary.rows).toBe(lines.length);
      const header = lines.map((l) => csvRows(l)[0] ?? []).find((c) => c.includes(x.total.column))!;
      const totalRow = lines.map((l) => csvRows(l)[0] ?? []).find((c) => c.includes(x.total.label))!;
      const age = await runAr(["age", x.file, ...AS_OF, "--format", "json", ...x.args]);
      expect(age.code).toBe(0);
      const totals = (JSON.parse(age.stdout) as { totals: { balance: string }[] }).totals;
      expect(totals).toHaveLength(1);
      expect(cents(totals[0]!.balance)).toBe(cents(totalRow[header.indexOf(x.total.column)]!));
    });
  }
});

describe("label rows without a document number", () => {
  it("a lone label is a section row wherever it stands; a label saying subtotal/total, or an undated row with the sum of the documents above it, is a subtotal; a dated row is a document that lost its number", async () => {
    const csv = [
      "客户编码,客户名称,单据编号,单据日期,到期日期,未核销金额",
      ",,,,,逾期一年以上",
      "010001,鹏程,A1,2024-01-01,2024-01-31,100.00",
      "010001,鹏程,A2,2024-02-01,2024-03-02,50.50",
      ",深圳鹏程电子(小计),,,,150.50",
      "Over 90 days,,,,,",
      "010002,华东,B1,2025-05-01,2025-05-31,20.00",
      "010002,华东,B2,2025-05-02,2025-06-01,-5.00",
      "010002,,,,,15.00",
      "010003,张记,C1,2025-05-01,2025-05-31,7.00",
      ",,,2025-05-01,,7.00",
      ",Total for Acme,,,,",
      "合计,,,,,172.50",
      "制单：李,,,,,",
    ].join("\n");
    const check = await runAr(["check", "-", ...AS_OF, "--format", "csv"], { stdin: csv });
    // (`-` is written `'-` in CSV, as any cell that a spreadsheet would read as a formula.)
    const findings = check.stdout.split("\n").filter((l) => l.startsWith("'-,")).map((l) => l.slice(1));
    expect(findings).toEqual([
      "-,2,skipped,section row: 逾期一年以上",
      "-,5,skipped,subtotal row: 深圳鹏程电子(小计)",
      "-,6,skipped,section row: Over 90 days",
      "-,9,skipped,subtotal row: 010002 15.00",
      "-,11,error,missing doc_no; missing customer",
      "-,12,skipped,subtotal row: Total for Acme",
      "-,13,skipped,subtotal row: 合计",
      "-,14,skipped,footer row: 制单：李",
    ]);
    expect(check.code).toBe(1);
  });
});

describe("ar age behaviour", () => {
  it("reads several files and stdin (-) as one ledger", async () => {
    const text = readFileSync(path.join(FIXTURES, "ledger.csv"), "utf8");
    const lines = text.trimEnd().split("\n");
    const half = Math.floor(lines.length / 2);
    const first = lines.slice(0, half).join("\n") + "\n";
    const second = [lines[0], ...lines.slice(half)].join("\n") + "\n";
    const whole = await runAr(["age", LEDGER, ...AS_OF, "--format", "json"]);
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const dir = mkdtempSync(path.join((await import("node:os")).tmpdir(), "ar-"));
    writeFileSync(path.join(dir, "a.csv"), first);
    const split = await runAr(["age", path.join(dir, "a.csv"), "-", ...AS_OF, "--format", "json"], { stdin: second });
    expect(split.code).toBe(0);
    expect(split.stdout).toBe(whole.stdout);
  });
  it("a table says how many rows were rejected and left out; CSV and JSON do not change", async () => {
    const ledger = ["doc_no,doc_type,customer_id,doc_date,due_date,amount", "I1,invoice,C1,2025-02-30,2025-03-30,10.00", "I2,invoice,C1,03/04/2025,2025-04-03,20.00", ""].join("\n");
    const en = await runAr(["age", "-", ...AS_OF, "--format", "table", "--lang", "en"], { stdin: ledger });
    expect(en.code).toBe(0);
    expect(en.stdout).toBe("Accounts receivable aging as of 2025-06-30 (by due date)\nNo open items.\n2 row(s) rejected and left out of this report (each is listed on stderr: FILE:LINE: reason)\n");
    expect(en.stderr.split("\n").filter((l) => l.startsWith("-:")).map((l) => l.slice(0, 4))).toEqual(["-:2:", "-:3:"]);
    const zh = await runAr(["age", "-", ...AS_OF, "--format", "table", "--lang", "zh"], { stdin: ledger });
    expect(zh.stdout.split("\n").at(-2)).toBe("2 行被拒绝，未计入本报表（逐行列在标准错误输出：文件:行号: 原因）");
    const csv = await runAr(["age", "-", ...AS_OF, "--format", "csv"], { stdin: ledger });
    expect(csv.stdout).toBe("customer_id,name,currency,current,1-30,31-60,61-90,91+,unapplied,balance,oldest_days,tier\n");
    const clean = await runAr(["age", LEDGER, ...AS_OF, "--format", "table", "--lang", "en"]);
    expect(clean.stdout).not.toContain("rejected");
  });
  it("writes -o atomically and refuses to overwrite an input", async () => {
    const { mkdtempSync, readFileSync: read } = await import("node:fs");
    const dir = mkdtempSync(path.join((await import("node:os")).tmpdir(), "ar-"));
    const out = path.join(dir, "aging.csv");
    const r = await runAr(["age", LEDGER, ...AS_OF, "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(read(out, "utf8")).toBe((await runAr(["age", LEDGER, ...AS_OF, "--format", "csv"])).stdout);
    const clash = await runAr(["age", LEDGER, ...AS_OF, "-o", LEDGER]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("that is one of the inputs");
  });
  it("defaults to a table on a terminal and CSV otherwise; honours AR_AS_OF", async () => {
    const tty = await runAr(["age", LEDGER], { tty: true, columns: 250, env: { AR_AS_OF: "2025-06-30" } });
    expect(tty.stdout).toContain("┌");
    const pipe = await runAr(["age", LEDGER], { env: { AR_AS_OF: "2025-06-30" } });
    expect(pipe.stdout.startsWith("customer_id,name,currency,current")).toBe(true);
  });
  it("fits the terminal: bordered when wide enough, borderless when narrower, one block per customer at 80 columns", async () => {
    const wide = await runAr(["age", LEDGER, ...AS_OF], { tty: true, columns: 250 });
    expect(wide.stdout).toContain("┌");
    const medium = await runAr(["age", LEDGER, ...AS_OF], { tty: true, columns: 130 });
    expect(medium.stdout).not.toContain("┌");
    expect(medium.stdout).toContain("C001      CNY     36,720.00   41,500.00   25,210.80");
    const narrow = await runAr(["age", LEDGER, ...AS_OF], { tty: true, columns: 80 });
    expect(narrow.stdout).toContain("C001  华东贸易有限公司  CNY  Tier B  Oldest days 46\n    Current 36,720.00   1-30 41,500.00   31-60 25,210.80");
    for (const r of [wide, medium, narrow]) {
      const widest = Math.max(...r.stdout.split("\n").map((l) => [...l].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0)));
      expect(widest).toBeLessThanOrEqual(r === wide ? 250 : r === medium ? 130 : 80);
    }
  });
  it("colours only a terminal, and not with NO_COLOR", async () => {
    const colour = await runAr(["age", LEDGER, ...AS_OF], { tty: true, env: { NO_COLOR: undefined } });
    expect(colour.stdout).toContain("\u001b[");
    const plain = await runAr(["age", LEDGER, ...AS_OF], { tty: true, env: { NO_COLOR: "1" } });
    expect(plain.stdout).not.toContain("\u001b[");
  });
  it("ar check --events reports the log's bad rows and exits 1", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const dir = mkdtempSync(path.join((await import("node:os")).tmpdir(), "ar-"));
    const events = path.join(dir, "events.csv");
    writeFileSync(events, "date,customer_id,type,doc_no,amount,due_date,note,evidence\n2025-06-01,C001,call,,,,ok,\n2025-06-31,C001,call,,,,bad date,\n2025-06-02,C001,shout,,,,bad type,\n");
    const r = await runAr(["check", LEDGER, ...AS_OF, "--events", events, "--format", "csv"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/events\.csv,3,error,/);
    expect(r.stdout).toMatch(/events\.csv,4,error,/);
  });
  it("rejects bad flags with exit 2", async () => {
    for (const args of [
      ["age", LEDGER, "--as-of", "2025-02-30"],
      ["age", LEDGER, ...AS_OF, "--buckets", "60,30"],
      ["age", LEDGER, ...AS_OF, "--format", "xml"],
      ["age", LEDGER, ...AS_OF, "--no-such-flag"],
      ["age", LEDGER, ...AS_OF, "--map", "nonsense=X"],
    ]) {
      const r = await runAr(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
