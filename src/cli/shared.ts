/**
 * What every command shares: the global options of SPEC.md, reading the inputs with their
 * diagnostics, and writing the report (stdout, or `-o` atomically).
 */
import { statSync } from "node:fs";
import path from "node:path";
import { Chalk, type ChalkInstance } from "chalk";
import { Option, type Command } from "commander";
import { dayFromYmd, parseIsoDate, type Day } from "../engine/dates.js";
import type { CustomerProfile } from "../engine/customers.js";
import { settle, settlementBytes, type ApplyMode, type Settled } from "../engine/settle.js";
import { Invalid, parseCurrency, type DiscountTerms } from "../engine/values.js";
import { writeFileAtomic, WriteError } from "../io/atomic.js";
import { ConfigError, loadConfig, requireCompanyForDocuments, type Config } from "../io/config.js";
import { InputError, type EncodingOption } from "../io/decode.js";
import { parseMap, UsageProblem } from "../io/headers.js";
import { resolveLang, word, type Lang } from "../io/i18n.js";
import { PREFAULT_MIN_INPUT, startPrefaulter } from "../io/prefault.js";
import { readCustomers, type CustomerMaster } from "../io/read-customers.js";
import { sniffWorkbookFile } from "../io/workbook.js";
import type { BusinessCalendar, DayOverride } from "../engine/calendar.js";
import type { ContactEvent } from "../engine/events.js";
import { escapeControl, placeOf, readLedgers, type DateOrder, type LedgerRead, type Rejected } from "../io/read-ledger.js";
import { Exit, UsageError, type CliIo } from "./context.js";

export type Format = "table" | "csv" | "json";

export interface CommonOptions {
  asOf?: string;
  config?: string;
  customers?: string;
  format?: string;
  output?: string;
  lang?: string;
  map?: string;
  encoding?: string;
  dateFormat?: string;
  currency?: string;
  strict?: boolean;
  decimalComma?: boolean;
  apply?: string;
  sheet?: string;
}

/** The input options of SPEC.md "Global conventions". */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option("--as-of <date>", "report date YYYY-MM-DD; later transactions are ignored (default: $AR_AS_OF, else today)")
    .option("--config <file>", "JSON config (default: ./ar.config.json if present)")
    .option("--customers <file>", "customer master CSV or workbook (names, contacts, credit limits, terms)")
    .option("--sheet <name|n>", "the sheet of a ledger workbook (.xlsx/.xls) to read, by name or number from 1 (default: the first visible sheet with a ledger header)")
    .addOption(new Option("--lang <lang>", "language of headers and documents").choices(["zh", "en"]))
    .option("--map <field=Header,...>", "map canonical fields to this file's own headers")
    .addOption(new Option("--encoding <enc>", "input encoding").choices(["auto", "utf8", "gb18030"]).default("auto"))
    .addOption(new Option("--date-format <order>", "how to read all-numeric dates like 03/04/2025").choices(["YMD", "DMY", "MDY"]))
    .option("--decimal-comma", "read 1.234,56 as one thousand two hundred thirty-four and 56/100")
    .option("--currency <code>", "currency for rows that name none (default: config, else CNY)")
    .addOption(new Option("--apply <mode>", "unreferenced payments: fifo = pay oldest invoices first; none = keep on account").choices(["fifo", "none"]).default("fifo"))
    .option("--strict", "any rejected row fails the run (exit 1) after listing all of them");
}

export function addOutputOptions(cmd: Command, formats: readonly string[] = ["table", "csv", "json"]): Command {
  return cmd.addOption(new Option("--format <format>", "output format (default: table on a terminal, else csv)").choices([...formats])).option("-o, --output <file>", "write the report to this file (atomically) instead of stdout");
}

export interface Run {
  io: CliIo;
  config: Config;
  asOf: Day;
  lang: Lang;
  format: Format;
  chalk: ChalkInstance;
}

