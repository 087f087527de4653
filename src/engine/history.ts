/**
 * The ledger as it stood at many dates, from one settlement run (SPEC.md "History is read as it
 * stood", "Settlement"): month-end agings, the opening of a roll-forward, a provision matrix's
 * consecutive month ends, forecast back-tests.
 *
 * Two viewpoints, named here because they differ:
 *   "as it stood at d"      what `settle(ledger, d)` gives, and so `ar age --as-of d`: only the
 *                           documents dated on or before d exist. Reports over several dates
 *                           read this one: `History.at` gives it.
 *   "as seen from as-of"    the run at the last date (as-of) read up to d: its settlements dated
 *                           on or before d (`History.settlements`). Attribution reads this one
 *                           (which payment or credit settled an invoice, and when).
 * They agree except for a forward-named payment or credit: one whose `applies_to` names an invoice
 * of the same account dated later than itself. Between its own date and the invoice's it is an
 * orphan (unapplied credit from its own date, which FIFO spends on older invoices); seen from any
 * later date it pays the invoice it names, on the invoice's date. So an invoice paid as it stood
 * at one month end can be open again at the next (SPEC: the roll-forward's `reallocated`).
 *
 * How: settlement is prefix-stable for every account without such a gap. The run at the last
 * date takes events in (effective date, class, ...) order, and the events of a run at an earlier
 * d are exactly its events effective on or before d, in the same order, so the state after them
 * is the same; each settlement is dated at the event that made it. An invoice's outstanding as it
 * stood at d is then its amount minus its settlements dated on or before d, and an account's
 * unapplied credit is its payments and credits minus all its settlements dated so. The one run
 * records every settlement compactly (typed arrays, in date order); a snapshot is two sequential
 * passes. An account with a forward-named payment whose gap holds a requested date is settled
 * again at that date, alone (`settle` with `accounts`): the same rule, not a third copy of it.
 */
import type { Day } from "./dates.js";
import { float64Array, grown, int32Array } from "./memory.js";
import { isCharge, type Ledger } from "./ledger.js";
import { recordedIn } from "./query.js";
import { AmountColumn } from "./store/amount-column.js";
import { settle, type Account, type ApplyMode, type SettlementRecorder, type Settled, type Standing } from "./settle.js";

export interface HistoryOptions {
  apply: ApplyMode;
}

/** The ledger's open amounts as they stood at the end of one date. */
export interface Snapshot extends Standing {
  /** Accounts settled again at this date, apart (a forward-named payment was an orphan then). */
  resettled: number;
  /** That run (recorded), when there was one: its accounts are the ones settled apart, its discounts allowed theirs as they stood. */
  apart: Settled | undefined;
}

/**
 * Every settlement of the run at the last date, in date order (the order they were made), "as
 * seen from" that date: invoice or debit note, the payment or credit whose money it is (FIFO
 * spends an account's credits oldest first), date, amount in minor units. Those dated on or
 * before d are the first `upTo(d)`.
 */
export class SettlementLog {
  count = 0;
  invoice = int32Array(1024);
  source = int32Array(1024);
  date = int32Array(1024);
  /** Amounts as doubles while they are safe integers (always, when the ledger's amounts are); NaN where not: see `big`. */
  units = float64Array(1024);
  /** 1 for a discount allowed: it closes the invoice without spending its payment's money (settle.ts `discountAllowed`). */
  discount = new Uint8Array(1024);
  private readonly big = new Map<number, bigint>();

  /** Settlement k's amount, minor units. */
  unitsOf(k: number): bigint {
    const u = this.units[k]!;
    return Number.isNaN(u) ? this.big.get(k)! : BigInt(u);
  }

