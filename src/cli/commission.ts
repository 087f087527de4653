/**
 * `ar commission`: collectors' commission (提成, SPEC.md "Collector commission"): cash collected
 * in the period on each collector's customers' invoices, of which overdue, and the commission.
 */
import { Command } from "commander";
import { commissionReport } from "../engine/commission.js";
import { parseIsoDate } from "../engine/dates.js";
import { commissionTableModel, renderCommission, type CommissionView } from "../io/render/credit.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface CommissionOptions extends CommonOptions {
  from?: string;
}

export function commissionCommand(io: CliIo): Command {
  const cmd = new Command("commission")
    .summary("collector commission (提成) on the period's collections")
    .description(
      "Per collector (the customer master's collector column) and currency: the cash collected from --from through --as-of on its customers' invoices (settlements by payments dated in the period), of which on invoices overdue when paid, the commission base (config commission.base: all, the default, or overdue) and the commission at commission.rate (default 0.015), optionally tiered by days overdue at payment (commission.tiers). Customers without a collector are listed under unassigned.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd.option("--from <date>", "first day of the period YYYY-MM-DD (required)");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Formula (rounded half-up to cents once per customer and once per collector):
  commission = Σ settled amount × rate, over the base's settlements; rate = the highest tier
  with minDays ≤ days overdue at payment, else commission.rate

Examples:
  ar commission ledger.csv --customers customers.csv --from 2025-06-01 --as-of 2025-06-30
  ar commission ledger.csv --customers customers.csv --from 2025-04-01 --as-of 2025-06-30 --format json`,
  );
  cmd.action(async (files: string[], opts: CommissionOptions) => {
    if (opts.from === undefined) throw new UsageError("--from: give the first day of the period, e.g. --from 2025-06-01");
    const from = parseIsoDate(opts.from);
    if (from === undefined) throw new UsageError(`--from: "${opts.from}" is not a date YYYY-MM-DD`);
    if (opts.customers === undefined) throw new UsageError("--customers: give the customer master (its collector column says who owns each customer)");
    const run = startRun(io, opts);
    if (from > run.asOf) throw new UsageError(`--from ${opts.from} is after --as-of`);
    const loaded = await loadForRun(run, files, opts, { record: true });
    const report = commissionReport(loaded.settled, loaded.book.master, from, run.config.commission);
    const view: CommissionView = { report, ledger: loaded.read.ledger, master: loaded.book.master, lang: run.lang, rejected: loaded.rejected, chalk: run.chalk };
    writeReport(run, opts, run.format === "xlsx" ? [commissionTableModel(view)] : renderCommission(view, run.format));
  });
  return cmd;
}
