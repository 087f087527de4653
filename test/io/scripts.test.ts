import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STAGES } from "../../src/engine/calls.js";
import { parseIsoDate } from "../../src/engine/dates.js";
import { Decimal } from "../../src/engine/money.js";
import { chineseGreeting, ScriptBook, ScriptError, spokenAmountEn, spokenAmountZh, spokenDate, spokenRate, type ScriptData } from "../../src/io/scripts.js";

const d = (s: string) => parseIsoDate(s)!;
const asOf = d("2025-06-30");

function data(extra: Partial<ScriptData> = {}): ScriptData {
  return {
    greeting: "王经理",
    contactName: "王建国",
    contactTitle: "财务经理",
    customerName: "华东贸易有限公司",
    company: "上海明德商贸有限公司",
    invoice: { docNo: "INV-2505-001", dueDate: spokenDate(d("2025-05-16"), asOf, "zh"), amount: spokenAmountZh(new Decimal("80000"), "CNY"), daysOverdue: 45 },
    overdue: "12.5万元",
    invoiceCount: 2,
    severalInvoices: true,
    lateFeeRate: spokenRate(new Decimal("0.003"), "zh"),
    deadline: "7月3日",
    promise: null,
    discount: null,
    legalSince: null,
    festival: null,
    stage: "first",
    tier: "B",
    ...extra,
  };
}

describe("figures as people say them", () => {
  it("writes amounts in 万 when exact, else grouped", () => {
    const zh = (s: string, c = "CNY") => spokenAmountZh(new Decimal(s), c);
    expect(zh("80000")).toBe("8万元");
    expect(zh("125000.00")).toBe("12.5万元");
    expect(zh("3200.00")).toBe("3,200元");
    expect(zh("25210.80")).toBe("25,210.80元");
    expect(zh("48760")).toBe("48,760元");
    expect(zh("10000")).toBe("1万元");
    expect(zh("123456700")).toBe("12,345.67万元"); // not a whole 亿 to two decimals
    expect(zh("250000000")).toBe("2.5亿元");
    expect(zh("12450", "USD")).toBe("12,450美元");
    expect(zh("5600", "CHF")).toBe("5,600 CHF");
    expect(spokenAmountEn(new Decimal("80000"), "CNY")).toBe("CNY 80,000");
    expect(spokenAmountEn(new Decimal("12450.5"), "USD")).toBe("USD 12,450.50");
  });

  it("writes dates without the year when it is the as-of year", () => {
    expect(spokenDate(d("2025-05-16"), asOf, "zh")).toBe("5月16日");
    expect(spokenDate(d("2024-12-05"), asOf, "zh")).toBe("2024年12月5日");
    expect(spokenDate(d("2025-05-16"), asOf, "en")).toBe("16 May");
    expect(spokenDate(d("2024-12-05"), asOf, "en")).toBe("5 December 2024");
    expect(spokenRate(new Decimal("0.0005"), "zh")).toBe("每日万分之五");
    expect(spokenRate(new Decimal("0.003"), "en")).toBe("0.3% per day");
  });

  it("addresses the contact by surname and spoken title", () => {
    expect(chineseGreeting("王建国", "财务经理")).toBe("王经理");
    expect(chineseGreeting("刘洋", "财务总监")).toBe("刘总");
    expect(chineseGreeting("于洪波", "总经理")).toBe("于总");
    expect(chineseGreeting("吴海涛", "总经理助理")).toBe("吴助理");
    expect(chineseGreeting("张德福", "店主")).toBe("张老板");
    expect(chineseGreeting("郭建军", "财务部长")).toBe("郭部长");
    expect(chineseGreeting("欧阳晓", "会计主管")).toBe("欧阳主管");
    expect(chineseGreeting("黄磊", "出纳")).toBe("黄磊");
    expect(chineseGreeting("Daniel Tan", "Finance Manager")).toBe("Daniel Tan");
    expect(chineseGreeting("", "经理")).toBe("");
  });
});

describe("script templates", () => {
  const book = new ScriptBook();

  it("renders SPEC's first-contact sentence", () => {
    expect(book.render("zh", "first", data(), "C001")).toBe("王经理您好，系统显示贵公司有一笔5月16日到期的8万元货款，请问目前审批流程进行到哪个环节了？");
  });

  it("renders every built-in stage in both languages, strictly, on one line", () => {
    for (const lang of ["zh", "en"] as const) {
      for (const stage of STAGES) {
        for (const promise of [null, { madeOn: "6月3日", dueDate: "6月20日", amount: "48,760元" }]) {
          const text = book.render(lang, stage, data({ stage, promise, legalSince: stage === "legal" ? "6月5日" : null }), "C001");
          expect(text).not.toMatch(/\n|  /);
          expect(text.length).toBeGreaterThan(40);
          if (lang === "zh") expect(text).not.toMatch(/ /); // no spaces where template lines were joined
        }
      }
    }
    const second = book.render("zh", "second", data({ stage: "second", promise: { madeOn: "6月3日", dueDate: "6月20日", amount: "48,760元" } }), "C001");
    expect(second).toContain("财务部门正在核对季度账目，如果今天能够安排付款，可以避免产生滞纳金");
    expect(second).toContain("您在6月3日答应6月20日前支付48,760元");
    expect(book.render("zh", "escalate", data(), "C001")).toContain("正式催款函");
    expect(book.render("zh", "legal", data(), "C001")).toContain("法律程序");
    expect(book.render("en", "first", data({ greeting: "" }), "C001")).toMatch(/^Hello, our records show/);
  });

  it("a reminder mentions the early-payment discount only when one is on offer", () => {
    const discount = { docNo: "INV-2507-002", rate: "2%", amount: "1,600元", pay: "7.84万元", lastDay: "7月5日" };
    const zh = book.render("zh", "reminder", data({ stage: "reminder", discount }), "C001");
    expect(zh).toContain("另外提醒一下，单号INV-2507-002的发票如果在7月5日前付款并注明单号，可以扣除2%的现金折扣1,600元，只需支付7.84万元。如果需要补发发票");
    expect(book.render("zh", "reminder", data({ stage: "reminder" }), "C001")).not.toContain("现金折扣");
    const en = book.render("en", "reminder", data({ stage: "reminder", discount: { ...discount, amount: "CNY 1,600", pay: "CNY 78,400", lastDay: "5 July" } }), "C001");
    expect(en).toContain("Is the payment already scheduled? Also, if invoice INV-2507-002 is paid by 5 July, quoting the invoice number, you may deduct the 2% early-payment discount of CNY 1,600 and pay only CNY 78,400. If you need");
    expect(book.render("en", "reminder", data({ stage: "reminder" }), "C001")).not.toContain("discount");
  });

  it("uses a user's folder, and names a missing field or file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ar-scripts-"));
    mkdirSync(path.join(dir, "zh"));
    writeFileSync(path.join(dir, "zh", "first.hbs"), "{{greeting}}，{{invoice.amout}}\n");
    writeFileSync(path.join(dir, "reminder.hbs"), "{{greeting}}:\n{{invoice.amount}}\n");
    const mine = new ScriptBook(dir);
    expect(() => mine.render("zh", "first", data(), "customer C001")).toThrow(ScriptError);
    expect(() => mine.render("zh", "first", data(), "customer C001")).toThrow(/first\.hbs:1: missing field "amout" for customer C001/);
    expect(mine.render("en", "reminder", data(), "C001")).toBe("王经理: 8万元");
    expect(() => mine.render("en", "second", data(), "C001")).toThrow(/script template en\/second\.hbs not found; looked for: .*scripts\/en\/second\.hbs/);
  });
});
