/**
 * Aging (SPEC.md "Aging" and "Details"): open items into buckets, per-customer rows, totals.
 *
 * daysOverdue = asOf − due_date, always. The bucket is chosen by days overdue (basis `due`), or by
 * age = asOf − doc_date (basis `doc`, 账龄 from the invoice date). Amounts stay exact minor units.
 */
import { compareText } from "./order.js";
import type { Day } from "./dates.js";
import { isCharge, oldestFirst, type Ledger } from "./ledger.js";
import type { Standing } from "./settle.js";
import { tierOf, worseTier, type Tier, type TierLimits } from "./tiers.js";

export type Basis = "due" | "doc";

export interface BucketDef {
  key: string;
  from: number | null;
  to: number | null;
}

/**
 * Bucket descriptors. By due date: `current` {null, 0}, `1-30`, `31-60`, `61-90`, `91+` {91, null};
 * by doc date: `0-30` {0, 30}, `31-60`, `61-90`, `91+`.
 */
export function bucketDefs(limits: readonly number[], basis: Basis): BucketDef[] {
  const defs: BucketDef[] = [];
  let from: number;
  if (basis === "due") {
    defs.push({ key: "current", from: null, to: 0 });
    from = 1;
  } else {
    from = 0;
  }
  for (const to of limits) {
    defs.push({ key: `${from}-${to}`, from, to });
    from = to + 1;
  }
  defs.push({ key: `${from}+`, from, to: null });
  return defs;
}

/** Index into `bucketDefs(limits, basis)` for a number of days (overdue, or age for basis doc). */
export function bucketIndex(days: number, limits: readonly number[], basis: Basis): number {
  if (basis === "due" && days <= 0) return 0;
  const offset = basis === "due" ? 1 : 0;
  // Days before a doc date (a future-dated row cannot reach here, but a due date can lie ahead).
  for (let b = 0; b < limits.length; b++) if (days <= limits[b]!) return b + offset;
  return limits.length + offset;
}

/** SPEC "Aging": `daysOverdue = asOf − due_date` in calendar days (negative: not yet due), also under `--basis doc`. */
export function daysOverdue(dueDate: Day, asOf: Day): number {
  return asOf - dueDate;
}

export interface AgingOptions {
  basis: Basis;
  limits: readonly number[];
  tiers: TierLimits;
  /** Items below this outstanding (minor units at the ledger's scale, rounded up) do not set a customer's tier. */
  minTierUnits: bigint;
  /** List each account's open items (default true); a per-customer report does not need them. */
  items?: boolean;
}

export interface AgedItem {
  index: number;
  customer: number;
  currency: number;
  outstanding: bigint;
  daysOverdue: number;
  bucket: number;
  tier: Tier | null;
  disputed: boolean;
}

export interface AgedAccount {
  customer: number;
  currency: number;
  buckets: bigint[];
  unapplied: bigint;
  /** Sum of buckets − unapplied credit. */
  balance: bigint;
  oldestDaysOverdue: number;
  tier: Tier | null;
  /** Open invoices and debit notes, sorted by (due date, doc date, doc_no). */
  items: AgedItem[];
}

export interface AgingTotals {
  currency: number;
  buckets: bigint[];
  unapplied: bigint;
  balance: bigint;
}

export interface Aging {
  asOf: Day;
  scale: number;
  basis: Basis;
  buckets: BucketDef[];
  /** Accounts with an open item or non-zero unapplied credit, sorted by (customer key, currency). */
  accounts: AgedAccount[];
  totals: AgingTotals[];
}

