/**
 * `ar letters` end to end: the shipped fixtures (as-of 2025-06-30) rendered to PDF and read back
 * with pdfjs. Every amount printed in a letter is checked against `ar age --by invoice` and
 * `ar fees` JSON for the same inputs, so a letter can never disagree with the reports:
 *   total   = Σ outstanding of the customer's overdue, undisputed invoices (age)
 *   fee     = Σ fee of the same invoices (fees, with the contract rate of the customer master)
 *   per day = Σ feePerDay; claim = total + fee; 大写 = daxieRmb(total) for Chinese CNY letters.
 * By hand for C001 (华东贸易): INV-2504-010 25,210.80 (46 days) + INV-2505-013 41,500.00 (17 days)
 * = 66,710.80 (人民币陆万陆仟柒佰壹拾元零捌角); per day 0.003 × 66,710.80 = 75.63 + 124.50 = 200.13.
 * Reply deadline: 2025-06-30 is a Monday, three business days later is Thursday 2025-07-03.
 * The golden files under test/golden/letters/ hold the manifest and every page's text;
 * regenerate them after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { dayFromYmd } from "../../src/engine/dates.js";
import { daxieRmb } from "../../src/engine/daxie.js";
import { Decimal, moneyGrouped } from "../../src/engine/money.js";
import { countInWords, letterIdOf, MAX_FILE_NAME_BYTES, resolveInside, safeFileName, uniqueFileNames } from "../../src/io/letters.js";
import { FIXTURES, ROOT, runAr } from "../helpers/cli.js";
import { csvRecords } from "../helpers/csv.js";
import { expectGolden, expectGoldenFile } from "../helpers/golden.js";

const AS_OF = dayFromYmd(2025, 6, 30);
const INPUTS = [path.join(FIXTURES, "ledger.csv"), "--customers", path.join(FIXTURES, "customers.csv"), "--config", path.join(FIXTURES, "ar.config.json"), "--as-of", "2025-06-30"];

interface PageText {
  lines: string[];
  compact: string;
}

async function readPdf(pdf: Uint8Array): Promise<PageText[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  const pages: PageText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    const byLine = new Map<number, { str: string; x: number }[]>();
    const all: string[] = [];
    for (const it of content.items) {
      if (!("str" in it) || it.str === "") continue;
      const key = Math.round(it.transform[5] as number);
      byLine.set(key, [...(byLine.get(key) ?? []), { str: it.str, x: it.transform[4] as number }]);
      all.push(it.str);
    }
    const lines = [...byLine.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, its]) => its.sort((a, b) => a.x - b.x).map((i) => i.str).join(" ").replace(/\s+/g, " ").trim());
    pages.push({ lines, compact: all.join("").replace(/\s+/g, "") });
  }
  await doc.destroy();
  return pages;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "ar-letters-"));

interface AgeItem {
  customerId: string;
  docNo: string;
  currency: string;
  docDate: string;
  dueDate: string;
  amount: string;
  outstanding: string;
  daysOverdue: number;
  tier: string | null;
  disputed: boolean;
}
interface FeeItem {
  customerId: string;
  docNo: string;
  currency: string;
  fee: string;
  feePerDay: string;
}
interface LetterJson {
  letterId: string;
  customerId: string;
  name: string;
  lang: "zh" | "en";
  currency: string;
  tier: string | null;
  overdue: string;
  fee: string;
  claim: string;
  replyDeadline: string;
  docNos: string[];
  pages: number;
  file: string;
  firstPage: number;
  sha256: string;
}
interface LettersJson {
  asOf: string;
  level: string;
  letters: LetterJson[];
  skipped: { customerId: string; reason: string }[];
}

/** Money figures as a letter prints them: 1,234.56. */
const MONEY = /(?<![\d,.])\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)/g;
const CONTRACT_RATES: Record<string, string> = { C018: "0.0005", C024: "0.001" };
const RATE_WORDS: Record<string, { zh: string; en: string }> = {
  "0.003": { zh: "千分之三", en: "0.3%" },
  "0.0005": { zh: "万分之五", en: "0.05%" },
  "0.001": { zh: "千分之一", en: "0.1%" },
};

async function letters(level: string, out: string, ...more: string[]) {
  return runAr(["letters", ...INPUTS, "--level", level, "--out", out, "--format", "json", ...more]);
}

