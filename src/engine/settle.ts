/**
 * Settlement: which invoice each payment or credit pays (SPEC.md "Settlement").
 *
 * Per customer and currency, events run in the order (effective date, class, then within the class
 * input order, except that invoices and debit notes of one day run by (due date, doc_no, input
 * order), so that FIFO after each of them pays the same invoice however the input files are ordered):
 *   class 0  invoice or debit note, effective at its doc date;
 *   class 1  payment or credit naming an invoice in `applies_to`, effective at the later of its own
 *            and the invoice's doc date (an `applies_to` that names no accepted invoice of the same
 *            customer and currency: the whole amount is unapplied credit from the row's own date);
 *   class 2  payment or credit without `applies_to`, effective at its doc date.
 * A class-1 event pays its invoice up to the invoice's outstanding; the excess is unapplied credit.
 * With `apply: "fifo"`, after every event, unapplied credit pays the open undisputed invoices
 * oldest first (due date, doc date, doc_no), each such settlement dated at that event.
 */
import type { Day } from "./dates.js";
import { Decimal } from "./money.js";
import { grown, int32Array } from "./memory.js";
import { appliesToOf, compareDocNo, docNoOf, isCharge, KIND_PAYMENT, oldestFirst, type Ledger } from "./ledger.js";
import { AmountColumn } from "./store/amount-column.js";

export type ApplyMode = "fifo" | "none";

export interface SettleOptions {
  apply: ApplyMode;
  /** Keep every settlement (invoice, paying document, date, amount): fees, statements and limitation need them. */
  record?: boolean;
  /**
   * Settle only these accounts: the other documents are left out, as if dated after as-of (accounts
   * do not interact, so the ones settled come out as in a run over all). history.ts re-settles the
   * few accounts whose past a later document rewrites.
   */
  accounts?: ReadonlyArray<{ customer: number; currency: number }>;
  /** Told of every settlement as it is made, in event order (history.ts keeps them compactly). */
  recorder?: SettlementRecorder;
}

/**
 * Hears settlement as it runs, in event order (so in ascending date order). Amounts are minor
 * units: numbers (safe integers) for accounts settled in numbers, bigints for the others.
 */
export interface SettlementRecorder {
  /** Payment or credit `source` pays `units` of `invoice`, the one its applies_to names, on `date`. */
  paid(invoice: number, source: number, date: Day, units: number | bigint): void;
  /** Payment or credit `source` leaves `units` as unapplied credit on its account. */
  credited(source: number, units: number | bigint): void;
  /** FIFO: the account's unapplied credit, oldest first, pays `units` of `invoice` on `date`. */
  spent(invoice: number, date: Day, units: number | bigint): void;
  /** Payment `source` closed `invoice` with a discount allowed of `units` on `date`: no money of the payment's is spent. */
  discounted(invoice: number, source: number, date: Day, units: number | bigint): void;
}

/** One (customer, currency) account. */
export interface Account {
  customer: number;
  currency: number;
  /** Indices of the account's documents dated on or before as-of, in event order. */
  events: Int32Array;
  /** Credit on account that no invoice has absorbed, minor units. */
  unapplied: bigint;
}

export interface Settlements {
  invoice: number[];
  /** The payment, credit note or write-off whose money it is (for a discount: the payment that earned it). */
  source: number[];
  date: Day[];
  units: bigint[];
  /** Whether it is a discount allowed (no money of `source`'s, see Settled.discounts). */
  discount: boolean[];
}

export interface Discount {
  units: bigint;
  date: Day;
  /** The payment that earned it. */
  source: number;
}

export interface Warning {
  index: number;
  /** orphan: applies_to names no invoice; currency: it names one in another currency; overpaid: it pays more than the invoice owed. */
  kind: "orphan" | "currency" | "overpaid";
  reason: string;
}

export interface Settled {
  ledger: Ledger;
  asOf: Day;
  /** Per document index: the open amount of an invoice or debit note (0 for payments and credits). */
  outstanding: AmountColumn;
  /** Per document index: the class-1 target invoice of a payment or credit, else -1. */
  target: Int32Array;
  /** Per document index: its effective date (the event's place in time). */
  effective: Int32Array;
  accounts: Account[];
  settlements: Settlements | undefined;
  /**
   * Discounts allowed (SPEC "early-payment discounts"), by invoice: what a payment inside the
   * discount period left open, settled without cash, dated with the payment (`source`).
   */
  discounts: ReadonlyMap<number, Discount>;
  /** Every warning, in account order (made when first read). */
  readonly warnings: Warning[];
  /** The warnings about `applies_to` (orphan, currency), which every report prints; overpayments are for `ar check`. */
  appliesToWarnings: Warning[];
}

/**
 * The ledger's open amounts at one date, as aging and the other reports read them: a settlement
 * (`settle`) is one, and so is each dated snapshot of history.ts.
 */
export type Standing = Pick<Settled, "ledger" | "asOf" | "outstanding" | "accounts">;

