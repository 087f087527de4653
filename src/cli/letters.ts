/**
 * `ar letters`: PDF demand letters for registered mail, one per customer (or one combined PDF),
 * and the mailing manifest (SPEC.md "Demand letters"). Everything is built and checked before
 * anything is written: a template field the data lacks stops the run with exit 2 and no file.
 */
import path from "node:path";
import { Command, Option } from "commander";
import { age } from "../engine/aging.js";
import { agingOptions, customerRates, minItemUnits } from "../engine/book.js";
import { isoDate, ymdOf, type Day } from "../engine/dates.js";
import { discountOffers } from "../engine/discount-offer.js";
import { feeReport } from "../engine/fees.js";
import { Decimal } from "../engine/money.js";
import type { Tier } from "../engine/tiers.js";
import { Invalid, parseAmount } from "../engine/values.js";
import { WriteError } from "../io/atomic.js";
import { letterDocument, type LetterLevel } from "../io/document/letter-data.js";
import type { DocumentModel, Lang } from "../io/document/model.js";
import { loadTemplate, TemplateError, type Template } from "../io/document/template.js";
import { companyName } from "../io/config.js";
import { word } from "../io/i18n.js";
import {
  BatchWriter,
  manifestCsv,
  pdfPageCount,
  planLetters,
  safeFileName,
  sha256Hex,
  uniqueFileNames,
  type LetterPlan,
  type WrittenLetter,
} from "../io/letters.js";
import { renderCombinedPdf, renderPdf } from "../io/pdf/render.js";
import { escapeControl, type Rejected } from "../io/read-ledger.js";
import { LEVEL_WORD, lettersTableModel, renderLetters, type LettersView } from "../io/render/letters.js";
import type { CliIo, OutStream } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, checkCustomersKnown, isDirectory, documentLangs, requireCompany, templateDirOf, loadForRun, printProblem, startRun, writeReport, type CommonOptions, type Run } from "./shared.js";

interface LettersOptions extends CommonOptions {
  level: LetterLevel;
  tier?: string;
  customer?: string[];
  minAmount?: string;
  out: string;
  combined?: boolean;
  duplex?: boolean;
  template?: string;
  holidays?: string;
}

export const MANIFEST_FILE = "manifest.csv";
/** Batches at least this large show a progress line on a terminal's stderr. */
const PROGRESS_FROM = 50;


function tiersFlag(text: string): Set<Tier> {
  const tiers = new Set<Tier>();
  for (const part of text.split(",")) {
    const t = part.trim().toUpperCase();
    if (t !== "A" && t !== "B" && t !== "C") throw new UsageError(`--tier: "${text}" is not a tier A, B or C (or a list such as B,C)`);
    tiers.add(t);
  }
  return tiers;
}

function minAmountFlag(text: string): Decimal {
  const a = parseAmount(text.trim());
  if (a === null || a instanceof Invalid) throw new UsageError(`--min-amount: "${text}" is not an amount such as 5000 or 5,000.00`);
  if (a.units < 0n) throw new UsageError(`--min-amount: "${text}" must not be below 0`);
  return new Decimal(`${a.units}e-${a.scale}`);
}


