/**
 * `ar kpi`: DSO (standard, best possible, countback), ADD, CEI, overdue ratios, turnover, bad-debt
 * rate and days to pay per month and currency, against the config's targets (SPEC.md "KPIs").
 */
import { Command, Option } from "commander";
import { kpiDates, kpiReport } from "../engine/kpi.js";
import { kpiTableModels, renderKpi, type KpiView } from "../io/render/kpi.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface KpiOptions extends CommonOptions {
  months?: string;
  dsoMonths?: string;
  by?: string;
  events?: string;
}

function monthsFlag(flag: string, text: string, max: number): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`${flag}: "${text}" is not a whole number of months from 1 to ${max}`);
  return Number(text);
}

export function kpiCommand(io: CliIo): Command {
  const cmd = new Command("kpi")
    .summary("DSO, CEI, overdue ratios and days to pay per month, against targets")
    .description(
      "Per calendar month (the last one to as-of) and currency: opening and closing balance and the movements between them, DSO (closing ÷ the sales of --dso-months months × their days), best possible DSO, average days delinquent, countback DSO, the collection effectiveness index, overdue ÷ open, overdue ÷ 12 months' sales, turnover and turnover days, bad-debt rate, and of the invoices paid in full in the month the average days to pay, the average delay past due and the on-time share. Figures outside the config's kpi targets (dsoTarget 45, overdueToRevenueMax 0.03, ceiMin) are marked. With --events: promises kept, which contact channel is followed by payment, plan fulfilment; and the lift of the push before Spring Festival and Mid-Autumn.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--months <n>", "calendar months reported, ending with the as-of month", "12")
    .option("--dso-months <n>", "months of sales and days in the DSO window", "3")
    .addOption(new Option("--by <what>", "one row per customer and currency with the last month's figures").choices(["customer"]))
    .option("--events <file>", "events log: promises kept, contact channels, instalment plans");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Formulas (money exact, rounded once: days to 2 places, CEI to 2, ratios to 4):
  dso = closing ÷ S × D; bestPossibleDso = current ÷ S × D; add = dso − bestPossibleDso
  countbackDso: take each month's sales off the closing balance going back, adding its days
  cei = (opening + sales − closing) ÷ (opening + sales − current) × 100
  turnover = 12 months' sales ÷ average balance; turnoverDays = kpi.yearDays (360) ÷ turnover

Examples:
  ar kpi fixtures/ledger.csv --as-of 2025-06-30
  ar kpi fixtures/ledger.csv --as-of 2025-06-30 --events fixtures/events.csv --customers fixtures/customers.csv
  ar kpi ledger.csv --months 6 --dso-months 1 --by customer --format csv`,
  );
  cmd.action(async (files: string[], opts: KpiOptions) => {
    const months = monthsFlag("--months", opts.months ?? "12", 1200);
    const dsoMonths = monthsFlag("--dso-months", opts.dsoMonths ?? "3", 12);
    const run = startRun(io, opts);
    const loaded = await loadForRun(run, files, opts, { events: opts.events, history: kpiDates(run.asOf, months) });
    const report = kpiReport(loaded.history!, loaded.book.events, {
      asOf: run.asOf,
      months,
      dsoMonths,
      settings: run.config.kpi,
      festivalPushDays: run.config.calls.festivalPushDays,
      byCustomer: opts.by === "customer",
      defaultCurrency: run.config.currency,
    });
    const view: KpiView = {
      report,
      ledger: loaded.read.ledger,
      names: (key) => loaded.master?.byId.get(key)?.name,
      lang: run.lang,
      rejected: loaded.rejected,
      chalk: run.chalk,
      apply: loaded.book.apply,
    };
    writeReport(run, opts, run.format === "xlsx" ? kpiTableModels(view) : renderKpi(view, run.format));
  });
  return cmd;
}
