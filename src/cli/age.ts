/**
 * `ar age`: the aging table (SPEC.md "Aging").
 */
import { Command, Option } from "commander";
import { age, type Basis } from "../engine/aging.js";
import { agingOptions } from "../engine/book.js";
import { parseBucketsFlag } from "../io/config.js";
import { agingTableModel, renderAging, type AgingView } from "../io/render/aging.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface AgeOptions extends CommonOptions {
  buckets?: string;
  basis: Basis;
  by: "customer" | "invoice";
}

export function ageCommand(io: CliIo): Command {
  const cmd = new Command("age")
    .summary("aging table: open amounts per customer by days overdue")
    .description("Ages the open items of one or more ledger CSV files as of a date: buckets by days overdue (or by document date), unapplied credit, balance, oldest days overdue and collection tier per customer, with totals.")
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--buckets <limits>", "ascending day limits of the buckets (default: config, else 30,60,90)")
    .addOption(new Option("--basis <basis>", "due: bucket by days overdue; doc: by age from the document date (账龄)").choices(["due", "doc"]).default("due"))
    .addOption(new Option("--by <unit>", "one row per customer, or per open invoice").choices(["customer", "invoice"]).default("customer"));
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Examples:
  ar age fixtures/ledger.csv --as-of 2025-06-30
  ar age invoices.csv receipts.csv --as-of 2025-06-30 --format json -o aging.json
  ar age ledger.csv --by invoice --basis doc --buckets 365,730,1095 --customers customers.csv`,
  );
  cmd.action(async (files: string[], opts: AgeOptions) => {
    const run = startRun(io, opts);
    let limits = run.config.buckets;
    if (opts.buckets !== undefined) {
      const parsed = parseBucketsFlag(opts.buckets);
      if (typeof parsed === "string") throw new UsageError(parsed);
      limits = parsed;
    }
    const loaded = await loadForRun(run, files, opts);
    const aging = age(loaded.settled, { ...agingOptions(loaded.book), basis: opts.basis, limits, items: opts.by === "invoice" });
    const { ledger } = loaded.read;
    const view: AgingView = {
      aging,
      ledger,
      by: opts.by,
      lang: run.lang,
      master: loaded.master?.byId,
      rejected: loaded.rejected,
      chalk: run.chalk,
      width: opts.output === undefined && io.stdout.isTTY ? io.stdout.columns : undefined,
    };
    writeReport(run, opts, run.format === "xlsx" ? [agingTableModel(view)] : renderAging(view, run.format));
  });
  return cmd;
}