export function lettersCommand(io: CliIo): Command {
  const cmd = new Command("letters")
    .summary("PDF demand letters for registered mail, with a mailing manifest")
    .description(
      "Writes one PDF demand letter per customer with overdue, undisputed invoices (or one combined PDF for printing) into --out, plus manifest.csv for the registered-mail batch (letter id, customer, contact, address, postcode, phone, overdue amount, accrued fee, file, SHA-256, an empty tracking_number column for `ar log import-manifest`). Customers marked do_not_contact in the customer master are skipped and listed. Every letter is built and checked before any file is written; re-running with the same inputs gives byte-identical files.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .addOption(new Option("--level <level>", "reminder (付款提醒函), notice (催款通知书) or final (催款函)").choices(["reminder", "notice", "final"]).makeOptionMandatory())
    .requiredOption("--out <dir>", "folder for the PDFs and manifest.csv (created if missing)")
    .option("--tier <tiers>", "only customers of this tier: A, B, C, or a list such as B,C")
    .option("--customer <id...>", "only these customers (customer_id as in the ledger)")
    .option("--min-amount <amount>", "only letters whose overdue total is at least this")
    .option("--combined", "one PDF with every letter (for printing) instead of one PDF per customer")
    .option("--duplex", "with --combined: start every letter on an odd page (double-sided printing)")
    .option("--template <dir>", "your own letter templates (see templates/README.md)")
    .option("--holidays <file>", "your own calendar days for the reply deadline: CSV date, off|work");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Letter ids are AR-<as-of yyyymmdd>-<R|N|F>-<customer id> (R reminder, N notice, F final); files
are named after them (AR-20250630-F-C001.pdf). stdout lists the letters written and the
customers skipped (table, csv or json).

Examples:
  ar letters fixtures/ledger.csv --customers fixtures/customers.csv --level final --tier C --out letters/
  ar letters ledger.csv --customers customers.csv --level reminder --min-amount 1000 --out letters/ --format json
  ar letters ledger.csv --customers customers.csv --level notice --out print/ --combined --duplex
  ar log import-manifest letters/manifest.csv --events events.csv --date 2025-07-01`,
  );
  cmd.action(async (files: string[], opts: LettersOptions) => {
    // Flags and config first: nothing is read, and nothing written, before they are right.
    const tiers = opts.tier !== undefined ? tiersFlag(opts.tier) : undefined;
    const minAmount = opts.minAmount !== undefined ? minAmountFlag(opts.minAmount) : undefined;
    if (opts.duplex && !opts.combined) throw new UsageError("--duplex works with --combined only");
    const abs = (f: string) => (f === "-" ? f : path.resolve(io.cwd, f));
    const outDir = abs(opts.out);
    if (isDirectory(outDir) === false) throw new UsageError(`--out ${opts.out}: exists and is not a folder`);
    const templateDir = templateDirOf(io, opts.template);
    const run = startRun(io, opts);
    await requireCompany(run, documentLangs(opts.lang).map((lang) => ({ lang, name: `letters/${lang}/${opts.level}.hbs` })), templateDir);
    const loaded = await loadForRun(run, files, opts, { holidays: opts.holidays, calendar: true, record: true });
    const calendar = loaded.book.calendar!;
    const deadline = calendar.addBusinessDays(run.asOf, run.config.letters.replyBusinessDays);
    const span: Day[] = [];
    for (let d = run.asOf; d <= deadline; d++) span.push(d);
    for (const year of calendar.yearsWithoutArrangement(span)) {
      printProblem(run, "warning", "calendar.unpublished_year", `the calendar library has no official holiday arrangement for ${year}: only weekends count as days off in the reply deadline; add the year's holidays with --holidays FILE`);
    }
    const ledger = loaded.read.ledger;
    const master = loaded.master?.byId;
    checkCustomersKnown(loaded, opts.customer);

    const aging = age(loaded.settled, agingOptions(loaded.book));
    const rates = customerRates(loaded.book);
    const fees = feeReport(loaded.settled, { customerRates: rates, defaultRate: run.config.fees.rate, graceDays: run.config.fees.graceDays, cap: run.config.fees.cap, includeSettled: false });
    const plan = planLetters({
      ledger,
      aging,
      fees,
      master,
      company: run.config.company,
      rates: { customerRates: rates, defaultRate: run.config.fees.rate },
      replyBusinessDays: run.config.letters.replyBusinessDays,
      calendar,
      level: opts.level,
      langFlag: opts.lang as Lang | undefined,
      fallbackLang: run.lang,
      minItemUnits: minItemUnits(loaded.book),
      filter: { tiers, customers: opts.customer ? new Set(opts.customer) : undefined, minAmount },
      offers: discountOffers(loaded.settled),
    });
    warnAboutPlan(run, plan, master !== undefined);

    // Every document first: a missing field stops the run before any file exists.
    const templates = new Map<string, Template>();
    const models: DocumentModel[] = [];
    try {
      for (const letter of plan.letters) {
        const name = `letters/${letter.data.lang}/${letter.data.level}.hbs`;
        let template = templates.get(name);
        if (template === undefined) templates.set(name, (template = loadTemplate(name, templateDir)));
        models.push(letterDocument(letter.data, template));
      }
    } catch (e) {
      if (e instanceof TemplateError) throw new UsageError(templateHint(e));
      throw e;
    }

    const names = opts.combined ? [] : uniqueFileNames(plan.letters.map((l) => safeFileName(l.data.letterId, ".pdf")));
    const combinedName = safeFileName(`AR-${compactDate(run.asOf)}-${opts.level}-combined`, ".pdf");
    const inputs = [...files, opts.customers, opts.config, opts.holidays].filter((f): f is string => f !== undefined && f !== "-").map(abs);
    for (const name of [...(opts.combined ? [combinedName] : names), MANIFEST_FILE]) {
      const target = path.join(outDir, name);
      if (inputs.includes(target)) throw new UsageError(`--out ${opts.out}: would overwrite the input ${path.relative(io.cwd, target) || target}`);
    }
    if (opts.output !== undefined && abs(opts.output) === path.join(outDir, MANIFEST_FILE)) throw new UsageError(`-o ${opts.output}: that is the manifest ${MANIFEST_FILE} of --out`);

    const writer = new BatchWriter(outDir);
    const written: WrittenLetter[] = [];
    const progress = new Progress(io.stderr, plan.letters.length, opts.combined ? 2 : 1);
    try {
      writer.open();
    } catch (e) {
      throw new UsageError(`--out ${opts.out}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    try {
      if (opts.combined) {
        // Each letter alone gives its page count, so the manifest can say where it starts.
        let page = 0;
        plan.letters.forEach((letter, k) => {
          const pages = pdfPageCount(renderPdf(models[k]!));
          if (opts.duplex && page % 2 === 1) page++;
          written.push({ letter, file: combinedName, sha256: "", pages, firstPage: page + 1 });
          page += pages;
          progress.tick();
        });
        const meta = {
          title: `${word(run.lang, LEVEL_WORD[opts.level])} ${isoDate(run.asOf)}`,
          author: companyName(run.config.company, run.lang),
          subject: `${plan.letters.length} ${word(run.lang, "lettersCount")}`,
          keywords: opts.level,
          creationDate: run.asOf,
          lang: run.lang,
        };
        const pdf = renderCombinedPdf(models, meta, { duplex: opts.duplex === true });
        progress.tickAll();
        const sha = sha256Hex(pdf);
        for (const w of written) w.sha256 = sha;
        if (plan.letters.length > 0) writer.stage(combinedName, pdf);
      } else {
        plan.letters.forEach((letter, k) => {
          const pdf = renderPdf(models[k]!);
          writer.stage(names[k]!, pdf);
          written.push({ letter, file: names[k]!, sha256: sha256Hex(pdf), pages: pdfPageCount(pdf), firstPage: 1 });
          progress.tick();
        });
      }
      writer.stage(MANIFEST_FILE, manifestCsv(written));
      writer.commit();
    } catch (e) {
      writer.discard();
      throw new UsageError(`--out ${opts.out}: cannot write the letters (${e instanceof WriteError ? e.reason : ((e as NodeJS.ErrnoException).code ?? (e as Error).message)}); nothing was written`);
    } finally {
      progress.done();
    }

    const view: LettersView = {
      asOf: run.asOf,
      lang: run.lang,
      chalk: run.chalk,
      level: opts.level,
      out: opts.out,
      manifest: MANIFEST_FILE,
      combined: opts.combined === true,
      plan,
      written,
      rejected: loaded.rejected,
    };
    writeReport(run, opts, run.format === "xlsx" ? [lettersTableModel(view)] : renderLetters(view, run.format));
  });
  return cmd;
}

function compactDate(day: Day): string {
  const { y, m, d } = ymdOf(day);
  return `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`;
}

/** The template's message, plus which config key to set when the missing field is the company's. */
function templateHint(e: TemplateError): string {
  if (e.field !== null && e.field.startsWith("company.")) return `${e.message} (set ${e.field} in the config)`;
  if (e.field !== null && e.field.startsWith("recipient.")) return `${e.message} (the customer master's ${e.field.slice(10)})`;
  return e.message;
}

function warnAboutPlan(run: Run, plan: LetterPlan, hasMaster: boolean): void {
  const err = run.io.stderr;
  for (const key of plan.nothingOverdue) printProblem(run, "warning", "letters.nothing_overdue", `${key}: nothing overdue and undisputed at ${isoDate(run.asOf)}; no letter`);
  for (const s of plan.skipped) err.write(`ar: ${escapeControl(s.customerId)} ${escapeControl(s.name)}: do_not_contact in the customer master; skipped\n`);
  if (!hasMaster) {
    if (plan.letters.length > 0) printProblem(run, "warning", "letters.no_master", "no customer master (--customers): the letters carry no contact, address or phone");
    return;
  }
  for (const l of plan.letters) {
    if (l.data.recipient.address === null) printProblem(run, "warning", "letters.no_address", `${l.customerKey} ${l.customerName}: no postal address in the customer master; letter ${l.data.letterId} cannot go by registered mail as it is`);
  }
}

/** "12/345 letters" on a terminal's stderr, rewritten in place; nothing when stderr is not a TTY. */
class Progress {
  private readonly on: boolean;
  private readonly total: number;
  private count = 0;
  private shownPercent = -1;

  constructor(
    private readonly err: OutStream,
    letters: number,
    passes: number,
  ) {
    this.on = err.isTTY === true && letters >= PROGRESS_FROM;
    this.total = letters * passes;
  }

  tick(): void {
    this.count++;
    this.show();
  }

  /** The combined PDF: the second pass over every letter, done at once. */
  tickAll(): void {
    this.count = this.total;
    this.show();
  }

  private show(): void {
    if (!this.on) return;
    const percent = Math.floor((100 * this.count) / this.total);
    if (percent === this.shownPercent) return;
    this.shownPercent = percent;
    const width = 30;
    const filled = Math.round((width * this.count) / this.total);
    this.err.write(`\rar letters [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(percent).padStart(3)}%`);
  }

  done(): void {
    if (this.on && this.shownPercent >= 0) this.err.write("\r\x1b[K");
  }
}
