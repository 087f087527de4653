/**
 * `ar credit`: the credit review (信用评估, SPEC.md "Credit review"): per customer and currency, how
 * it pays (paid invoices, days to pay, delay, paydex), its exposure, risk class, suggested limit,
 * alerts and when its next review is due.
 */
import { Command } from "commander";
import { ALERT_DAYS, creditReview } from "../engine/credit.js";
import { creditTableModel, renderCredit, type CreditView } from "../io/render/credit.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface CreditOptions extends CommonOptions {
  events?: string;
  window?: string;
}

export function windowFlag(text: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || Number(text) > 600) throw new UsageError(`--window: "${text}" is not a number of months from 1 to 600, such as 24`);
  return Number(text);
}

export function creditCommand(io: CliIo): Command {
  const cmd = new Command("credit")
    .summary("credit review (信用评估): paydex, risk class, suggested limit, early warnings")
    .description(
      "Reviews each customer's credit from how it actually pays, per customer and currency with documents in the window: invoices paid in full in the window (without a write-off), average days to pay and delay, late share, a PAYDEX-style score, balance against the credit limit, tier, promises kept and broken, risk class A–E (N: fewer than 3 paid invoices), a suggested limit next to the current one, alerts with their numbers, and when the next review is due.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd.option("--events <file>", "events log CSV (promises kept and broken)").option("--window <months>", "months before as-of whose paid invoices and sales count (default: config credit.window, else 24)");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Formulas (amount-weighted by invoice amount A; b = days paid after due):
  avgDaysToPay = Σ A·(paid − doc date) ÷ Σ A; avgPaymentDelay = Σ A·b ÷ Σ A; lateShare = Σ A[b > 0] ÷ Σ A
  paydex: b ≤ −30 → 100, in the discount period → 90, b ≤ 0 → 80, then linear through
    (0,80) (15,70) (22,60) (30,50) (60,40) (90,30) (120,20) to 0 at 365; mean rounded half-up
  class: A ≥ 80, B ≥ 70, C ≥ 50, D ≥ 30, E; one worse if tier C or over limit; N below 3 paid invoices
  suggested limit = best 3 consecutive months' sales × credit.factor[class], rounded down to credit.roundTo

Examples:
  ar credit fixtures/ledger.csv --customers fixtures/customers.csv --events fixtures/events.csv --as-of 2025-06-30
  ar credit ledger.csv --customers customers.csv --window 12 --format json -o credit.json`,
  );
  cmd.action(async (files: string[], opts: CreditOptions) => {
    const window = opts.window !== undefined ? windowFlag(opts.window) : undefined;
    const run = startRun(io, opts);
    // One settlement run gives as-of and the ledger as it stood 90 days earlier (paydex_drop, new_tier_c).
    const loaded = await loadForRun(run, files, opts, { events: opts.events, history: [run.asOf - ALERT_DAYS] });
    const report = creditReview(loaded.book, { window: window ?? run.config.credit.window, credit: run.config.credit }, loaded.history);
    const view: CreditView = { report, ledger: loaded.read.ledger, master: loaded.book.master, lang: run.lang, rejected: loaded.rejected, chalk: run.chalk };
    writeReport(run, opts, run.format === "xlsx" ? [creditTableModel(view)] : renderCredit(view, run.format));
  });
  return cmd;
}