const MAX_DOCS = 2 ** 27;
/** Past this many (day, class) buckets the event order is found by sorting instead of counting. */
const MAX_BUCKETS = 1 << 24;

/**
 * Settlement runs over all accounts at once, in one global event order: restricted to one
 * account, it is that account's order, and accounts do not interact. Walking a ledger account by
 * account reads its columns all over memory (at a million rows, every read a cache miss); the
 * global order is close to input order for a ledger written by date, so it reads them in sequence.
 * What is reported per account (warnings, settlements) is then put back into account order.
 */
export function settle(ledger: Ledger, asOf: Day, options: SettleOptions): Settled {
  if (ledger.count > MAX_DOCS) throw new RangeError(`ledgers of more than ${MAX_DOCS} documents are not supported`);
  const count = ledger.count;
  const outstanding = new AmountColumn(Math.max(1, count));
  const target = int32Array(count).fill(-1);
  const effective = int32Array(count);
  const nCur = Math.max(1, ledger.currencies.length);
  const nGroups = ledger.customers.length * nCur;
  const amounts = ledger.amount.numbers;
  const notes = new Notes(ledger, nGroups);
  const only = onlyAccounts(options.accounts, nGroups, nCur);

  // 1. Per document dated on or before as-of: its account (group g = customer × currency), event
  //    class and effective date; per account, its documents and (as doubles) its amounts in all.
  const groupStarts = new Int32Array(nGroups + 1);
  const groupTotal = new Float64Array(nGroups);
  let stored = 0;
  let charges = 0;
  let firstDay = asOf;
  let sink = 0;
  for (let i = 0; i < count; i++) {
    // Every BATCH documents, read the invoices the next ones name, all together (see prefetch).
    if (i % BATCH === 0) sink ^= touchNamed(ledger, i, Math.min(count, i + BATCH));
    const docDate = ledger.docDate[i]!;
    if (docDate > asOf) continue;
    const g = ledger.customer[i]! * nCur + ledger.currency[i]!;
    if (only !== undefined && only[g] === 0) continue;
    stored++;
    groupStarts[g + 1]!++;
    if (amounts !== undefined) groupTotal[g]! += amounts[i]!;
    let eff = docDate;
    if (isCharge(ledger.kind[i]!)) {
      charges++;
    } else {
      const named = ledger.appliesTarget[i]!;
      if (named !== -1) {
        if (named < 0 || ledger.docDate[named]! > asOf) {
          notes.early(g, { index: i, kind: "orphan", reason: `applies_to "${appliesToOf(ledger, i)}" names no invoice of this customer dated on or before as-of: the amount is unapplied credit` });
        } else if (ledger.currency[named] !== ledger.currency[i]) {
          notes.early(g, { index: i, kind: "currency", reason: `applies_to "${docNoOf(ledger, named)}" is in ${ledger.currencies[ledger.currency[named]!]}, this row in ${ledger.currencies[ledger.currency[i]!]}: the amount is unapplied credit` });
        } else {
          target[i] = named;
          const invoiceDate = ledger.docDate[named]!;
          if (invoiceDate > eff) eff = invoiceDate;
        }
      }
    }
    effective[i] = eff;
    if (docDate < firstDay) firstDay = docDate;
  }
  for (let g = 0; g < nGroups; g++) groupStarts[g + 1]! += groupStarts[g]!;

  // 2. The global event order: (effective day, class, input order).
  const order = eventOrder(ledger, asOf, effective, stored, firstDay, only, nCur);

  // 3. Settle, event by event. An account whose amounts add up to a safe integer settles in
  //    `number` arithmetic, exactly: every sum and difference it forms is at most that total. (A
  //    double sum of non-negative integers is exact up to 2^53 and at least 2^53 past it, so the
  //    test cannot pass wrongly.) Any other account settles in bigint.
  const inNumbers = new Uint8Array(nGroups);
  if (amounts !== undefined) for (let g = 0; g < nGroups; g++) inNumbers[g] = groupTotal[g]! <= Number.MAX_SAFE_INTEGER ? 1 : 0;
  const run = new SettleRun(ledger, outstanding, target, options.apply === "fifo", options.record === true, notes, charges, options.recorder);
  for (let k = 0; k < stored; k++) {
    if (k % BATCH === 0) run.prefetch(order, k, Math.min(stored, k + BATCH), nCur);
    const i = order[k]!;
    const g = ledger.customer[i]! * nCur + ledger.currency[i]!;
    if (inNumbers[g] === 1) run.eventInNumbers(g, i, effective[i]!, amounts!);
    else run.eventInBigints(g, i, effective[i]!);
  }

  // 4. Each account's events in event order, built when first asked for (aging does not need them).
  const events = new AccountEvents(ledger, order, groupStarts, nCur);
  const accounts: Account[] = [];
  for (let g = 0; g < nGroups; g++) {
    if (groupStarts[g + 1] === groupStarts[g]) continue;
    const customer = Math.floor(g / nCur);
    accounts.push(new SettledAccount(customer, g - customer * nCur, run.unappliedOf(g, inNumbers[g] === 1), events, g));
  }
  run.prefetchSink ^= sink;
  let warnings: Warning[] | undefined;
  return {
    ledger,
    asOf,
    outstanding,
    target,
    effective,
    accounts,
    settlements: run.settlementsInAccountOrder(),
    discounts: run.discounts,
    get warnings() {
      return (warnings ??= notes.inAccountOrder(true));
    },
    appliesToWarnings: notes.inAccountOrder(false),
  };
}

