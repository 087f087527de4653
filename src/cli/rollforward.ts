/**
 * `ar rollforward`: what moved between the day before `--from` and as-of (SPEC.md "Roll-forward
 * (`ar rollforward`)"): movements, the migration matrix with roll and collection rates, the
 * unapplied-credit line. One settlement run: the loader settles through the history of the two
 * dates (engine/history.ts).
 */
import { Command, Option } from "commander";
import { agingOptions } from "../engine/book.js";
import { parseIsoDate } from "../engine/dates.js";
import { rollforward, rollforwardDates } from "../engine/rollforward.js";
import type { ApplyMode } from "../engine/settle.js";
import { parseBucketsFlag } from "../io/config.js";
import { renderRollforward, rollforwardTables, type RollforwardView } from "../io/render/rollforward.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface RollforwardOptions extends CommonOptions {
  from?: string;
  buckets?: string;
  by?: "customer";
}

export function rollforwardCommand(io: CliIo): Command {
  const cmd = new Command("rollforward")
    .summary("roll-forward: opening to closing balance, and where each aging bucket's money went")
    .description(
      "Reconciles the receivables from the day before --from to as-of: opening + invoices + debit notes − credit notes − payments − write-offs − discounts = closing, per currency (per customer with --by customer), each end equal to `ar age` at that date. Then the migration matrix: each opening aging bucket (by due date), the period's new invoices and what reopened (reallocated), split into collected, credited, written off, discounted and still open in each as-of bucket, with roll and collection rates; and the unapplied credit: opening + received + reallocated − applied = closing.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--from <date>", "first day of the period YYYY-MM-DD (required); the opening figures are as of the day before")
    .addOption(new Option("--by <unit>", "also one movements line per customer and currency").choices(["customer"]))
    .option("--buckets <limits>", "ascending day limits of the aging buckets (default: config, else 30,60,90)");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Equations (per currency; money exact, rounded half-up to cents once):
  closing = opening + invoices + debit notes − credit notes − payments − write-offs − discounts
  each migration row: amount = collected + credited + written off + discounted + open (per as-of bucket)
  roll rate = open in a later bucket than the row's own ÷ amount; collection rate = collected ÷ amount
  unapplied: opening + received + reallocated − applied = closing

Examples:
  ar rollforward fixtures/ledger.csv --from 2025-06-01 --as-of 2025-06-30
  ar rollforward ledger.csv --from 2025-04-01 --as-of 2025-06-30 --by customer --format json -o q2.json
  ar rollforward ledger.xlsx --from 2025-06-01 --as-of 2025-06-30 --buckets 30,60,90,180 -o june.xlsx`,
  );
  cmd.action(async (files: string[], opts: RollforwardOptions) => {
    // Flags first: a typo must not cost a read of a large ledger.
    if (opts.from === undefined) throw new UsageError("--from: give the first day of the period, e.g. --from 2025-06-01");
    const from = parseIsoDate(opts.from);
    if (from === undefined) throw new UsageError(`--from: "${opts.from}" is not a date YYYY-MM-DD`);
    let limits: number[] | undefined;
    if (opts.buckets !== undefined) {
      const parsed = parseBucketsFlag(opts.buckets);
      if (typeof parsed === "string") throw new UsageError(parsed);
      limits = parsed;
    }
    const run = startRun(io, opts);
    if (from > run.asOf) throw new UsageError(`--from ${opts.from} is after --as-of: the period runs from --from to as-of`);
    const loaded = await loadForRun(run, files, opts, { history: rollforwardDates(from, run.asOf) });
    const aging = agingOptions(loaded.book);
    const report = rollforward(loaded.history!, { from, limits: limits ?? aging.limits, tiers: aging.tiers, minTierUnits: aging.minTierUnits, byCustomer: opts.by === "customer" });
    const view: RollforwardView = {
      report,
      ledger: loaded.read.ledger,
      names: (key) => loaded.master?.byId.get(key)?.name,
      apply: (opts.apply ?? "fifo") as ApplyMode,
      limits: limits ?? aging.limits,
      lang: run.lang,
      rejected: loaded.rejected,
      chalk: run.chalk,
    };
    writeReport(run, opts, run.format === "xlsx" ? rollforwardTables(view) : renderRollforward(view, run.format));
  });
  return cmd;
}
