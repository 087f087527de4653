/**
 * The early-payment discount on offer (engine/discount-offer.ts), worked by hand. D1 1,000.00
 * dated 2025-06-25 with terms 2/10 net 30: due 07-25; 2% of 1,000.00 = 20.00 may be deducted by a
 * payment naming D1 dated at most 10 days after the doc date, 2025-07-05.
 */
import { describe, expect, it } from "vitest";
import { isoDate, parseIsoDate, type Day } from "../../src/engine/dates.js";
import { discountOffer, discountOffers, offerToMention, type DiscountOffer } from "../../src/engine/discount-offer.js";
import { unitsString } from "../../src/engine/money.js";
import { settle, type Settled } from "../../src/engine/settle.js";
import { readLedgerText } from "../helpers/ledger.js";

const d = (iso: string): Day => parseIsoDate(iso)!;
const HEADER = "doc_no,doc_type,customer_id,doc_date,due_date,terms,amount,applies_to";
const D1 = "D1,invoice,C1,2025-06-25,,2/10 net 30,1000.00,";

async function settledAt(rows: string[], asOf: string): Promise<Settled> {
  const read = await readLedgerText(`${HEADER}\n${rows.join("\n")}\n`, d(asOf));
  return settle(read.ledger, d(asOf), { apply: "fifo", record: true });
}

function shown(o: DiscountOffer | null) {
  if (o === null) return null;
  return { rate: o.rate, lastDay: isoDate(o.lastDay), outstanding: unitsString(o.outstanding, 2), deductible: unitsString(o.deductible, 2), toPay: unitsString(o.toPay, 2) };
}

/** The offer on the ledger's first document (D1 in every case below). */
async function offer(rows: string[], asOf: string, on?: string) {
  const s = await settledAt(rows, asOf);
  return shown(discountOffer(s, 0, on === undefined ? undefined : d(on)));
}

describe("discountOffer", () => {
  it("inside the period: deduct 20.00, pay 980.00 by 2025-07-05", async () => {
    expect(await offer([D1], "2025-06-30")).toEqual({ rate: "0.02", lastDay: "2025-07-05", outstanding: "1000.00", deductible: "20.00", toPay: "980.00" });
  });

  it("on the last day itself (day 10) still; the day after (day 11) no more", async () => {
    expect((await offer([D1], "2025-07-05"))?.toPay).toBe("980.00");
    expect(await offer([D1], "2025-07-06")).toBeNull();
  });

  it("a later day asked for (a call planned after as-of) is judged on that day", async () => {
    expect((await offer([D1], "2025-06-30", "2025-07-05"))?.deductible).toBe("20.00");
    expect(await offer([D1], "2025-06-30", "2025-07-07")).toBeNull();
  });

  it("partly paid 500.00: the discount is still 2% of the invoice amount, 20.00; pay 480.00", async () => {
    // A payment of 500.00 naming D1 on 06-27 leaves 500.00 > 20.00 open: no discount yet.
    expect(await offer([D1, "R1,payment,C1,2025-06-27,,,500.00,D1"], "2025-06-30")).toEqual({ rate: "0.02", lastDay: "2025-07-05", outstanding: "500.00", deductible: "20.00", toPay: "480.00" });
  });

  it("the same partial payment without applies_to (FIFO) leaves the same offer", async () => {
    expect((await offer([D1, "R1,payment,C1,2025-06-27,,,500.00,"], "2025-06-30"))?.toPay).toBe("480.00");
  });

  it("rounds the discount half-up to cents: 1.5% of 333.33 = 4.99995 → 5.00; pay 328.33", async () => {
    expect(await offer(["D1,invoice,C1,2025-06-25,,1.5/10 net 30,333.33,"], "2025-06-30")).toMatchObject({ rate: "0.015", deductible: "5.00", toPay: "328.33" });
  });

  it("none once a discount settled the invoice (980.00 on 06-28 closed it with 20.00)", async () => {
    const s = await settledAt([D1, "R1,payment,C1,2025-06-28,,,980.00,D1"], "2025-06-30");
    expect(unitsString(s.discounts.get(0)!.units, 2)).toBe("20.00");
    expect(discountOffer(s, 0)).toBeNull();
  });

  it("none when no more than the discount is open (a credit note of 985.00 leaves 15.00 ≤ 20.00)", async () => {
    expect(await offer([D1, "CN1,credit_note,C1,2025-06-27,,,985.00,D1"], "2025-06-30")).toBeNull();
  });

  it("none for invoices without discount terms, paid invoices, or documents after as-of", async () => {
    expect(await offer(["I1,invoice,C1,2025-06-25,,net 30,1000.00,"], "2025-06-30")).toBeNull();
    expect(await offer([D1, "R1,payment,C1,2025-06-27,,,1000.00,D1"], "2025-06-30")).toBeNull();
    expect(await offer([D1], "2025-06-24")).toBeNull();
  });

  it("none for an invoice exported as several payment terms (settlement grants those none)", async () => {
    const s = await settledAt(["D1,invoice,C1,2025-06-25,2025-07-25,2/10 net 30,600.00,", "D1,invoice,C1,2025-06-25,2025-08-25,2/10 net 30,400.00,"], "2025-06-30");
    expect(s.ledger.count).toBe(2);
    expect(s.ledger.nextInstalment?.[0]).toBe(1);
    expect(discountOffer(s, 0)).toBeNull();
    expect(discountOffer(s, 1)).toBeNull();
  });
});

