/**
 * Bad-debt provisions (坏账准备, SPEC.md "Bad-debt provisions" and "The management layer").
 *
 * Aging method (账龄分析法, the provision-matrix expedient of CAS 22 / IFRS 9): each open invoice
 * or debit note (disputed included) falls in a band by `basis` — `doc`: as-of − doc date (账龄),
 * `due`: days overdue — with ascending limits; band k holds the items whose days are at most
 * limit k and above limit k−1, the last band everything beyond. Per currency and band:
 *
 *   provision_k = round_half_up_cents(balance_k × rate_k)        total = Σ provision_k
 *
 * SPEC's example at the default rates (an example policy, not a rule):
 *   6,922,127.24 × 0.05 = 346,106.362 → 346,106.36     2,471,940.56 × 0.10 = 247,194.056 → 247,194.06
 *   5,099,000.00 × 0.20 = 1,019,800.00                   0 × 0.50 = 0; 0 × 0.80 = 0
 *   205,000.00 × 1.00 = 205,000.00                        total 1,818,100.42
 *
 * Individually assessed customers (单项计提; customer master `provision_rate`, `provision_reason`):
 * all their open items at their own rate, rounded once per customer and currency, listed apart
 * and left out of the bands (and of the matrix history).
 *
 * Matrix method (expected credit loss from the ledger's own history): bands by days overdue
 * (`matrixBands`, 30 days wide: current, 1-30, …, 181+). The `historyMonths` transitions between
 * consecutive month ends, the last ending at the month end before the as-of month, each month end
 * as it stood (engine/history.ts: one settlement run). For each band k but the last:
 *   base_k  = Σ over transitions of the open amount in band k at the first month end;
 *   moved_k = Σ over transitions, of those same items: the amount open at the second month end in
 *             a band after k, plus the amount written off between the two month ends;
 *   r_k = moved_k ÷ base_k (no rate when base_k = 0: the band takes the next band's loss rate);
 *   L_last = lastBandLoss, L_k = r_k × L_(k+1); rate_k = min(1, L_k × (1 + forwardLooking)).
 * Rates are per currency and exact (fractions of bigints); the provision per band is rounded once.
 * A hand-computed example over three month ends is in test/engine/provision.test.ts.
 *
 * Unapplied credit is not netted (a memo figure). `previous` (the allowance on the books):
 * charge = total − previous (计提 when positive, 转回 when negative).
 */
import { compareText } from "./order.js";
import type { Basis } from "./aging.js";
import type { Book } from "./book.js";
import { addMonthsClamped, firstDayOfMonth, lastDayOfMonth, type Day } from "./dates.js";
import { settleOver } from "./history.js";
import { isCharge, KIND_WRITE_OFF, oldestFirst, type Ledger } from "./ledger.js";
import { Decimal } from "./money.js";
import type { ApplyMode, Standing } from "./settle.js";

// ---------------------------------------------------------------------------------------------
// Exact rates

/** A non-negative rate as a fraction of integers: exact, whatever the history's amounts. */
export interface Ratio {
  n: bigint;
  d: bigint;
}

export function ratioOf(x: Decimal): Ratio {
  const s = Math.max(0, x.decimalPlaces());
  return { n: BigInt(x.times(new Decimal(10).pow(s)).toFixed(0)), d: 10n ** BigInt(s) };
}

function times(a: Ratio, b: Ratio): Ratio {
  return { n: a.n * b.n, d: a.d * b.d };
}

function atMostOne(a: Ratio): Ratio {
  return a.n > a.d ? { n: 1n, d: 1n } : a;
}

/** num ÷ den rounded half-up (away from zero), den > 0. */
export function divHalfUp(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const a = neg ? -num : num;
  let q = a / den;
  if ((a % den) * 2n >= den) q += 1n;
  return neg ? -q : q;
}

/** units (10^-scale) × rate, rounded half-up once to cents. */
export function centsAt(units: bigint, scale: number, rate: Ratio): bigint {
  return scale >= 2 ? divHalfUp(units * rate.n, rate.d * 10n ** BigInt(scale - 2)) : divHalfUp(units * rate.n * 10n ** BigInt(2 - scale), rate.d);
}

/** A rate rounded half-up to `places` decimals, for display only: "0.0500". */
export function ratioText(r: Ratio, places = 4): string {
  const scaled = divHalfUp(r.n * 10n ** BigInt(places), r.d).toString().padStart(places + 1, "0");
  return `${scaled.slice(0, -places)}.${scaled.slice(-places)}`;
}

// ---------------------------------------------------------------------------------------------
// Bands

