/**
 * Loading a book (REVIEW.md §5.1): the ledgers, the customer master, the events log and the
 * business calendar are read, the ledger is settled at as-of (SPEC.md "Reading ledgers",
 * "Settlement"), and everything found wrong is returned as `Problem`s in the order a person reads
 * them. Nothing here prints or exits: the command prints the problems, applies `--strict` and sets
 * the exit code. A usage error (no ledger, an unreadable file, `--map` naming no header) is thrown
 * as a `LoadError`, which the command turns into exit 2.
 *
 * The business calendar and the events log are imported only when asked for: `ar age` on a large
 * ledger must not pay for the lunar calendar.
 */
import { statSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { makeBook, settlementProblems, type Book } from "../engine/book.js";
import type { BusinessCalendar, DayOverride } from "../engine/calendar.js";
import type { Day } from "../engine/dates.js";
import type { ContactEvent } from "../engine/events.js";
import { generalProblem, rejectedRow, warningAt, type Problem } from "../engine/problem.js";
import { historyBytes, settleOver, type History } from "../engine/history.js";
import { settle, settlementBytes, type ApplyMode, type Settled } from "../engine/settle.js";
import type { Settings } from "../engine/settings.js";
import { InputError, type EncodingOption } from "./decode.js";
import { parseMap, UsageProblem } from "./headers.js";
import { PREFAULT_MIN_INPUT, startPrefaulter } from "./prefault.js";
import { readCustomers, type CustomerMaster } from "./read-customers.js";
import { sniffWorkbookFile } from "./workbook-format.js";
import type { DiscountTerms } from "../engine/values.js";
import { readLedgers, type DateOrder, type LedgerRead, type SkippedRow } from "./read-ledger.js";

/** A usage error found while loading (exit 2): the message names the file and what is wrong. */
export class LoadError extends Error {}

/** The files of a book, as named on the command line (`-` is standard input, readable once). */
export interface BookInputs {
  ledgers: readonly string[];
  customers?: string;
  events?: string;
  holidays?: string;
  /** Build the business calendar (China's official arrangements + `holidays`); implied by `holidays`. */
  calendar?: boolean;
}

export interface LoadOptions {
  /** Relative file names are resolved here. */
  cwd: string;
  stdin: Readable;
  asOf: Day;
  settings: Settings;
  encoding?: EncodingOption;
  dateFormat?: DateOrder;
  decimalComma?: boolean;
  /** `--map field=Header,...`. */
  map?: string;
  /** `--sheet NAME|N`: the sheet of ledger workbooks to read. */
  sheet?: string;
  apply?: ApplyMode;
  /** Keep every settlement (fees, statements, limitation, plans need them). */
  record?: boolean;
  /**
   * Settle once over these dates as well (engine/history.ts `settleOver`; as-of is added): the
   * book's settlement is then that run's at as-of, with its settlements recorded compactly.
   */
  history?: readonly Day[];
  /** Touch settlement's memory while a large ledger is read (io/prefault.ts); default on. */
  prefault?: boolean;
}

export interface LoadedBook {
  book: Book;
  /** Every problem of every input, in the order they are printed: calendar, master and ledgers, settlement, events. */
  problems: Problem[];
  /** Ledger data rows read, and of them the accepted rows dated after as-of (for `ar check`). */
  rows: number;
  afterAsOf: number;
  /** Title, subtotal, section, footer and line-item rows skipped (`ar check` lists them). */
  skipped: SkippedRow[];
  /** The ledger as it stood at `LoadOptions.history`'s dates and as-of, when asked for. */
  history?: History;
}

export async function loadBook(inputs: BookInputs, options: LoadOptions): Promise<LoadedBook> {
  const { ledgers } = inputs;
  if (ledgers.length === 0) throw new LoadError("no ledger file given (use - for standard input)");
  const named = [...ledgers, inputs.customers, inputs.events, inputs.holidays].filter((f) => f === "-");
  if (named.length > 1) throw new LoadError("standard input (-) can be read only once");
  const abs = (f: string) => (f === "-" ? f : path.resolve(options.cwd, f));
  const encoding = options.encoding ?? "auto";
  const apply = options.apply ?? "fifo";
  const problems: Problem[] = [];
  return asLoadError(async () => {
    const calendar = inputs.calendar || inputs.holidays !== undefined ? await loadCalendar(inputs.holidays, abs, options, problems) : undefined;

    let master: CustomerMaster | undefined;
    let read: LedgerRead;
    const prefaulter = options.prefault !== false && inputBytes(ledgers.map(abs)) >= PREFAULT_MIN_INPUT ? startPrefaulter() : undefined;
    let settled: Settled;
    let history: History | undefined;
    try {
      if (inputs.customers !== undefined) master = await readCustomers(inputs.customers, encoding, options.stdin, abs(inputs.customers));
      const customerTerms = new Map<string, number>();
      const customerDiscounts = new Map<string, DiscountTerms>();
      master?.byId.forEach((p, id) => {
        if (p.terms !== undefined) customerTerms.set(id, p.terms);
        if (p.discount !== undefined) customerDiscounts.set(id, p.discount);
      });
      read = await readLedgers(
        ledgers.map((name) => ({ name, path: abs(name) })),
        {
          asOf: options.asOf,
          encoding,
          dateFormat: options.dateFormat,
          decimalComma: options.decimalComma === true,
          map: parseMap(options.map),
          defaultCurrency: options.settings.currency,
          defaultTerms: options.settings.terms,
          customerTerms,
          customerDiscounts,
          stdin: options.stdin,
          sheet: options.sheet,
          // Settlement's arrays are touched while the file is still being read. Invoices are most
          // of a ledger's rows; a short guess only leaves some pages to be touched later.
          onEstimate: prefaulter && ((rows) => prefaulter.prepare(settlementBytes(rows, Math.ceil(rows * 0.75), apply) + (options.history ? historyBytes(rows) : 0))),
        },
      );
      for (const r of master?.rejected ?? []) problems.push(rejectedRow(r.file, r.line, r.reason, "customers.rejected", r.sheet));
      for (const r of read.rejected) problems.push(rejectedRow(r.file, r.line, r.reason, "row.rejected", r.sheet));
      for (const w of read.warnings) problems.push(warningAt(w.file, w.line, w.message, "row.due_before_doc", w.sheet));
      for (const n of read.notes) problems.push(generalProblem("note", "ledger.note", n));
      prefaulter?.usePrepared();
      if (options.history !== undefined) {
        history = settleOver(read.ledger, [...options.history.filter((d) => d <= options.asOf), options.asOf], { apply });
        settled = history.last;
      } else {
        settled = settle(read.ledger, options.asOf, { apply, record: options.record });
      }
    } finally {
      prefaulter?.stop();
    }
    problems.push(...settlementProblems(settled, settled.appliesToWarnings));

    const knownCustomers = new Set(read.ledger.customers.map((c) => c.key));
    master?.byId.forEach((_, id) => knownCustomers.add(id));
    const events = inputs.events !== undefined ? await loadEvents(inputs.events, abs, knownCustomers, options, problems) : [];

    const book = makeBook({ ledger: read.ledger, master: master?.byId, events, calendar, settings: options.settings, asOf: options.asOf, apply }, settled);
    return { book, problems, rows: read.rows, afterAsOf: read.afterAsOf, skipped: read.skipped, history };
  });
}

/** Reader errors that are the user's to fix (unreadable file, no header, `--map` naming nothing) become LoadErrors. */
async function asLoadError<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageProblem) throw new LoadError(e.message);
    throw e;
  }
}