describe("ar letters on the fixtures: every figure agrees with ar age and ar fees", () => {
  let ageItems: AgeItem[];
  let feeItems: FeeItem[];

  beforeAll(async () => {
    const aged = await runAr(["age", ...INPUTS, "--by", "invoice", "--format", "json"]);
    const fees = await runAr(["fees", ...INPUTS, "--format", "json"]);
    expect(aged.code).toBe(0);
    expect(fees.code).toBe(0);
    ageItems = (JSON.parse(aged.stdout) as { items: AgeItem[] }).items;
    feeItems = (JSON.parse(fees.stdout) as { items: FeeItem[] }).items;
  });

  for (const level of ["reminder", "notice", "final"] as const) {
    it(`${level}: one letter per customer with overdue, undisputed invoices, each figure checked; golden text`, async () => {
      const out = tmp();
      const r = await letters(level, out);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as LettersJson;

      // Who gets a letter: every (customer, currency) with an overdue, undisputed item, C025 (do_not_contact) aside.
      const overdue = ageItems.filter((it) => it.daysOverdue > 0 && !it.disputed);
      const expectedCustomers = [...new Set(overdue.map((it) => `${it.customerId} ${it.currency}`))].sort();
      expect(result.letters.map((l) => `${l.customerId} ${l.currency}`)).toEqual(expectedCustomers.filter((c) => !c.startsWith("C025 ")));
      expect(result.skipped).toEqual([{ customerId: "C025", name: "刘氏水果批发行", currency: "CNY", overdue: "17115.30", reason: "do_not_contact" }]);

      const manifest = csvRecords(readFileSync(path.join(out, "manifest.csv"), "utf8"));
      expect(manifest.map((m) => m.letter_id)).toEqual(result.letters.map((l) => l.letterId));
      let goldenText = `# manifest.csv (sha256 masked)\n${readFileSync(path.join(out, "manifest.csv"), "utf8").replace(/\b[0-9a-f]{64}\b/g, "<sha256>")}`;

      for (const [k, l] of result.letters.entries()) {
        const items = overdue.filter((it) => it.customerId === l.customerId && it.currency === l.currency);
        const fees = feeItems.filter((f) => f.customerId === l.customerId && f.currency === l.currency);
        expect(fees.map((f) => f.docNo).sort()).toEqual(items.map((it) => it.docNo).sort());
        const total = items.reduce((s, it) => s.plus(it.outstanding), new Decimal(0));
        const fee = fees.reduce((s, f) => s.plus(f.fee), new Decimal(0));
        const perDay = fees.reduce((s, f) => s.plus(f.feePerDay), new Decimal(0));
        const claim = total.plus(fee);
        expect(l.overdue).toBe(total.toFixed(2));
        expect(l.fee).toBe(fee.toFixed(2));
        expect(l.claim).toBe(claim.toFixed(2));
        expect(l.docNos).toEqual(items.map((it) => it.docNo));
        expect(l.replyDeadline).toBe("2025-07-03");

        const bytes = readFileSync(path.join(out, l.file));
        expect(sha256(bytes)).toBe(l.sha256);
        expect(manifest[k]!.sha256).toBe(l.sha256);
        expect(manifest[k]!.overdue_amount).toBe(l.overdue);
        expect(manifest[k]!.accrued_fee).toBe(l.fee);
        expect(manifest[k]!.tracking_number).toBe("");
        const pages = await readPdf(bytes);
        expect(pages).toHaveLength(l.pages);
        const lines = pages.flatMap((p) => p.lines);
        const text = pages.map((p) => p.compact).join("");

        // Each invoice row, whole, in the table.
        for (const it of items) {
          const row = `${it.docNo} ${it.docDate} ${it.dueDate} ${moneyGrouped(new Decimal(it.amount))} ${moneyGrouped(new Decimal(it.outstanding))} ${it.daysOverdue}`;
          expect(lines, `${l.letterId}: row ${row}`).toContain(row);
        }
        // The totals and fees, in figures.
        const expectedMoney = new Set([
          ...items.flatMap((it) => [moneyGrouped(new Decimal(it.amount)), moneyGrouped(new Decimal(it.outstanding))]),
          moneyGrouped(total),
          moneyGrouped(fee),
          moneyGrouped(perDay),
          moneyGrouped(claim),
        ]);
        for (const m of [moneyGrouped(total), moneyGrouped(fee), moneyGrouped(perDay)]) expect(text, `${l.letterId}: ${m}`).toContain(m);
        if (level !== "reminder") expect(text, `${l.letterId}: claim`).toContain(moneyGrouped(claim));
        // ...and no other amount anywhere in the letter.
        for (const m of lines.join("\n").match(MONEY) ?? []) expect(expectedMoney, `${l.letterId}: stray amount ${m}`).toContain(m);

        const rate = CONTRACT_RATES[l.customerId] ?? "0.003";
        expect(text).toContain(RATE_WORDS[rate]![l.lang]);
        expect(text).toContain(l.letterId);
        expect(text).toContain("1001234509123456789");
        if (l.lang === "zh") {
          if (l.currency === "CNY") expect(text).toContain(daxieRmb(total));
          expect(text).toContain("2025年7月3日");
          expect(text).toContain(`若三个工作日内未收到回复，将按照合同条款收取每日${RATE_WORDS[rate]!.zh}的滞纳金`);
          expect(text).toContain(`第1页/共${l.pages}页`);
        } else {
          expect(text).toContain("3July2025");
          expect(text).toContain(`Page1of${l.pages}`);
        }
        goldenText += `\n# ${l.file} (${l.pages} page${l.pages > 1 ? "s" : ""})\n${pages.map((p, i) => `## page ${i + 1}\n${p.lines.join("\n")}\n`).join("")}`;
      }
      expectGoldenFile(`letters/fixtures-${level}.txt`, goldenText);
    });
  }

  it("C001 by hand: 66,710.80, 大写, fee per day 200.13, deadline 2025年7月3日", async () => {
    const out = tmp();
    const r = await letters("final", out, "--customer", "C001");
    expect(r.code, r.stderr).toBe(0);
    const [page] = await readPdf(readFileSync(path.join(out, "AR-20250630-F-C001.pdf")));
    expect(page!.compact).toContain("66,710.80元（大写：人民币陆万陆仟柒佰壹拾元零捌角）");
    expect(page!.compact).toContain("此后每日增加人民币200.13元");
    expect(page!.compact).toContain("请贵公司于2025年7月3日前");
    expect(page!.lines).toContain("INV-2504-010 2025-04-15 2025-05-15 45,210.80 25,210.80 46");
    expect(page!.lines).toContain("INV-2505-013 2025-05-14 2025-06-13 41,500.00 41,500.00 17");
  });
});

