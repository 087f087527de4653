/**
 * `ar statement`: statements of account (对账单) with a confirmation slip (SPEC.md "Statements of
 * account"): table, CSV or JSON on stdout, one PDF per customer into `--out` with manifest.csv,
 * or every statement in one PDF (`--format pdf -o FILE`).
 */
import path from "node:path";
import { Command } from "commander";
import { age } from "../engine/aging.js";
import { customerName } from "../engine/customers.js";
import { firstDayOfMonth, isoDate, parseIsoDate, type Day } from "../engine/dates.js";
import { agingOptions } from "../engine/book.js";
import { unitsString } from "../engine/money.js";
import { buildStatements, type Statement } from "../engine/statement.js";
import { WriteError } from "../io/atomic.js";
import { companyName } from "../io/config.js";
import type { DocumentModel, Lang } from "../io/document/model.js";
import { statementData, statementDocument, statementIdOf, type StatementData } from "../io/document/statement-data.js";
import { loadTemplate, TemplateError, type Template } from "../io/document/template.js";
import { word } from "../io/i18n.js";
import { ADDRESS_COLUMNS, addressCells, BatchWriter, FILE_COLUMNS, fileCells, pdfPageCount, safeFileName, sha256Hex, uniqueFileNames, type MailedFile } from "../io/letters.js";
import { renderCombinedPdf, renderPdf } from "../io/pdf/render.js";
import type { Rejected } from "../io/read-ledger.js";
import { csvTable } from "../io/render/csv.js";
import { renderStatements, statementTables, writtenSummary, type StatementView } from "../io/render/statement.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, formatOf, checkCustomersKnown, isDirectory, documentLangs, requireCompany, templateDirOf, loadForRun, printProblem, startRun, writeReport, type CommonOptions, type Format, type Run } from "./shared.js";

interface StatementOptions extends CommonOptions {
  customer?: string[];
  all?: boolean;
  from?: string;
  out?: string;
  template?: string;
  holidays?: string;
  replyDays?: string;
}

export const MANIFEST_FILE = "manifest.csv";


function replyDaysFlag(text: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) > 365) throw new UsageError(`--reply-days: "${text}" is not a number of business days from 0 to 365`);
  return Number(text);
}

/** What the run writes: a report on stdout/-o, PDFs into --out (with a summary), or one combined PDF. */
type Output = { kind: "report"; format: Format } | { kind: "out"; dir: string; format: Format } | { kind: "combined" };

