/**
 * `ar forecast`: the collections expected per week, with the back-test of how far to trust them
 * (SPEC.md "Collections forecast").
 */
import { Command, Option } from "commander";
import { backtestMondays, forecastReport, type ForecastOptions as ReportOptions, type Statistic } from "../engine/forecast.js";
import { forecastTables, renderForecast, type ForecastBy, type ForecastView } from "../io/render/forecast.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface ForecastOptions extends CommonOptions {
  weeks: string;
  events?: string;
  statistic: Statistic;
  backtest?: string;
  by?: "customer" | "invoice";
}

function wholeFlag(name: string, text: string, min: number, max: number, example: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${name}: "${text}" is not a whole number from ${min} to ${max} such as ${example}`);
  return Number(text);
}

export function forecastCommand(io: CliIo): Command {
  const cmd = new Command("forecast")
    .summary("collections forecast (回款预测): cash expected per week, and its back-test")
    .description(
      "Gives each open, undisputed invoice an expected payment date (an open promise's date, an agreement's instalment dates, else the due date plus the customer's payment delay over the last 12 months, else the portfolio's) and adds them up per week from as-of, per currency. Items more than forecast.uncertainDays (365) overdue and disputed items are listed apart. --backtest N makes the same forecast as of N earlier Mondays and compares its first 4 weeks with the cash that came (WAPE).",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--weeks <n>", "weeks from as-of (week 1 runs from as-of to its Sunday)", "13")
    .option("--events <file>", "the events log: promises and agreements (instalment plans)")
    .addOption(new Option("--statistic <s>", "each customer's payment delay: the amount-weighted mean or the median").choices(["mean", "median"]).default("mean"))
    .option("--backtest <n>", "also forecast as of n Mondays (13 weeks and more before as-of, every 4 weeks) and compare the first 4 weeks with what came (WAPE)")
    .addOption(new Option("--by <unit>", "also the detail per customer or per invoice (CSV: the detail only)").choices(["customer", "invoice"]));
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Expected date of an open item (first that applies):
  an open promise of the customer: its date, on the invoice it names, then the oldest, up to its amount
  an agreement's unpaid instalments: their due dates
  due date + delay; delay = Σ amount × (full-payment date − due date) ÷ Σ amount (or the median)
    over the customer's invoices paid in full in the 12 months before as-of; with fewer than 3, the portfolio's
  on or before as-of: week 1, flagged late_beyond_pattern
Back-test: WAPE = Σ|actual − forecast| ÷ Σ actual over each Monday's first 4 weeks

Examples:
  ar forecast fixtures/ledger.csv --events fixtures/events.csv --as-of 2025-06-30 --backtest 6
  ar forecast ledger.csv --events events.csv --statistic median --by customer --format csv -o forecast.csv
  ar forecast ledger.csv --weeks 26 --format json -o forecast.json`,
  );
  cmd.action(async (files: string[], opts: ForecastOptions) => {
    // Flags first: a typo must not cost a read of a large ledger.
    const weeks = wholeFlag("--weeks", opts.weeks, 1, 520, "13");
    const backtest = opts.backtest === undefined ? 0 : wholeFlag("--backtest", opts.backtest, 1, 260, "6");
    const run = startRun(io, opts);
    // One settlement run for as-of and every back-test Monday.
    const loaded = await loadForRun(run, files, opts, { events: opts.events, history: backtest > 0 ? backtestMondays(run.asOf, backtest) : [] });
    const options: ReportOptions = {
      weeks,
      statistic: opts.statistic,
      uncertainDays: run.config.forecast.uncertainDays,
      apply: loaded.book.apply,
      backtest,
      detail: opts.by !== undefined,
      defaultCurrency: run.config.currency,
    };
    const report = forecastReport(loaded.settled, loaded.book.events, options, loaded.history);
    const view: ForecastView = {
      report,
      ledger: loaded.read.ledger,
      names: (key) => loaded.master?.byId.get(key)?.name,
      by: (opts.by ?? "week") as ForecastBy,
      lang: run.lang,
      rejected: loaded.rejected,
      chalk: run.chalk,
    };
    writeReport(run, opts, run.format === "xlsx" ? forecastTables(view) : renderForecast(view, run.format));
  });
  return cmd;
}
