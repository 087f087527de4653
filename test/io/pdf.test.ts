/**
 * Demand letters end to end at the document layer: sample data → template → document model →
 * PDF, read back with pdfjs. Sample figures are worked by hand in src/bench/letter-samples.ts
 * (80,000.00 outstanding, fee 15,090.00, 240.00 per day, claim 95,090.00).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { longLetter, sampleLetter } from "../../src/bench/letter-samples.js";
import { letterDocument, type LetterData } from "../../src/io/document/letter-data.js";
import type { Lang } from "../../src/io/document/model.js";
import { loadTemplate, templateFromString, TemplateError } from "../../src/io/document/template.js";
import { renderCombinedPdf, renderPdf } from "../../src/io/pdf/render.js";

interface TextItem {
  str: string;
  x: number;
  y: number; // baseline, from the bottom of the page
  width: number;
}
interface PageText {
  items: TextItem[];
  /** Lines top to bottom, items on a line joined in x order. */
  lines: string[];
  /** All text with every space removed, for phrases that wrap across lines. */
  compact: string;
}

async function readPdf(pdf: Buffer): Promise<PageText[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  const pages: PageText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    const items: TextItem[] = [];
    for (const it of content.items) {
      if (!("str" in it) || it.str === "") continue;
      items.push({ str: it.str, x: it.transform[4] as number, y: it.transform[5] as number, width: it.width });
    }
    const byLine = new Map<number, TextItem[]>();
    for (const it of items) {
      const key = Math.round(it.y);
      byLine.set(key, [...(byLine.get(key) ?? []), it]);
    }
    const lines = [...byLine.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, its]) => its.sort((a, b) => a.x - b.x).map((i) => i.str).join(" ").replace(/\s+/g, " ").trim());
    pages.push({ items, lines, compact: items.map((i) => i.str).join("").replace(/\s+/g, "") });
  }
  await doc.destroy();
  return pages;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const letter = (data: LetterData) => renderPdf(letterDocument(data, loadTemplate(`letters/${data.lang}/${data.level}.hbs`)));

const PAGE_WIDTH = 595.28;
const MARGIN_X = 62;

describe.each([
  ["zh", "reminder"],
  ["zh", "notice"],
  ["zh", "final"],
  ["en", "reminder"],
  ["en", "notice"],
  ["en", "final"],
] as const)("%s %s letter", (lang: Lang, level) => {
  const data = sampleLetter(lang, level);
  const pdf = letter(data);

  it("is a one-page A4 PDF under 150 KB with every figure of the data", async () => {
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeLessThan(150 * 1024);
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
    const pages = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.compact;
    for (const s of [data.company.name, data.recipient.company, data.letterId, "80,000.00", "15,090.00", "240.00", data.replyDeadline, data.company.bank.name, data.company.bank.accountNumber, "HD-2025-0311", "HD-2025-0418"]) {
      expect(text).toContain(s.replace(/\s+/g, ""));
    }
    // The friendly reminder mentions the fee but does not add up a claim.
    if (level !== "reminder") expect(text).toContain("95,090.00");
    if (lang === "zh") {
      expect(text).toContain("人民币捌万元整");
      expect(text).toContain("若三个工作日内未收到回复，将按照合同条款收取每日千分之三的滞纳金");
      expect(text).toContain("第1页/共1页");
    } else {
      expect(text).toContain("If we receive no reply within three business days, the late fee of 0.3% per day will be charged".replace(/\s+/g, ""));
      expect(text).toContain("Page1of1");
    }
  });

  it("prints money right-aligned in the table: amounts end at the same x", async () => {
    const [page] = await readPdf(pdf);
    const ends = page!.items.filter((i) => /^\d{2},000\.00$/.test(i.str)).map((i) => i.x + i.width);
    // 50,000.00 and 30,000.00 in two columns, and the total 80,000.00 under the second.
    const columns = [...new Set(ends.map((e) => Math.round(e)))];
    expect(columns.length).toBeLessThanOrEqual(3);
    expect(ends.length).toBeGreaterThanOrEqual(5);
  });
});

