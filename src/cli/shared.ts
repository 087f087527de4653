/**
 * What every command shares: the global options of SPEC.md, reading the inputs with their
 * diagnostics, and writing the report (stdout, or `-o` atomically).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { Chalk, type ChalkInstance } from "chalk";
import { Option, type Command } from "commander";
import type { CustomerProfile } from "../engine/customers.js";
import { dayFromYmd, parseIsoDate, type Day } from "../engine/dates.js";
import type { Ledger } from "../engine/ledger.js";
import { generalProblem } from "../engine/problem.js";
import type { ApplyMode, Settled } from "../engine/settle.js";
import { Invalid, parseCurrency } from "../engine/values.js";
import { writeFileAtomic, WriteError } from "../io/atomic.js";
import { ConfigError, loadConfig, requireCompanyForDocuments, type Config } from "../io/config.js";
import type { EncodingOption } from "../io/decode.js";
import { resolveLang, type Lang } from "../io/i18n.js";
import { loadBook, LoadError, type LoadedBook } from "../io/load.js";
import { printProblems, rejectedJson, strictSummary, type RejectedJson } from "../io/problems.js";
import { escapeControl, placeOf, type DateOrder } from "../io/read-ledger.js";
import { tablesXlsx, XlsxLimitError, type XlsxInput } from "../io/render/table-xlsx.js";
import type { Table } from "../io/table/model.js";
import { Exit, UsageError, type CliIo } from "./context.js";
import { VERSION } from "./main.js";

export type Format = "table" | "csv" | "json" | "xlsx";

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

export function addOutputOptions(cmd: Command, formats: readonly string[] = ["table", "csv", "json", "xlsx"]): Command {
  return cmd
    .addOption(new Option("--format <format>", "output format (default: table on a terminal, xlsx for -o FILE.xlsx, else csv)").choices([...formats]))
    .option("-o, --output <file>", "write the report to this file (atomically) instead of stdout");
}

/** `--format`, else xlsx for `-o FILE.xlsx`, else table on a terminal and CSV elsewhere. */
export function formatOf(io: CliIo, opts: CommonOptions): string {
  if (opts.format !== undefined) return opts.format;
  if (opts.output !== undefined && /\.xlsx$/i.test(opts.output)) return "xlsx";
  return opts.output === undefined && io.stdout.isTTY === true ? "table" : "csv";
}

export interface Run {
  io: CliIo;
  config: Config;
  asOf: Day;
  lang: Lang;
  format: Format;
  chalk: ChalkInstance;
  /** What an xlsx report's About sheet says about the run: filled by `loadForRun`. */
  about: { inputs: XlsxInput[]; rejected: { place: string; reason: string }[] };
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
  const format = formatOf(io, opts) as Format;
  if (format === "xlsx" && toTerminal) throw new UsageError("--format xlsx: give -o FILE.xlsx (a workbook is not for the terminal), or redirect standard output to a file");
  // https://no-color.org: a non-empty NO_COLOR turns colour off.
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
  const colour = toTerminal && format === "table" && !noColor && io.env.TERM !== "dumb";
  return { io, config, asOf, lang, format, chalk: new Chalk({ level: colour ? 1 : 0 }), about: { inputs: [], rejected: [] } };
}

export interface Loaded extends LoadedBook {
  /** The rejected rows of every input, as JSON `rejected` and the reports' notes carry them. */
  rejected: RejectedJson[];
  /** Shorthands for the command bodies: the book's ledger, customer master and settlement at as-of. */
  read: { ledger: Ledger };
  master: { byId: Map<string, CustomerProfile> } | undefined;
  settled: Settled;
}

export function profileOf(loaded: Loaded, key: string): CustomerProfile | undefined {
  return loaded.book.master?.get(key);
}

/** What a command reads besides its ledgers (flags → `BookInputs`). */
export interface LoadNeeds {
  /** Also read `--events` and `--holidays` when the command has them. */
  events?: string;
  holidays?: string;
  /** Build the business calendar. */
  calendar?: boolean;
  /** Keep every settlement (fees, limitation, statements, plans). */
  record?: boolean;
  /** Also the ledger as it stood at these dates, from the same one settlement run (`Loaded.history`). */
  history?: readonly Day[];
  /** Print nothing (`ar check` lists the problems itself) and leave `--strict` to the command. */
  quiet?: boolean;
}

/**
 * Flags → options, `loadBook`, the problems on stderr, then `--strict`: any rejected row of any
 * input ends the run with exit 1 after all of them are listed (SPEC.md "Global conventions").
 */
