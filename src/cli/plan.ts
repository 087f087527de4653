/**
 * `ar plan`: instalment plans (分期还款, SPEC.md "Instalment plans"). Proposes a schedule for a
 * customer's overdue, undisputed outstanding (or `--amount`), renders the repayment agreement
 * (还款协议) and logs it as `agreement` events; `--status` shows how each logged agreement fared.
 */
import path from "node:path";
import { Command } from "commander";
import { age } from "../engine/aging.js";
import { customerName } from "../engine/customers.js";
import { isoDate } from "../engine/dates.js";
import type { BusinessCalendar } from "../engine/calendar.js";
import { feeRateFor, feeReport } from "../engine/fees.js";
import { Decimal, unitsExact } from "../engine/money.js";
import { planSchedule, planStatuses, type Schedule } from "../engine/plan.js";
import { Invalid, parseAmount } from "../engine/values.js";
import { writeFileAtomic, WriteError } from "../io/atomic.js";
import { agreementData, agreementDocument, type AgreementDebtInput } from "../io/document/agreement-data.js";
import type { Lang } from "../io/document/model.js";
import { loadTemplate, TemplateError } from "../io/document/template.js";
import { appendSealed, logLine, LogError, recordedEvidencePath, replaceDurably, type LogFile } from "../io/events-log.js";
import { word } from "../io/i18n.js";
import { sha256Hex } from "../io/letters.js";
import { renderPdf } from "../io/pdf/render.js";
import { docNoOf } from "../engine/ledger.js";
import { agingOptions, customerRates } from "../engine/book.js";
import { warningAt } from "../engine/problem.js";
import { printProblems } from "../io/problems.js";
import { escapeControl, type Rejected } from "../io/read-ledger.js";
import { renderPlanStatus, renderSchedule, scheduleTableModel, statusSheetTables, type StatusView } from "../io/render/plan.js";
import type { CliIo } from "./context.js";
import { writingLog } from "./log-write.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, isDirectory, documentLangs, requireCompany, templateDirOf, loadForRun, printProblem, startRun, writeReport, type CommonOptions, type Loaded, type Run } from "./shared.js";

interface PlanOptions extends CommonOptions {
  customer?: string;
  amount?: string;
  includeFee?: boolean;
  down: string;
  instalments: string;
  day: string;
  downDays: string;
  agreement?: string;
  appendEvents?: string;
  status?: boolean;
  events?: string;
  holidays?: string;
  template?: string;
}


/** `30%`, `0.3`, `0`: the share of the amount paid down, at least 0 and below 100%. */
export function downShareFlag(text: string): Decimal {
  const m = /^\s*\+?(\d+(?:\.\d+)?|\.\d+)\s*(%)?\s*$/.exec(text);
  if (!m) throw new UsageError(`--down: "${text}" is not a share such as 30% or 0.3`);
  const value = new Decimal(m[1]!.startsWith(".") ? `0${m[1]}` : m[1]!);
  const share = m[2] === "%" ? value.div(100) : value;
  if (share.greaterThanOrEqualTo(1)) throw new UsageError(`--down: "${text}" must be below 100% (the rest is paid in instalments)`);
  return share;
}