/**
 * About how many bytes of large arrays (engine/memory.ts) settling `documents` documents, `charges`
 * of them invoices and debit notes, asks for: an edge that touches memory in advance prepares this
 * much. Per document: its open amount (8 bytes), target, effective date and place in the event
 * order (4 each); with FIFO also its pending link (4) and, per charge, a heap node (20).
 */
export function settlementBytes(documents: number, charges: number, apply: ApplyMode): number {
  // + 64: each array is rounded up to a multiple of 8 bytes.
  return 20 * documents + (apply === "fifo" ? 4 * documents + 20 * Math.max(16, charges) : 0) + 64;
}

/**
 * At millions of documents a read elsewhere in memory is a cache miss; one at a time, each waits
 * for the one before, but independent loads overlap. So settlement reads ahead, in batches, what
 * the next documents will read out of order (the invoice a payment names, an account's open
 * invoices) in one tight loop, and then does the work on data in cache.
 */
const BATCH = 256;

/** Reads the dates and currencies of the invoices that documents from..to-1 name; returns anything. */
function touchNamed(ledger: Ledger, from: number, to: number): number {
  let sink = 0;
  for (let i = from; i < to; i++) {
    const named = ledger.appliesTarget[i]!;
    if (named >= 0) sink ^= ledger.docDate[named]! ^ ledger.currency[named]!;
  }
  return sink;
}

/** The events of every account: `order` split by account, made on first use. */
class AccountEvents {
  private events: Int32Array | undefined;

  constructor(
    private readonly ledger: Ledger,
    private order: Int32Array | undefined,
    private readonly groupStarts: Int32Array,
    private readonly nCur: number,
  ) {}

  of(g: number): Int32Array {
    if (this.events === undefined) {
      const order = this.order!;
      const events = int32Array(order.length);
      const fill = this.groupStarts.slice(0, this.groupStarts.length - 1);
      for (let k = 0; k < order.length; k++) {
        const i = order[k]!;
        events[fill[this.ledger.customer[i]! * this.nCur + this.ledger.currency[i]!]!++] = i;
      }
      this.events = events;
      this.order = undefined;
    }
    return this.events.subarray(this.groupStarts[g]!, this.groupStarts[g + 1]!);
  }
}

class SettledAccount implements Account {
  private own: Int32Array | undefined;

  constructor(
    readonly customer: number,
    readonly currency: number,
    readonly unapplied: bigint,
    private readonly all: AccountEvents,
    private readonly group: number,
  ) {}

  get events(): Int32Array {
    return (this.own ??= this.all.of(this.group));
  }
}

/** Per account (customer × currency): 1 if `accounts` names it; undefined when there is no such list. */
function onlyAccounts(accounts: SettleOptions["accounts"], nGroups: number, nCur: number): Uint8Array | undefined {
  if (accounts === undefined) return undefined;
  const only = new Uint8Array(nGroups);
  for (const a of accounts) only[a.customer * nCur + a.currency] = 1;
  return only;
}

/** The event class: 0 invoice or debit note, 1 payment or credit naming one, 2 any other payment or credit. */
function classOf(ledger: Ledger, i: number): number {
  return isCharge(ledger.kind[i]!) ? 0 : ledger.appliesTarget[i] === -1 ? 2 : 1;
}

/** Document indices in event order: counted into (day, class) buckets, each in input order. */
function eventOrder(ledger: Ledger, asOf: Day, effective: Int32Array, stored: number, firstDay: Day, only: Uint8Array | undefined, nCur: number): Int32Array {
  const order = int32Array(stored);
  const buckets = (asOf - firstDay + 1) * 3;
  if (buckets > MAX_BUCKETS || only !== undefined) {
    // Dates centuries apart: too many buckets to count into; or a few accounts only (history.ts):
    // few documents, not worth counting. Sort instead.
    let k = 0;
    for (let i = 0; i < ledger.count; i++) if (ledger.docDate[i]! <= asOf && (only === undefined || only[ledger.customer[i]! * nCur + ledger.currency[i]!] === 1)) order[k++] = i;
    return order.sort((a, b) => effective[a]! - effective[b]! || classOf(ledger, a) - classOf(ledger, b) || (classOf(ledger, a) === 0 ? sameDayCharges(ledger, a, b) : a - b));
  }
  const at = new Int32Array(buckets + 1);
  for (let i = 0; i < ledger.count; i++) if (ledger.docDate[i]! <= asOf) at[(effective[i]! - firstDay) * 3 + classOf(ledger, i) + 1]!++;
  for (let b = 0; b < buckets; b++) at[b + 1]! += at[b]!;
  for (let i = 0; i < ledger.count; i++) if (ledger.docDate[i]! <= asOf) order[at[(effective[i]! - firstDay) * 3 + classOf(ledger, i)]!++] = i;
  // Invoices of one day are taken oldest first (due date, doc_no), not in input order: FIFO runs
  // after each of them, and waiting credit must go to the same invoice however the input files
  // are ordered. (`at[b]` is now the end of bucket b.)
  const sorter = new SameDaySorter(ledger);
  for (let d = 0; d * 3 < buckets; d++) {
    const start = d === 0 ? 0 : at[d * 3 - 1]!;
    const end = at[d * 3]!;
    if (end - start > 1) sorter.sort(order, start, end);
  }
  return order;
}