describe("level wording", () => {
  it("the final demand cites the contract and warns of legal action; the reminder does not", async () => {
    const final = (await readPdf(letter(sampleLetter("zh", "final"))))[0]!.compact;
    const reminder = (await readPdf(letter(sampleLetter("zh", "reminder"))))[0]!.compact;
    expect(final).toContain("催款函");
    expect(final).toContain("诉讼");
    expect(reminder).toContain("付款提醒函");
    expect(reminder).not.toContain("诉讼");
    const finalEn = (await readPdf(letter(sampleLetter("en", "final"))))[0]!.compact;
    expect(finalEn).toContain("legalproceedings");
  });
});

describe("determinism", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the same letter renders to the same bytes, whatever was rendered before and whatever the clock says", () => {
    const first = letter(sampleLetter("zh", "final"));
    letter(sampleLetter("en", "notice")); // fills the shared font caches differently
    letter(longLetter("zh", 60));
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-01-02T03:04:05Z"));
    const again = letter(sampleLetter("zh", "final"));
    expect(sha256(again)).toBe(sha256(first));
    expect(again.equals(first)).toBe(true);
  });

  it("a fresh process (fonts parsed anew, empty caches) writes the same bytes", async () => {
    const before = letter(sampleLetter("zh", "notice"));
    vi.resetModules();
    const fresh = await import("../../src/io/pdf/render.js");
    const freshData = await import("../../src/io/document/letter-data.js");
    const freshTemplates = await import("../../src/io/document/template.js");
    const data = sampleLetter("zh", "notice");
    const after = fresh.renderPdf(freshData.letterDocument(data, freshTemplates.loadTemplate("letters/zh/notice.hbs")));
    expect(sha256(after)).toBe(sha256(before));
  });

  it("the creation date is the as-of date and the file ID comes from the document info", () => {
    const raw = letter(sampleLetter("zh", "final")).toString("latin1");
    expect(raw).toContain("(D:20250630000000Z)");
    expect(letterDocument(sampleLetter("zh", "final"), loadTemplate("letters/zh/final.hbs")).meta.title).toBe("催款函");
    const ids = /\/ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\]/.exec(raw);
    expect(ids).not.toBeNull();
    const other = letter(sampleLetter("zh", "final", 2)).toString("latin1");
    expect(other).not.toContain(ids![1]); // another letter id, another file ID
  });

  it("embeds subsets of the packaged Noto Sans Hans with stable tags, and no other font", () => {
    const raw = letter(sampleLetter("en", "final")).toString("latin1");
    const fonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6})\+(\S+)/g)].map((m) => `${m[1]}+${m[2]}`);
    expect(new Set(fonts)).toEqual(new Set(["BZZZZZ+NotoSansHans-Bold", "CZZZZZ+NotoSansHans-Regular"]));
    expect(raw).toContain("/FontFile3");
    expect(raw).toContain("/CIDFontType0C");
    expect(raw).not.toMatch(/Helvetica|Times|Courier/);
  });
});

describe("long tables", () => {
  const data = longLetter("zh", 60);
  const pdfPromise = readPdf(letter(data));

  it("a 60-invoice letter spans several pages, numbered per page", async () => {
    const pages = await pdfPromise;
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((p, i) => expect(p.compact).toContain(`第${i + 1}页/共${pages.length}页`));
  });

  it("repeats the header on every page the table reaches and never splits a row", async () => {
    const pages = await pdfPromise;
    const seen: string[] = [];
    for (const page of pages) {
      const rowLines = page.lines.filter((l) => /^INV-\d{5}/.test(l));
      if (rowLines.length === 0) continue;
      const header = page.lines.findIndex((l) => l.startsWith("单据号"));
      const firstRow = page.lines.findIndex((l) => /^INV-\d{5}/.test(l));
      expect(header).toBeGreaterThanOrEqual(0);
      expect(header).toBeLessThan(firstRow);
      for (const l of rowLines) {
        // A whole row on one line: number, both dates, both amounts, days.
        expect(l).toMatch(/^INV-(\d{5}) \d{4}-\d{2}-\d{2} \d{4}-\d{2}-\d{2} 1,000\.00 1,000\.00 \d+$/);
        seen.push(l.slice(0, 9));
      }
    }
    expect(seen).toEqual(data.items.map((i) => i.docNo));
  });

  it("keeps the total row with the last invoice", async () => {
    const pages = await pdfPromise;
    const last = pages.find((p) => p.lines.some((l) => l.startsWith("INV-00060")))!;
    const i = last.lines.findIndex((l) => l.startsWith("INV-00060"));
    expect(last.lines[i + 1]).toBe("合计 60,000.00");
  });
});