export function age(settled: Standing, options: AgingOptions): Aging {
  const l: Ledger = settled.ledger;
  const asOf = settled.asOf;
  const defs = bucketDefs(options.limits, options.basis);
  const nb = defs.length;
  const withItems = options.items !== false;
  const byDue = options.basis === "due";
  const n = settled.accounts.length;
  const nCur = Math.max(1, l.currencies.length);
  const accountOf = new Int32Array(l.customers.length * nCur).fill(-1);
  settled.accounts.forEach((a, k) => (accountOf[a.customer * nCur + a.currency] = k));
  const open = new Int32Array(n);
  const oldest = new Int32Array(n);
  const tiers: (Tier | null)[] = new Array(n).fill(null);
  const items: AgedItem[][] = Array.from({ length: withItems ? n : 0 }, () => []);
  // Open amounts as doubles when they all are safe integers (see AmountColumn): an account whose
  // open amounts add up to a safe integer is summed in `number`, exactly (each bucket's sum is at
  // most that total); any other account is summed again in bigint below.
  const numbers = settled.outstanding.numbers;
  const sums = new Float64Array(n * nb);
  const accountTotal = new Float64Array(n);
  if (numbers !== undefined) {
    // The tier threshold as a double compares exactly with safe integers (a larger one exceeds them all).
    const minTier = options.minTierUnits <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(options.minTierUnits) : Infinity;
    // In document order, not account by account: the columns are read in sequence, not all over memory.
    // Only documents of the accounts have an open amount (settlement sets no other).
    for (let i = 0; i < l.count; i++) {
      if (!isCharge(l.kind[i]!)) continue;
      const outstanding = numbers[i]!;
      if (outstanding <= 0) continue;
      const a = accountOf[l.customer[i]! * nCur + l.currency[i]!]!;
      const overdue = daysOverdue(l.dueDate[i]!, asOf);
      const disputed = l.disputed[i] === 1;
      const bucket = bucketIndex(byDue ? overdue : asOf - l.docDate[i]!, options.limits, options.basis);
      const itemTier = disputed ? null : tierOf(overdue, options.tiers);
      sums[a * nb + bucket]! += outstanding;
      accountTotal[a]! += outstanding;
      if (overdue > oldest[a]!) oldest[a] = overdue;
      if (outstanding >= minTier) tiers[a] = worseTier(tiers[a]!, itemTier);
      open[a]!++;
      if (withItems) items[a]!.push({ index: i, customer: l.customer[i]!, currency: l.currency[i]!, outstanding: BigInt(outstanding), daysOverdue: overdue, bucket, tier: itemTier, disputed });
    }
  }
  const accounts: AgedAccount[] = [];
  // Per currency: its buckets' totals in doubles, while every account of it was summed in them
  // (else NaN, and they are added up again in bigint below).
  const nCurrencies = l.currencies.length;
  const currencySums = new Float64Array(Math.max(1, nCurrencies) * nb);
  settled.accounts.forEach((account, a) => {
    let buckets: bigint[];
    let openAmount: bigint;
    if (numbers !== undefined && accountTotal[a]! <= Number.MAX_SAFE_INTEGER) {
      if (open[a] === 0 && account.unapplied === 0n) return;
      buckets = new Array<bigint>(nb);
      for (let b = 0; b < nb; b++) {
        buckets[b] = BigInt(sums[a * nb + b]!);
        currencySums[account.currency * nb + b]! += sums[a * nb + b]!;
      }
      // The buckets add up to the account's total exactly (every partial sum is at most it).
      openAmount = BigInt(accountTotal[a]!);
    } else {
      buckets = defs.map(() => 0n);
      open[a] = 0;
      oldest[a] = 0;
      tiers[a] = null;
      if (withItems) items[a] = [];
      for (const i of account.events) {
        if (!isCharge(l.kind[i]!)) continue;
        const outstanding = settled.outstanding.get(i);
        if (outstanding <= 0n) continue;
        const overdue = daysOverdue(l.dueDate[i]!, asOf);
        const disputed = l.disputed[i] === 1;
        const bucket = bucketIndex(byDue ? overdue : asOf - l.docDate[i]!, options.limits, options.basis);
        const itemTier = disputed ? null : tierOf(overdue, options.tiers);
        buckets[bucket]! += outstanding;
        if (overdue > oldest[a]!) oldest[a] = overdue;
        if (outstanding >= options.minTierUnits) tiers[a] = worseTier(tiers[a]!, itemTier);
        open[a]!++;
        if (withItems) items[a]!.push({ index: i, customer: account.customer, currency: account.currency, outstanding, daysOverdue: overdue, bucket, tier: itemTier, disputed });
      }
      if (open[a] === 0 && account.unapplied === 0n) return;
      openAmount = 0n;
      for (const b of buckets) openAmount += b;
      for (let b = 0; b < nb; b++) currencySums[account.currency * nb + b] = Number.NaN;
    }
    const mine = withItems ? items[a]! : [];
    mine.sort((x, y) => oldestFirst(l, x.index, y.index));
    accounts.push({ customer: account.customer, currency: account.currency, buckets, unapplied: account.unapplied, balance: openAmount - account.unapplied, oldestDaysOverdue: oldest[a]!, tier: tiers[a]!, items: mine });
  });
  byCustomerKey(l, accounts, accountOf);
  const totalsByCurrency = new Map<number, AgingTotals>();
  for (const a of accounts) {
    let t = totalsByCurrency.get(a.currency);
    if (!t) totalsByCurrency.set(a.currency, (t = { currency: a.currency, buckets: defs.map(() => 0n), unapplied: 0n, balance: 0n }));
    t.unapplied += a.unapplied;
    t.balance += a.balance;
  }
  addBuckets(totalsByCurrency, accounts, nb, currencySums);
  const totals = [...totalsByCurrency.values()].sort((a, b) => compareText(l.currencies[a.currency]!, l.currencies[b.currency]!));
  return { asOf, scale: l.scale, basis: options.basis, buckets: defs, accounts, totals };
}