export async function loadForRun(run: Run, files: string[], opts: CommonOptions, needs: LoadNeeds = {}): Promise<Loaded> {
  const { io } = run;
  if (opts.output !== undefined) {
    const out = path.resolve(io.cwd, opts.output);
    for (const f of [...files, opts.customers, opts.config, needs.events, needs.holidays]) {
      if (f !== undefined && f !== "-" && path.resolve(io.cwd, f) === out) throw new UsageError(`-o ${opts.output}: that is one of the inputs`);
    }
  }
  // An xlsx report names every input with its SHA-256 (SPEC "Excel in and out"): standard input
  // is hashed as it is read, files after.
  const stdinHash = run.format === "xlsx" && [...files, opts.customers, needs.events, needs.holidays].includes("-") ? hashingStream(io.stdin) : undefined;
  let loaded: LoadedBook;
  try {
    loaded = await loadBook(
      { ledgers: files, customers: opts.customers, events: needs.events, holidays: needs.holidays, calendar: needs.calendar },
      {
        cwd: io.cwd,
        stdin: stdinHash?.stream ?? io.stdin,
        asOf: run.asOf,
        settings: run.config,
        encoding: (opts.encoding ?? "auto") as EncodingOption,
        dateFormat: opts.dateFormat as DateOrder | undefined,
        decimalComma: opts.decimalComma === true,
        map: opts.map,
        sheet: opts.sheet,
        apply: (opts.apply ?? "fifo") as ApplyMode,
        record: needs.record,
        history: needs.history,
      },
    );
  } catch (e) {
    if (e instanceof LoadError) throw new UsageError(e.message);
    throw e;
  }
  const { book, problems } = loaded;
  const rejected = rejectedJson(problems);
  if (run.format === "xlsx") {
    const config = opts.config ?? (existsSync(path.join(io.cwd, "ar.config.json")) ? "ar.config.json" : undefined);
    const named = [...files, opts.customers, needs.events, needs.holidays, config].filter((f): f is string => f !== undefined);
    run.about.inputs = named.map((f) => (f === "-" ? { name: f, ...stdinHash!.digest() } : fileDigest(f, path.resolve(io.cwd, f))));
    run.about.rejected = problems.filter((p) => p.severity === "error" && p.place !== null).map((p) => ({ place: placeOf(p.place!), reason: escapeControl(p.message) }));
  }
  if (!needs.quiet) {
    // Rows added by hand to a sealed log are said once, by the reader's note; `ar check` lists them per row.
    printProblems(io.stderr, problems.filter((p) => p.code !== "log.unsealed_rows"));
    failIfStrict(run, opts, rejected.length);
  }
  return { ...loaded, rejected, read: { ledger: book.ledger }, master: book.master && { byId: book.master }, settled: book.settled };
}

/** `--strict` with rejected rows: the summary line, exit 1, no report. */
export function failIfStrict(run: Run, opts: CommonOptions, rejected: number): void {
  if (!opts.strict || rejected === 0) return;
  run.io.stderr.write(`${strictSummary(run.lang, rejected)}\n`);
  throw new Exit(1);
}

/** A problem of the run itself (a year with no holiday arrangement, a missing input): printed like every other. */
export function printProblem(run: Run, severity: "warning" | "note", code: string, message: string): void {
  printProblems(run.io.stderr, [generalProblem(severity, code, message)]);
}

/** A stream that passes `source` through and hashes what went by. */
function hashingStream(source: Readable): { stream: Readable; digest: () => { sha256: string; bytes: number } } {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  source.pipe(stream);
  return { stream, digest: () => ({ sha256: hash.copy().digest("hex"), bytes }) };
}

function fileDigest(name: string, file: string): XlsxInput {
  try {
    const data = readFileSync(file);
    return { name, sha256: createHash("sha256").update(data).digest("hex"), bytes: data.length };
  } catch {
    return { name, sha256: null, bytes: null };
  }
}

/** The command line as a person would type it again: `ar` and the arguments, quoted where a shell needs it. */
export function commandLineOf(argv: readonly string[]): string {
  const quote = (a: string) => (/^[\p{L}\p{N}_./:=,@%+-]+$/u.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ["ar", ...argv.map(quote)].join(" ");
}

/** The report's tables as an xlsx workbook: the tables, then the About sheet (SPEC "Excel in and out"). */
export function workbookOf(run: Run, tables: readonly Table[]): Uint8Array {
  try {
    return tablesXlsx(tables, { commandLine: commandLineOf(run.io.argv ?? []), asOf: run.asOf, version: VERSION, inputs: run.about.inputs, rejected: run.about.rejected, lang: run.lang });
  } catch (e) {
    if (e instanceof XlsxLimitError) throw new UsageError(`--format xlsx: ${e.message}`);
    throw e;
  }
}

/**
 * Writes the report to stdout, or to `-o FILE` atomically. Tables (the report under `--format
 * xlsx`) are written as a workbook.
 */
export function writeReport(run: Run, opts: CommonOptions, report: string | Uint8Array | readonly Table[]): void {
  const content = typeof report === "string" || report instanceof Uint8Array ? report : workbookOf(run, report);
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

export { rejectedJson } from "../io/problems.js";

/** Customer keys of the ledger and the customer master: who the events log may name. */
export function knownCustomerKeys(loaded: Loaded): string[] {
  const keys = loaded.book.ledger.customers.map((c) => c.key);
  loaded.book.master?.forEach((_, id) => keys.push(id));
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

/**
 * Commands that print documents need the company's name and bank account, and the company fields
 * their templates print (`templates`: one name per language, e.g. `letters/zh/final.hbs`). Checked
 * before anything is read; exit 2 naming every missing field at once. A template that is not there
 * is skipped here (it is reported when a document needs it).
 */
export async function requireCompany(run: Run, templates: { lang: Lang; name: string }[] = [], templateDir?: string): Promise<void> {
  // Handlebars only for the commands that print documents.
  const { loadTemplate, requiredFields, TemplateError } = await import("../io/document/template.js");
  const needs: { lang: Lang; fields: string[] }[] = [];
  for (const t of templates) {
    try {
      needs.push({ lang: t.lang, fields: requiredFields(loadTemplate(t.name, templateDir), "company.") });
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
    }
  }
  try {
    requireCompanyForDocuments(run.config, needs);
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

/** The languages a document may be printed in: `--lang`, else either (the customer master decides per customer). */
export function documentLangs(flag: string | undefined): Lang[] {
  return flag === "zh" || flag === "en" ? [flag] : ["zh", "en"];
}