function wholeFlag(name: string, text: string, min: number, max: number, what: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${name}: "${text}" is not ${what} from ${min} to ${max}`);
  return Number(text);
}

export function planCommand(io: CliIo): Command {
  const cmd = new Command("plan")
    .summary("instalment plans (分期还款): schedule, repayment agreement, status")
    .description(
      "Proposes an instalment plan for one customer: the overdue, undisputed outstanding at as-of (plus the accrued late fee with --include-fee), or --amount, split into a down payment (--down share of it, rounded half-up to cents, due --down-days business days after as-of) and --instalments equal parts rounded down to cents, the leftover cents on the last; instalment k falls due on day --day of the k-th month after the down payment's month, or the last business day before it. --agreement writes the repayment agreement (还款协议) as a PDF; --append-events logs one `agreement` row per payment. With --status, shows for every agreement in the --events log each instalment paid on time, paid late, partly paid, missed or not yet due, and the fulfilment rate.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--customer <id>", "the customer to plan for (with --status: only this customer's agreements)")
    .option("--amount <amount>", "schedule this amount instead of the overdue outstanding")
    .option("--include-fee", "add the late fee accrued to as-of (as `ar fees` computes it) to the overdue outstanding")
    .option("--down <share>", "down payment as a share of the amount: 30% or 0.3; 0 for none", "30%")
    .option("--instalments <n>", "number of instalments after the down payment", "3")
    .option("--day <d>", "day of the month the instalments fall due (the month's last day when shorter)", "15")
    .option("--down-days <n>", "business days after as-of the down payment falls due", "3")
    .option("--agreement <file.pdf>", "write the repayment agreement (还款协议) to this PDF")
    .option("--append-events <file>", "append one `agreement` event per payment to this events log")
    .option("--status", "show how the agreements of the --events log fared against the ledger's payments")
    .option("--events <file>", "the events log (with --status)")
    .option("--holidays <file>", "your own calendar days: CSV date, off|work")
    .option("--template <dir>", "your own agreement template (DIR/agreements/zh/agreement.hbs, DIR/zh/agreement.hbs or DIR/agreement.hbs)");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Schedule (amounts exact to the cent, their sum always the amount):
  down = amount × share (half-up);  part = (amount − down) / n (down to the cent);
  last = amount − down − (n − 1) × part;  due dates on --day, or the last business day before

Examples:
  ar plan fixtures/ledger.csv --customer C023 --as-of 2025-06-30
  ar plan ledger.csv --customers customers.csv --customer C042 --down 30% --instalments 3 --day 15 --agreement plan.pdf --append-events events.csv
  ar plan ledger.csv --customer C042 --amount 100000 --down 0 --instalments 6 --format json
  ar plan --status ledger.csv --events events.csv --as-of 2025-06-30`,
  );
  cmd.action(async (files: string[], opts: PlanOptions) => {
    if (opts.status) await statusAction(io, files, opts);
    else await scheduleAction(io, files, opts);
  });
  return cmd;
}

// ---------------------------------------------------------------------------------------------
// The schedule

interface Planned {
  customerId: string;
  name: string;
  currency: string;
  scale: number;
  schedule: Schedule;
  debts: AgreementDebtInput[];
  overdue: bigint;
  fee: bigint;
  amountGiven: boolean;
  includeFee: boolean;
}