/**
 * Sorts a day's invoices (in input order) by (due date, doc_no, input order). A comparison sort
 * of ten million invoices a day at a time costs seconds (a call and scattered reads per
 * comparison); instead they are counted into due dates (stable, so each date's invoices stay in
 * input order), and a date's invoices are sorted by doc_no only if they are not in order already
 * (a ledger usually numbers its invoices in the order it writes them).
 */
class SameDaySorter {
  private counts = new Int32Array(64);
  private scratch = new Int32Array(64);

  constructor(private readonly ledger: Ledger) {}

  sort(order: Int32Array, start: number, end: number): void {
    const due = this.ledger.dueDate;
    let lo = due[order[start]!]!;
    let hi = lo;
    for (let k = start + 1; k < end; k++) {
      const d = due[order[k]!]!;
      if (d < lo) lo = d;
      else if (d > hi) hi = d;
    }
    const n = end - start;
    const span = hi - lo + 1;
    if (span > 4 * n + 64) {
      // Due dates too far apart to count into: compare.
      order.subarray(start, end).sort((a, b) => sameDayCharges(this.ledger, a, b));
      return;
    }
    if (span + 1 > this.counts.length) this.counts = new Int32Array(Math.max(span + 1, this.counts.length * 2));
    if (n > this.scratch.length) this.scratch = new Int32Array(Math.max(n, this.scratch.length * 2));
    const counts = this.counts;
    const scratch = this.scratch;
    counts.fill(0, 0, span + 1);
    for (let k = start; k < end; k++) counts[due[order[k]!]! - lo + 1]!++;
    for (let v = 0; v < span; v++) counts[v + 1]! += counts[v]!;
    for (let k = start; k < end; k++) scratch[counts[due[order[k]!]! - lo]!++] = order[k]!;
    order.set(scratch.subarray(0, n), start);
    // Each due date's run, in input order: sort by doc_no unless already in order.
    for (let from = start; from < end; ) {
      let to = from + 1;
      let sorted = true;
      while (to < end && due[order[to]!] === due[order[from]!]) {
        if (sorted && compareDocNo(this.ledger, order[to - 1]!, order[to]!) > 0) sorted = false;
        to++;
      }
      if (!sorted) order.subarray(from, to).sort((a, b) => compareDocNo(this.ledger, a, b) || a - b);
      from = to;
    }
  }
}

/** Order of invoices and debit notes effective on the same day: due date, doc_no, input order. */
function sameDayCharges(ledger: Ledger, a: number, b: number): number {
  return ledger.dueDate[a]! - ledger.dueDate[b]! || compareDocNo(ledger, a, b) || a - b;
}

/**
 * Warnings, kept per account in the order settlement account by account would give them: an
 * account's applies_to problems (in input order) before its overpayments (in event order).
 * Overpayments are kept as numbers, not objects: a large ledger can have a hundred thousand of
 * them, and objects that live through settlement and aging cost the garbage collector more than
 * the rest of the work; only `ar check` reads them.
 */
class Notes {
  private readonly list: Warning[] = [];
  private readonly listGroup: number[] = [];
  /** Overpayment k: payment or credit `over[3k]` of account `over[3k + 2]` paid more than invoice `over[3k + 1]` owed. */
  private over = new Int32Array(3 * 64);
  private overCount = 0;

  constructor(
    private readonly ledger: Ledger,
    private readonly nGroups: number,
  ) {}

  early(g: number, w: Warning): void {
    this.list.push(w);
    this.listGroup.push(g);
  }

  overpaid(g: number, index: number, invoice: number): void {
    if (3 * this.overCount === this.over.length) this.over = grown(this.over, 2 * this.over.length);
    const k = 3 * this.overCount++;
    this.over[k] = index;
    this.over[k + 1] = invoice;
    this.over[k + 2] = g;
  }