  /** How many settlements are dated on or before `day` (they come first). */
  upTo(day: Day): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.date[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(invoice: number, source: number, date: Day, units: number | bigint, discount = false): void {
    if (this.count === this.invoice.length) {
      const room = this.count * 2;
      this.invoice = grown(this.invoice, room);
      this.source = grown(this.source, room);
      this.date = grown(this.date, room);
      this.units = grown(this.units, room);
      this.discount = grown(this.discount, room);
    }
    const k = this.count++;
    this.discount[k] = discount ? 1 : 0;
    this.invoice[k] = invoice;
    this.source[k] = source;
    this.date[k] = date;
    if (typeof units === "number") {
      this.units[k] = units;
    } else if (units <= BigInt(Number.MAX_SAFE_INTEGER)) {
      this.units[k] = Number(units);
    } else {
      this.units[k] = Number.NaN;
      this.big.set(k, units);
    }
  }
}

/**
 * Keeps what settlement tells (settle.ts `SettlementRecorder`) in a SettlementLog. A FIFO
 * settlement spends the account's unapplied credit, which is named by the documents it came from,
 * oldest first: a queue per account, threaded through document-indexed arrays (each document
 * credits at most once), its amounts left as doubles or, for accounts settled in bigints, bigints.
 */
class LogRecorder implements SettlementRecorder {
  readonly log = new SettlementLog();
  /** Per account: first and last document of its credit queue, + 1 (0 = empty). */
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** Per document in a queue: the next one, + 1. */
  private readonly next: Int32Array;
  /** Per document in a queue: credit left, as a double; NaN when it is in `leftBig`. */
  private readonly left: Float64Array;
  private readonly leftBig = new Map<number, bigint>();

  constructor(
    private readonly ledger: Ledger,
    private readonly groupOf: Int32Array,
    nGroups: number,
  ) {
    this.head = new Int32Array(nGroups);
    this.tail = new Int32Array(nGroups);
    this.next = int32Array(ledger.count);
    this.left = float64Array(ledger.count);
  }

  paid(invoice: number, source: number, date: Day, units: number | bigint): void {
    this.log.add(invoice, source, date, units);
  }

  discounted(invoice: number, source: number, date: Day, units: number | bigint): void {
    this.log.add(invoice, source, date, units, true);
  }

  credited(source: number, units: number | bigint): void {
    const g = this.groupOf[source]!;
    if (this.head[g] === 0) this.head[g] = source + 1; // empty, perhaps spent: the tail is stale
    else this.next[this.tail[g]! - 1] = source + 1;
    this.tail[g] = source + 1;
    if (typeof units === "number") {
      this.left[source] = units;
    } else {
      this.left[source] = Number.NaN;
      this.leftBig.set(source, units);
    }
  }

  spent(invoice: number, date: Day, units: number | bigint): void {
    const g = this.groupOf[invoice]!;
    if (typeof units === "number") {
      let rest = units;
      while (rest > 0) {
        const s = this.head[g]! - 1;
        const have = this.left[s]!;
        const part = have < rest ? have : rest;
        this.log.add(invoice, s, date, part);
        this.left[s] = have - part;
        rest -= part;
        if (have === part) this.head[g] = this.next[s]!;
      }
      return;
    }
    let rest = units;
    while (rest > 0n) {
      const s = this.head[g]! - 1;
      const have = this.leftBig.get(s)!;
      const part = have < rest ? have : rest;
      this.log.add(invoice, s, date, part);
      this.leftBig.set(s, have - part);
      rest -= part;
      if (have === part) this.head[g] = this.next[s]!;
    }
  }
}

/** A forward-named payment's gap, [from, to): the dates at which it is an orphan but later pays its invoice. */
interface Gap {
  account: number;
  from: Day;
  to: Day;
}

export class History {
  /** The requested dates, ascending, each once. */
  readonly dates: readonly Day[];
  /** The run at the last date: `settle(ledger, last date)` itself (its warnings are the last date's). */
  readonly last: Settled;
  /** Every settlement of that run, in date order: the last date's viewpoint. */
  readonly settlements: SettlementLog;
  private readonly nCur: number;
  /** Per document: its account, customer × currencies + currency (as in settle.ts). */
  private readonly groupOf: Int32Array;
  /** Per account: its index in `last.accounts`, or -1. */
  private readonly lastAccount: Int32Array;
  /** Per date index: the accounts to settle again at that date. */
  private readonly resettle: Map<number, Set<number>>;
  /** The documents dated on or before the last date, by date (made when first needed). */
  private byDate: Int32Array | undefined;
  /** The prefix view at the last date asked for (amounts in doubles only). */
  private walk: Walk | undefined;

