/**
 * Collector commission (提成, SPEC.md "Collector commission"): what each collector brought in.
 *
 * The customer master's `collector` names who owns each customer; customers without one, or not
 * in the master, go to `unassigned`. Per collector and currency, over the period [from, as-of]:
 *   collected         Σ settlements by payments (query.ts settlementsOf, by = payment) of the
 *                     collector's customers' invoices, whose payment is dated in the period;
 *                     discounts allowed, credit notes and write-offs are not cash and never count;
 *   overdueCollected  those of them on an invoice overdue when paid (settlement date > due date);
 *   commissionBase    collected (`commission.base` = all, the default) or overdueCollected (overdue);
 *   commission        Σ over the base's settlements of units × rate, where rate is that of the
 *                     highest `commission.tiers` entry with minDays ≤ days overdue at payment, else
 *                     `commission.rate` (default 0.015).
 * The exact commission is rounded half-up to cents once per customer and once per collector (a
 * collector's commission is its customers' exact commissions added, then rounded: it may differ
 * by a cent from the sum of their rounded figures).
 * Example (base all, rate 0.015, tiers [{minDays 91, rate 0.03}]): 10,000.00 paid 10 days late and
 * 2,000.00 paid 100 days late → 10,000 × 0.015 + 2,000 × 0.03 = 150 + 60 = 210.00.
 */
import { compareText } from "./order.js";
import type { CustomerProfile } from "./customers.js";
import type { Day } from "./dates.js";
import { isCharge, type Ledger } from "./ledger.js";
import { Decimal, fromMinor } from "./money.js";
import { settlementsOf } from "./query.js";
import type { CommissionSettings } from "./settings.js";
import type { Settled } from "./settle.js";

/** The collector of customers without one. */
export const UNASSIGNED = "unassigned";

export interface CommissionCustomer {
  customer: number;
  collected: bigint;
  overdueCollected: bigint;
  /** Rounded half-up to cents. */
  commission: Decimal;
}

export interface CommissionGroup {
  collector: string;
  currency: number;
  collected: bigint;
  overdueCollected: bigint;
  commissionBase: bigint;
  commission: Decimal;
  customers: CommissionCustomer[];
}

export interface CommissionReport {
  from: Day;
  asOf: Day;
  scale: number;
  settings: CommissionSettings;
  collectors: CommissionGroup[];
}

/** The rate of a settlement paid `daysOverdue` days after due. */
export function commissionRate(settings: CommissionSettings, daysOverdue: number): Decimal {
  let rate = settings.rate;
  for (const t of settings.tiers) if (daysOverdue >= t.minDays) rate = t.rate;
  return rate;
}

interface Acc {
  collected: bigint;
  overdue: bigint;
  /** Exact commission in currency units. */
  commission: Decimal;
}

export function commissionReport(settled: Settled, master: ReadonlyMap<string, CustomerProfile> | undefined, from: Day, settings: CommissionSettings): CommissionReport {
  const l: Ledger = settled.ledger;
  const asOf = settled.asOf;
  const nCur = Math.max(1, l.currencies.length);
  const perAccount = new Map<number, Acc>();
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || l.docDate[i]! > asOf) continue;
    for (const s of settlementsOf(settled, i)) {
      if (s.by !== "payment") continue;
      const paidOn = l.docDate[s.source]!;
      if (paidOn < from || paidOn > asOf) continue;
      const days = s.date - l.dueDate[i]!;
      const key = l.customer[i]! * nCur + l.currency[i]!;
      let a = perAccount.get(key);
      if (!a) perAccount.set(key, (a = { collected: 0n, overdue: 0n, commission: new Decimal(0) }));
      a.collected += s.units;
      if (days > 0) a.overdue += s.units;
      if (settings.base === "all" || days > 0) a.commission = a.commission.plus(fromMinor(s.units, l.scale).times(commissionRate(settings, days)));
    }
  }
  const groups = new Map<string, CommissionGroup & { exact: Decimal }>();
  for (const [key, a] of perAccount) {
    const customer = Math.floor(key / nCur);
    const currency = key % nCur;
    const collector = master?.get(l.customers[customer]!.key)?.collector || UNASSIGNED;
    const gk = `${collector}\u0000${l.currencies[currency]}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { collector, currency, collected: 0n, overdueCollected: 0n, commissionBase: 0n, commission: new Decimal(0), customers: [], exact: new Decimal(0) }));
    g.collected += a.collected;
    g.overdueCollected += a.overdue;
    g.commissionBase += settings.base === "all" ? a.collected : a.overdue;
    g.exact = g.exact.plus(a.commission);
    g.customers.push({ customer, collected: a.collected, overdueCollected: a.overdue, commission: a.commission.toDecimalPlaces(2, Decimal.ROUND_HALF_UP) });
  }
  const collectors = [...groups.values()].map(({ exact, ...g }) => {
    g.customers.sort((x, y) => compareText(l.customers[x.customer]!.key, l.customers[y.customer]!.key));
    return { ...g, commission: exact.toDecimalPlaces(2, Decimal.ROUND_HALF_UP) };
  });
  collectors.sort((x, y) => Number(x.collector === UNASSIGNED) - Number(y.collector === UNASSIGNED) || compareText(x.collector, y.collector) || compareText(l.currencies[x.currency]!, l.currencies[y.currency]!));
  return { from, asOf, scale: l.scale, settings, collectors };
}