  /** The warnings in account order, overpayments included or not. */
  inAccountOrder(withOverpaid: boolean): Warning[] {
    const early = this.list.length;
    const late = withOverpaid ? this.overCount : 0;
    if (early + late === 0) return [];
    const at = new Int32Array(2 * this.nGroups + 1);
    for (let k = 0; k < early; k++) at[2 * this.listGroup[k]! + 1]!++;
    for (let k = 0; k < late; k++) at[2 * this.over[3 * k + 2]! + 2]!++;
    for (let b = 0; b < 2 * this.nGroups; b++) at[b + 1]! += at[b]!;
    const out = new Array<Warning>(early + late);
    for (let k = 0; k < early; k++) out[at[2 * this.listGroup[k]!]!++] = this.list[k]!;
    for (let k = 0; k < late; k++) out[at[2 * this.over[3 * k + 2]! + 1]!++] = new Overpaid(this.over[3 * k]!, this.ledger, this.over[3 * k + 1]!);
    return out;
  }
}

/** "pays more than I1 owed": its text is built only if someone reads it (most runs print none). */
class Overpaid implements Warning {
  readonly kind = "overpaid" as const;
  constructor(
    readonly index: number,
    private readonly ledger: Ledger,
    private readonly invoice: number,
  ) {}

  get reason(): string {
    return `pays more than ${docNoOf(this.ledger, this.invoice)} owed: the excess is unapplied credit`;
  }
}

/**
 * The state of every account while events are settled in global order: unapplied credit, open
 * invoices (FIFO only), and for recorded runs which documents the credit came from.
 */
class SettleRun {
  /** Unapplied credit of accounts settled in numbers / in bigints. */
  private readonly unappliedSmall: Float64Array;
  private readonly unappliedBig = new Map<number, bigint>();
  /** FIFO: every account's open undisputed invoices, oldest first. */
  private readonly open: OpenInvoices;
  /** Outstanding amounts as doubles, when the amounts are (no account in bigints can widen them: each is at most its amount). */
  private readonly small: Float64Array | undefined;
  // Recorded runs: settlements in event order with their account, and per account which documents
  // its unapplied credit came from, oldest first (a FIFO settlement names the payment or credit
  // whose money it uses, though it is dated at the event that made it possible).
  private readonly recorded: Settlements | undefined;
  private readonly recordedGroup: number[] = [];
  private readonly credits = new Map<number, { docs: number[]; left: (number | bigint)[]; head: number }>();

  constructor(
    private readonly ledger: Ledger,
    private readonly outstanding: AmountColumn,
    private readonly target: Int32Array,
    private readonly fifo: boolean,
    record: boolean,
    private readonly notes: Notes,
    charges: number,
    private readonly recorder: SettlementRecorder | undefined,
  ) {
    const nGroups = ledger.customers.length * Math.max(1, ledger.currencies.length);
    this.unappliedSmall = new Float64Array(nGroups);
    // Outstanding amounts stay doubles only while the ledger's amounts are (see `small` below).
    const small = ledger.amount.numbers !== undefined ? outstanding.numbers : undefined;
    this.open = new OpenInvoices(ledger, small !== undefined ? (i) => small[i]! > 0 : (i) => outstanding.get(i) > 0n, fifo ? ledger.count : 0, fifo ? charges : 0, fifo ? nGroups : 0);
    this.small = outstanding.numbers;
    this.recorded = record ? { invoice: [], source: [], date: [], units: [], discount: [] } : undefined;
  }

  /** What prefetch read, kept so that the reads are not optimized away. */
  prefetchSink = 0;

  /** Reads what events order[from..to-1] will read out of order: the invoices they pay, their accounts' open invoices. */
  prefetch(order: Int32Array, from: number, to: number, nCur: number): void {
    const ledger = this.ledger;
    const small = this.small;
    let sink = 0;
    for (let k = from; k < to; k++) {
      const i = order[k]!;
      const t = this.target[i]!;
      if (t >= 0 && small !== undefined) sink ^= small[t]!;
      if (this.fifo) sink ^= this.open.touch(ledger.customer[i]! * nCur + ledger.currency[i]!);
    }
    this.prefetchSink ^= sink;
  }

  unappliedOf(g: number, inNumbers: boolean): bigint {
    return inNumbers ? BigInt(this.unappliedSmall[g]!) : (this.unappliedBig.get(g) ?? 0n);
  }

  private record(g: number, invoice: number, source: number, date: Day, units: bigint, discount = false): void {
    const s = this.recorded!;
    s.invoice.push(invoice);
    s.source.push(source);
    s.date.push(date);
    s.units.push(units);
    s.discount.push(discount);
    this.recordedGroup.push(g);
  }

  private creditsOf(g: number): { docs: number[]; left: (number | bigint)[]; head: number } {
    let c = this.credits.get(g);
    if (c === undefined) this.credits.set(g, (c = { docs: [], left: [], head: 0 }));
    return c;
  }