describe("ar letters: output files", () => {
  it("is deterministic: two runs give the same bytes for every file and the same manifest", async () => {
    const a = tmp();
    const b = tmp();
    expect((await letters("notice", a)).code).toBe(0);
    expect((await letters("notice", b)).code).toBe(0);
    const files = readdirSync(a).sort();
    expect(readdirSync(b).sort()).toEqual(files);
    expect(files.filter((f) => f.endsWith(".pdf")).length).toBe(21);
    for (const f of files) expect(sha256(readFileSync(path.join(b, f))), f).toBe(sha256(readFileSync(path.join(a, f))));
    // Again into the same folder: the same bytes, no temporary leftovers.
    const before = readFileSync(path.join(a, "manifest.csv"), "utf8");
    expect((await letters("notice", a)).code).toBe(0);
    expect(readFileSync(path.join(a, "manifest.csv"), "utf8")).toBe(before);
    expect(readdirSync(a).sort()).toEqual(files);
  });

  it("a customer's letter is the same whatever else the run selects (id and bytes)", async () => {
    const all = tmp();
    const one = tmp();
    await letters("final", all);
    const r = await letters("final", one, "--customer", "C012");
    expect(r.code).toBe(0);
    expect(readdirSync(one).sort()).toEqual(["AR-20250630-F-C012.pdf", "manifest.csv"]);
    expect(sha256(readFileSync(path.join(one, "AR-20250630-F-C012.pdf")))).toBe(sha256(readFileSync(path.join(all, "AR-20250630-F-C012.pdf"))));
  });

  it("C012's 55 overdue invoices run over two pages, the table header repeated, page numbers on each", async () => {
    const out = tmp();
    const r = await letters("reminder", out, "--customer", "C012");
    expect(r.code).toBe(0);
    const pages = await readPdf(readFileSync(path.join(out, "AR-20250630-R-C012.pdf")));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const header = "单据号 开票日期 到期日 金额（元） 未付金额（元） 逾期天数";
    expect(pages[0]!.lines).toContain(header);
    expect(pages[1]!.lines).toContain(header);
    const rows = pages.flatMap((p) => p.lines.filter((l) => /^INV-\d{4}-\d{3} /.test(l)));
    expect(rows).toHaveLength(55);
    expect(new Set(rows).size).toBe(55);
    pages.forEach((p, i) => expect(p.compact).toContain(`第${i + 1}页/共${pages.length}页`));
    // Totals: 141,768.00 (91+) + 36,432.00 + 35,244.00 + 36,432.00 = 249,876.00.
    expect(pages.map((p) => p.compact).join("")).toContain("249,876.00");
  });

  it("--combined writes one PDF; the manifest says where each letter starts", async () => {
    const out = tmp();
    const r = await letters("final", out, "--combined");
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(["AR-20250630-final-combined.pdf", "manifest.csv"]);
    const pdf = readFileSync(path.join(out, files[0]!));
    const manifest = csvRecords(readFileSync(path.join(out, "manifest.csv"), "utf8"));
    expect(manifest).toHaveLength(21);
    const pages = await readPdf(pdf);
    let next = 1;
    for (const m of manifest) {
      expect(m.file).toBe(files[0]);
      expect(m.sha256).toBe(sha256(pdf));
      expect(Number(m.first_page)).toBe(next);
      expect(pages[next - 1]!.compact).toContain(m.letter_id);
      next += Number(m.pages);
    }
    expect(pages).toHaveLength(next - 1);
  });

  it("--combined --duplex starts every letter on an odd page", async () => {
    const out = tmp();
    const r = await letters("final", out, "--combined", "--duplex", "--tier", "C");
    expect(r.code, r.stderr).toBe(0);
    const manifest = csvRecords(readFileSync(path.join(out, "manifest.csv"), "utf8"));
    for (const m of manifest) expect(Number(m.first_page) % 2).toBe(1);
    const pages = await readPdf(readFileSync(path.join(out, "AR-20250630-final-combined.pdf")));
    for (const m of manifest) expect(pages[Number(m.first_page) - 1]!.compact).toContain(m.letter_id);
  });

  it("the manifest is what ar log import-manifest reads", async () => {
    const dir = tmp();
    const out = path.join(dir, "letters");
    expect((await letters("final", out, "--customer", "C001", "C005")).code).toBe(0);
    const manifestPath = path.join(out, "manifest.csv");
    const text = readFileSync(manifestPath, "utf8");
    const lines = text.split("\n");
    lines[1] = lines[1]!.replace(/,$/, ",RR123456789CN"); // the mailroom fills in one tracking number
    writeFileSync(manifestPath, lines.join("\n"));
    const events = path.join(dir, "events.csv");
    const r = await runAr(["log", "import-manifest", manifestPath, "--events", events, "--date", "2025-07-01", "--as-of", "2025-07-02", "--format", "csv"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("1 letter(s) without a tracking number yet");
    const log = readFileSync(events, "utf8");
    const sha = csvRecords(text)[0]!.sha256;
    expect(log).toContain("C001,letter_sent");
    expect(log).toContain("RR123456789CN");
    expect(log).toContain(`letters/AR-20250630-F-C001.pdf#${sha}`);
    expect(log).toContain(",66710.80,");
  });

  it("a combined PDF's manifest records one letter_sent per customer, and a re-run adds nothing", async () => {
    const dir = tmp();
    const out = path.join(dir, "letters");
    expect((await letters("final", out, "--customer", "C001", "C005", "--combined")).code).toBe(0);
    const manifestPath = path.join(out, "manifest.csv");
    const lines = readFileSync(manifestPath, "utf8").split("\n");
    lines[1] = lines[1]!.replace(/,$/, ",RR000000001CN");
    lines[2] = lines[2]!.replace(/,$/, ",RR000000002CN");
    writeFileSync(manifestPath, lines.join("\n"));
    const events = path.join(dir, "events.csv");
    const args = ["log", "import-manifest", manifestPath, "--events", events, "--date", "2025-07-01", "--as-of", "2025-07-02", "--format", "csv"];
    const r = await runAr(args);
    expect(r.code, r.stderr).toBe(0);
    const log = readFileSync(events, "utf8");
    expect(log).toContain("C001,letter_sent");
    expect(log).toContain("C005,letter_sent");
    const again = await runAr(args);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/already recorded/g)).toHaveLength(2);
    expect(readFileSync(events, "utf8")).toBe(log);
  });
});