describe("long text wraps inside the margins", () => {
  it("a long company name, address and invoice number wrap and stay whole", async () => {
    const data = sampleLetter("zh", "final");
    data.recipient.company = "中华人民共和国上海市浦东新区陆家嘴金融贸易区国际商务中心特别长名称的进出口贸易与供应链管理服务有限责任公司第一分公司";
    data.recipient.address = "上海市浦东新区陆家嘴环路一千号恒生银行大厦二十八楼二八零一至二八零八室（近东方明珠电视塔，乘坐地铁二号线至陆家嘴站四号口出）";
    data.items[0]!.docNo = "HD-2025-0311-SUPPLEMENTARY-AGREEMENT-NO-00000017";
    data.company.bank.accountNumber = "6222020200112233445566778899001122334455667788990011";
    const pages = await readPdf(letter(data));
    for (const page of pages) {
      for (const item of page.items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(MARGIN_X - 0.5);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(PAGE_WIDTH - MARGIN_X + 0.5);
      }
    }
    // The long invoice number wraps inside its cell; the dates beside it stay whole.
    expect(pages[0]!.lines.some((l) => l.includes("2025-03-16 2025-04-15 50,000.00 50,000.00 76"))).toBe(true);
    const all = pages.map((p) => p.compact).join("");
    expect(all).toContain(data.recipient.company);
    expect(all).toContain(data.recipient.address);
    expect(all).toContain(data.items[0]!.docNo);
    expect(all).toContain(data.company.bank.accountNumber);
  });

  it("English words wrap at spaces", async () => {
    const data = sampleLetter("en", "final");
    data.recipient.company = "The Extraordinarily Long-Named International Import and Export Trading Company of Greater Kowloon and the New Territories Limited";
    const pages = await readPdf(letter(data));
    const lines = pages[0]!.lines;
    const first = lines.findIndex((l) => l.startsWith("The Extraordinarily"));
    expect(first).toBeGreaterThanOrEqual(0);
    // The name continues on the next line with a whole word.
    expect(lines[first + 1]).toMatch(/^[A-Za-z]+ /);
    for (const item of pages[0]!.items) expect(item.x + item.width).toBeLessThanOrEqual(PAGE_WIDTH - MARGIN_X + 0.5);
  });
});