  /** Settles document `i` of account `g` in `number` arithmetic (the account's total is a safe integer). */
  eventInNumbers(g: number, i: number, eff: Day, amounts: Float64Array): void {
    const ledger = this.ledger;
    const next = ledger.nextInstalment;
    const outstanding = this.small!;
    const amount = amounts[i]!;
    let unapplied = this.unappliedSmall[g]!;
    if (isCharge(ledger.kind[i]!)) {
      outstanding[i] = amount;
      if (this.fifo && amount > 0 && ledger.disputed[i] === 0) this.open.push(g, i);
    } else {
      const t = this.target[i]!;
      let credit = amount;
      if (t >= 0) {
        // The named invoice, term by term when it was exported one row per payment term.
        for (let term = t; term >= 0 && credit > 0; term = next === undefined ? -1 : next[term]!) {
          const owed = outstanding[term]!;
          const paid = credit < owed ? credit : owed;
          if (paid > 0) {
            outstanding[term] = owed - paid;
            credit -= paid;
            if (this.recorded !== undefined) this.record(g, term, i, eff, BigInt(paid));
            this.recorder?.paid(term, i, eff, paid);
          }
        }
        if (credit > 0) this.notes.overpaid(g, i, t);
        else if (outstanding[t]! > 0 && ledger.discounts.has(t)) {
          const allowed = this.discountAllowed(i, t, outstanding[t]!, eff, g);
          if (allowed) outstanding[t] = 0;
        }
      }
      if (credit > 0) {
        unapplied += credit;
        this.recorder?.credited(i, credit);
        if (this.recorded !== undefined) {
          const c = this.creditsOf(g);
          c.docs.push(i);
          c.left.push(credit);
        }
      }
    }
    if (this.fifo && unapplied > 0) {
      const open = this.open;
      while (unapplied > 0) {
        const top = open.peek(g);
        if (top < 0) break;
        const owed = outstanding[top]!;
        if (owed === 0) {
          open.pop(g);
          continue;
        }
        const paid = unapplied < owed ? unapplied : owed;
        outstanding[top] = owed - paid;
        unapplied -= paid;
        this.recorder?.spent(top, eff, paid);
        if (this.recorded !== undefined) {
          const c = this.creditsOf(g);
          let left = paid;
          while (left > 0) {
            const have = c.left[c.head] as number;
            const part = have < left ? have : left;
            this.record(g, top, c.docs[c.head]!, eff, BigInt(part));
            c.left[c.head] = have - part;
            left -= part;
            if (have === part) c.head++;
          }
        }
        if (owed === paid) open.pop(g);
      }
    }
    this.unappliedSmall[g] = unapplied;
  }

  /** `eventInNumbers` in bigint arithmetic, for an account whose amounts add up past 2^53. */
  eventInBigints(g: number, i: number, eff: Day): void {
    const ledger = this.ledger;
    const next = ledger.nextInstalment;
    const outstanding = this.outstanding;
    const amount = ledger.amount.get(i);
    let unapplied = this.unappliedBig.get(g) ?? 0n;
    if (isCharge(ledger.kind[i]!)) {
      outstanding.set(i, amount);
      if (this.fifo && amount > 0n && ledger.disputed[i] === 0) this.open.push(g, i);
    } else {
      const t = this.target[i]!;
      let credit = amount;
      if (t >= 0) {
        for (let term = t; term >= 0 && credit > 0n; term = next === undefined ? -1 : next[term]!) {
          const owed = outstanding.get(term);
          const paid = credit < owed ? credit : owed;
          if (paid > 0n) {
            outstanding.set(term, owed - paid);
            credit -= paid;
            if (this.recorded !== undefined) this.record(g, term, i, eff, paid);
            this.recorder?.paid(term, i, eff, paid);
          }
        }
        if (credit > 0n) this.notes.overpaid(g, i, t);
        else if (outstanding.get(t) > 0n && ledger.discounts.has(t)) {
          if (this.discountAllowed(i, t, outstanding.get(t), eff, g)) outstanding.set(t, 0n);
        }
      }
      if (credit > 0n) {
        unapplied += credit;
        this.recorder?.credited(i, credit);
        if (this.recorded !== undefined) {
          const c = this.creditsOf(g);
          c.docs.push(i);
          c.left.push(credit);
        }
      }
    }
    if (this.fifo && unapplied > 0n) {
      const open = this.open;
      while (unapplied > 0n) {
        const top = open.peek(g);
        if (top < 0) break;
        const owed = outstanding.get(top);
        if (owed === 0n) {
          open.pop(g);
          continue;
        }
        const paid = unapplied < owed ? unapplied : owed;
        outstanding.set(top, owed - paid);
        unapplied -= paid;
        this.recorder?.spent(top, eff, paid);
        if (this.recorded !== undefined) {
          const c = this.creditsOf(g);
          let left = paid;
          while (left > 0n) {
            const have = c.left[c.head] as bigint;
            const part = have < left ? have : left;
            this.record(g, top, c.docs[c.head]!, eff, part);
            c.left[c.head] = have - part;
            left -= part;
            if (have === part) c.head++;
          }
        }
        if (owed === paid) open.pop(g);
      }
    }
    this.unappliedBig.set(g, unapplied);
  }

  /** Discounts allowed so far, by invoice. */
  readonly discounts = new Map<number, Discount>();

