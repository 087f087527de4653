/**
 * `ar plan` end to end. The story (as-of Monday 2025-06-30, rate 0.003 per day):
 *
 *   K1 开元贸易  A-1 60,000.00 due 2025-04-09 (82 days overdue), A-2 40,000.00 due 05-15 (46 days),
 *               A-3 5,000.00 due 07-20 (not yet due), D-1 7,000.00 disputed.
 *   overdue, undisputed = 60,000.00 + 40,000.00 = 100,000.00
 *   schedule at 30%, 3 instalments, day 15: down 30,000.00 due Thu 07-03 (three business days:
 *   07-01, 07-02, 07-03), then 70,000.00 / 3 → 23,333.33 on Fri 08-15, 23,333.33 on Mon 09-15,
 *   and 70,000.00 − 46,666.66 = 23,333.34 on Wed 10-15.
 *   fees: 0.003 × 60,000.00 × 82 = 14,760.00 and 0.003 × 40,000.00 × 46 = 5,520.00: 20,280.00;
 *   with --include-fee 120,280.00: down 36,084.00, rest 84,196.00 → 28,065.33, 28,065.33, 28,065.34.
 *
 * Afterwards the ledger gets P-1 30,000.00 on 07-03 (down: on time), P-2 23,333.33 on 08-20
 * (instalment 1, due 08-15: late), P-3 10,000.00 on 09-15 (instalment 2: partly paid).
 *   at 2025-09-24: on time, late, partly paid, not due → due 3, on time 1, rate 0.3333
 *   at 2025-10-20: … and instalment 3 (10-15) missed → due 4, on time 1, rate 0.2500
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const LEDGER = `doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,currency,applies_to,disputed
A-1,invoice,K1,开元贸易有限公司,2025-03-10,2025-04-09,60000.00,CNY,,
A-2,invoice,K1,开元贸易有限公司,2025-04-15,2025-05-15,40000.00,CNY,,
A-3,invoice,K1,开元贸易有限公司,2025-06-20,2025-07-20,5000.00,CNY,,
D-1,invoice,K1,开元贸易有限公司,2025-04-01,2025-05-01,7000.00,CNY,,yes
B-1,invoice,K2,Two Currencies Ltd,2025-04-01,2025-05-01,100.00,CNY,,
B-2,invoice,K2,Two Currencies Ltd,2025-04-01,2025-05-01,200.00,USD,,
`;

const PAYMENTS = `P-1,payment,K1,开元贸易有限公司,2025-07-03,,30000.00,CNY,,
P-2,payment,K1,开元贸易有限公司,2025-08-20,,23333.33,CNY,,
P-3,payment,K1,开元贸易有限公司,2025-09-15,,10000.00,CNY,,
`;

const CUSTOMERS = `customer_id,customer_name,contact_name,contact_title,phone,email,address,postcode,segment,lang
K1,开元贸易有限公司,赵明,财务总监,021-66668888,,上海市黄浦区中山东一路18号,200002,enterprise,zh
K2,Two Currencies Ltd,Ann Lee,Controller,+852 1234 5678,,"1 Queen's Road, Hong Kong",,enterprise,en
`;

function story(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-plan-"));
  writeFileSync(path.join(dir, "ledger.csv"), LEDGER);
  writeFileSync(path.join(dir, "customers.csv"), CUSTOMERS);
  writeFileSync(path.join(dir, "ar.config.json"), readFileSync(path.join(FIXTURES, "ar.config.json")));
  return dir;
}

const BASE = ["ledger.csv", "--customers", "customers.csv", "--as-of", "2025-06-30"];

async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  let text = "";
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("");
  }
  await doc.destroy();
  return text.replace(/\s+/g, "");
}

interface ScheduleJson {
  customerId: string;
  currency: string;
  asOf: string;
  amount: string;
  schedule: { n: number; kind: string; dueDate: string; amount: string }[];
  rejected: unknown[];
}

describe("ar plan: the schedule", () => {
  it("100,000.00 at 30%, 3 instalments, day 15: SPEC.md's JSON", async () => {
    const cwd = story();
    const r = await runAr(["plan", ...BASE, "--customer", "K1", "--down", "30%", "--instalments", "3", "--day", "15", "--format", "json"], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      customerId: "K1",
      currency: "CNY",
      asOf: "2025-06-30",
      amount: "100000.00",
      schedule: [
        { n: 0, kind: "down", dueDate: "2025-07-03", amount: "30000.00" },
        { n: 1, kind: "instalment", dueDate: "2025-08-15", amount: "23333.33" },
        { n: 2, kind: "instalment", dueDate: "2025-09-15", amount: "23333.33" },
        { n: 3, kind: "instalment", dueDate: "2025-10-15", amount: "23333.34" },
      ],
      rejected: [],
    });
  });

  it("golden table (zh and en) and CSV; the defaults are 30%, 3 instalments, day 15, 3 business days", async () => {
    const cwd = story();
    expectGolden("plan/story-table-zh.txt", await runAr(["plan", ...BASE, "--customer", "K1", "--format", "table", "--lang", "zh"], { cwd }));
    expectGolden("plan/story-table-en.txt", await runAr(["plan", ...BASE, "--customer", "K1", "--format", "table", "--lang", "en", "--include-fee"], { cwd }));
    expectGolden("plan/story.csv", await runAr(["plan", ...BASE, "--customer", "K1", "--format", "csv"], { cwd }));
  });

  it("--include-fee adds the accrued fee: 120,280.00", async () => {
    const cwd = story();
    const json = JSON.parse((await runAr(["plan", ...BASE, "--customer", "K1", "--include-fee", "--format", "json"], { cwd })).stdout) as ScheduleJson;
    expect(json.amount).toBe("120280.00");
    expect(json.schedule.map((s) => s.amount)).toEqual(["36084.00", "28065.33", "28065.33", "28065.34"]);
  });

  it("--amount, --down 0, 6 instalments on day 31", async () => {
    // 1,000.00 / 6 = 166.666… → 166.66 five times and 1,000.00 − 833.30 = 166.70. The months count from
    // July (the down payment's month, 07-03): 31 August is a Sunday → Fri 08-29; 30 September (Tue);
    // 31 October (Fri); 30 November is a Sunday → Fri 11-28; 31 December (Wed); 31 January 2026 is a
    // Saturday → Fri 01-30.
    const cwd = story();
    const json = JSON.parse((await runAr(["plan", ...BASE, "--customer", "K1", "--amount", "1,000.00", "--down", "0", "--instalments", "6", "--day", "31", "--format", "json"], { cwd })).stdout) as ScheduleJson;
    expect(json.schedule.map((s) => [s.n, s.dueDate, s.amount])).toEqual([
      [1, "2025-08-29", "166.66"],
      [2, "2025-09-30", "166.66"],
      [3, "2025-10-31", "166.66"],
      [4, "2025-11-28", "166.66"],
      [5, "2025-12-31", "166.66"],
      [6, "2026-01-30", "166.70"],
    ]);
  });

  it("a 15th made a day off by --holidays moves to the business day before", async () => {
    // 2025-08-15 (Fri) and 08-14 (Thu) declared off: instalment 1 falls due on Wed 08-13.
    const cwd = story();
    writeFileSync(path.join(cwd, "holidays.csv"), "date,kind\n2025-08-15,off\n2025-08-14,off\n");
    const json = JSON.parse((await runAr(["plan", ...BASE, "--customer", "K1", "--holidays", "holidays.csv", "--format", "json"], { cwd })).stdout) as ScheduleJson;
    expect(json.schedule[1]).toEqual({ n: 1, kind: "instalment", dueDate: "2025-08-13", amount: "23333.33" });
  });

  it("Spring Festival 2026: the 15th of February is a holiday Sunday, due the make-up working Saturday 02-14", async () => {
    // as-of 2025-12-31 (Wed): New Year 2026-01-01 … 01-03 off, Sun 01-04 a working day: down due 01-06.
    // A-1 at 2025-12-31 is 266 days overdue, A-2 230, A-3 164: 105,000.00 → down 31,500.00,
    // 73,500.00 / 3 = 24,500.00 each; 02-15 → 02-14 (Sat, make-up day), 03-15 (Sun) → 03-13, 04-15 (Wed).
    const cwd = story();
    const json = JSON.parse((await runAr(["plan", "ledger.csv", "--customers", "customers.csv", "--as-of", "2025-12-31", "--customer", "K1", "--format", "json"], { cwd })).stdout) as ScheduleJson;
    expect(json.schedule.map((s) => [s.dueDate, s.amount])).toEqual([
      ["2026-01-06", "31500.00"],
      ["2026-02-14", "24500.00"],
      ["2026-03-13", "24500.00"],
      ["2026-04-15", "24500.00"],
    ]);
  });

  it("usage errors: exit 2", async () => {
    const cwd = story();
    const cases: [string[], RegExp][] = [
      [["plan", ...BASE], /give the customer: --customer ID/],
      [["plan", "--customer", "K1", "--customers", "customers.csv", "--as-of", "2025-06-30"], /no ledger file given/],
      [["plan", ...BASE, "--customer", "NOPE"], /--customer: NOPE: not in the ledger or the customer master/],
      [["plan", ...BASE, "--customer", "K1", "--down", "100%"], /--down: "100%" must be below 100%/],
      [["plan", ...BASE, "--customer", "K1", "--down", "abc"], /--down: "abc" is not a share/],
      [["plan", ...BASE, "--customer", "K1", "--instalments", "0"], /--instalments: "0"/],
      [["plan", ...BASE, "--customer", "K1", "--day", "32"], /--day: "32"/],
      [["plan", ...BASE, "--customer", "K1", "--amount", "-5"], /--amount/],
      [["plan", ...BASE, "--customer", "K1", "--amount", "5", "--include-fee"], /--include-fee/],
      [["plan", ...BASE, "--customer", "K2"], /K2 has overdue items in CNY and USD; choose one with --currency CODE/],
      [["plan", ...BASE, "--customer", "K1", "--agreement", "x.pdf", "--config", "empty.json"], /documents need company\.name/],
      [["plan", ...BASE, "--status"], /--status needs the events log/],
    ];
    writeFileSync(path.join(cwd, "empty.json"), "{}");
    for (const [args, message] of cases) {
      const r = await runAr(args, { cwd });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    // --customer takes one id, so the ledger may follow it.
    const after = JSON.parse((await runAr(["plan", "--customer", "K1", "ledger.csv", "--as-of", "2025-06-30", "--format", "json"], { cwd })).stdout) as ScheduleJson;
    expect(after.amount).toBe("100000.00");
    const usd = JSON.parse((await runAr(["plan", ...BASE, "--customer", "K2", "--currency", "USD", "--format", "json"], { cwd })).stdout) as ScheduleJson;
    expect([usd.currency, usd.amount]).toEqual(["USD", "200.00"]);
  });
});

describe("ar plan --agreement and --append-events", () => {
  it("renders the repayment agreement with every figure, and logs one sealed agreement row per payment", async () => {
    const cwd = story();
    const r = await runAr(["plan", ...BASE, "--config", "ar.config.json", "--customer", "K1", "--agreement", "plan.pdf", "--append-events", "events.csv", "--format", "csv"], { cwd });
    expect(r.code).toBe(0);
    const pdf = readFileSync(path.join(cwd, "plan.pdf"));
    const text = await pdfText(pdf);
    for (const expected of [
      "还款协议",
      "PA-20250630-K1",
      "甲方（债权人）上海明德商贸有限公司",
      "乙方（债务人）开元贸易有限公司",
      "A-12025-03-102025-04-0960,000.0060,000.0082",
      "A-22025-04-152025-05-1540,000.0040,000.0046",
      "合计100,000.00",
      "人民币100,000.00元（大写：人民币壹拾万元整）",
      "首付款为总额的30%，于本协议签订后三个工作日内支付",
      "分三期，于每月15日支付",
      "首付款2025-07-0330,000.00",
      "第1期2025-08-1523,333.33",
      "第2期2025-09-1523,333.33",
      "第3期2025-10-1523,333.34",
      "1001234509123456789",
      "加速到期",
      "全部剩余未付款项立即到期",
      "每日千分之三",
      "甲方（盖章）",
      "乙方（盖章）",
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain("A-3"); // not yet due
    expect(text).not.toContain("D-1"); // disputed

    const log = readFileSync(path.join(cwd, "events.csv"), "utf8").trimEnd().split("\n");
    const sha = createHash("sha256").update(pdf).digest("hex");
    expect(log[0]).toBe("date,customer_id,type,doc_no,amount,due_date,note,evidence,prev_hash,hash");
    expect(log.slice(1).map((l) => l.split(",").slice(0, 8).join(","))).toEqual([
      `2025-06-30,K1,agreement,,30000.00,2025-07-03,分期还款协议：首付款，币种 CNY,plan.pdf#${sha}`,
      `2025-06-30,K1,agreement,,23333.33,2025-08-15,分期还款协议：第1期（共3期），币种 CNY,plan.pdf#${sha}`,
      `2025-06-30,K1,agreement,,23333.33,2025-09-15,分期还款协议：第2期（共3期），币种 CNY,plan.pdf#${sha}`,
      `2025-06-30,K1,agreement,,23333.34,2025-10-15,分期还款协议：第3期（共3期），币种 CNY,plan.pdf#${sha}`,
    ]);
    const verify = await runAr(["log", "verify", "--events", "events.csv"], { cwd });
    expect(verify.code).toBe(0);

    // The same plan again: refused, the log unchanged.
    const before = readFileSync(path.join(cwd, "events.csv"));
    const twice = await runAr(["plan", ...BASE, "--customer", "K1", "--append-events", "events.csv"], { cwd });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/events\.csv:2: the log already has an agreement of K1 dated 2025-06-30/);
    expect(readFileSync(path.join(cwd, "events.csv")).equals(before)).toBe(true);
  });

  it("is deterministic, and the English agreement reads back too", async () => {
    const cwd = story();
    await runAr(["plan", ...BASE, "--config", "ar.config.json", "--customer", "K1", "--include-fee", "--agreement", "a.pdf", "--lang", "en"], { cwd });
    await runAr(["plan", ...BASE, "--config", "ar.config.json", "--customer", "K1", "--include-fee", "--agreement", "b.pdf", "--lang", "en"], { cwd });
    const a = readFileSync(path.join(cwd, "a.pdf"));
    expect(a.equals(readFileSync(path.join(cwd, "b.pdf")))).toBe(true);
    const text = await pdfText(a);
    for (const expected of ["RepaymentAgreement", "CNY100,000.00", "alatefeeofCNY20,280.00", "CNY120,280.00inall", "CNY120,280.00,whichincludesthelatefee", "Downpayment2025-07-0336,084.00", "Instalment12025-08-1528,065.33", "Instalment32025-10-1528,065.34", "Total120,280.00", "Acceleration", "0.3%perday"]) {
      expect(text, expected).toContain(expected);
    }
  });

  it("appends to a hand-kept (unsealed) log without hashes, with a warning", async () => {
    const cwd = story();
    writeFileSync(path.join(cwd, "events.csv"), "date,customer_id,type,doc_no,amount,due_date,note,evidence\n2025-06-01,K1,call,,,,called,\n");
    const r = await runAr(["plan", ...BASE, "--customer", "K1", "--append-events", "events.csv", "--lang", "en"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/events\.csv is not sealed/);
    const log = readFileSync(path.join(cwd, "events.csv"), "utf8").trimEnd().split("\n");
    expect(log.length).toBe(6);
    expect(log[2]).toBe('2025-06-30,K1,agreement,,30000.00,2025-07-03,"instalment agreement: down payment, currency CNY",');
  });
});

describe("ar plan --status", () => {
  async function logged(): Promise<string> {
    const cwd = story();
    const r = await runAr(["plan", ...BASE, "--customer", "K1", "--append-events", "events.csv"], { cwd });
    expect(r.code).toBe(0);
    writeFileSync(path.join(cwd, "ledger.csv"), LEDGER + PAYMENTS);
    return cwd;
  }

  it("on time, late, partly paid, not due; then missed (JSON in SPEC.md's shape)", async () => {
    const cwd = await logged();
    const at = async (asOf: string) => JSON.parse((await runAr(["plan", "--status", "ledger.csv", "--events", "events.csv", "--as-of", asOf, "--format", "json"], { cwd })).stdout);
    expect(await at("2025-09-24")).toEqual({
      asOf: "2025-09-24",
      plans: [
        {
          customerId: "K1",
          agreedOn: "2025-06-30",
          currency: "CNY",
          instalments: [
            { dueDate: "2025-07-03", amount: "30000.00", paid: "30000.00", paidOn: "2025-07-03", status: "paid_on_time" },
            { dueDate: "2025-08-15", amount: "23333.33", paid: "23333.33", paidOn: "2025-08-20", status: "paid_late" },
            { dueDate: "2025-09-15", amount: "23333.33", paid: "10000.00", paidOn: null, status: "partly_paid" },
            { dueDate: "2025-10-15", amount: "23333.34", paid: "0.00", paidOn: null, status: "not_due" },
          ],
          due: 3,
          onTime: 1,
          fulfilmentRate: "0.3333",
        },
      ],
      rejected: [],
    });
    const later = await at("2025-10-20");
    expect(later.plans[0].instalments.map((i: { status: string }) => i.status)).toEqual(["paid_on_time", "paid_late", "partly_paid", "missed"]);
    expect([later.plans[0].due, later.plans[0].onTime, later.plans[0].fulfilmentRate]).toEqual([4, 1, "0.2500"]);
    // Before the first due date nothing is due: the rate is null.
    const early = await at("2025-07-01");
    expect([early.plans[0].due, early.plans[0].fulfilmentRate]).toEqual([0, null]);
  });

  it("golden table and CSV", async () => {
    const cwd = await logged();
    expectGolden("plan/status-table-zh.txt", await runAr(["plan", "--status", "ledger.csv", "--events", "events.csv", "--as-of", "2025-10-20", "--format", "table", "--lang", "zh"], { cwd }));
    expectGolden("plan/status.csv", await runAr(["plan", "--status", "ledger.csv", "--events", "events.csv", "--as-of", "2025-10-20", "--format", "csv"], { cwd }));
  });

  it("the fixtures' C023 agreement (fixtures/README.md): on time, on time, missed, not due; 0.6667", async () => {
    const r = await runAr(["plan", "--status", "fixtures/ledger.csv", "--events", "fixtures/events.csv", "--as-of", "2025-06-30", "--format", "json"]);
    expectGolden("plan/fixtures-status.json", r);
    const json = JSON.parse(r.stdout);
    expect(json.plans.map((p: { customerId: string; fulfilmentRate: string }) => [p.customerId, p.fulfilmentRate])).toEqual([["C023", "0.6667"]]);
  });

  it("ar calls: the partly paid instalment makes K1 a broken promise, with the reason", async () => {
    const cwd = await logged();
    const r = await runAr(["calls", "ledger.csv", "--customers", "customers.csv", "--events", "events.csv", "--as-of", "2025-09-24", "--format", "json", "--lang", "en"], { cwd });
    expect(r.code).toBe(0);
    const call = JSON.parse(r.stdout).calls.find((c: { customerId: string }) => c.customerId === "K1");
    expect(call.flags).toContain("broken_promise");
    expect(call.reasons).toContain("instalment agreement of 2025-06-30: payment 3 of CNY 23,333.33 due 2025-09-15 only partly paid (10,000.00)");
    expect(existsSync(path.join(cwd, "events.csv"))).toBe(true);
  });
});