describe("discountOffers", () => {
  it("every offer on the day, the one that ends first first", async () => {
    const s = await settledAt([D1, "D2,invoice,C2,2025-06-28,,1/5 net 30,200.00,", "I3,invoice,C2,2025-06-28,,net 30,50.00,", "D4,invoice,C1,2025-06-01,,2/10 net 30,100.00,"], "2025-06-30");
    // D2: 06-28 + 5 = 07-03, 1% of 200.00 = 2.00; D1: 07-05; D4 ended 06-11; I3 has none.
    const offers = [...discountOffers(s).values()].map((o) => [o.invoice, isoDate(o.lastDay), unitsString(o.deductible, 2), unitsString(o.toPay, 2)]);
    expect(offers).toEqual([
      [1, "2025-07-03", "2.00", "198.00"],
      [0, "2025-07-05", "20.00", "980.00"],
    ]);
  });
});

describe("offerToMention (the one offer a call script names)", () => {
  it("the invoice the call is about, else the account's offer that ends first; none after its last day, none of a disputed invoice", async () => {
    const s = await settledAt([D1, "D2,invoice,C1,2025-06-28,,1/5 net 30,200.00,", "D3,invoice,C1,2025-06-29,,2/10 net 30,300.00,", "D5,invoice,C2,2025-06-29,,2/10 net 30,300.00,"], "2025-06-30");
    const offers = discountOffers(s);
    const call = (about: number, on: string) => offerToMention(s.ledger, offers, { customer: 0, currency: "CNY", on: d(on), about })?.invoice;
    // About D1 (0): D1 itself. About nothing with an offer (-1): D2 (ends 07-03) before D1 (07-05) and D3 (07-09).
    expect(call(0, "2025-06-30")).toBe(0);
    expect(call(-1, "2025-06-30")).toBe(1);
    // On 07-04 D2's period is over: D1; on 07-06 D1's too: D3; C2's D5 is never C1's.
    expect(call(-1, "2025-07-04")).toBe(0);
    expect(call(0, "2025-07-06")).toBe(2);
    expect(call(-1, "2025-07-10")).toBeUndefined();
    expect(offerToMention(s.ledger, offers, { customer: 0, currency: "USD", on: d("2025-06-30"), about: 0 })).toBeUndefined();
  });
});