export interface ProvisionBand {
  key: string;
  /** First day of the band; null for a first band under `due` (everything up to its limit, not yet due included). */
  from: number | null;
  /** Last day; null for the last band. */
  to: number | null;
}

/**
 * The bands of ascending day limits: under `doc` 0-365, 366-730, …, 1826+; under `due` the first
 * band has no lower end (`current` for a limit 0: the items not yet due; else `current-365`).
 */
export function provisionBands(limits: readonly number[], basis: Basis): ProvisionBand[] {
  const bands: ProvisionBand[] = [];
  let from: number | null = basis === "doc" ? 0 : null;
  for (const to of limits) {
    bands.push({ key: from === null ? (to <= 0 ? "current" : `current-${to}`) : `${from}-${to}`, from, to });
    from = to + 1;
  }
  bands.push({ key: `${from ?? 0}+`, from, to: null });
  return bands;
}

/** The band of a number of days: the first whose limit is at least it. */
export function bandOf(days: number, limits: readonly number[]): number {
  for (let k = 0; k < limits.length; k++) if (days <= limits[k]!) return k;
  return limits.length;
}

/** `months + 1` month ends, ascending, the last the month end before the month of `asOf`. */
export function monthEndsBefore(asOf: Day, months: number): Day[] {
  const first = firstDayOfMonth(asOf);
  const ends: Day[] = [];
  for (let k = months + 1; k >= 1; k--) ends.push(lastDayOfMonth(addMonthsClamped(first, -k)));
  return ends;
}

// ---------------------------------------------------------------------------------------------
// Options and report

/** Customer index → individual assessment, from the customer master's `provision_rate` and `provision_reason`. */
export function individualAssessments(book: Pick<Book, "ledger" | "master">): Map<number, IndividualAssessment> {
  const out = new Map<number, IndividualAssessment>();
  const master = book.master;
  if (master === undefined) return out;
  book.ledger.customers.forEach((c, k) => {
    const p = master.get(c.key)?.provision;
    if (p !== undefined) out.set(k, p);
  });
  return out;
}

export interface IndividualAssessment {
  rate: Decimal;
  reason: string;
}

export interface AgingPolicy {
  basis: Basis;
  bands: readonly number[];
  rates: readonly Decimal[];
}

export interface MatrixPolicy {
  bands: readonly number[];
  historyMonths: number;
  lastBandLoss: Decimal;
  forwardLooking: Decimal;
  apply: ApplyMode;
}

export interface ProvisionOptions {
  method: "aging" | "matrix";
  aging: AgingPolicy;
  matrix: MatrixPolicy;
  /** Customer index → its individual assessment. */
  individual: ReadonlyMap<number, IndividualAssessment>;
  /** Currency index → the allowance on the books, in cents. */
  previous: ReadonlyMap<number, bigint>;
  /** Keep each open item (for `--by customer|invoice`). */
  items: boolean;
}

export interface BandProvision {
  currency: number;
  band: number;
  /** Minor units at the ledger's scale. */
  balance: bigint;
  rate: Ratio;
  /** Cents. */
  provision: bigint;
}

export interface IndividualProvision {
  customer: number;
  currency: number;
  balance: bigint;
  rate: Ratio;
  reason: string;
  provision: bigint;
}

export interface RollRate {
  currency: number;
  band: number;
  /** Σ base_k and Σ moved_k over the transitions, minor units; the last band has neither. */
  base: bigint;
  moved: bigint;
  /** moved ÷ base; null when base is 0 (and for the last band). */
  roll: Ratio | null;
  /** L_k before the forward-looking adjustment. */
  loss: Ratio;
  /** The rate used: min(1, L_k × (1 + forwardLooking)). */
  rate: Ratio;
}

export interface ProvisionItem {
  index: number;
  customer: number;
  currency: number;
  days: number;
  /** Band index, or -1 for an individually assessed customer's item. */
  band: number;
  outstanding: bigint;
  rate: Ratio;
  /** Cents, rounded once for this item. */
  provision: bigint;
}

export interface ProvisionTotal {
  currency: number;
  balance: bigint;
  /** Cents: the rounded bands plus the rounded individual provisions. */
  provision: bigint;
  previous: bigint | null;
  charge: bigint | null;
  /** Unapplied credit, not netted (memo). */
  unapplied: bigint;
}

export interface ProvisionReport {
  asOf: Day;
  scale: number;
  method: "aging" | "matrix";
  basis: Basis;
  bands: ProvisionBand[];
  rows: BandProvision[];
  individual: IndividualProvision[];
  /** Matrix method: the roll and loss rates per currency and band; null under aging. */
  rollRates: RollRate[] | null;
  /** Matrix method: the month ends read (ascending). */
  monthEnds: Day[] | null;
  totals: ProvisionTotal[];
  /** With `items`: the open items, by currency, customer key, oldest first. */
  items: ProvisionItem[] | null;
}

