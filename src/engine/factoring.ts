/**
 * Factoring candidates (应收账款保理, SPEC.md "Factoring candidates"): which receivables to sell,
 * what a factor would pay, and what the sale would cost against the books.
 *
 * Candidates: the open, undisputed invoices and debit notes at least `minDays` overdue. Per
 * customer and currency (each figure rounded half-up to cents once per customer):
 *   outstanding = Σ open amounts of the candidate items
 *   provision   = Σ outstanding_i × rate_i, the allowance carried on them by the aging method
 *                 (their band's rate, or the customer's individual rate)
 *   net         = outstanding − provision                (the net carrying amount)
 *   advance     = outstanding × advance                  (paid by the factor at once)
 *   proceeds    = outstanding × recovery, at low, mid = (low + high) ÷ 2, high
 *   loss        = net − proceeds                         (negative: a gain over the books)
 * Concentration: a customer whose open items more than 90 days overdue (disputed included) exceed
 * `concentration` of the whole open book of its currency is flagged.
 * Totals per currency add the rounded customer figures.
 *
 * Example: 10,000.00 open 200 days, doc-date age 230 (band 0-365, rate 0.05); advance 0.8,
 * recovery 0.6–0.8: provision 500.00, net 9,500.00, advance 8,000.00, proceeds 6,000.00 /
 * 7,000.00 / 8,000.00, loss 3,500.00 / 2,500.00 / 1,500.00.
 */
import { compareText } from "./order.js";
import type { Day } from "./dates.js";
import { isCharge } from "./ledger.js";
import type { Decimal } from "./money.js";
import { bandOf, centsAt, ExactSum, ratioOf, type AgingPolicy, type Ratio } from "./provision.js";
import type { Standing } from "./settle.js";

export interface FactoringOptions {
  minDays: number;
  advance: Decimal;
  recovery: [Decimal, Decimal];
  concentration: Decimal;
  /** The aging method's policy: the provision carried. */
  aging: AgingPolicy;
  /** Customer index → individual provision rate. */
  individual: ReadonlyMap<number, Decimal>;
}

export interface Range {
  low: bigint;
  mid: bigint;
  high: bigint;
}

export interface FactoringCustomer {
  customer: number;
  currency: number;
  items: number;
  /** Minor units at the ledger's scale. */
  outstanding: bigint;
  /** Cents from here on. */
  provision: bigint;
  net: bigint;
  advance: bigint;
  proceeds: Range;
  loss: Range;
  /** Open items over 90 days overdue, minor units, and whether they exceed the concentration share. */
  over90: bigint;
  concentrated: boolean;
}

export interface FactoringTotal {
  currency: number;
  outstanding: bigint;
  provision: bigint;
  net: bigint;
  advance: bigint;
  proceeds: Range;
  loss: Range;
  /** The whole open book of the currency (the base of the concentration share). */
  book: bigint;
}

export interface FactoringReport {
  asOf: Day;
  scale: number;
  customers: FactoringCustomer[];
  totals: FactoringTotal[];
}

/** Days overdue past which an item counts for concentration (SPEC: "items over 90 days"). */
export const CONCENTRATION_DAYS = 90;

export function factoringReport(standing: Standing, options: FactoringOptions): FactoringReport {
  const l = standing.ledger;
  const asOf = standing.asOf;
  const nCur = Math.max(1, l.currencies.length);
  const rates = options.aging.rates.map(ratioOf);
  const own = new Map<number, Ratio>();
  options.individual.forEach((r, c) => own.set(c, ratioOf(r)));
  const byDue = options.aging.basis === "due";
  const book = new Map<number, bigint>();
  const over90 = new Map<number, bigint>();
  const found = new Map<number, { items: number; outstanding: bigint; carried: ExactSum }>();
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || l.docDate[i]! > asOf) continue;
    const open = standing.outstanding.get(i);
    if (open <= 0n) continue;
    const cur = l.currency[i]!;
    const key = l.customer[i]! * nCur + cur;
    const overdue = asOf - l.dueDate[i]!;
    book.set(cur, (book.get(cur) ?? 0n) + open);
    if (overdue > CONCENTRATION_DAYS) over90.set(key, (over90.get(key) ?? 0n) + open);
    if (l.disputed[i] === 1 || overdue < options.minDays) continue;
    let f = found.get(key);
    if (f === undefined) found.set(key, (f = { items: 0, outstanding: 0n, carried: new ExactSum() }));
    f.items++;
    f.outstanding += open;
    f.carried.add(open, own.get(l.customer[i]!) ?? rates[bandOf(byDue ? overdue : asOf - l.docDate[i]!, options.aging.bands)]!);
  }
  const advance = ratioOf(options.advance);
  const low = ratioOf(options.recovery[0]);
  const high = ratioOf(options.recovery[1]);
  const mid: Ratio = { n: low.n * high.d + high.n * low.d, d: 2n * low.d * high.d };
  const share = ratioOf(options.concentration);
  const customers: FactoringCustomer[] = [];
  for (const [key, f] of found) {
    const customer = Math.floor(key / nCur);
    const currency = key - customer * nCur;
    const cents = centsAt(f.outstanding, l.scale, { n: 1n, d: 1n });
    const provision = f.carried.cents(l.scale);
    const net = cents - provision;
    const proceeds = { low: centsAt(f.outstanding, l.scale, low), mid: centsAt(f.outstanding, l.scale, mid), high: centsAt(f.outstanding, l.scale, high) };
    const o90 = over90.get(key) ?? 0n;
    customers.push({
      customer,
      currency,
      items: f.items,
      outstanding: f.outstanding,
      provision,
      net,
      advance: centsAt(f.outstanding, l.scale, advance),
      proceeds,
      loss: { low: net - proceeds.low, mid: net - proceeds.mid, high: net - proceeds.high },
      over90: o90,
      concentrated: o90 * share.d > share.n * (book.get(currency) ?? 0n),
    });
  }
  // Largest candidates first within a currency: the ones worth a factor's call.
  customers.sort((a, b) => compareText(l.currencies[a.currency]!, l.currencies[b.currency]!) || (b.outstanding > a.outstanding ? 1 : b.outstanding < a.outstanding ? -1 : 0) || compareText(l.customers[a.customer]!.key, l.customers[b.customer]!.key));
  const totals: FactoringTotal[] = [];
  for (const c of customers) {
    let t = totals[totals.length - 1];
    if (t === undefined || t.currency !== c.currency) {
      const zero = () => ({ low: 0n, mid: 0n, high: 0n });
      totals.push((t = { currency: c.currency, outstanding: 0n, provision: 0n, net: 0n, advance: 0n, proceeds: zero(), loss: zero(), book: book.get(c.currency) ?? 0n }));
    }
    t.outstanding += c.outstanding;
    t.provision += c.provision;
    t.net += c.net;
    t.advance += c.advance;
    for (const k of ["low", "mid", "high"] as const) {
      t.proceeds[k] += c.proceeds[k];
      t.loss[k] += c.loss[k];
    }
  }
  return { asOf, scale: l.scale, customers, totals };
}