/**
 * Adds each account's buckets to its currency's totals: the sums in doubles made while aging
 * (exact while each is a safe integer: a sum past 2^53 is at least 2^53, so the check sees it),
 * else in bigint.
 */
function addBuckets(totals: Map<number, AgingTotals>, accounts: AgedAccount[], nb: number, currencySums: Float64Array): void {
  for (const [currency, t] of totals) {
    const sum = currencySums.subarray(currency * nb, currency * nb + nb);
    if (sum.every((v) => v <= Number.MAX_SAFE_INTEGER)) {
      for (let k = 0; k < nb; k++) t.buckets[k] = BigInt(sum[k]!);
      continue;
    }
    for (const a of accounts) if (a.currency === currency) for (let k = 0; k < nb; k++) t.buckets[k]! += a.buckets[k]!;
  }
}

/**
 * Sorts the accounts by (customer key, currency), counted into place by the keys' ranks (keys are
 * unique): a comparison sort of a hundred thousand accounts costs more than the rest of an
 * aging, and reports over several dates age one ledger many times. `slots` has a place per
 * (customer, currency) (it is overwritten).
 */
function byCustomerKey(l: Ledger, accounts: AgedAccount[], slots: Int32Array): void {
  const nCur = Math.max(1, l.currencies.length);
  const rank = customerRanks(l);
  const currencyRank = new Int32Array(nCur);
  l.currencies
    .map((_, c) => c)
    .sort((a, b) => compareText(l.currencies[a]!, l.currencies[b]!))
    .forEach((c, k) => (currencyRank[c] = k));
  slots.fill(-1);
  accounts.forEach((a, k) => (slots[rank[a.customer]! * nCur + currencyRank[a.currency]!] = k));
  const unsorted = accounts.slice();
  let k = 0;
  for (const slot of slots) if (slot >= 0) accounts[k++] = unsorted[slot]!;
}

const ranks = new WeakMap<Ledger, Int32Array>();

/** Per customer index: its place in the order of customer keys (made once per ledger). */
function customerRanks(l: Ledger): Int32Array {
  let rank = ranks.get(l);
  if (rank === undefined || rank.length !== l.customers.length) {
    const byKey = l.customers.map((_, c) => c).sort((a, b) => compareText(l.customers[a]!.key, l.customers[b]!.key));
    rank = new Int32Array(l.customers.length);
    byKey.forEach((c, k) => (rank![c] = k));
    ranks.set(l, rank);
  }
  return rank;
}