/** China's official arrangements, with `--holidays FILE` (date, off|work) on top. */
async function loadCalendar(holidays: string | undefined, abs: (f: string) => string, options: LoadOptions, problems: Problem[]): Promise<BusinessCalendar> {
  // Loaded here, not at start-up: the lunar calendar alone costs `ar age` some 50 ms.
  const { BusinessCalendar } = await import("../engine/calendar.js");
  let overrides = new Map<Day, DayOverride>();
  if (holidays !== undefined) {
    const { readHolidays } = await import("./read-holidays.js");
    const h = await readHolidays(holidays, { encoding: options.encoding ?? "auto", stdin: options.stdin, path: abs(holidays), dateFormat: options.dateFormat });
    overrides = h.overrides;
    for (const r of h.rejected) problems.push(rejectedRow(r.file, r.line, r.reason, "holidays.rejected", r.sheet));
    for (const n of h.notes) problems.push(generalProblem("warning", "holidays.note", n));
  }
  return new BusinessCalendar({ overrides });
}

/**
 * The contact and evidence log, sealed or not: bad rows, warnings for unknown customers and
 * dates, an unsealed log and a broken chain.
 */
async function loadEvents(name: string, abs: (f: string) => string, knownCustomers: Set<string>, options: LoadOptions, problems: Problem[]): Promise<ContactEvent[]> {
  const [{ readEvents }, { logIntegrityWarnings }] = await Promise.all([import("./read-events.js"), import("./events-log.js")]);
  const file = abs(name);
  const ev = await readEvents(name, {
    encoding: options.encoding ?? "auto",
    stdin: options.stdin,
    path: file,
    dateFormat: options.dateFormat,
    decimalComma: options.decimalComma === true,
    knownCustomers,
  });
  for (const r of ev.rejected) problems.push(rejectedRow(r.file, r.line, r.reason, "events.rejected", r.sheet));
  for (const w of ev.warnings) problems.push(warningAt(w.file, w.line, w.message, "events.warning", w.sheet));
  for (const n of ev.notes) problems.push(generalProblem("warning", "events.note", n));
  // The reader counts rows added by hand to a sealed log; the rest of the log's integrity is `ar log`'s.
  // (A workbook is a hand-kept copy of the log: it has no chain to check.)
  if (name !== "-" && sniffWorkbookFile(file) === undefined) for (const w of logIntegrityWarnings(name, file)) problems.push(warningAt(w.file, w.line, w.message, `log.${w.kind}`));
  return ev.events;
}

/** Bytes in all of the named files (standard input and unreadable files count 0: the reader reports those). */
function inputBytes(paths: string[]): number {
  let total = 0;
  for (const p of paths) {
    if (p === "-") continue;
    try {
      total += statSync(p).size;
    } catch {
      // reported when read
    }
  }
  return total;
}