export function statementCommand(io: CliIo): Command {
  const cmd = new Command("statement")
    .summary("statements of account (对账单) with a confirmation slip")
    .description(
      "Per customer and currency, for the period --from (default: the first day of the as-of month) to as-of: the opening balance (everything dated before the period), every document of the period in date order with a running balance, the closing balance and its aging by the `ar age` buckets. The closing balance always equals the customer's balance in `ar age` at the same as-of. --out DIR writes one PDF per customer (letterhead, customer block, the table, the closing balance in figures and in 大写, and a confirmation slip to sign and return) plus manifest.csv; re-running with the same inputs gives byte-identical files.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--customer <id...>", "statements for these customers (customer_id as in the ledger)")
    .option("--all", "statements for every customer with a balance, or a document in the period")
    .option("--from <date>", "first day of the period, YYYY-MM-DD (default: the first day of the as-of month)")
    .option("--out <dir>", "write one PDF per customer and manifest.csv into this folder (created if missing)")
    .option("--template <dir>", "your own statement templates (DIR/statements/zh/statement.hbs, DIR/zh/statement.hbs or DIR/statement.hbs)")
    .option("--holidays <file>", "your own calendar days for the reply deadline: CSV date, off|work")
    .option("--reply-days <n>", "business days the customer has to return the slip (default: config letters.replyBusinessDays, else 3)");
  addOutputOptions(cmd, ["table", "csv", "json", "xlsx", "pdf"]);
  cmd.addHelpText(
    "after",
    `
Invariants: closing = opening + debits − credits = the customer's balance in \`ar age\`.
Statement ids are ST-<as-of yyyymmdd>-<customer id>[-<currency>]; PDFs are named after them.

Examples:
  ar statement fixtures/ledger.csv --customer C029 --as-of 2025-06-30
  ar statement ledger.csv --customers customers.csv --all --as-of 2025-06-30 --out statements/
  ar statement ledger.csv --all --from 2025-01-01 --as-of 2025-06-30 --format json -o statements.json
  ar statement ledger.csv --customer C001 C004 --as-of 2025-06-30 --format pdf -o print.pdf`,
  );
  cmd.action(async (files: string[], opts: StatementOptions) => {
    // Flags first: nothing is read, and nothing written, before they are right.
    if ((opts.customer === undefined) === (opts.all !== true)) throw new UsageError("give --customer ID ... or --all (one of them)");
    const abs = (f: string) => (f === "-" ? f : path.resolve(io.cwd, f));
    let from: Day | undefined;
    if (opts.from !== undefined) {
      from = parseIsoDate(opts.from);
      if (from === undefined) throw new UsageError(`--from: "${opts.from}" is not a date YYYY-MM-DD`);
    }
    const replyDays = opts.replyDays !== undefined ? replyDaysFlag(opts.replyDays) : undefined;
    const templateDir = templateDirOf(io, opts.template);
    const reportFormat = (f: string | undefined): Format => (f === "table" || f === "csv" || f === "json" || f === "xlsx" ? f : formatOf(io, { ...opts, format: undefined }) as Format);
    let output: Output;
    if (opts.out !== undefined) {
      const dir = abs(opts.out);
      if (isDirectory(dir) === false) throw new UsageError(`--out ${opts.out}: exists and is not a folder`);
      output = { kind: "out", dir, format: reportFormat(opts.format) };
      if (output.format === "xlsx") throw new UsageError("--format xlsx: the summary of --out is table, csv or json (give the statements as a workbook without --out)");
    } else if (opts.format === "pdf" || (opts.format === undefined && opts.output !== undefined && /\.pdf$/i.test(opts.output))) {
      if (opts.output === undefined && io.stdout.isTTY === true) throw new UsageError("--format pdf: give -o FILE.pdf or --out DIR (a PDF is not for the terminal)");
      output = { kind: "combined" };
    } else {
      output = { kind: "report", format: reportFormat(opts.format) };
    }
    const run = startRun(io, { ...opts, format: output.kind === "combined" ? "csv" : output.format });
    const documents = output.kind !== "report";
    if (documents) {
      await requireCompany(run, documentLangs(opts.lang).map((lang) => ({ lang, name: `statements/${lang}/statement.hbs` })), templateDir);
    }

    const loaded = await loadForRun(run, files, opts, { holidays: opts.holidays, calendar: true });
    const calendar = loaded.book.calendar!;
    const master = loaded.master?.byId;
    checkCustomersKnown(loaded, opts.customer);
    const periodFrom = from ?? firstDayOfMonth(run.asOf);
    if (periodFrom > run.asOf) throw new UsageError(`--from ${isoDate(periodFrom)} is after --as-of ${isoDate(run.asOf)}`);

    const aging = age(loaded.settled, agingOptions(loaded.book));
    const report = buildStatements(loaded.settled, aging, { from: periodFrom, customers: opts.customer ?? null, defaultCurrency: run.config.currency });
    const rejected = loaded.rejected;
    const nameOf = (s: Statement) => customerName(s.name, master?.get(s.customerId), s.customerId);

    if (!documents) {
      const view: StatementView = { report, lang: run.lang, nameOf, rejected, chalk: run.chalk, ledger: loaded.settled.ledger };
      const format = output.kind === "report" ? output.format : "csv";
      writeReport(run, opts, format === "xlsx" ? statementTables(view) : renderStatements(view, format));
      return;
    }

    // Ids depend on the customer's own currencies, never on which customers a run selects.
    const currencies = new Map<number, number>();
    for (const a of loaded.settled.accounts) currencies.set(a.customer, (currencies.get(a.customer) ?? 0) + 1);
    const deadline = calendar.addBusinessDays(run.asOf, replyDays ?? run.config.letters.replyBusinessDays);
    const templates = new Map<string, Template>();
    const planned: PlannedStatement[] = [];
    try {
      for (const s of report.statements) {
        const profile = master?.get(s.customerId);
        const lang: Lang = (opts.lang as Lang | undefined) ?? profile?.lang ?? run.lang;
        const multi = (currencies.get(s.customer) ?? 0) > 1;
        const data = statementData(s, {
          lang,
          ledger: loaded.settled.ledger,
          statementId: statementIdOf(run.asOf, s.customerId, multi ? s.currency : null),
          from: periodFrom,
          asOf: run.asOf,
          scale: report.scale,
          buckets: report.buckets,
          company: run.config.company,
          name: nameOf(s),
          profile,
          replyDeadline: deadline,
          replyBusinessDays: replyDays ?? run.config.letters.replyBusinessDays,
        });
        const name = `statements/${lang}/statement.hbs`;
        let template = templates.get(name);
        if (template === undefined) templates.set(name, (template = loadTemplate(name, templateDir)));
        planned.push({ statement: s, data, model: statementDocument(data, template), fileStem: statementIdOf(run.asOf, s.customerId, null) });
      }
    } catch (e) {
      if (e instanceof TemplateError) throw new UsageError(templateHint(e));
      throw e;
    }
    if (loaded.master === undefined) {
      if (planned.length > 0) printProblem(run, "warning", "statement.no_master", "no customer master (--customers): the statements carry no contact, address or phone");
    } else {
      for (const p of planned) {
        if (p.data.recipient.address === null) printProblem(run, "warning", "statement.no_address", `${p.statement.customerId} ${p.data.recipient.company}: no postal address in the customer master`);
      }
    }

    if (output.kind === "combined") {
      const meta = {
        title: `${word(run.lang, "stmtTitles")} ${isoDate(run.asOf)}`,
        author: companyName(run.config.company, run.lang),
        subject: `${planned.length} ${run.lang === "zh" ? "份对账单" : "statement(s)"}`,
        keywords: "statement",
        creationDate: run.asOf,
        lang: run.lang,
      };
      writeReport(run, opts, renderCombinedPdf(planned.map((p) => p.model), meta));
      return;
    }

    // One PDF per customer: its statements (one per currency) one after the other.
    if (output.kind !== "out") return;
    const outDir = output.dir;
    const summaryFormat = output.format === "xlsx" ? "csv" : output.format; // refused above
    const byCustomer = new Map<string, PlannedStatement[]>();
    for (const p of planned) {
      const list = byCustomer.get(p.statement.customerId);
      if (list) list.push(p);
      else byCustomer.set(p.statement.customerId, [p]);
    }
    const groups = [...byCustomer.values()];
    const names = uniqueFileNames(groups.map((g) => safeFileName(g[0]!.fileStem, ".pdf")));
    const inputs = [...files, opts.customers, opts.config, opts.holidays].filter((f): f is string => f !== undefined && f !== "-").map(abs);
    for (const name of [...names, MANIFEST_FILE]) {
      const target = path.join(outDir, name);
      if (inputs.includes(target)) throw new UsageError(`--out ${opts.out}: would overwrite the input ${path.relative(io.cwd, target) || target}`);
    }
    if (opts.output !== undefined && abs(opts.output) === path.join(outDir, MANIFEST_FILE)) throw new UsageError(`-o ${opts.output}: that is the manifest ${MANIFEST_FILE} of --out`);
    const writer = new BatchWriter(outDir);
    try {
      writer.open();
    } catch (e) {
      throw new UsageError(`--out ${opts.out}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const written: WrittenStatement[] = [];
    try {
      groups.forEach((group, k) => {
        let pdf: Buffer;
        const firstPages: number[] = [];
        const pageCounts: number[] = [];
        if (group.length === 1) {
          pdf = renderPdf(group[0]!.model);
          firstPages.push(1);
          pageCounts.push(pdfPageCount(pdf));
        } else {
          let page = 0;
          for (const p of group) {
            const pages = pdfPageCount(renderPdf(p.model));
            firstPages.push(page + 1);
            pageCounts.push(pages);
            page += pages;
          }
          const first = group[0]!;
          pdf = renderCombinedPdf(
            group.map((p) => p.model),
            { ...first.model.meta, title: first.fileStem, subject: `${first.fileStem} ${first.data.recipient.company}` },
          );
        }
        const sha = sha256Hex(pdf);
        writer.stage(names[k]!, pdf);
        group.forEach((p, j) => written.push({ planned: p, file: names[k]!, sha256: sha, pages: pageCounts[j]!, firstPage: firstPages[j]! }));
      });
      writer.stage(MANIFEST_FILE, manifestCsv(written, report.scale));
      writer.commit();
    } catch (e) {
      writer.discard();
      throw new UsageError(`--out ${opts.out}: cannot write the statements (${e instanceof WriteError ? e.reason : ((e as NodeJS.ErrnoException).code ?? (e as Error).message)}); nothing was written`);
    }
    writeReport(
      run,
      opts,
      writtenSummary(
        { report, lang: run.lang, chalk: run.chalk, rejected, manifestCsv: () => manifestCsv(written, report.scale) },
        summaryFormat,
        written.map((w) => ({ statementId: w.planned.data.statementId, statement: w.planned.statement, file: w.file, firstPage: w.firstPage, pages: w.pages, sha256: w.sha256 })),
      ),
    );
  });
  return cmd;
}

interface PlannedStatement {
  statement: Statement;
  data: StatementData;
  model: DocumentModel;
  /** The customer's PDF is named after this (the id without a currency). */
  fileStem: string;
}

interface WrittenStatement extends MailedFile {
  planned: PlannedStatement;
}

function templateHint(e: TemplateError): string {
  if (e.field !== null && e.field.startsWith("company.")) return `${e.message} (set ${e.field} in the config)`;
  if (e.field !== null && e.field.startsWith("recipient.")) return `${e.message} (the customer master's ${e.field.slice(10)})`;
  return e.message;
}

// ---------------------------------------------------------------------------------------------
// manifest.csv and the summary of what --out received

/**
 * One row per statement (a customer with two currencies has two rows naming the same PDF, with
 * their first pages), laid out as the letters' manifest.
 */
export const MANIFEST_HEADER = ["statement_id", ...ADDRESS_COLUMNS, "opening", "debits", "credits", "closing", "lines", ...FILE_COLUMNS] as const;

function manifestCsv(written: readonly WrittenStatement[], scale: number): string {
  return csvTable(
    MANIFEST_HEADER,
    written.map((w) => {
      const { statement: s, data } = w.planned;
      const money = (u: bigint) => unitsString(u, scale);
      return [data.statementId, ...addressCells(s.customerId, data.recipient.company, data.recipient, data.lang, s.currency), money(s.opening), money(s.debits), money(s.credits), money(s.closing), String(s.lines.length), ...fileCells(w)];
    }),
  );
}