  /**
   * SPEC "early-payment discounts": payment `i`, naming invoice `t` and dated on or before its doc
   * date + discount days, left `left` open; when that is at most round(rate × amount) (half-up, to
   * cents), the rest is a discount allowed, dated with the payment. Only a payment earns it (not a
   * credit note, never FIFO), and only on an invoice of one term. Returns whether it was allowed.
   */
  private discountAllowed(i: number, t: number, leftAsIs: number | bigint, eff: Day, g: number): boolean {
    const left = BigInt(leftAsIs);
    const ledger = this.ledger;
    const terms = ledger.discounts.get(t)!;
    if (ledger.kind[i] !== KIND_PAYMENT || ledger.docDate[i]! > ledger.docDate[t]! + terms.days) return false;
    if (ledger.nextInstalment !== undefined && ledger.nextInstalment[t] !== -1) return false;
    if (left > discountLimit(terms.rate, ledger.amount.get(t), ledger.scale)) return false;
    this.discounts.set(t, { units: left, date: eff, source: i });
    if (this.recorded !== undefined) this.record(g, t, i, eff, left, true);
    this.recorder?.discounted(t, i, eff, leftAsIs);
    return true;
  }

  /** The recorded settlements grouped by account (in account order), each account's in event order. */
  settlementsInAccountOrder(): Settlements | undefined {
    const s = this.recorded;
    if (s === undefined) return undefined;
    const n = s.invoice.length;
    const groups = this.recordedGroup;
    let nGroups = 0;
    for (let k = 0; k < n; k++) if (groups[k]! >= nGroups) nGroups = groups[k]! + 1;
    const at = new Int32Array(nGroups + 1);
    for (let k = 0; k < n; k++) at[groups[k]! + 1]!++;
    for (let g = 0; g < nGroups; g++) at[g + 1]! += at[g]!;
    const out: Settlements = { invoice: new Array(n), source: new Array(n), date: new Array(n), units: new Array(n), discount: new Array(n) };
    for (let k = 0; k < n; k++) {
      const to = at[groups[k]!]!++;
      out.invoice[to] = s.invoice[k]!;
      out.source[to] = s.source[k]!;
      out.date[to] = s.date[k]!;
      out.units[to] = s.units[k]!;
      out.discount[to] = s.discount[k]!;
    }
    return out;
  }
}