/** Per currency and band, the rate the report provisions at (the matrix's or the policy's). */
type RateTable = (currency: number, band: number) => Ratio;

const SAFE = Number.MAX_SAFE_INTEGER;

export function provisionReport(standing: Standing, options: ProvisionOptions): ProvisionReport {
  const l = standing.ledger;
  const asOf = standing.asOf;
  const nCur = Math.max(1, l.currencies.length);
  const byDue = options.method === "matrix" || options.aging.basis === "due";
  const limits = options.method === "matrix" ? options.matrix.bands : options.aging.bands;
  const basis: Basis = byDue ? "due" : "doc";
  const bands = provisionBands(limits, basis);
  const nb = bands.length;

  let rollRates: RollRate[] | null = null;
  let monthEnds: Day[] | null = null;
  let rateOf: RateTable;
  if (options.method === "matrix") {
    monthEnds = monthEndsBefore(asOf, options.matrix.historyMonths);
    rollRates = matrixRates(l, monthEnds, options.matrix, options.individual);
    const table = new Map<number, Ratio>();
    for (const r of rollRates) table.set(r.currency * nb + r.band, r.rate);
    // A currency without history: every band without a rate, so each takes the last band's.
    const fallback = atMostOne(times(ratioOf(options.matrix.lastBandLoss), ratioOf(options.matrix.forwardLooking.plus(1))));
    rateOf = (c, k) => table.get(c * nb + k) ?? fallback;
  } else {
    const rates = options.aging.rates.map(ratioOf);
    rateOf = (_c, k) => rates[k]!;
  }
  const individualRates = new Map<number, Ratio>();
  options.individual.forEach((a, c) => individualRates.set(c, ratioOf(a.rate)));

  // One pass over the open items at as-of.
  const numbers = standing.outstanding.numbers;
  const balances: bigint[] = new Array(nCur * nb).fill(0n);
  const single = new Map<number, bigint>(); // customer × nCur + currency → balance of an individually assessed account
  const seen = new Uint8Array(nCur);
  const items: ProvisionItem[] | null = options.items ? [] : null;
  const sums = new Float64Array(nCur * nb);
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || l.docDate[i]! > asOf) continue;
    const open = numbers !== undefined ? numbers[i]! : Number.NaN;
    const big = numbers === undefined ? standing.outstanding.get(i) : 0n;
    if (numbers !== undefined ? !(open > 0) : big <= 0n) continue;
    const c = l.customer[i]!;
    const cur = l.currency[i]!;
    seen[cur] = 1;
    const days = byDue ? asOf - l.dueDate[i]! : asOf - l.docDate[i]!;
    const own = individualRates.get(c);
    const band = own !== undefined ? -1 : bandOf(days, limits);
    if (own !== undefined) {
      const key = c * nCur + cur;
      single.set(key, (single.get(key) ?? 0n) + (numbers !== undefined ? BigInt(open) : big));
    } else if (numbers !== undefined) {
      sums[cur * nb + band]! += open;
    } else {
      balances[cur * nb + band]! += big;
    }
    if (items !== null) {
      const outstanding = numbers !== undefined ? BigInt(open) : big;
      const rate = own ?? rateOf(cur, band);
      items.push({ index: i, customer: c, currency: cur, days, band, outstanding, rate, provision: centsAt(outstanding, l.scale, rate) });
    }
  }
  if (numbers !== undefined) {
    // Sums of safe integers stay exact while below 2^53; a sum past it is found and redone in bigint.
    if (sums.every((s) => s < SAFE)) for (let k = 0; k < sums.length; k++) balances[k] = BigInt(sums[k]!);
    else redoInBigints(standing, balances, individualRates, byDue, limits, nb);
  }

  const rows: BandProvision[] = [];
  const totals = new Map<number, ProvisionTotal>();
  const totalOf = (cur: number): ProvisionTotal => {
    let t = totals.get(cur);
    if (t === undefined) {
      const previous = options.previous.get(cur) ?? null;
      totals.set(cur, (t = { currency: cur, balance: 0n, provision: 0n, previous, charge: null, unapplied: 0n }));
    }
    return t;
  };
  for (let cur = 0; cur < nCur; cur++) {
    if (seen[cur] === 0 && !options.previous.has(cur)) continue;
    const t = totalOf(cur);
    for (let k = 0; k < nb; k++) {
      const balance = balances[cur * nb + k]!;
      const rate = rateOf(cur, k);
      const provision = centsAt(balance, l.scale, rate);
      rows.push({ currency: cur, band: k, balance, rate, provision });
      t.balance += balance;
      t.provision += provision;
    }
  }
  const individual: IndividualProvision[] = [];
  for (const [key, balance] of single) {
    const customer = Math.floor(key / nCur);
    const currency = key - customer * nCur;
    const rate = individualRates.get(customer)!;
    const provision = centsAt(balance, l.scale, rate);
    individual.push({ customer, currency, balance, rate, reason: options.individual.get(customer)!.reason, provision });
    const t = totalOf(currency);
    t.balance += balance;
    t.provision += provision;
  }
  individual.sort((a, b) => compareText(l.currencies[a.currency]!, l.currencies[b.currency]!) || compareText(l.customers[a.customer]!.key, l.customers[b.customer]!.key));
  for (const a of standing.accounts) if (a.unapplied !== 0n) totalOf(a.currency).unapplied += a.unapplied;
  for (const t of totals.values()) if (t.previous !== null) t.charge = t.provision - t.previous;
  const byCurrency = (a: { currency: number }, b: { currency: number }) => compareText(l.currencies[a.currency]!, l.currencies[b.currency]!);
  rows.sort((a, b) => byCurrency(a, b) || a.band - b.band);
  if (items !== null) items.sort((a, b) => byCurrency(a, b) || compareText(l.customers[a.customer]!.key, l.customers[b.customer]!.key) || oldestFirst(l, a.index, b.index));
  if (rollRates !== null) rollRates.sort((a, b) => byCurrency(a, b) || a.band - b.band);
  return { asOf, scale: l.scale, method: options.method, basis, bands, rows, individual, rollRates, monthEnds, totals: [...totals.values()].sort(byCurrency), items };
}