  constructor(
    readonly ledger: Ledger,
    dates: readonly Day[],
    readonly options: HistoryOptions,
  ) {
    if (dates.length === 0) throw new RangeError("history needs at least one date");
    this.dates = [...new Set(dates)].sort((a, b) => a - b);
    const lastDay = this.dates[this.dates.length - 1]!;
    this.nCur = Math.max(1, ledger.currencies.length);
    const nGroups = ledger.customers.length * this.nCur;
    const groupOf = int32Array(ledger.count);
    for (let i = 0; i < ledger.count; i++) groupOf[i] = ledger.customer[i]! * this.nCur + ledger.currency[i]!;
    this.groupOf = groupOf;
    const recorder = new LogRecorder(ledger, groupOf, nGroups);
    this.last = settle(ledger, lastDay, { apply: options.apply, recorder });
    this.settlements = recorder.log;
    // The queries (query.ts: settlementsOf, paidInFull) read the run at the last date from its log.
    recordedIn(this.last, recorder.log);
    this.lastAccount = new Int32Array(nGroups).fill(-1);
    this.last.accounts.forEach((a, k) => (this.lastAccount[a.customer * this.nCur + a.currency] = k));
    this.resettle = new Map();
    for (const gap of forwardGaps(ledger, lastDay, groupOf)) {
      for (let k = lowerBound(this.dates, gap.from); k < this.dates.length && this.dates[k]! < gap.to; k++) {
        let accounts = this.resettle.get(k);
        if (accounts === undefined) this.resettle.set(k, (accounts = new Set()));
        accounts.add(gap.account);
      }
    }
  }

  /** The ledger as it stood at `dates[k]`: equal to `settle(ledger, dates[k])` in every outstanding amount and account. */
  at(k: number): Snapshot {
    return this.snapshot(k, new AmountColumn(Math.max(1, this.ledger.count)));
  }

  /**
   * The snapshots in ascending date order. They share one column of outstanding amounts (a
   * million rows: 8 MB, and fresh memory costs more to fault in than to fill): each is valid
   * until the next is made, so read what a report needs from one before going on (`at` gives
   * snapshots to keep).
   */
  *[Symbol.iterator](): IterableIterator<Snapshot> {
    let column: AmountColumn | undefined;
    for (let k = 0; k < this.dates.length; k++) {
      // Refilled whole from the walk in doubles; with amounts past 2^53, a new column each time.
      if (column === undefined || this.ledger.amount.numbers === undefined) column = new AmountColumn(Math.max(1, this.ledger.count));
      yield this.snapshot(k, column);
    }
  }

