/**
 * `ar provision` and `ar factoring` on the fixtures (as-of 2025-06-30): golden outputs of every
 * format and method, the JSON shapes of SPEC, usage errors and the config keys' validation.
 * On the fixtures every open item is under a year old (band 0-365 at 5%) except C024's, which
 * the customer master assesses individually at 50% (112,450.00 → 56,225.00):
 *   CNY 2,500,937.25 × 0.05 = 125,046.8625 → 125,046.86; + 56,225.00 = 181,271.86.
 *   USD 130,676.65 × 0.05 = 6,533.8325 → 6,533.83.
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const LEDGER = path.join(FIXTURES, "ledger.csv");
const CUSTOMERS = path.join(FIXTURES, "customers.csv");
const BASE = [LEDGER, "--customers", CUSTOMERS, "--as-of", "2025-06-30"];

describe("ar provision: golden outputs on the fixtures", () => {
  const cases: [string, string[]][] = [
    ["aging-en.txt", ["--format", "table", "--lang", "en"]],
    ["aging-zh.txt", ["--format", "table", "--lang", "zh", "--previous", "150000"]],
    ["aging.csv", ["--format", "csv"]],
    ["aging.json", ["--format", "json", "--previous", "CNY=200000,USD=6000"]],
    ["matrix-en.txt", ["--format", "table", "--lang", "en", "--method", "matrix"]],
    ["matrix.csv", ["--format", "csv", "--method", "matrix"]],
    ["matrix.json", ["--format", "json", "--method", "matrix"]],
    ["by-customer.csv", ["--format", "csv", "--by", "customer"]],
    ["by-invoice.csv", ["--format", "csv", "--by", "invoice", "--method", "matrix"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar provision fixtures ${args.join(" ")}`, async () => {
      const r = await runAr(["provision", ...BASE, ...args]);
      expect(r.code).toBe(0);
      expectGolden(`provision/${name}`, r);
    });
  }

  it("the JSON carries exactly SPEC's fields, the individual customer with its reason, the charge", async () => {
    const r = await runAr(["provision", ...BASE, "--format", "json", "--previous", "CNY=200000"]);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["asOf", "method", "basis", "bands", "individual", "rollRates", "totals", "unapplied", "rejected"]);
    expect(Object.keys(json.bands[0])).toEqual(["currency", "key", "from", "to", "balance", "rate", "provision"]);
    expect(json.individual).toEqual([{ customerId: "C024", currency: "CNY", balance: "112450.00", rate: "0.5000", provision: "56225.00", reason: expect.stringContaining("已起诉") }]);
    expect(json.rollRates).toBeNull();
    // 181,271.86 − 200,000.00 = −18,728.14: a reversal (转回).
    expect(json.totals[0]).toEqual({ currency: "CNY", balance: "2613387.25", provision: "181271.86", coverage: "0.0694", previous: "200000.00", charge: "-18728.14" });
    expect(json.totals[1]).toMatchObject({ currency: "USD", provision: "6533.83", previous: null, charge: null });
    // C007's 20,000.00 paid in advance and C016/C017's overpayments: not netted.
    expect(json.unapplied).toEqual([{ currency: "CNY", amount: "21600.00" }]);
  });

  it("the matrix: roll rates with 4 decimals, every band provisioned at its loss rate", async () => {
    const json = JSON.parse((await runAr(["provision", ...BASE, "--format", "json", "--method", "matrix"])).stdout);
    expect(json.method).toBe("matrix");
    expect(json.basis).toBe("due");
    expect(json.rollRates.map((r: { key: string }) => r.key).slice(0, 8)).toEqual(["current", "1-30", "31-60", "61-90", "91-120", "121-150", "151-180", "181+"]);
    for (const r of json.rollRates) expect(r.lossRate).toMatch(/^[01]\.\d{4}$/);
  });

  it("the header says which rates are an example policy", async () => {
    const r = await runAr(["provision", ...BASE, "--format", "table", "--lang", "en"]);
    expect(r.stdout).toContain("EXAMPLE POLICY");
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-provision-"));
    const config = path.join(dir, "c.json");
    writeFileSync(config, JSON.stringify({ provision: { bands: [180, 365], rates: ["0.01", "0.1", "1"] } }));
    const own = await runAr(["provision", ...BASE, "--config", config, "--format", "table", "--lang", "en"]);
    expect(own.stdout).not.toContain("EXAMPLE POLICY");
    expect(own.stdout).toContain("0-180 0.01, 181-365 0.10, 366+ 1.00");
  });

  it("--format xlsx: the roll-rate table and the provision on two sheets, then About", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-provision-"));
    const out = path.join(dir, "p.xlsx");
    const r = await runAr(["provision", ...BASE, "--method", "matrix", "-o", out]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const { unzipSync } = await import("fflate");
    const files = Object.keys(unzipSync(readFileSync(out)));
    expect(files.filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).length).toBe(3);
  });

  it("usage errors: exit 2 with a clear message", async () => {
    for (const [args, message] of [
      [["--previous", "abc"], "--previous"],
      [["--previous", "EUR=5"], "EUR is not a currency of the ledger"],
      [["--method", "guess"], "--method"],
      [["--by", "month"], "--by"],
    ] as [string[], string][]) {
      const r = await runAr(["provision", ...BASE, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain("    at ");
    }
  });

  it("config: bad provision and factoring keys are exit 2 naming the key path", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-provision-"));
    for (const [config, message] of [
      [{ provision: { bands: [365, 730], rates: ["0.05", "0.1"] } }, "provision.rates: must have one rate more than provision.bands"],
      [{ provision: { bands: [730, 365] } }, "provision.bands: limits must be ascending"],
      [{ provision: { rates: ["0.05", "0.10", "0.20", "0.50", "0.80", "1.5"] } }, "provision.rates[5]: must be between 0 and 1"],
      [{ provision: { basis: "age" } }, 'provision.basis: must be "doc" or "due"'],
      [{ provision: { historyMonths: 0 } }, "provision.historyMonths: must be between 1 and 120"],
      [{ provision: { lastBandLoss: "2" } }, "provision.lastBandLoss: must be between 0 and 1"],
      [{ provision: { forwardLooking: "-1" } }, "provision.forwardLooking: must be above -1"],
      [{ provision: { matrixBands: [] } }, "provision.matrixBands: must be a non-empty list"],
      [{ provision: { colour: 1 } }, "provision.colour: unknown key"],
      [{ factoring: { concentration: "0.5x" } }, "factoring.concentration: must be a decimal number"],
      [{ factoring: { recovery: ["0.8", "0.6"] } }, "factoring.recovery: the high end must not be below the low end"],
      [{ factoring: { advance: 2 } }, "factoring.advance: must be between 0 and 1"],
    ] as [unknown, string][]) {
      const file = path.join(dir, "c.json");
      writeFileSync(file, JSON.stringify(config));
      const r = await runAr(["provision", ...BASE, "--config", file]);
      expect(r.code, message).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it("customer master: a bad provision_rate, or a rate without a reason, rejects the row naming file and line", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-provision-"));
    const master = path.join(dir, "m.csv");
    writeFileSync(master, "customer_id,customer_name,provision_rate,provision_reason\nC024,x,150%,bankrupt\nC018,y,100%,\nC011,z,1,litigation\n");
    const r = await runAr(["provision", LEDGER, "--customers", master, "--as-of", "2025-06-30", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("m.csv:2");
    expect(r.stderr).toContain("provision_rate");
    expect(r.stderr).toContain("m.csv:3");
    expect(r.stderr).toContain("provision_reason");
    const json = JSON.parse(r.stdout);
    expect(json.individual.map((a: { customerId: string; rate: string }) => [a.customerId, a.rate])).toEqual([["C011", "1.0000"]]);
  });
});

describe("ar factoring: golden outputs on the fixtures", () => {
  const cases: [string, string[]][] = [
    ["table-en.txt", ["--format", "table", "--lang", "en"]],
    ["factoring.csv", ["--format", "csv"]],
    ["factoring.json", ["--format", "json"]],
    ["min-days-181.json", ["--format", "json", "--min-days", "181", "--advance", "70%", "--recovery", "0.5-0.7"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar factoring fixtures ${args.join(" ")}`, async () => {
      const r = await runAr(["factoring", ...BASE, ...args]);
      expect(r.code).toBe(0);
      expectGolden(`factoring/${name}`, r);
    });
  }

  it("the JSON carries SPEC's fields; C014 is concentrated (18,575.40 of USD 130,676.65 > 10%)", async () => {
    const json = JSON.parse((await runAr(["factoring", ...BASE, "--format", "json"])).stdout);
    expect(Object.keys(json)).toEqual(["asOf", "minDays", "recovery", "customers", "totals", "rejected"]);
    expect(json.recovery).toEqual({ low: "0.6", high: "0.8" });
    const c014 = json.customers.find((c: { customerId: string }) => c.customerId === "C014");
    // 18,575.40 × 5% = 928.77; net 17,646.63; mid 0.7 → 13,002.78; loss 4,643.85.
    expect(c014).toEqual({
      customerId: "C014",
      name: "Northwind Supplies Ltd",
      currency: "USD",
      items: 2,
      outstanding: "18575.40",
      provision: "928.77",
      net: "17646.63",
      advance: "14860.32",
      proceeds: { low: "11145.24", mid: "13002.78", high: "14860.32" },
      loss: { low: "6501.39", mid: "4643.85", high: "2786.31" },
      concentrated: true,
    });
    // C024 carries its individual 50%: net 56,225.00 against proceeds 67,470.00 at 0.6: a gain.
    expect(json.customers.find((c: { customerId: string }) => c.customerId === "C024").loss.low).toBe("-11245.00");
  });

  it("usage errors: exit 2", async () => {
    for (const [args, message] of [
      [["--recovery", "0.8-0.6"], "--recovery"],
      [["--recovery", "abc"], "--recovery"],
      [["--advance", "1.5"], "--advance"],
      [["--min-days", "-3"], "--min-days"],
    ] as [string[], string][]) {
      const r = await runAr(["factoring", ...BASE, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
