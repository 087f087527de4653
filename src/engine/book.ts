/**
 * The loaded book: everything a report reads, read once (beancount's loader, REVIEW.md §5.1). The
 * ledger, the customer master, the events log, the business calendar and the settings, with the
 * ledger settled at as-of (SPEC.md "Settlement"). Reports ask the book; they never read files.
 *
 * Also the owners of small rules every report used to spell out itself: a customer's daily
 * late-fee rate map (SPEC "Late fees": the customer master's `late_fee_rate`, else `fees.rate`),
 * the minimum amount in the ledger's minor units, and the aging that calls, plans, statements and
 * letters share (by due date, with the settings' buckets and tiers).
 */
import type { AgingOptions } from "./aging.js";
import type { BusinessCalendar } from "./calendar.js";
import type { CustomerProfile } from "./customers.js";
import type { Day } from "./dates.js";
import type { ContactEvent } from "./events.js";
import type { Ledger } from "./ledger.js";
import type { Decimal } from "./money.js";
import { warningAt, type Problem } from "./problem.js";
import { settle, type ApplyMode, type Settled, type Warning } from "./settle.js";
import { minAmountUnits, type Settings } from "./settings.js";

export interface Book {
  ledger: Ledger;
  /** The customer master by customer id; undefined without `--customers`. */
  master: Map<string, CustomerProfile> | undefined;
  /** The events log's events; [] without `--events`. */
  events: ContactEvent[];
  /** The business calendar; undefined when the command needs none (it costs the lunar calendar). */
  calendar: BusinessCalendar | undefined;
  settings: Settings;
  asOf: Day;
  apply: ApplyMode;
  /** The ledger settled at as-of. */
  settled: Settled;
  /** Settlements at other dates, made when first asked for (`settledAt`). */
  readonly other: Map<Day, Settled>;
}

export function makeBook(parts: Omit<Book, "settled" | "other">, settled: Settled): Book {
  return { ...parts, settled, other: new Map() };
}

/**
 * The ledger as settled at `day` (documents dated after it ignored), with every settlement
 * recorded; at as-of, the book's own settlement. Memoised per day.
 */
export function settledAt(book: Book, day: Day): Settled {
  if (day === book.asOf && book.settled.settlements !== undefined) return book.settled;
  let s = book.other.get(day);
  if (s === undefined) book.other.set(day, (s = settle(book.ledger, day, { apply: book.apply, record: true })));
  return s;
}

/** Customer id → the customer master's daily late-fee rate, for customers that have one. */
export function customerRates(book: Pick<Book, "master">): Map<string, Decimal> {
  const rates = new Map<string, Decimal>();
  book.master?.forEach((p, id) => p.lateFeeRate !== undefined && rates.set(id, p.lateFeeRate));
  return rates;
}

/** `Settings.minAmount` in the ledger's minor units (an item of exactly the minimum counts). */
export function minItemUnits(book: Pick<Book, "ledger" | "settings">): bigint {
  return minAmountUnits(book.settings, book.ledger.scale);
}

/** The aging options of the settings by due date: what `ar age` shows by default and the other reports build on. */
export function agingOptions(book: Pick<Book, "ledger" | "settings">): AgingOptions {
  return { basis: "due", limits: book.settings.buckets, tiers: book.settings.tiers, minTierUnits: minItemUnits(book) };
}

/** The customer's master profile, if the master names the customer. */
export function profileOf(book: Pick<Book, "master">, customerId: string): CustomerProfile | undefined {
  return book.master?.get(customerId);
}

/** Settlement's warnings as problems at the rows they are about (`applies_to.orphan`, `applies_to.currency`, `applies_to.overpaid`). */
export function settlementProblems(settled: Settled, warnings: readonly Warning[]): Problem[] {
  const l = settled.ledger;
  return warnings.map((w) => warningAt(l.files[l.file[w.index]!]!, l.line[w.index]!, w.reason, `applies_to.${w.kind}`));
}