  private snapshot(k: number, outstanding: AmountColumn): Snapshot {
    const day = this.dates[k];
    if (day === undefined) throw new RangeError(`no date ${k} in this history`);
    const l = this.ledger;
    const count = l.count;
    const nGroups = this.lastAccount.length;
    const groupOf = this.groupOf;
    const log = this.settlements;
    const settledBy = log.upTo(day);
    let documents: Int32Array;
    let unapplied: bigint[];
    if (l.amount.numbers !== undefined) {
      // Every amount and settlement is a safe integer, and so is every outstanding amount (at
      // most its document's). An account's credits in all bound its unapplied credit and every
      // sum that forms it: while they are a safe integer, doubles are exact; past that, bigints.
      const walk = this.walkTo(day, settledBy);
      outstanding.numbers!.set(walk.open);
      documents = walk.documents;
      unapplied = new Array<bigint>(nGroups);
      let wide: Set<number> | undefined;
      for (let g = 0; g < nGroups; g++) {
        if (documents[g] === 0) continue; // no account at this date
        if (walk.credits[g]! <= Number.MAX_SAFE_INTEGER) unapplied[g] = BigInt(walk.left[g]!);
        else (wide ??= new Set()).add(g);
      }
      if (wide !== undefined) {
        const exact = this.unappliedInBigints(day, settledBy, wide);
        for (const g of wide) unapplied[g] = exact[g]!;
      }
    } else {
      // Amounts past 2^53 somewhere in the ledger: the same, in bigints, from the start each time.
      documents = new Int32Array(nGroups);
      for (let i = 0; i < count; i++) {
        if (l.docDate[i]! > day) continue;
        documents[groupOf[i]!]!++;
        if (isCharge(l.kind[i]!)) outstanding.set(i, l.amount.get(i));
      }
      for (let s = 0; s < settledBy; s++) {
        const i = log.invoice[s]!;
        outstanding.set(i, outstanding.get(i) - log.unitsOf(s));
      }
      unapplied = this.unappliedInBigints(day, settledBy, undefined);
    }

    // Accounts whose forward-named payment is an orphan at this date: settled again, alone.
    const again = this.resettle.get(k);
    const apart = new Map<number, Account>();
    let alone: Settled | undefined;
    if (again !== undefined) {
      const accounts = [...again].map((g) => ({ customer: Math.floor(g / this.nCur), currency: g % this.nCur }));
      // Recorded: the queries (query.ts `paidInFullAsItStood`) read these accounts from this run.
      alone = settle(l, day, { apply: this.options.apply, accounts, record: true });
      for (const a of alone.accounts) {
        const g = a.customer * this.nCur + a.currency;
        apart.set(g, a);
        for (const i of a.events) if (isCharge(l.kind[i]!)) outstanding.set(i, alone.outstanding.get(i));
      }
    }

    const accounts: Account[] = [];
    for (let g = 0; g < nGroups; g++) {
      if (documents[g] === 0) continue;
      const a = apart.get(g);
      if (a !== undefined) {
        accounts.push(a);
        continue;
      }
      const customer = Math.floor(g / this.nCur);
      accounts.push(new AccountAt(customer, g - customer * this.nCur, unapplied[g]!, this.last.accounts[this.lastAccount[g]!]!, l, day));
    }
    return { ledger: l, asOf: day, outstanding, accounts, resettled: apart.size, apart: alone };
  }

  /**
   * The prefix view (see the module header) at `day`, from the one at the previous date asked
   * for: the documents dated since and the settlements made since are added, so that going
   * through the dates in ascending order reads each document and settlement once.
   */
  private walkTo(day: Day, settledBy: number): Walk {
    let walk = this.walk;
    if (walk === undefined || walk.day > day) walk = this.walk = new Walk(this.ledger, this.lastAccount.length, this.byDate ??= byDate(this.ledger, this.dates[this.dates.length - 1]!));
    const l = this.ledger;
    const amounts = l.amount.numbers!;
    const groupOf = this.groupOf;
    const { open, credits, left, documents } = walk;
    const order = walk.order;
    let d = walk.docs;
    for (; d < order.length; d++) {
      const i = order[d]!;
      if (l.docDate[i]! > day) break;
      const g = groupOf[i]!;
      documents[g]!++;
      if (isCharge(l.kind[i]!)) {
        open[i] = amounts[i]!;
      } else {
        credits[g]! += amounts[i]!;
        left[g]! += amounts[i]!;
      }
    }
    walk.docs = d;
    // A settlement comes after the invoice it pays (dated at an event no earlier than it).
    const units = this.settlements.units;
    const invoice = this.settlements.invoice;
    const discount = this.settlements.discount;
    for (let s = walk.settled; s < settledBy; s++) {
      const i = invoice[s]!;
      open[i]! -= units[s]!;
      if (discount[s] === 0) left[groupOf[i]!]! -= units[s]!;
    }
    walk.settled = settledBy;
    walk.day = day;
    return walk;
  }

  /** Unapplied credit as it stood at `day` of the accounts in `only` (all when undefined), in bigints. */
  private unappliedInBigints(day: Day, settledBy: number, only: Set<number> | undefined): bigint[] {
    const l = this.ledger;
    const groupOf = this.groupOf;
    const out = new Array<bigint>(this.lastAccount.length).fill(0n);
    for (let i = 0; i < l.count; i++) {
      const g = groupOf[i]!;
      if (l.docDate[i]! > day || isCharge(l.kind[i]!) || (only !== undefined && !only.has(g))) continue;
      out[g]! += l.amount.get(i);
    }
    for (let s = 0; s < settledBy; s++) {
      const g = groupOf[this.settlements.invoice[s]!]!;
      if ((only === undefined || only.has(g)) && this.settlements.discount[s] === 0) out[g]! -= this.settlements.unitsOf(s);
    }
    return out;
  }
}

/** The prefix view at `day`, in doubles: see `History.walkTo`. */
class Walk {
  day = Number.NEGATIVE_INFINITY;
  /** How many of `order` (documents by date) and of the settlement log are in. */
  docs = 0;
  settled = 0;
  /** Per document: a charge's open amount. */
  readonly open: Float64Array;
  /** Per account: its payments and credits in all, what settlements left of them, its documents. */
  readonly credits: Float64Array;
  readonly left: Float64Array;
  readonly documents: Int32Array;