describe("ar letters: stdout", () => {
  it("table (zh), csv and json list the letters written and the customers skipped (golden)", async () => {
    const cwd = tmp();
    const base = ["letters", ...INPUTS, "--level", "final", "--out", "letters", "--tier", "B", "--customer", "C001", "C005", "C025", "C027"];
    const table = await runAr([...base, "--format", "table"], { cwd });
    expect(table.code).toBe(0);
    expectGolden("letters/stdout-table-zh.txt", table);
    const csv = await runAr([...base, "--format", "csv"], { cwd });
    expectGolden("letters/stdout.csv", { ...csv, stdout: csv.stdout.replace(/\b[0-9a-f]{64}\b/g, "<sha256>") });
    const json = await runAr([...base, "--format", "json"], { cwd });
    expectGolden("letters/stdout.json", { ...json, stdout: json.stdout.replace(/\b[0-9a-f]{64}\b/g, "<sha256>") });
    expect(csv.stderr).toBe("ar: C025 刘氏水果批发行: do_not_contact in the customer master; skipped\n");
  });

  it("no letter to write: exit 0, a manifest with its header only, and a note in the table", async () => {
    const cwd = tmp();
    const r = await runAr(["letters", ...INPUTS, "--level", "final", "--out", "letters", "--min-amount", "1000000000", "--format", "table", "--lang", "en"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Final demands 2025-06-30: 0 letter(s) → ${path.join("letters", "manifest.csv")}\nNo letters: no selected customer has overdue, undisputed invoices.\n`);
    expect(readdirSync(path.join(cwd, "letters"))).toEqual(["manifest.csv"]);
    expect(readFileSync(path.join(cwd, "letters", "manifest.csv"), "utf8")).toBe(
      "letter_id,level,customer_id,customer_name,contact_name,address,postcode,phone,lang,currency,overdue_amount,accrued_fee,items,pages,file,first_page,sha256,tracking_number\n",
    );
  });

  it("-o writes the listing to a file; -o onto the manifest is refused", async () => {
    const cwd = tmp();
    const r = await runAr(["letters", ...INPUTS, "--level", "final", "--out", "letters", "--customer", "C001", "--format", "json", "-o", "letters.json"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect((JSON.parse(readFileSync(path.join(cwd, "letters.json"), "utf8")) as LettersJson).letters[0]!.file).toBe("AR-20250630-F-C001.pdf");
    const bad = await runAr(["letters", ...INPUTS, "--level", "final", "--out", "letters", "--customer", "C001", "-o", "letters/manifest.csv"], { cwd });
    expect(bad.code).toBe(2);
  });
});

describe("ar letters: selection", () => {
  it("--tier C: the tier-C customers of ar age", async () => {
    const out = tmp();
    const r = await letters("final", out, "--tier", "C");
    expect(r.code).toBe(0);
    const ids = (JSON.parse(r.stdout) as LettersJson).letters.map((l) => l.customerId);
    expect(ids).toEqual(["C003", "C011", "C012", "C014", "C018", "C023", "C024", "C028"]);
    expect((JSON.parse(r.stdout) as LettersJson).letters.every((l) => l.tier === "C")).toBe(true);
  });

  it("--tier B,C and --min-amount combine", async () => {
    const out = tmp();
    const r = await letters("notice", out, "--tier", "b,c", "--min-amount", "100,000");
    expect(r.code).toBe(0);
    // Overdue totals ≥ 100,000.00: C011 162,650.00, C012 249,876.00, C018 296,720.00, C024 112,450.00.
    expect((JSON.parse(r.stdout) as LettersJson).letters.map((l) => `${l.customerId} ${l.overdue}`)).toEqual(["C011 162650.00", "C012 249876.00", "C018 296720.00", "C024 112450.00"]);
  });

  it("--min-amount keeps a letter whose total equals the minimum", async () => {
    const r = await letters("notice", tmp(), "--min-amount", "112450.00");
    expect((JSON.parse(r.stdout) as LettersJson).letters.map((l) => l.customerId)).toEqual(["C011", "C012", "C018", "C024"]);
  });

  it("--customer lists customers; one with nothing overdue gets a warning, an unknown one is a usage error", async () => {
    const r = await letters("final", tmp(), "--customer", "C005", "C001", "C008");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as LettersJson).letters.map((l) => l.customerId)).toEqual(["C001", "C005"]);
    expect(r.stderr).toContain("C008: nothing overdue and undisputed at 2025-06-30; no letter");
    const out = tmp();
    const bad = await letters("final", path.join(out, "x"), "--customer", "C999");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("C999");
    expect(existsSync(path.join(out, "x"))).toBe(false);
  });

  it("do_not_contact C025 is skipped: no file, listed on stderr and in stdout (json, csv, table)", async () => {
    const out = tmp();
    const r = await letters("final", out, "--customer", "C025", "C001");
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["AR-20250630-F-C001.pdf", "manifest.csv"]);
    expect(r.stderr).toContain("C025 刘氏水果批发行: do_not_contact in the customer master; skipped");
    expect((JSON.parse(r.stdout) as LettersJson).skipped).toEqual([{ customerId: "C025", name: "刘氏水果批发行", currency: "CNY", overdue: "17115.30", reason: "do_not_contact" }]);
    const csv = await runAr(["letters", ...INPUTS, "--level", "final", "--out", tmp(), "--customer", "C025", "C001", "--format", "csv"]);
    const rows = csvRecords(csv.stdout);
    expect(rows.map((row) => [row.customer_id, row.status, row.reason])).toEqual([
      ["C001", "written", ""],
      ["C025", "skipped", "do_not_contact"],
    ]);
    const table = await runAr(["letters", ...INPUTS, "--level", "final", "--out", tmp(), "--customer", "C025", "C001", "--format", "table", "--lang", "en"]);
    expect(table.stdout).toContain("Skipped (do not contact):\n  C025 刘氏水果批发行 (CNY 17,115.30)");
  });

  it("language: the customer master's lang, unless --lang says otherwise", async () => {
    const r = await letters("final", tmp(), "--customer", "C001", "C005");
    expect((JSON.parse(r.stdout) as LettersJson).letters.map((l) => l.lang)).toEqual(["zh", "en"]);
    const out = tmp();
    const en = await letters("final", out, "--customer", "C001", "--lang", "en");
    expect((JSON.parse(en.stdout) as LettersJson).letters[0]!.lang).toBe("en");
    const [page] = await readPdf(readFileSync(path.join(out, "AR-20250630-F-C001.pdf")));
    expect(page!.compact).toContain("FinalDemandforPayment");
    expect(page!.compact).toContain("66,710.80");
  });

  it("--holidays moves the reply deadline: 2025-07-01 off gives Friday 2025-07-04", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "holidays.csv"), "date,kind\n2025-07-01,off\n");
    const out = path.join(dir, "out");
    const r = await letters("final", out, "--customer", "C001", "--holidays", path.join(dir, "holidays.csv"));
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as LettersJson).letters[0]!.replyDeadline).toBe("2025-07-04");
    const [page] = await readPdf(readFileSync(path.join(out, "AR-20250630-F-C001.pdf")));
    expect(page!.compact).toContain("2025年7月4日");
  });
});

describe("ar letters: errors write nothing", () => {
  function configWithout(mutate: (c: { company: Record<string, unknown> }) => void): string {
    const dir = tmp();
    const config = JSON.parse(readFileSync(path.join(FIXTURES, "ar.config.json"), "utf8")) as { company: Record<string, unknown> };
    mutate(config);
    writeFileSync(path.join(dir, "ar.config.json"), JSON.stringify(config));
    return path.join(dir, "ar.config.json");
  }
  const withConfig = (config: string) => [path.join(FIXTURES, "ledger.csv"), "--customers", path.join(FIXTURES, "customers.csv"), "--config", config, "--as-of", "2025-06-30"];

  it("no company.bank: exit 2 naming the keys, no folder, no file", async () => {
    const out = path.join(tmp(), "letters");
    const r = await runAr(["letters", ...withConfig(configWithout((c) => delete c.company.bank)), "--level", "final", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("company.bank.name, company.bank.accountName, company.bank.accountNumber");
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("a field the letter templates print is missing (company.address): exit 2 before anything is read, with SPEC's keys in the same message", async () => {
    const out = tmp();
    const r = await runAr(["letters", ...withConfig(configWithout((c) => delete c.company.address)), "--level", "final", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ar\.config\.json: documents need company\.address \(see fixtures\/ar\.config\.json/);
    expect(readdirSync(out)).toEqual([]);
    const both = await runAr(["letters", ...withConfig(configWithout((c) => (delete c.company.address, delete c.company.bank))), "--level", "final", "--out", out]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/documents need company\.bank\.name, company\.bank\.accountName, company\.bank\.accountNumber, company\.address \(/);
    expect(both.stderr.split("\n").filter((l) => l !== "")).toHaveLength(1);
  });

  it("optional company fields (postcode, phone, email) not configured: their lines are left out, every letter is written", async () => {
    const out = tmp();
    const r = await runAr(["letters", ...withConfig(configWithout((c) => (delete c.company.postcode, delete c.company.phone, delete c.company.email, delete c.company.en))), "--level", "reminder", "--out", out, "--format", "json"]);
    expect(r.stderr).not.toMatch(/company\./);
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith(".pdf")).length).toBeGreaterThan(0);
  });

  it("a user template asking for a field the data lacks: exit 2, nothing written, the existing folder untouched", async () => {
    const dir = tmp();
    const templates = path.join(dir, "my-letters");
    mkdirSync(path.join(templates, "zh"), { recursive: true });
    mkdirSync(path.join(templates, "en"), { recursive: true });
    for (const lang of ["zh", "en"]) {
      const builtin = readFileSync(path.join(ROOT, "templates/letters", lang, "final.hbs"), "utf8");
      // Only the English letters ask for a fax number: the Chinese ones render, and are still not written.
      writeFileSync(path.join(templates, lang, "final.hbs"), lang === "en" ? builtin.replace("{{recipient.phone}}", "{{recipient.fax}}") : builtin);
    }
    const out = path.join(dir, "out");
    mkdirSync(out);
    writeFileSync(path.join(out, "keep.txt"), "x");
    const r = await letters("final", out, "--template", templates);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing field "recipient\.fax".*\(customer C004\)/);
    expect(readdirSync(out)).toEqual(["keep.txt"]);
  });

  it("--out naming a file is a usage error; a missing folder is created with its parents", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "file"), "x");
    const r = await letters("final", path.join(dir, "file"), "--customer", "C001");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("exists and is not a folder");
    const nested = path.join(dir, "a", "b", "c");
    expect((await letters("final", nested, "--customer", "C001")).code).toBe(0);
    expect(statSync(path.join(nested, "AR-20250630-F-C001.pdf")).isFile()).toBe(true);
  });

  it("bad flags: --level, --tier, --min-amount, --duplex without --combined", async () => {
    const out = tmp();
    expect((await runAr(["letters", ...INPUTS, "--level", "urgent", "--out", out])).code).toBe(2);
    expect((await runAr(["letters", ...INPUTS, "--out", out])).code).toBe(2);
    expect((await letters("final", out, "--tier", "D")).code).toBe(2);
    expect((await letters("final", out, "--min-amount", "-5")).code).toBe(2);
    expect((await letters("final", out, "--min-amount", "lots")).code).toBe(2);
    expect((await letters("final", out, "--duplex")).code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });

  it("--out would overwrite an input: usage error", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "manifest.csv"), readFileSync(path.join(FIXTURES, "ledger.csv")));
    const r = await runAr(["letters", path.join(dir, "manifest.csv"), "--customers", path.join(FIXTURES, "customers.csv"), "--config", path.join(FIXTURES, "ar.config.json"), "--as-of", "2025-06-30", "--level", "final", "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("would overwrite the input");
  });
});

describe("file names", () => {
  it("keep A-Z a-z 0-9 . _ -, one _ per other character, device names prefixed, 100 bytes at most", () => {
    expect(safeFileName("AR-20250630-F-C001", ".pdf")).toBe("AR-20250630-F-C001.pdf");
    expect(safeFileName("../../etc/x", ".pdf")).toBe("_.._.._etc_x.pdf");
    expect(safeFileName("..", ".pdf")).toBe("___.pdf");
    expect(safeFileName(".hidden", "")).toBe("_.hidden");
    expect(safeFileName("客户😀", ".pdf")).toBe("___.pdf");
    expect(safeFileName("CON", ".pdf")).toBe("_CON.pdf");
    expect(safeFileName("con", "")).toBe("_con");
    expect(safeFileName("nul.txt", "")).toBe("_nul.txt");
    expect(safeFileName("COM1", ".pdf")).toBe("_COM1.pdf");
    expect(safeFileName("LPT9.tar", ".gz")).toBe("_LPT9.tar.gz");
    expect(safeFileName("COM0", ".pdf")).toBe("COM0.pdf");
    expect(safeFileName("CONSOLE", ".pdf")).toBe("CONSOLE.pdf");
    expect(safeFileName("a.", "")).toBe("a_");
    expect(safeFileName("", ".pdf")).toBe("_.pdf");
    const long = safeFileName("x".repeat(300), ".pdf");
    expect(long).toBe(`${"x".repeat(96)}.pdf`);
    expect(Buffer.byteLength(long)).toBe(MAX_FILE_NAME_BYTES);
  });

  it("collisions get -2, -3 …, ignoring case, still within 100 bytes", () => {
    expect(uniqueFileNames(["a.pdf", "A.pdf", "a.pdf", "a-2.pdf"])).toEqual(["a.pdf", "A-2.pdf", "a-3.pdf", "a-2-2.pdf"]);
    const long = `${"y".repeat(96)}.pdf`;
    const [first, second] = uniqueFileNames([long, long]);
    expect(first).toBe(long);
    expect(second).toBe(`${"y".repeat(94)}-2.pdf`);
  });

  it("resolveInside refuses anything that is not a direct child of the folder", () => {
    expect(resolveInside("/tmp/out", "a.pdf")).toBe("/tmp/out/a.pdf");
    for (const bad of ["../a.pdf", "..", ".", "", "x/y.pdf", "/etc/passwd", "a\\b"]) expect(() => resolveInside("/tmp/out", bad)).toThrow();
  });

  it("letter ids: as-of, level code, customer, currency when the customer has several", () => {
    expect(letterIdOf(AS_OF, "final", "C001", null)).toBe("AR-20250630-F-C001");
    expect(letterIdOf(AS_OF, "reminder", "C004", "USD")).toBe("AR-20250630-R-C004-USD");
    expect(letterIdOf(AS_OF, "notice", "a\u0007b", null)).toBe("AR-20250630-N-a_b");
  });

  it("counts in words for the reply clause", () => {
    expect([3, 10, 15, 21, 99, 100].map((n) => countInWords(n, "zh"))).toEqual(["三", "十", "十五", "二十一", "九十九", "100"]);
    expect([3, 20, 21].map((n) => countInWords(n, "en"))).toEqual(["three", "twenty", "21"]);
  });

  it("hostile customer ids give safe, distinct files inside --out and nowhere else", async () => {
    const dir = tmp();
    const long = `L${"0123456789".repeat(30)}`;
    const ids = ["../../etc/x", "CON", long, "客户😀", "a/b", "a_b", "A_B", "=cmd|' /C calc'!A0", ".."];
    let ledger = "doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,currency\n";
    ids.forEach((id, i) => (ledger += `INV-${i},invoice,"${id.replace(/"/g, '""')}",Name ${i},2025-04-01,2025-05-01,${1000 + i}.00,CNY\n`));
    // Two currencies for one customer: two letters, ids ending in the currency.
    ledger += "INV-U,invoice,CON,Name 1,2025-04-01,2025-05-01,50.00,USD\n";
    writeFileSync(path.join(dir, "ledger.csv"), ledger);
    const out = path.join(dir, "out");
    const before = readdirSync(dir).sort();
    const r = await runAr(["letters", path.join(dir, "ledger.csv"), "--config", path.join(FIXTURES, "ar.config.json"), "--as-of", "2025-06-30", "--level", "final", "--out", out, "--format", "json", "--lang", "en"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...before, "out"].sort());
    const result = JSON.parse(r.stdout) as LettersJson;
    expect(result.letters).toHaveLength(ids.length + 1);
    const files = readdirSync(out).sort();
    expect(files).toEqual([...result.letters.map((l) => l.file), "manifest.csv"].sort());
    const lower = new Set<string>();
    for (const f of files) {
      expect(f).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(100);
      expect(f.split(".")[0]).not.toMatch(/^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i);
      expect(statSync(path.join(out, f)).isFile()).toBe(true);
      lower.add(f.toLowerCase());
    }
    expect(lower.size).toBe(files.length);
    const byCustomer = new Map(result.letters.map((l) => [`${l.customerId} ${l.currency}`, l]));
    expect(byCustomer.get("../../etc/x CNY")!.file).toBe("AR-20250630-F-.._.._etc_x.pdf");
    expect(byCustomer.get("CON CNY")!.letterId).toBe("AR-20250630-F-CON-CNY");
    expect(byCustomer.get("CON USD")!.letterId).toBe("AR-20250630-F-CON-USD");
    expect(byCustomer.get(`${long} CNY`)!.file).toHaveLength(100);
    expect(byCustomer.get("客户😀 CNY")!.file).toBe("AR-20250630-F-___.pdf");
    // a/b, a_b and A_B all become AR-20250630-F-a_b.pdf (ignoring case): suffixes in customer order.
    expect(["A_B", "a/b", "a_b"].map((id) => byCustomer.get(`${id} CNY`)!.file)).toEqual(["AR-20250630-F-A_B.pdf", "AR-20250630-F-a_b-2.pdf", "AR-20250630-F-a_b-3.pdf"]);
    // The manifest keeps the customer ids as they are, formula-safe.
    const manifest = csvRecords(readFileSync(path.join(out, "manifest.csv"), "utf8"));
    expect(manifest.map((m) => m.customer_id)).toContain("'=cmd|' /C calc'!A0");
    expect(manifest.map((m) => m.customer_id)).toContain("../../etc/x");
    for (const l of result.letters) expect(sha256(readFileSync(path.join(out, l.file)))).toBe(l.sha256);
  });
});