/** The band balances again in bigints (a currency's open items past 2^53 minor units). */
function redoInBigints(standing: Standing, balances: bigint[], individual: ReadonlyMap<number, Ratio>, byDue: boolean, limits: readonly number[], nb: number): void {
  const l = standing.ledger;
  balances.fill(0n);
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || l.docDate[i]! > standing.asOf || individual.has(l.customer[i]!)) continue;
    const open = standing.outstanding.get(i);
    if (open <= 0n) continue;
    const days = byDue ? standing.asOf - l.dueDate[i]! : standing.asOf - l.docDate[i]!;
    balances[l.currency[i]! * nb + bandOf(days, limits)]! += open;
  }
}

// ---------------------------------------------------------------------------------------------
// Matrix method: roll rates from month-end history

/**
 * Roll and loss rates per currency and band from the transitions between consecutive `ends`
 * (see the module header), from one settlement run over all of them.
 */
export function matrixRates(ledger: Ledger, ends: readonly Day[], policy: MatrixPolicy, individual: ReadonlyMap<number, unknown>): RollRate[] {
  const l = ledger;
  const limits = policy.bands;
  const nb = limits.length + 1;
  const last = nb - 1;
  const nCur = Math.max(1, l.currencies.length);
  const history = settleOver(l, ends, { apply: policy.apply });
  const log = history.settlements;
  const assessed = new Uint8Array(l.customers.length);
  individual.forEach((_, c) => (assessed[c] = 1));

  // Write-offs by transition: settlement s of the log (as seen from the last month end) dated in (ends[t], ends[t + 1]].
  const writeOffs: number[][] = ends.map(() => []);
  for (let s = 0; s < log.count; s++) {
    if (log.discount[s] === 1 || l.kind[log.source[s]!] !== KIND_WRITE_OFF) continue;
    const d = log.date[s]!;
    let t = 0;
    while (t < ends.length && ends[t]! < d) t++;
    // d ≤ ends[t]: the transition ending at ends[t] (t ≥ 1); before the first month end: none.
    if (t >= 1 && t < ends.length) writeOffs[t]!.push(s);
  }

  // Doubles are exact while every sum stays below 2^53: all charges, once per transition, bound them.
  let all = 0;
  const amounts = l.amount.numbers;
  if (amounts !== undefined) for (let i = 0; i < l.count; i++) if (isCharge(l.kind[i]!)) all += amounts[i]!;
  const exact = amounts !== undefined && all * ends.length < SAFE;
  const baseF = new Float64Array(nCur * nb);
  const movedF = new Float64Array(nCur * nb);
  const baseB: bigint[] = new Array(nCur * nb).fill(0n);
  const movedB: bigint[] = new Array(nCur * nb).fill(0n);
  const add = (to: "base" | "moved", k: number, units: number | bigint) => {
    if (exact) (to === "base" ? baseF : movedF)[k]! += Number(units);
    else (to === "base" ? baseB : movedB)[k]! += BigInt(units);
  };

  // Per charge: its band at the previous month end while it counts for a base (-1 otherwise).
  const before = new Int8Array(l.count).fill(-1);
  let t = 0;
  for (const snap of history) {
    const day = snap.asOf;
    const numbers = snap.outstanding.numbers;
    if (t > 0) {
      for (const s of writeOffs[t]!) {
        const i = log.invoice[s]!;
        const k = before[i]!;
        if (k >= 0) add("moved", l.currency[i]! * nb + k, exact ? log.units[s]! : log.unitsOf(s));
      }
    }
    const opening = t < ends.length - 1;
    for (let i = 0; i < l.count; i++) {
      if (!isCharge(l.kind[i]!) || assessed[l.customer[i]!] === 1) continue;
      const was = before[i]!;
      if (l.docDate[i]! > day) continue;
      let open: number | bigint;
      let positive: boolean;
      if (numbers !== undefined && exact) {
        open = numbers[i]!;
        positive = open > 0;
      } else {
        open = snap.outstanding.get(i);
        positive = open > 0n;
      }
      const band = positive ? bandOf(day - l.dueDate[i]!, limits) : -1;
      if (was >= 0 && positive && band > was) add("moved", l.currency[i]! * nb + was, open);
      if (opening && positive && band < last) {
        before[i] = band;
        add("base", l.currency[i]! * nb + band, open);
      } else {
        before[i] = -1;
      }
    }
    t++;
  }

  const rates: RollRate[] = [];
  const lastLoss = ratioOf(policy.lastBandLoss);
  const adjust = ratioOf(policy.forwardLooking.plus(1));
  for (let cur = 0; cur < l.currencies.length; cur++) {
    const perBand: RollRate[] = new Array(nb);
    let loss = lastLoss;
    perBand[last] = { currency: cur, band: last, base: 0n, moved: 0n, roll: null, loss, rate: atMostOne(times(loss, adjust)) };
    for (let k = last - 1; k >= 0; k--) {
      const base = exact ? BigInt(baseF[cur * nb + k]!) : baseB[cur * nb + k]!;
      const moved = exact ? BigInt(movedF[cur * nb + k]!) : movedB[cur * nb + k]!;
      const roll = base > 0n ? { n: moved, d: base } : null;
      if (roll !== null) loss = times(roll, loss);
      perBand[k] = { currency: cur, band: k, base, moved, roll, loss, rate: atMostOne(times(loss, adjust)) };
    }
    rates.push(...perBand);
  }
  return rates;
}