  constructor(
    ledger: Ledger,
    nGroups: number,
    readonly order: Int32Array,
  ) {
    this.open = float64Array(Math.max(1, ledger.count));
    this.credits = new Float64Array(nGroups);
    this.left = new Float64Array(nGroups);
    this.documents = new Int32Array(nGroups);
  }
}

/** The documents dated on or before `lastDay`, by date (counted into days; sorted when the dates lie centuries apart). */
function byDate(ledger: Ledger, lastDay: Day): Int32Array {
  let first = lastDay;
  let n = 0;
  for (let i = 0; i < ledger.count; i++) {
    const d = ledger.docDate[i]!;
    if (d > lastDay) continue;
    n++;
    if (d < first) first = d;
  }
  const order = int32Array(n);
  const span = lastDay - first + 1;
  if (span > 1 << 24) {
    let k = 0;
    for (let i = 0; i < ledger.count; i++) if (ledger.docDate[i]! <= lastDay) order[k++] = i;
    return order.sort((a, b) => ledger.docDate[a]! - ledger.docDate[b]! || a - b);
  }
  const at = new Int32Array(span + 1);
  for (let i = 0; i < ledger.count; i++) {
    const d = ledger.docDate[i]!;
    if (d <= lastDay) at[d - first + 1]!++;
  }
  for (let k = 0; k < span; k++) at[k + 1]! += at[k]!;
  for (let i = 0; i < ledger.count; i++) {
    const d = ledger.docDate[i]!;
    if (d <= lastDay) order[at[d - first]!++] = i;
  }
  return order;
}

/**
 * About how many bytes of large arrays (engine/memory.ts) a history of `documents` documents asks
 * for beyond settlement's (`settlementBytes`), for an edge that prepares memory: per document its
 * account and, for the settlement log's credit queues, a link and an amount (16), the walk from
 * date to date (8 + 4) and one column of outstanding amounts (8). The log itself grows as it goes.
 */
export function historyBytes(documents: number): number {
  return 36 * documents + 64;
}

/** The ledger as it stood at each of `dates`, from one settlement run (see the module header). */
export function settleOver(ledger: Ledger, dates: readonly Day[], options: HistoryOptions): History {
  return new History(ledger, dates, options);
}

/**
 * The gaps of the forward-named payments and credits that pay their invoice by `lastDay`: one
 * naming an invoice dated after `lastDay` is an orphan at every date up to it, as in the run at
 * `lastDay`, so it changes nothing.
 */
function forwardGaps(ledger: Ledger, lastDay: Day, groupOf: Int32Array): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 0; i < ledger.count; i++) {
    const named = ledger.appliesTarget[i]!;
    if (named < 0 || isCharge(ledger.kind[i]!)) continue;
    const from = ledger.docDate[i]!;
    const to = ledger.docDate[named]!;
    if (to > from && to <= lastDay && ledger.currency[named] === ledger.currency[i]) gaps.push({ account: groupOf[i]!, from, to });
  }
  return gaps;
}

function lowerBound(days: readonly Day[], day: Day): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An account as it stood at a date: its events are those of the run at the last date dated on or
 * before it (for an account without a forward-named payment in its gap, the same events in the
 * same order), found when first asked for (aging needs them only past 2^53).
 */
class AccountAt implements Account {
  private own: Int32Array | undefined;

  constructor(
    readonly customer: number,
    readonly currency: number,
    readonly unapplied: bigint,
    private readonly atLast: Account,
    private readonly ledger: Ledger,
    private readonly day: Day,
  ) {}

  get events(): Int32Array {
    return (this.own ??= this.atLast.events.filter((i) => this.ledger.docDate[i]! <= this.day));
  }
}