async function scheduleAction(io: CliIo, files: string[], opts: PlanOptions): Promise<void> {
  // Flags first: nothing is read, and nothing written, before they are right.
  if (opts.events !== undefined) throw new UsageError("--events is for --status; to log the plan use --append-events FILE");
  if (opts.customer === undefined) throw new UsageError("give the customer: --customer ID");
  const customerId = opts.customer;
  if (opts.amount !== undefined && opts.includeFee) throw new UsageError("--include-fee adds the accrued fee to the overdue outstanding; with --amount, give the whole amount yourself");
  const downShare = downShareFlag(opts.down);
  const instalments = wholeFlag("--instalments", opts.instalments, 1, 120, "a number of instalments");
  const day = wholeFlag("--day", opts.day, 1, 31, "a day of the month");
  const downDays = wholeFlag("--down-days", opts.downDays, 0, 365, "a number of business days");
  let amountGiven: Decimal | undefined;
  if (opts.amount !== undefined) {
    const a = parseAmount(opts.amount.trim());
    if (a === null || a instanceof Invalid) throw new UsageError(`--amount: "${opts.amount}" is not an amount such as 100000.00`);
    amountGiven = new Decimal(`${a.units}e-${a.scale}`);
    if (!amountGiven.greaterThan(0)) throw new UsageError(`--amount: "${opts.amount}" must be above 0`);
  }
  const abs = (f: string) => path.resolve(io.cwd, f);
  if (opts.agreement === "-" || opts.appendEvents === "-") throw new UsageError(`${opts.agreement === "-" ? "--agreement" : "--append-events"}: give a file name, not - (standard output carries the schedule)`);
  const templateDir = templateDirOf(io, opts.template);
  if (opts.agreement !== undefined) {
    if (isDirectory(abs(opts.agreement)) === true) throw new UsageError(`--agreement ${opts.agreement}: is a folder; give a file name such as plan.pdf`);
    const inputs = [...files, opts.customers, opts.config, opts.holidays, opts.appendEvents, opts.output].filter((f): f is string => f !== undefined && f !== "-").map(abs);
    if (inputs.includes(abs(opts.agreement))) throw new UsageError(`--agreement ${opts.agreement}: that is one of the inputs or outputs`);
  }
  if (opts.appendEvents !== undefined && [...files, opts.customers, opts.config, opts.holidays].some((f) => f !== undefined && f !== "-" && abs(f) === abs(opts.appendEvents!))) {
    throw new UsageError(`--append-events ${opts.appendEvents}: that is one of the inputs`);
  }
  const run = startRun(io, opts);
  if (opts.agreement !== undefined) {
    await requireCompany(run, documentLangs(opts.lang).map((lang) => ({ lang, name: `agreements/${lang}/agreement.hbs` })), templateDir);
  }
  const loaded = await loadForRun(run, files, opts, { holidays: opts.holidays, calendar: true, record: true });
  const calendar = loaded.book.calendar!;
  const planned = planFor(run, loaded, customerId, { downShare, instalments, day, downDays, amountGiven, includeFee: opts.includeFee === true, currencyFlag: opts.currency }, calendar);
  const profile = loaded.master?.byId.get(customerId);
  const rejected = loaded.rejected;
  for (const year of calendar.yearsWithoutArrangement(planned.schedule.payments.map((p) => p.dueDate))) {
    printProblem(run, "warning", "calendar.unpublished_year", `the calendar library has no official holiday arrangement for ${year}: only weekends count as days off there; add the year's holidays with --holidays FILE`);
  }

  // The agreement first (the events rows name it as evidence), every file written atomically.
  let agreementPdf: Buffer | undefined;
  if (opts.agreement !== undefined) {
    const lang: Lang = (opts.lang as Lang | undefined) ?? profile?.lang ?? run.lang;
    const data = agreementData(
      planned.schedule,
      {
        lang,
        asOf: run.asOf,
        scale: planned.scale,
        company: run.config.company,
        customerId,
        name: planned.name,
        profile,
        currency: planned.currency,
        debts: planned.debts,
        includesFee: planned.includeFee,
        amountGiven: planned.amountGiven,
        feeRate: feeRateFor(customerId, { customerRates: customerRates(loaded.book), defaultRate: run.config.fees.rate }),
      },
      (d) => calendar.isBusinessDay(d),
    );
    try {
      agreementPdf = renderPdf(agreementDocument(data, loadTemplate(`agreements/${lang}/agreement.hbs`, templateDir)));
    } catch (e) {
      if (e instanceof TemplateError) throw new UsageError(e.field !== null && e.field.startsWith("company.") ? `${e.message} (set ${e.field} in the config)` : e.message);
      throw e;
    }
  }
  if (opts.appendEvents !== undefined) appendAgreement(io, run, opts.appendEvents, planned, opts.agreement !== undefined ? { path: abs(opts.agreement), pdf: agreementPdf! } : undefined);
  if (agreementPdf !== undefined) {
    try {
      writeFileAtomic(abs(opts.agreement!), agreementPdf);
    } catch (e) {
      if (e instanceof WriteError) throw new UsageError(`--agreement ${opts.agreement}: cannot write the agreement: ${e.reason}; nothing was written`);
      throw e;
    }
  }
  const schedule = { ...planned, asOf: run.asOf, lang: run.lang, chalk: run.chalk, rejected };
  writeReport(run, opts, run.format === "xlsx" ? [scheduleTableModel(schedule)] : renderSchedule(schedule, run.format));
}

interface PlanFlags {
  downShare: Decimal;
  instalments: number;
  day: number;
  downDays: number;
  amountGiven: Decimal | undefined;
  includeFee: boolean;
  currencyFlag: string | undefined;
}