// ---------------------------------------------------------------------------------------------
// Per customer

/** A sum of amounts × rates, exact: numerator over a common denominator. */
export class ExactSum {
  n = 0n;
  d = 1n;

  add(units: bigint, rate: Ratio): void {
    const g = gcd(this.d, rate.d);
    const d = (this.d / g) * rate.d;
    this.n = this.n * (d / this.d) + units * rate.n * (d / rate.d);
    this.d = d;
  }

  /** The sum (in units at `scale`) rounded half-up once to cents. */
  cents(scale: number): bigint {
    return centsAt(this.n, scale, { n: 1n, d: this.d });
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export interface CustomerProvision {
  customer: number;
  currency: number;
  items: number;
  balance: bigint;
  /** Cents: Σ outstanding × rate over the customer's items, rounded once. */
  provision: bigint;
  individual: boolean;
}

/**
 * The report's items per customer and currency (`--by customer`), each customer's provision
 * rounded once; the rows need not add up to the total by a cent (the total adds rounded bands).
 */
export function provisionByCustomer(report: ProvisionReport): CustomerProvision[] {
  if (report.items === null) throw new Error("provisionByCustomer needs a report made with items");
  const out: CustomerProvision[] = [];
  let sum = new ExactSum();
  for (let k = 0; k < report.items.length; k++) {
    const it = report.items[k]!;
    let row = out[out.length - 1];
    if (row === undefined || row.customer !== it.customer || row.currency !== it.currency) {
      if (row !== undefined) row.provision = sum.cents(report.scale);
      sum = new ExactSum();
      out.push((row = { customer: it.customer, currency: it.currency, items: 0, balance: 0n, provision: 0n, individual: it.band < 0 }));
    }
    row.items++;
    row.balance += it.outstanding;
    sum.add(it.outstanding, it.rate);
  }
  const lastRow = out[out.length - 1];
  if (lastRow !== undefined) lastRow.provision = sum.cents(report.scale);
  return out;
}