describe("strict templates", () => {
  it("a missing field is an error naming the field, the template line and the letter", () => {
    const data = sampleLetter("zh", "final");
    delete (data.recipient as Partial<LetterData["recipient"]>).company;
    const run = () => letterDocument(data, loadTemplate("letters/zh/final.hbs"));
    expect(run).toThrow(TemplateError);
    expect(run).toThrow(/final\.hbs:\d+: missing field "recipient\.company" for letter AR-20250630-0001 \(customer C001\)/);
  });

  it("a field missing inside the invoice loop names the loop", () => {
    const data = sampleLetter("en", "notice");
    delete (data.items[1] as Partial<LetterData["items"][number]>).outstanding;
    expect(() => letterDocument(data, loadTemplate("letters/en/notice.hbs"))).toThrow(/missing field "outstanding" inside \{\{#each items\}\}/);
  });

  it("an undefined value counts as missing; null is a deliberate blank", () => {
    const data = sampleLetter("zh", "final");
    (data.fee as { perDay: string | undefined }).perDay = undefined;
    expect(() => letterDocument(data, loadTemplate("letters/zh/final.hbs"))).toThrow(/"fee\.perDay"/);
    const blank = sampleLetter("zh", "final");
    blank.recipient.contactTitle = null;
    blank.recipient.phone = null;
    expect(() => letterDocument(blank, loadTemplate("letters/zh/final.hbs"))).not.toThrow();
  });

  it("a field tested by {{#if}} must exist too: a forgotten 大写 is an error, not a missing sentence", () => {
    const data = sampleLetter("zh", "final");
    delete (data.total as Partial<LetterData["total"]>).daxie;
    expect(() => letterDocument(data, loadTemplate("letters/zh/final.hbs"))).toThrow(/final\.hbs:\d+: missing field "total\.daxie" for letter AR-20250630-0001/);
    const typo = templateFromString("typo.hbs", "a\n{{#each items}}\n{{#if dueDat}}x{{/if}}\n{{/each}}\n");
    expect(() => letterDocument(sampleLetter("zh", "final"), typo)).toThrow(/typo\.hbs:3: missing field "items\[0\]\.dueDat"/);
  });

  it("customer data cannot inject markup", async () => {
    const data = sampleLetter("zh", "final");
    data.recipient.company = "# 标题 | 单元格 **粗体** ::table";
    const model = letterDocument(data, loadTemplate("letters/zh/final.hbs"));
    expect(model.blocks.filter((b) => b.kind === "title")).toHaveLength(1);
    expect(model.recipient[0]).toBe("# 标题 | 单元格 **粗体** ::table");
    const pages = await readPdf(renderPdf(model));
    expect(pages[0]!.compact).toContain("#标题|单元格**粗体**::table");
  });
});

describe("--template DIR", () => {
  it("uses the company's own wording from a copy of templates/letters", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-tpl-"));
    mkdirSync(join(dir, "zh"));
    writeFileSync(join(dir, "zh", "final.hbs"), "# 律师函\n\n{{recipient.company}}：\n\n　　请于{{replyDeadline}}前付清{{total.figures}}元。\n");
    const data = sampleLetter("zh", "final");
    const model = letterDocument(data, loadTemplate("letters/zh/final.hbs", dir));
    const pages = await readPdf(renderPdf(model));
    expect(pages[0]!.compact).toContain("律师函");
    expect(pages[0]!.compact).toContain("请于2025年7月3日前付清80,000.00元。");
    expect(pages[0]!.compact).toContain("第1页/共1页"); // no ::footer in it: default page numbers
  });

  it("a user's folder without the template is an error listing where it looked", () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-tpl-"));
    expect(() => loadTemplate("letters/zh/notice.hbs", dir)).toThrow(/template letters\/zh\/notice\.hbs not found; looked for: .*letters\/zh\/notice\.hbs.*zh\/notice\.hbs.*notice\.hbs/);
  });
});

describe("combined PDF", () => {
  it("puts several letters in one file, each numbering its own pages", async () => {
    const a = letterDocument(sampleLetter("zh", "final", 1), loadTemplate("letters/zh/final.hbs"));
    const b = letterDocument(longLetter("zh", 60), loadTemplate("letters/zh/final.hbs"));
    const c = letterDocument(sampleLetter("zh", "reminder", 3), loadTemplate("letters/zh/reminder.hbs"));
    const pages = await readPdf(renderCombinedPdf([a, b, c], { ...a.meta, title: "催款函 2025-06-30" }));
    const bPages = pages.length - 2;
    expect(bPages).toBeGreaterThanOrEqual(2);
    expect(pages[0]!.compact).toContain("AR-20250630-0001");
    expect(pages[0]!.compact).toContain("第1页/共1页");
    expect(pages[1]!.compact).toContain(`第1页/共${bPages}页`);
    expect(pages[pages.length - 1]!.compact).toContain("AR-20250630-0003");
    expect(pages[pages.length - 1]!.compact).toContain("第1页/共1页");
  });

  it("for double-sided printing starts every letter on a front page", async () => {
    const a = letterDocument(sampleLetter("zh", "final", 1), loadTemplate("letters/zh/final.hbs"));
    const b = letterDocument(sampleLetter("zh", "final", 2), loadTemplate("letters/zh/final.hbs"));
    const pages = await readPdf(renderCombinedPdf([a, b], a.meta, { duplex: true }));
    expect(pages).toHaveLength(3);
    expect(pages[1]!.items).toHaveLength(0);
    expect(pages[2]!.compact).toContain("AR-20250630-0002");
  });
});