/** The amount (overdue, undisputed outstanding of one currency, + fee, or --amount) and its schedule. */
function planFor(run: Run, loaded: Loaded, customerId: string, f: PlanFlags, calendar: BusinessCalendar): Planned {
  const ledger = loaded.read.ledger;
  const master = loaded.master?.byId;
  const customer = ledger.customers.findIndex((c) => c.key === customerId);
  if (customer < 0 && !master?.has(customerId)) throw new UsageError(`--customer: ${escapeControl(customerId)}: not in the ledger${master ? " or the customer master" : ""}`);
  const name = customerName(customer >= 0 ? ledger.customers[customer]!.name : undefined, master?.get(customerId), customerId);
  const aging = age(loaded.settled, agingOptions(loaded.book));
  const fees = feeReport(loaded.settled, { customerRates: customerRates(loaded.book), defaultRate: run.config.fees.rate, graceDays: run.config.fees.graceDays, cap: run.config.fees.cap, includeSettled: false });
  const feeOf = new Map<number, bigint>();
  for (const it of fees.items) feeOf.set(it.index, it.fee);

  // Overdue, undisputed items by currency.
  const byCurrency = new Map<string, AgreementDebtInput[]>();
  for (const a of aging.accounts) {
    if (a.customer !== customer) continue;
    const items = a.items.filter((it) => !it.disputed && it.daysOverdue > 0);
    if (items.length === 0) continue;
    byCurrency.set(
      ledger.currencies[a.currency]!,
      items.map((it) => ({
        docNo: docNoOf(ledger, it.index),
        docDate: ledger.docDate[it.index]!,
        dueDate: ledger.dueDate[it.index]!,
        amount: ledger.amount.get(it.index),
        outstanding: it.outstanding,
        daysOverdue: it.daysOverdue,
        fee: feeOf.get(it.index) ?? 0n,
      })),
    );
  }
  const owned = new Set(loaded.settled.accounts.filter((a) => a.customer === customer).map((a) => ledger.currencies[a.currency]!));
  let currency: string;
  const overdueCurrencies = [...byCurrency.keys()].sort();
  if (f.currencyFlag !== undefined) currency = run.config.currency;
  else if (overdueCurrencies.length === 1) currency = overdueCurrencies[0]!;
  else if (overdueCurrencies.length > 1) throw new UsageError(`${escapeControl(customerId)} has overdue items in ${overdueCurrencies.join(" and ")}; choose one with --currency CODE`);
  else if (f.amountGiven === undefined) throw new UsageError(`${escapeControl(customerId)}: nothing overdue and undisputed at ${isoDate(run.asOf)}; give the amount with --amount`);
  else currency = owned.size === 1 ? [...owned][0]! : run.config.currency;

  const debts = byCurrency.get(currency) ?? [];
  let overdue = 0n;
  let fee = 0n;
  for (const d of debts) {
    overdue += d.outstanding;
    fee += d.fee;
  }
  if (f.amountGiven === undefined && overdue === 0n) throw new UsageError(`${escapeControl(customerId)}: nothing overdue and undisputed in ${currency} at ${isoDate(run.asOf)}; give the amount with --amount`);
  let scale = ledger.scale;
  let amount: bigint;
  if (f.amountGiven !== undefined) {
    const decimals = f.amountGiven.decimalPlaces();
    // A figure typed with more decimals than the ledger keeps raises the scale, exactly.
    if (decimals > scale) {
      const up = 10n ** BigInt(decimals - scale);
      for (const d of debts) {
        d.amount *= up;
        d.outstanding *= up;
        d.fee *= up;
      }
      overdue *= up;
      fee *= up;
      scale = decimals;
    }
    amount = BigInt(f.amountGiven.times(new Decimal(10).pow(scale)).toFixed(0));
  } else {
    amount = overdue + (f.includeFee ? fee : 0n);
  }
  const schedule = planSchedule({ asOf: run.asOf, amount, scale, downShare: f.downShare, instalments: f.instalments, day: f.day, downDays: f.downDays }, calendar);
  return { customerId, name, currency, scale, schedule, debts, overdue, fee, amountGiven: f.amountGiven !== undefined, includeFee: f.includeFee };
}

// ---------------------------------------------------------------------------------------------
// Logging the agreement

/** The log's rows for the plan: date, customer_id, type, doc_no, amount, due_date, note, evidence. */
function agreementRows(run: Run, p: Planned, evidence: string): string[][] {
  const zh = run.lang === "zh";
  const n = p.schedule.terms.instalments;
  // One covered invoice is named; several (or none) leave doc_no empty: the agreement covers the customer's debt.
  const docNo = p.debts.length === 1 ? p.debts[0]!.docNo : "";
  return p.schedule.payments.map((s) => {
    const what = s.kind === "down" ? (zh ? "首付款" : "down payment") : zh ? `第${s.n}期（共${n}期）` : `instalment ${s.n} of ${n}`;
    const note = zh ? `分期还款协议：${what}，币种 ${p.currency}` : `instalment agreement: ${what}, currency ${p.currency}`;
    return [isoDate(run.asOf), p.customerId, "agreement", docNo, unitsExact(s.amount, p.scale), isoDate(s.dueDate), note, evidence];
  });
}