/** round(rate × amount), half-up to cents, in minor units at `scale`: the most a discount may cover. */
export function discountLimit(rate: string, amountUnits: bigint, scale: number): bigint {
  const cents = new Decimal(rate).mul(amountUnits.toString()).div(new Decimal(10).pow(scale - 2)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return BigInt(cents.toFixed()) * 10n ** BigInt(scale - 2);
}

/**
 * Every account's open undisputed invoices, oldest first: (due date, doc date, doc_no, input
 * order). An invoice added is only noted, in a per-account list threaded through a
 * document-indexed array (a write next to the previous one: documents arrive nearly in input
 * order). The list joins the account's heap only when FIFO needs the oldest, and then only the
 * invoices still open: most are paid by their own payments first, and never cost a heap node.
 * The heap is a pairing heap over one typed array of nodes, allocated as invoices join, so an
 * account's nodes from one join lie together; a node carries its invoice's due and doc dates, so
 * that comparing two reads one place in memory each.
 */
class OpenInvoices {
  // Node n at 5n: first child, next sibling (node + 1; 0 = none), due date, doc date, document.
  private nodes: Int32Array;
  private used = 0;
  /** Per account: its root node + 1 (0 = no open invoice). */
  private readonly root: Int32Array;
  /** Per account: the last invoice added since its heap was last consulted, + 1 (0 = none). */
  private readonly pending: Int32Array;
  /** Per document in a pending list: the invoice added before it, + 1 (0 = none). */
  private readonly pendingNext: Int32Array;
  /** Scratch for `pairUp` (a typed array: emptying a JS array frees its storage, so it would be reallocated each time). */
  private pairs = new Int32Array(64);

  constructor(
    private readonly ledger: Ledger,
    /** Whether invoice i still has something outstanding. */
    private readonly isOpen: (i: number) => boolean,
    documents: number,
    charges: number,
    accounts: number,
  ) {
    // Room for every invoice at once: growing would copy.
    this.nodes = int32Array(5 * Math.max(16, charges));
    this.root = new Int32Array(accounts);
    this.pending = new Int32Array(accounts);
    this.pendingNext = int32Array(documents);
  }

  /**
   * Whether node a comes before node b in `oldestFirst` (ledger.ts), the one open-item order. The
   * nodes carry copies of the due and doc dates so that most comparisons read one place in memory;
   * a tie on both goes to `oldestFirst` itself (doc_no, then input order).
   */
  private before(a: number, b: number): boolean {
    const n = this.nodes;
    if (n[5 * a + 2] !== n[5 * b + 2]) return n[5 * a + 2]! < n[5 * b + 2]!;
    if (n[5 * a + 3] !== n[5 * b + 3]) return n[5 * a + 3]! < n[5 * b + 3]!;
    return oldestFirst(this.ledger, n[5 * a + 4]!, n[5 * b + 4]!) < 0;
  }

  /** Joins two heaps (root nodes), returning the root: the later one becomes the earlier one's first child. */
  private meld(a: number, b: number): number {
    if (this.before(b, a)) {
      const t = a;
      a = b;
      b = t;
    }
    const n = this.nodes;
    n[5 * b + 1] = n[5 * a]!;
    n[5 * a] = b + 1;
    return a;
  }

  push(g: number, i: number): void {
    this.pendingNext[i] = this.pending[g]!;
    this.pending[g] = i + 1;
  }

  /** Joins account `g`'s pending invoices that are still open to its heap. */
  private settlePending(g: number): void {
    let p = this.pending[g]!;
    if (p === 0) return;
    this.pending[g] = 0;
    // The open ones become nodes, listed through their sibling field, then are melded in pairs.
    let first = 0;
    while (p !== 0) {
      const i = p - 1;
      p = this.pendingNext[i]!;
      if (!this.isOpen(i)) continue;
      if (5 * (this.used + 1) > this.nodes.length) this.nodes = grown(this.nodes, Math.ceil(this.nodes.length * 1.5));
      const node = this.used++;
      const n = this.nodes;
      n[5 * node] = 0;
      n[5 * node + 1] = first;
      n[5 * node + 2] = this.ledger.dueDate[i]!;
      n[5 * node + 3] = this.ledger.docDate[i]!;
      n[5 * node + 4] = i;
      first = node + 1;
    }
    if (first === 0) return;
    const joined = this.pairUp(first);
    const r = this.root[g]!;
    this.root[g] = (r === 0 ? joined : this.meld(r - 1, joined)) + 1;
  }

  /** Melds a list of heaps (first node + 1, linked through siblings) into one: in pairs left to right, then right to left. */
  private pairUp(first: number): number {
    const n = this.nodes;
    let count = 0;
    let c = first;
    while (c !== 0) {
      if (count === this.pairs.length) this.pairs = grown(this.pairs, count * 2);
      const a = c - 1;
      const b1 = n[5 * a + 1]!;
      n[5 * a + 1] = 0;
      if (b1 === 0) {
        this.pairs[count++] = a;
        break;
      }
      const b = b1 - 1;
      c = n[5 * b + 1]!;
      n[5 * b + 1] = 0;
      this.pairs[count++] = this.meld(a, b);
    }
    const pairs = this.pairs;
    let top = -1;
    for (let k = count - 1; k >= 0; k--) top = top < 0 ? pairs[k]! : this.meld(pairs[k]!, top);
    return top;
  }

  /** Reads account `g`'s oldest node (see SettleRun.prefetch); returns anything. */
  touch(g: number): number {
    const r = this.root[g]!;
    return r === 0 ? 0 : this.nodes[5 * (r - 1) + 2]!;
  }

  /** Account `g`'s oldest open invoice, or -1. */
  peek(g: number): number {
    this.settlePending(g);
    const r = this.root[g]!;
    return r === 0 ? -1 : this.nodes[5 * (r - 1) + 4]!;
  }

  /** Removes account `g`'s oldest (after `peek`): its children are melded into one heap. */
  pop(g: number): void {
    const c = this.nodes[5 * (this.root[g]! - 1)]!;
    this.root[g] = c === 0 ? 0 : this.pairUp(c) + 1;
  }
}

export interface ControlTotal {
  currency: string;
  invoices: bigint;
  debitNotes: bigint;
  payments: bigint;
  creditNotes: bigint;
  writeOffs: bigint;
  /** Discounts allowed (settlements without a document of their own). */
  discounts: bigint;
  open: bigint;
  unapplied: bigint;
  /** invoices + debit notes − payments − credit notes − write-offs − discounts = open − unapplied. */
  holds: boolean;
}

/** The control total's field for each document kind (DOC_KINDS order). */
const CONTROL_FIELD = ["invoices", "debitNotes", "payments", "creditNotes", "writeOffs"] as const;

/** SPEC "control total", per currency, over the documents dated on or before as-of. */
export function controlTotals(settled: Settled): ControlTotal[] {
  const l = settled.ledger;
  const byCurrency = new Map<number, ControlTotal>();
  const get = (c: number) => {
    let t = byCurrency.get(c);
    if (!t) byCurrency.set(c, (t = { currency: l.currencies[c]!, invoices: 0n, debitNotes: 0n, payments: 0n, creditNotes: 0n, writeOffs: 0n, discounts: 0n, open: 0n, unapplied: 0n, holds: false }));
    return t;
  };
  for (const a of settled.accounts) {
    const t = get(a.currency);
    t.unapplied += a.unapplied;
    for (const i of a.events) {
      t[CONTROL_FIELD[l.kind[i]!]!] += l.amount.get(i);
      if (isCharge(l.kind[i]!)) t.open += settled.outstanding.get(i);
    }
  }
  for (const [invoice, d] of settled.discounts) get(l.currency[invoice]!).discounts += d.units;
  const totals = [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  for (const t of totals) t.holds = t.invoices + t.debitNotes - t.payments - t.creditNotes - t.writeOffs - t.discounts === t.open - t.unapplied;
  return totals;
}