function today(): Day {
  const now = new Date();
  return dayFromYmd(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export function resolveAsOf(flag: string | undefined, env: Record<string, string | undefined>): Day {
  const text = flag ?? env.AR_AS_OF;
  if (text === undefined || text === "") return today();
  const day = parseIsoDate(text);
  if (day === undefined) throw new UsageError(`${flag !== undefined ? "--as-of" : "AR_AS_OF"}: "${text}" is not a date YYYY-MM-DD`);
  return day;
}

export function startRun(io: CliIo, opts: CommonOptions): Run {
  let config: Config;
  try {
    config = loadConfig(opts.config, io.cwd);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  if (opts.currency !== undefined) {
    const c = parseCurrency(opts.currency);
    if (c === null || c instanceof Invalid) throw new UsageError(`--currency: "${opts.currency}" is not a currency code`);
    config.currency = c;
  }
  const asOf = resolveAsOf(opts.asOf, io.env);
  const lang = resolveLang(opts.lang, config.lang, io.env);
  const toTerminal = opts.output === undefined && io.stdout.isTTY === true;
  const format = (opts.format as Format | undefined) ?? (toTerminal ? "table" : "csv");
  // https://no-color.org: a non-empty NO_COLOR turns colour off.
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
  const colour = toTerminal && format === "table" && !noColor && io.env.TERM !== "dumb";
  return { io, config, asOf, lang, format, chalk: new Chalk({ level: colour ? 1 : 0 }) };
}

export interface Loaded {
  read: LedgerRead;
  master: CustomerMaster | undefined;
  settled: Settled;
  /** Rejected rows of every input, in the order they were found. */
  rejected: Rejected[];
}

export function profileOf(loaded: Loaded, key: string): CustomerProfile | undefined {
  return loaded.master?.byId.get(key);
}

/** Reads the customer master and the ledgers, prints diagnostics, applies --strict, settles. */
export async function loadLedger(run: Run, files: string[], opts: CommonOptions, settleOptions: { record?: boolean; quiet?: boolean } = {}): Promise<Loaded> {
  const { io, config } = run;
  if (files.length === 0) throw new UsageError("no ledger file given (use - for standard input)");
  if (files.filter((f) => f === "-").length > 1) throw new UsageError("standard input (-) can be read only once");
  if (opts.output !== undefined) {
    const out = path.resolve(io.cwd, opts.output);
    for (const f of [...files, opts.customers, opts.config]) {
      if (f !== undefined && f !== "-" && path.resolve(io.cwd, f) === out) throw new UsageError(`-o ${opts.output}: that is one of the inputs`);
    }
  }
  const encoding = (opts.encoding ?? "auto") as EncodingOption;
  const apply = (opts.apply ?? "fifo") as ApplyMode;
  const abs = (f: string) => (f === "-" ? f : path.resolve(io.cwd, f));
  let master: CustomerMaster | undefined;
  let read: LedgerRead;
  const prefaulter = inputBytes(files.map(abs)) >= PREFAULT_MIN_INPUT ? startPrefaulter() : undefined;
  try {
    if (opts.customers !== undefined) master = await readCustomers(opts.customers, encoding, io.stdin, abs(opts.customers));
    const customerTerms = new Map<string, number>();
    const customerDiscounts = new Map<string, DiscountTerms>();
    master?.byId.forEach((p, id) => {
      if (p.terms !== undefined) customerTerms.set(id, p.terms);
      if (p.discount !== undefined) customerDiscounts.set(id, p.discount);
    });
    read = await readLedgers(
      files.map((name) => ({ name, path: abs(name) })),
      {
        asOf: run.asOf,
        encoding,
        dateFormat: opts.dateFormat as DateOrder | undefined,
        decimalComma: opts.decimalComma === true,
        map: parseMap(opts.map),
        defaultCurrency: config.currency,
        defaultTerms: config.terms,
        customerTerms,
        customerDiscounts,
        stdin: io.stdin,
        sheet: opts.sheet,
        // Settlement's arrays are touched while the file is still being read. Invoices are most
        // of a ledger's rows; a short guess only leaves some pages to be touched later.
        onEstimate: prefaulter && ((rows) => prefaulter.prepare(settlementBytes(rows, Math.ceil(rows * 0.75), apply))),
      },
    );
  } catch (e) {
    prefaulter?.stop();
    if (e instanceof InputError || e instanceof UsageProblem) throw new UsageError(e.message);
    throw e;
  }
  const rejected = [...(master?.rejected ?? []), ...read.rejected];
  if (!settleOptions.quiet) reportDiagnostics(run, read, rejected);
  if (opts.strict && rejected.length > 0) {
    prefaulter?.stop();
    io.stderr.write(`ar: --strict: ${rejected.length} ${word(run.lang, "rejectedSummary")}; no report written\n`);
    throw new Exit(1);
  }
  let settled: Settled;
  try {
    prefaulter?.usePrepared();
    settled = settle(read.ledger, run.asOf, { apply, record: settleOptions.record });
  } finally {
    prefaulter?.stop();
  }
  for (const w of settled.appliesToWarnings) {
    if (settleOptions.quiet) continue;
    const l = read.ledger;
    io.stderr.write(`${l.files[l.file[w.index]!]}:${l.line[w.index]}: ${word(run.lang, "warning")}: ${escapeControl(w.reason)}\n`);
  }
  return { read, master, settled, rejected };
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

export function reportDiagnostics(run: Run, read: LedgerRead, rejected: Rejected[]): void {
  const err = run.io.stderr;
  for (const r of rejected) err.write(`${placeOf(r)}: ${escapeControl(r.reason)}\n`);
  for (const w of read.warnings) err.write(`${placeOf(w)}: ${word(run.lang, "warning")}: ${escapeControl(w.message)}\n`);
  for (const n of read.notes) err.write(`ar: ${word(run.lang, "note")}: ${escapeControl(n)}\n`);
}

/** Writes the report to stdout, or to `-o FILE` atomically. */
export function writeReport(run: Run, opts: CommonOptions, content: string | Uint8Array): void {
  if (opts.output !== undefined) {
    const target = path.resolve(run.io.cwd, opts.output);
    try {
      writeFileAtomic(target, content);
    } catch (e) {
      if (e instanceof WriteError) throw new UsageError(`-o ${opts.output}: cannot write the report: ${e.reason}; nothing was written`);
      throw e;
    }
    return;
  }
  run.io.stdout.write(content);
}

export { rejectedJson } from "../io/read-ledger.js";

/**
 * The business calendar: China's official arrangements, with `--holidays FILE` (date, off|work)
 * on top. Bad holiday rows are printed and added to `rejected`.
 */
export async function loadCalendar(run: Run, opts: CommonOptions & { holidays?: string }, rejected: Rejected[]): Promise<BusinessCalendar> {
  const { io } = run;
  // Loaded here, not at start-up: the lunar calendar alone costs `ar age` some 50 ms.
  const { BusinessCalendar } = await import("../engine/calendar.js");
  let overrides = new Map<Day, DayOverride>();
  if (opts.holidays !== undefined) {
    const { readHolidays } = await import("../io/read-holidays.js");
    try {
      const file = opts.holidays === "-" ? "-" : path.resolve(io.cwd, opts.holidays);
      const h = await readHolidays(opts.holidays, { encoding: (opts.encoding ?? "auto") as EncodingOption, stdin: io.stdin, path: file, dateFormat: opts.dateFormat as never });
      overrides = h.overrides;
      for (const r of h.rejected) io.stderr.write(`${placeOf(r)}: ${escapeControl(r.reason)}\n`);
      for (const n of h.notes) io.stderr.write(`ar: ${word(run.lang, "warning")}: ${escapeControl(n)}\n`);
      rejected.push(...h.rejected);
    } catch (e) {
      if (e instanceof InputError || e instanceof UsageProblem) throw new UsageError(e.message);
      throw e;
    }
  }
  return new BusinessCalendar({ overrides });
}

/**
 * The contact and evidence log (`--events`), sealed or not: bad rows printed and added to
 * `rejected`; warnings for unknown customers, an unsealed log and a broken chain. [] without --events.
 */
export async function loadEvents(run: Run, opts: CommonOptions & { events?: string }, knownCustomers: Iterable<string>, rejected: Rejected[]): Promise<ContactEvent[]> {
  const { io } = run;
  if (opts.events === undefined) return [];
  const file = opts.events === "-" ? "-" : path.resolve(io.cwd, opts.events);
  const [{ readEvents }, { logIntegrityWarnings }] = await Promise.all([import("../io/read-events.js"), import("../io/events-log.js")]);
  try {
    const ev = await readEvents(opts.events, {
      encoding: (opts.encoding ?? "auto") as EncodingOption,
      stdin: io.stdin,
      path: file,
      dateFormat: opts.dateFormat as never,
      decimalComma: opts.decimalComma === true,
      knownCustomers: new Set(knownCustomers),
    });
    for (const r of ev.rejected) io.stderr.write(`${placeOf(r)}: ${escapeControl(r.reason)}\n`);
    for (const w of ev.warnings) io.stderr.write(`${placeOf(w)}: ${word(run.lang, "warning")}: ${escapeControl(w.message)}\n`);
    for (const n of ev.notes) io.stderr.write(`ar: ${word(run.lang, "warning")}: ${escapeControl(n)}\n`);
    rejected.push(...ev.rejected);
    // The reader counts rows added by hand to a sealed log; the rest of the log's integrity is `ar log`'s.
    if (opts.events !== "-" && sniffWorkbookFile(file) === undefined) {
      for (const w of logIntegrityWarnings(opts.events, file)) {
        if (w.kind !== "unsealed_rows") io.stderr.write(`${w.file}:${w.line}: ${word(run.lang, "warning")}: ${escapeControl(w.message)}\n`);
      }
    }
    return ev.events;
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageProblem) throw new UsageError(e.message);
    throw e;
  }
}

/** Customer keys of the ledger and the customer master: who the events log may name. */
export function knownCustomerKeys(loaded: Loaded): string[] {
  const keys = loaded.read.ledger.customers.map((c) => c.key);
  loaded.master?.byId.forEach((_, id) => keys.push(id));
  return keys;
}

/** True for a folder, false for anything else that exists, undefined when nothing is there. */
export function isDirectory(p: string): boolean | undefined {
  try {
    return statSync(p).isDirectory();
  } catch {
    return undefined;
  }
}

/** `--template DIR` resolved against the working directory; a usage error unless it is a folder. */
export function templateDirOf(io: CliIo, template: string | undefined): string | undefined {
  if (template === undefined) return undefined;
  const dir = path.resolve(io.cwd, template);
  if (isDirectory(dir) !== true) throw new UsageError(`--template ${template}: not a folder`);
  return dir;
}

/** Commands that print documents need the company's name and bank account (exit 2 naming what is missing). */
export function requireCompany(run: Run): void {
  try {
    requireCompanyForDocuments(run.config);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

/** `--customer ID...` must name customers of the ledger or the customer master. */
export function checkCustomersKnown(loaded: Loaded, ids: readonly string[] | undefined): void {
  if (ids === undefined) return;
  const known = new Set(loaded.read.ledger.customers.map((c) => c.key));
  const master = loaded.master?.byId;
  const unknown = ids.filter((id) => !known.has(id) && !master?.has(id));
  if (unknown.length > 0) throw new UsageError(`--customer: ${unknown.map((u) => escapeControl(u)).join(", ")}: not in the ledger${master ? " or the customer master" : ""}`);
}