function appendAgreement(io: CliIo, run: Run, logName: string, p: Planned, agreement: { path: string; pdf: Buffer } | undefined): void {
  const logPath = path.resolve(io.cwd, logName);
  writingLog(io, logName, "ar plan --append-events", (log) => {
    const agreedOn = isoDate(run.asOf);
    for (const row of log.rows) {
      const cell = (c: number) => (c >= 0 && c < row.cells.length ? row.cells[c]!.trim() : "");
      if (cell(log.columns.customer_id) === p.customerId && cell(log.columns.date) === agreedOn && /^agreement$|协议/i.test(cell(log.columns.type))) {
        throw new UsageError(`${logName}:${row.line}: the log already has an agreement of ${escapeControl(p.customerId)} dated ${agreedOn}; nothing appended (an agreement is identified by customer and date)`);
      }
    }
    const evidence = agreement === undefined ? "" : `${recordedEvidencePath(logPath, agreement.path)}#${sha256Hex(agreement.pdf)}`;
    const rows = agreementRows(run, p, evidence);
    if (log.headerLine === 0 || log.sealedLayout) {
      appendSealed(log, rows);
    } else {
      appendUnsealed(log, rows);
      printProblem(run, "warning", "log.unsealed_log", `${logName} is not sealed (no prev_hash and hash columns): the rows were appended without hashes; run \`ar log seal --events ${logName}\` to make the log tamper-evident`);
    }
  });
}

/** Rows added to a hand-kept (unsealed) log as the file lays its columns out, durably. */
function appendUnsealed(log: LogFile, rows: string[][]): void {
  const fields = ["date", "customer_id", "type", "doc_no", "amount", "due_date", "note", "evidence"] as const;
  const before = new TextDecoder(log.encoding).decode(log.bytes);
  let text = /[\r\n]$/.test(before) || before === "" ? "" : log.eol;
  for (const r of rows) {
    const cells = new Array<string>(log.header.length).fill("");
    fields.forEach((f, k) => {
      const c = log.columns[f];
      if (c >= 0) cells[c] = r[k]!;
    });
    text += logLine(cells, log.eol);
  }
  if (log.encoding !== "utf-8") throw new LogError(`${log.name}: is encoded in ${log.encoding}; run \`ar log seal --events ${log.name}\` to rewrite it as UTF-8 first`);
  replaceDurably(log.path, Buffer.concat([log.bytes, Buffer.from(text, "utf8")]));
}

// ---------------------------------------------------------------------------------------------
// --status

async function statusAction(io: CliIo, files: string[], opts: PlanOptions): Promise<void> {
  if (opts.events === undefined) throw new UsageError("--status needs the events log: --events FILE");
  for (const [flag, v] of [
    ["--amount", opts.amount],
    ["--agreement", opts.agreement],
    ["--append-events", opts.appendEvents],
    ["--include-fee", opts.includeFee],
  ] as const) {
    if (v !== undefined) throw new UsageError(`${flag} makes a new plan; it does not go with --status`);
  }
  const run = startRun(io, opts);
  const loaded = await loadForRun(run, files, opts, { events: opts.events });
  const { events } = loaded.book;
  const rejected = loaded.rejected;
  const { plans, problems } = planStatuses(events, loaded.settled, run.config.currency);
  printProblems(io.stderr, problems.map((p) => warningAt(p.file, p.line, p.reason, "plan.status")));
  const shown = opts.customer !== undefined ? plans.filter((p) => p.customerId === opts.customer) : plans;
  const view: StatusView = { asOf: run.asOf, lang: run.lang, chalk: run.chalk, plans: shown, scale: loaded.read.ledger.scale, rejected, nameOf: (id) => customerName(loaded.read.ledger.customers.find((c) => c.key === id)?.name, loaded.master?.byId.get(id), id) };
  writeReport(run, opts, run.format === "xlsx" ? statusSheetTables(view) : renderPlanStatus(view, run.format));
}