describe("progress", () => {
  it("a progress bar on a terminal's stderr for a large batch; none when stderr is not a terminal", async () => {
    const dir = tmp();
    let ledger = "doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,currency\n";
    for (let i = 0; i < 60; i++) ledger += `INV-${i},invoice,K${String(i).padStart(3, "0")},Kunde ${i},2025-04-01,2025-05-01,100.00,CNY\n`;
    writeFileSync(path.join(dir, "ledger.csv"), ledger);
    const args = ["letters", path.join(dir, "ledger.csv"), "--config", path.join(FIXTURES, "ar.config.json"), "--as-of", "2025-06-30", "--level", "reminder", "--lang", "en", "--format", "csv"];
    let stderr = "";
    const code = await runCli([...args, "--out", path.join(dir, "tty")], {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: (s: string | Uint8Array) => ((stderr += String(s)), true), isTTY: true },
      stdin: Readable.from([]),
      env: { NO_COLOR: "1" },
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(stderr).toContain("\rar letters [");
    expect(stderr).toContain("100%");
    expect(stderr.endsWith("\r\x1b[K")).toBe(true);
    const plain = await runAr([...args, "--out", path.join(dir, "plain")]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain("\r");
  });
});

describe("company.en: the company as English documents print it", () => {
  const config = (en: unknown) => {
    const dir = tmp();
    const c = JSON.parse(readFileSync(path.join(FIXTURES, "ar.config.json"), "utf8")) as { company: Record<string, unknown> };
    c.company.en = en;
    writeFileSync(path.join(dir, "ar.config.json"), JSON.stringify(c));
    return path.join(dir, "ar.config.json");
  };
  const args = (cfg: string, lang: string, out: string) => ["letters", path.join(FIXTURES, "ledger.csv"), "--customers", path.join(FIXTURES, "customers.csv"), "--config", cfg, "--as-of", "2025-06-30", "--level", "final", "--customer", "C004", "--lang", lang, "--out", out];

  it("English letters take each field from company.en where it has one, the rest from company; Chinese letters are unchanged", async () => {
    const cfg = config({ name: "Shanghai Mingde Trading Co., Ltd.", address: "Room 806, 168 Jiangning Road, Shanghai", bank: { name: "ICBC Shanghai Jiangning Road Sub-branch" } });
    const en = path.join(tmp(), "en");
    const r = await runAr(args(cfg, "en", en));
    expect(r.code, r.stderr).toBe(0);
    const file = readdirSync(en).find((f) => f.endsWith(".pdf"))!;
    const text = (await readPdf(readFileSync(path.join(en, file)))).map((p) => p.compact).join("");
    expect(text).toContain("ShanghaiMingdeTradingCo.,Ltd.");
    expect(text).toContain("Room806,168JiangningRoad,Shanghai");
    expect(text).toContain("ICBCShanghaiJiangningRoadSub-branch");
    // Not given in English: the account name and number as configured.
    expect(text).toContain("上海明德商贸有限公司");
    expect(text).toContain("1001234509123456789");
    expect(text).not.toContain("上海市静安区江宁路168号");
    const zh = path.join(tmp(), "zh");
    expect((await runAr(args(cfg, "zh", zh))).code).toBe(0);
    const zhText = (await readPdf(readFileSync(path.join(zh, readdirSync(zh).find((f) => f.endsWith(".pdf"))!)))).map((p) => p.compact).join("");
    expect(zhText).toContain("上海市静安区江宁路168号");
    expect(zhText).not.toContain("Mingde");
  });

  it("an unknown or mistyped key under company.en is a usage error naming its path", async () => {
    const out = path.join(tmp(), "x");
    const unknown = await runAr(args(config({ fax: "1" }), "en", out));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("company.en.fax");
    const nested = await runAr(args(config({ en: {} }), "en", out));
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain("company.en.en");
    const typed = await runAr(args(config({ bank: { accountNumber: 12 } }), "en", out));
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain("company.en.bank.accountNumber");
    expect(existsSync(out)).toBe(false);
  });
});
