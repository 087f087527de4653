/**
 * Collector commission (engine/commission.ts, SPEC.md "Collector commission"), by hand. Period
 * 2025-06-01 … 2025-06-30. Li owns K1 and K2; K3 has no collector; K4 is not in the master.
 *   K1: I1 10,000.00 due 2025-06-10, paid 06-20 (10 days late); I2 2,000.00 due 2025-03-01, paid
 *       06-09 (100 days late); I3 1,000.00 due 07-31 paid 06-15 (early); P0 in May (outside).
 *   K2: I4 333.33 due 06-30, paid 06-30 (on the due date: not overdue).
 *   K3: I5 500.00 due 05-31, paid 06-01 (1 day late). K4: I6 100.00 paid 06-05, due 06-05.
 */
import { describe, expect, it } from "vitest";
import { commissionRate, commissionReport } from "../../src/engine/commission.js";
import type { CustomerProfile } from "../../src/engine/customers.js";
import { parseIsoDate } from "../../src/engine/dates.js";
import { Decimal } from "../../src/engine/money.js";
import { defaultSettings, type CommissionSettings } from "../../src/engine/settings.js";
import { settle } from "../../src/engine/settle.js";
import { ledgerFrom } from "../helpers/ledger.js";

const d = (s: string) => parseIsoDate(s)!;
const ledger = ledgerFrom`
  doc_no | doc_type | customer_id | doc_date   | due_date   | amount    | applies_to
  I0     | invoice  | K1          | 2025-04-01 | 2025-05-01 |    700.00 |
  P0     | payment  | K1          | 2025-05-20 |            |    700.00 | I0
  I1     | invoice  | K1          | 2025-05-11 | 2025-06-10 | 10,000.00 |
  I2     | invoice  | K1          | 2025-01-30 | 2025-03-01 |  2,000.00 |
  I3     | invoice  | K1          | 2025-06-01 | 2025-07-31 |  1,000.00 |
  P1     | payment  | K1          | 2025-06-20 |            | 10,000.00 | I1
  P2     | payment  | K1          | 2025-06-09 |            |  2,000.00 | I2
  P3     | payment  | K1          | 2025-06-15 |            |  1,000.00 | I3
  I4     | invoice  | K2          | 2025-05-31 | 2025-06-30 |    333.33 |
  P4     | payment  | K2          | 2025-06-30 |            |    333.33 | I4
  I5     | invoice  | K3          | 2025-05-01 | 2025-05-31 |    500.00 |
  P5     | payment  | K3          | 2025-06-01 |            |    500.00 | I5
  I6     | invoice  | K4          | 2025-05-06 | 2025-06-05 |    100.00 |
  P6     | payment  | K4          | 2025-06-05 |            |    100.00 | I6
`;
const settled = settle(ledger, d("2025-06-30"), { apply: "fifo", record: true });
const p = (id: string, collector: string): CustomerProfile => ({ ...({} as CustomerProfile), id, name: "", collector });
const master = new Map([p("K1", "Li"), p("K2", "Li"), p("K3", "")].map((x) => [x.id, x]));
const run = (s: Partial<CommissionSettings>) => commissionReport(settled, master, d("2025-06-01"), { ...defaultSettings().commission, ...s });

describe("collector commission", () => {
  it("flat 1.5% on all collections, rounded once per customer and once per collector", () => {
    const r = run({});
    expect(r.collectors.map((g) => g.collector)).toEqual(["Li", "unassigned"]);
    const li = r.collectors[0]!;
    // Collected 10,000 + 2,000 + 1,000 + 333.33 = 13,333.33; overdue 10,000 + 2,000 = 12,000.
    expect([li.collected, li.overdueCollected, li.commissionBase]).toEqual([1333333n, 1200000n, 1333333n]);
    // K1: 13,000 × 0.015 = 195.00; K2: 333.33 × 0.015 = 4.99995 → 5.00; Li: 199.99995 → 200.00.
    expect(li.customers.map((c) => c.commission.toFixed(2))).toEqual(["195.00", "5.00"]);
    expect(li.commission.toFixed(2)).toBe("200.00");
    // K3 (no collector) and K4 (not in the master): 600.00, of which K3's 500.00 overdue; 9.00.
    const un = r.collectors[1]!;
    expect(un.customers.map((c) => ledger.customers[c.customer]!.key)).toEqual(["K3", "K4"]);
    expect([un.collected, un.overdueCollected]).toEqual([60000n, 50000n]);
    expect(un.commission.toFixed(2)).toBe("9.00");
  });

  it("overdue base: only settlements on invoices overdue when paid", () => {
    const li = run({ base: "overdue" }).collectors[0]!;
    // 12,000 × 0.015 = 180.00.
    expect(li.commissionBase).toBe(1200000n);
    expect(li.commission.toFixed(2)).toBe("180.00");
  });

  it("tiers by days overdue at payment: the highest tier reached", () => {
    const tiers = [
      { minDays: 1, rate: new Decimal("0.02") },
      { minDays: 91, rate: new Decimal("0.03") },
    ];
    expect(commissionRate({ rate: new Decimal("0.015"), base: "all", tiers }, 0).toString()).toBe("0.015");
    expect(commissionRate({ rate: new Decimal("0.015"), base: "all", tiers }, 90).toString()).toBe("0.02");
    expect(commissionRate({ rate: new Decimal("0.015"), base: "all", tiers }, 91).toString()).toBe("0.03");
    const li = run({ tiers }).collectors[0]!;
    // I1 10 days: 10,000 × 0.02 = 200; I2 100 days: 2,000 × 0.03 = 60; I3 and I4 not overdue:
    // 1,333.33 × 0.015 = 19.99995. K1 = 200 + 60 + 15 = 275.00; Li 279.99995 → 280.00.
    expect(li.customers[0]!.commission.toFixed(2)).toBe("275.00");
    expect(li.commission.toFixed(2)).toBe("280.00");
  });
});
