/**
 * `ar fees`: late fees (滞纳金) per overdue invoice (SPEC.md "Late fees").
 */
import { Command } from "commander";
import { customerRates } from "../engine/book.js";
import { feeReport } from "../engine/fees.js";
import { Decimal } from "../engine/money.js";
import { feesTableModel, renderFees, type FeesView } from "../io/render/fees.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface FeesOptions extends CommonOptions {
  feeRate?: string;
  grace?: string;
  feeCap?: string;
  includeSettled?: boolean;
}

/**
 * A rate or fraction written as a decimal, read exactly: `0.003`, or with a sign that scales it,
 * `0.3%` or `3‰` (千分之三), as contracts write it. Undefined when it is not such a number.
 */
export function parseFraction(text: string): Decimal | undefined {
  const m = /^\+?(\d+(?:\.\d+)?|\.\d+)\s*(%|‰)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = new Decimal(m[1]!.startsWith(".") ? `0${m[1]}` : m[1]!);
  return m[2] === "%" ? value.div(100) : m[2] === "‰" ? value.div(1000) : value;
}

function rateFlag(text: string): Decimal {
  if (/^\s*-/.test(text)) throw new UsageError(`--fee-rate: "${text}" must not be below 0`);
  const r = parseFraction(text);
  if (r === undefined) throw new UsageError(`--fee-rate: "${text}" is not a daily rate such as 0.003 (or 0.3%, 3‰)`);
  return r;
}

function graceFlag(text: string): number {
  if (/^\s*-\s*\d+\s*$/.test(text)) throw new UsageError(`--grace: "${text}" must not be below 0`);
  if (!/^\s*\d+\s*$/.test(text) || Number(text) > 100000) throw new UsageError(`--grace: "${text}" is not a whole number of days such as 5`);
  return Number(text);
}

function capFlag(text: string): Decimal {
  const c = /^\s*-/.test(text) ? undefined : parseFraction(text);
  if (c === undefined) throw new UsageError(`--fee-cap: "${text}" is not a fraction of the invoice amount such as 0.3 (or 30%)`);
  if (!c.greaterThan(0)) throw new UsageError(`--fee-cap: "${text}" must be above 0`);
  return c;
}

export function feesCommand(io: CliIo): Command {
  const cmd = new Command("fees")
    .summary("late fees (滞纳金) per overdue invoice")
    .description(
      "Computes the late fee of each open, undisputed, overdue invoice as of a date: fee = daily rate × the sum, over each day from the day after the due date to as-of, of the amount still owed that day (a payment counts from the day after its date). Lists outstanding, fee days, accrued fee, fee per day from now on and the claim (outstanding + fee), with totals per currency. The rate is --fee-rate, else the customer master's late_fee_rate, else the config's fees.rate (default 0.003, 千分之三 per day).",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--fee-rate <rate>", "daily rate for every invoice, e.g. 0.003, 0.05%, 0.5‰ (default: customer master late_fee_rate, else config fees.rate, else 0.003)")
    .option("--grace <days>", "invoices at most this many days overdue (at as-of, or when paid in full) owe no fee (default: config fees.graceDays, else 0)")
    .option("--fee-cap <fraction>", "the fee is at most this fraction of the invoice amount, e.g. 0.3 or 30% (default: config fees.cap, else none)")
    .option("--include-settled", "also list invoices paid in full by as-of after their due date (the fee they accrued)");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Formula (per invoice, rounded half-up to cents once):
  fee = rate × Σ outstanding(d) for d = due date + 1 … as-of
  outstanding(d) = amount − settlements dated before d
  fee ≤ cap × amount; claim = outstanding + fee; fee/day = rate × outstanding (0 once capped)

Examples:
  ar fees fixtures/ledger.csv --as-of 2025-06-30
  ar fees ledger.csv --customers customers.csv --grace 5 --fee-cap 30% --format json -o fees.json
  ar fees ledger.csv --fee-rate 0.0005 --include-settled --lang zh`,
  );
  cmd.action(async (files: string[], opts: FeesOptions) => {
    // Flags first: a typo must not cost a read of a large ledger.
    const rate = opts.feeRate !== undefined ? rateFlag(opts.feeRate) : undefined;
    const grace = opts.grace !== undefined ? graceFlag(opts.grace) : undefined;
    const cap = opts.feeCap !== undefined ? capFlag(opts.feeCap) : undefined;
    const run = startRun(io, opts);
    const loaded = await loadForRun(run, files, opts, { record: true });
    const report = feeReport(loaded.settled, {
      rate,
      customerRates: customerRates(loaded.book),
      defaultRate: run.config.fees.rate,
      graceDays: grace ?? run.config.fees.graceDays,
      cap: cap ?? run.config.fees.cap,
      includeSettled: opts.includeSettled === true,
    });
    const view: FeesView = {
      report,
      ledger: loaded.read.ledger,
      names: (key) => loaded.master?.byId.get(key)?.name,
      lang: run.lang,
      rejected: loaded.rejected,
      chalk: run.chalk,
      graceDays: grace ?? run.config.fees.graceDays,
      cap: cap ?? run.config.fees.cap,
      includeSettled: opts.includeSettled === true,
    };
    writeReport(run, opts, run.format === "xlsx" ? [feesTableModel(view)] : renderFees(view, run.format));
  });
  return cmd;
}

