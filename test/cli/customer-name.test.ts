/**
 * The customer's display name has one rule (README "Rules decided", engine/customers.ts
 * customerName): the ledger's first non-empty customer_name, else the customer master's name,
 * else the key. Here C1 is "Ledger Name Ltd" in the ledger and "Master Name Co" in the master:
 * every command and format prints the ledger's name; C2, named in the master only, gets the
 * master's; C3, named nowhere, its key.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";

function book(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-names-"));
  writeFileSync(
    path.join(dir, "ledger.csv"),
    ["customer_id,customer_name,doc_no,doc_date,due_date,amount", "C1,Ledger Name Ltd,I1,2025-01-10,2025-02-10,1000.00", "C2,,I2,2025-01-10,2025-02-10,2000.00", "C3,,I3,2025-01-10,2025-02-10,3000.00", ""].join("\n"),
  );
  writeFileSync(
    path.join(dir, "customers.csv"),
    ["customer_id,customer_name,contact_name,address,postcode,lang", "C1,Master Name Co,Ann,1 High Street,100000,en", "C2,Master Only Co,Bob,2 High Street,100000,en", ""].join("\n"),
  );
  writeFileSync(
    path.join(dir, "events.csv"),
    ["date,customer_id,type,doc_no,amount,due_date,note,evidence", "2025-03-01,C1,agreement,I1,500.00,2025-03-15,,", "2025-03-01,C1,agreement,I1,500.00,2025-04-15,,", ""].join("\n"),
  );
  copyFileSync(path.join(FIXTURES, "ar.config.json"), path.join(dir, "ar.config.json"));
  return dir;
}

const COMMON = ["ledger.csv", "--customers", "customers.csv", "--as-of", "2025-06-30", "--lang", "en"];
const EXPECTED: Record<string, string> = { C1: "Ledger Name Ltd", C2: "Master Only Co", C3: "C3" };

describe("the customer's name is the same in every command and format", () => {
  it("ar age, ar statement, ar letters, ar plan and ar plan --status", async () => {
    const cwd = book();
    const age = JSON.parse((await runAr(["age", ...COMMON, "--format", "json"], { cwd })).stdout) as { customers: { customerId: string; name: string }[] };
    expect(Object.fromEntries(age.customers.map((c) => [c.customerId, c.name]))).toEqual(EXPECTED);
    expect((await runAr(["age", ...COMMON, "--format", "csv"], { cwd })).stdout).toContain("C1,Ledger Name Ltd,");

    const stmt = JSON.parse((await runAr(["statement", ...COMMON, "--all", "--format", "json"], { cwd })).stdout) as { statements: { customerId: string; name: string }[] };
    expect(Object.fromEntries(stmt.statements.map((s) => [s.customerId, s.name]))).toEqual(EXPECTED);
    expect((await runAr(["statement", ...COMMON, "--customer", "C1", "--format", "csv"], { cwd })).stdout).toContain("C1,Ledger Name Ltd,");
    expect((await runAr(["statement", ...COMMON, "--customer", "C1", "--format", "table"], { cwd })).stdout).toContain("C1 Ledger Name Ltd");

    const letters = await runAr(["letters", ...COMMON, "--level", "reminder", "--out", "letters", "--format", "json"], { cwd });
    expect(letters.code).toBe(0);
    const written = JSON.parse(letters.stdout) as { letters: { customerId: string; name: string }[] };
    expect(Object.fromEntries(written.letters.map((l) => [l.customerId, l.name]))).toEqual(EXPECTED);

    const plan = await runAr(["plan", ...COMMON, "--customer", "C1", "--format", "table"], { cwd });
    expect(plan.stdout).toContain("C1 Ledger Name Ltd");
    const status = await runAr(["plan", "--status", ...COMMON, "--events", "events.csv", "--format", "table"], { cwd });
    expect(status.stdout).toContain("C1 Ledger Name Ltd");
    expect(status.stdout + plan.stdout + letters.stdout).not.toContain("Master Name Co");
  });
});
