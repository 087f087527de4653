/**
 * The template markup (templates/README.md): what each line of a rendered template becomes in
 * the document model, and how mistakes are reported.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/engine/money.js";
import { documentFromTemplate, escapeData, loadTemplate, parseMarkup, renderDocument, templateFromString, TemplateError } from "../../src/io/document/template.js";

const where = { name: "t.hbs", file: "t.hbs", source: "" };
const parse = (text: string) => parseMarkup(text, { ...where, source: text });

describe("markup", () => {
  it("titles, headings and paragraphs; a blank line ends a paragraph, each line stays a line", () => {
    const body = parse("# 催款函\n## 明细\n第一行\n第二行\n\n　　缩进两字的段落，**加粗**文字。\n");
    expect(body.blocks).toEqual([
      { kind: "title", text: "催款函" },
      { kind: "heading", text: "明细" },
      {
        kind: "paragraph",
        lines: [
          { runs: [{ text: "第一行", bold: false }], indent: 0 },
          { runs: [{ text: "第二行", bold: false }], indent: 0 },
        ],
      },
      {
        kind: "paragraph",
        lines: [
          {
            runs: [
              { text: "缩进两字的段落，", bold: false },
              { text: "加粗", bold: true },
              { text: "文字。", bold: false },
            ],
            indent: 2,
          },
        ],
      },
    ]);
  });

  it("letterhead, recipient, reference and footer go to the first page's furniture", () => {
    const body = parse("::letterhead\nACME\n地址：上海\n::end\n::recipient\n华东贸易\n王经理 收\n::end\n::ref\n函件编号：L-1\nDate: 30 June 2025\n::end\n::footer 第 {page} 页 / 共 {pages} 页\n");
    expect(body.letterhead).toEqual({ name: "ACME", lines: ["地址：上海"] });
    expect(body.recipient).toEqual(["华东贸易", "王经理 收"]);
    expect(body.reference).toEqual([
      { label: "函件编号", value: "L-1" },
      { label: "Date", value: "30 June 2025" },
    ]);
    expect(body.footer).toBe("第 {page} 页 / 共 {pages} 页");
    expect(body.blocks).toEqual([]);
  });

  it("a table: header, optional alignment row, body rows, totals below a rule", () => {
    const body = parse("::table\n| No | Amount |\n| --- | ---: |\n| A1 | 1.00 |\n| A2 | 2.00 |\n| --- |\n| Total | 3.00 |\n::end");
    expect(body.blocks).toEqual([
      { kind: "table", header: ["No", "Amount"], align: ["left", "right"], rows: [["A1", "1.00"], ["A2", "2.00"]], totals: [["Total", "3.00"]] },
    ]);
  });

  it("short rows are padded; a centred column is :---:", () => {
    const body = parse("::table\n| a | b | c |\n| :---: | --- | --- |\n| 1 |\n::end");
    expect(body.blocks[0]).toMatchObject({ align: ["center", "left", "left"], rows: [["1", "", ""]] });
  });

  it("key-value rows split at the first colon, ASCII or full-width", () => {
    const body = parse("::kv\n开户银行：工商银行\nTime: 10:30\n::end");
    expect(body.blocks).toEqual([
      {
        kind: "kv",
        rows: [
          { label: "开户银行", value: "工商银行" },
          { label: "Time", value: "10:30" },
        ],
      },
    ]);
  });

  it("a signature keeps its inner blank lines; spacer and page break", () => {
    const body = parse("::signature\n\nACME\n\n\nSigned\n\n::end\n::spacer 3\n::spacer\n::pagebreak");
    expect(body.blocks).toEqual([
      { kind: "signature", lines: ["ACME", "", "", "Signed"] },
      { kind: "spacer", lines: 3 },
      { kind: "spacer", lines: 1 },
      { kind: "pagebreak" },
    ]);
  });

  it("a slip holds blocks of its own, tables and signatures included", () => {
    const body = parse("::slip 沿此线剪下\n## 回执\n□ 1. 信息证明无误。\n::kv\n余额：1.00\n::end\n::signature\n（盖章）\n::end\n::end\n后文");
    expect(body.blocks).toEqual([
      {
        kind: "slip",
        caption: "沿此线剪下",
        blocks: [
          { kind: "heading", text: "回执" },
          { kind: "paragraph", lines: [{ runs: [{ text: "□ 1. 信息证明无误。", bold: false }], indent: 0 }] },
          { kind: "kv", rows: [{ label: "余额", value: "1.00" }] },
          { kind: "signature", lines: ["（盖章）"] },
        ],
      },
      { kind: "paragraph", lines: [{ runs: [{ text: "后文", bold: false }], indent: 0 }] },
    ]);
  });

  it("a backslash writes a markup character literally", () => {
    const body = parse("\\# not a title, 5 \\* 3, a\\|b, \\:\\:x");
    expect(body.blocks).toEqual([{ kind: "paragraph", lines: [{ runs: [{ text: "# not a title, 5 * 3, a|b, ::x", bold: false }], indent: 0 }] }]);
  });
});

describe("markup mistakes name the template line", () => {
  const source = "# T\n\n::tabel\n| a |\n::end\n";
  it("an unknown instruction", () => {
    expect(() => parseMarkup(source, { ...where, source })).toThrow(/^t\.hbs:3: unknown instruction "::tabel"/);
  });
  it("a block without ::end", () => {
    const s = "::kv\na: 1\n";
    expect(() => parseMarkup(s, { ...where, source: s })).toThrow(/t\.hbs:1: "::kv" has no matching ::end/);
  });
  it("a table row outside a table, and a row wider than the header", () => {
    const s1 = "| a | b |\n";
    expect(() => parseMarkup(s1, { ...where, source: s1 })).toThrow(/table row outside ::table/);
    const s2 = "::table\n| a |\n| 1 | 2 |\n::end\n";
    expect(() => parseMarkup(s2, { ...where, source: s2 })).toThrow(/t\.hbs:3: this row has 2 cells but the header has 1/);
  });
  it("a Handlebars syntax error", () => {
    expect(() => templateFromString("bad.hbs", "{{#each items}}\n{{x}}\n")).toThrow(TemplateError);
    expect(() => templateFromString("bad.hbs", "ok\n{{#if a}}\n{{/each}}\n")).toThrow(/^bad\.hbs:\d+: template syntax error: /);
  });
});

describe("data escaping", () => {
  it("markup characters in data stay text; newlines become spaces", () => {
    const t = templateFromString("t.hbs", "{{name}}\n\n::table\n| 名称 |\n| {{name}} |\n::end\n");
    const body = renderDocument(t, { name: "# A | B\n**C** ::kv \\x" }, "doc 1");
    expect(body.blocks[0]).toEqual({ kind: "paragraph", lines: [{ runs: [{ text: "# A | B **C** ::kv \\x", bold: false }], indent: 0 }] });
    expect(body.blocks[1]).toMatchObject({ kind: "table", rows: [["# A | B **C** ::kv \\x"]] });
  });

  it("a Decimal prints as its value; undefined fields are dropped so strict mode sees them", () => {
    expect(escapeData({ a: new Decimal("80000.50"), b: undefined, c: null, d: [1, "x"] })).toEqual({ a: "80000.5", c: null, d: [1, "x"] });
  });
});

describe("template files", () => {
  const source = "# 对 账 单\n{{#if a}}\n甲：{{a}}\n{{/if}}\n::footer\n";

  it("Windows line ends and a BOM read the same as plain UTF-8", () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-tpl-"));
    writeFileSync(join(dir, "lf.hbs"), source);
    writeFileSync(join(dir, "crlf.hbs"), "\uFEFF" + source.replace(/\n/g, "\r\n"));
    const lf = renderDocument(loadTemplate("lf.hbs", dir), { a: "1" }, "doc");
    const crlf = renderDocument(loadTemplate("crlf.hbs", dir), { a: "1" }, "doc");
    expect(crlf).toEqual(lf);
    expect(lf.blocks[1]).toEqual({ kind: "paragraph", lines: [{ runs: [{ text: "甲：1", bold: false }], indent: 0 }] });
  });

  it("a file saved as GB18030 (Chinese ANSI) is read as such", () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-tpl-"));
    // "# 催款函" in GB18030: 催 B4DF, 款 BFEE, 函 BAAF
    writeFileSync(join(dir, "gbk.hbs"), Buffer.from([0x23, 0x20, 0xb4, 0xdf, 0xbf, 0xee, 0xba, 0xaf, 0x0a]));
    expect(renderDocument(loadTemplate("gbk.hbs", dir), {}, "doc").blocks).toEqual([{ kind: "title", text: "催款函" }]);
  });

  it("the document title comes from the # line; ::footer with nothing after it turns page numbers off", () => {
    const model = documentFromTemplate(templateFromString("s.hbs", source), { a: "1" }, { author: "", subject: "", keywords: "", creationDate: 0, lang: "zh" }, "doc");
    expect(model.meta.title).toBe("对账单");
    expect(model.footer).toBe("");
    expect(parse("text").footer).toBeNull(); // no ::footer: the default page numbers
  });
});
