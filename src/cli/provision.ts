/**
 * `ar provision`: bad-debt provisions (坏账准备) by the aging method or from roll rates (SPEC.md
 * "Bad-debt provisions").
 */
import { Command, Option } from "commander";
import { defaultSettings } from "../engine/settings.js";
import { Decimal } from "../engine/money.js";
import { individualAssessments, provisionReport } from "../engine/provision.js";
import { Invalid, parseAmount } from "../engine/values.js";
import { provisionTables, renderProvision, type ProvisionView } from "../io/render/provision.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface ProvisionOptions extends CommonOptions {
  method: "aging" | "matrix";
  previous?: string;
  by: "band" | "customer" | "invoice";
}

/**
 * `--previous 1800000.00` (the allowance on the books, for the report's one currency or else the
 * config's currency), or per currency `CNY=1800000,USD=5000`. Amounts in cents.
 */
export function parsePrevious(text: string): { all?: bigint; byCurrency: Map<string, bigint> } {
  const byCurrency = new Map<string, bigint>();
  const amount = (s: string): bigint => {
    const a = parseAmount(s.trim());
    if (a === null || a instanceof Invalid || a.scale > 2 || a.units < 0n) throw new UsageError(`--previous: "${s.trim()}" is not an amount such as 1800000.00`);
    return a.units * 10n ** BigInt(2 - a.scale);
  };
  if (!text.includes("=")) return { all: amount(text), byCurrency };
  for (const part of text.split(",")) {
    const m = /^\s*([A-Za-z]{3})\s*=\s*(.+)$/.exec(part);
    if (!m) throw new UsageError(`--previous: "${part}" is not CUR=AMOUNT such as CNY=1800000`);
    byCurrency.set(m[1]!.toUpperCase(), amount(m[2]!));
  }
  return { byCurrency };
}

function sameRates(a: readonly Decimal[], b: readonly Decimal[]): boolean {
  return a.length === b.length && a.every((x, k) => x.equals(b[k]!));
}

export function provisionCommand(io: CliIo): Command {
  const cmd = new Command("provision")
    .summary("bad-debt provision (坏账准备) by aging bands or roll rates")
    .description(
      "Provisions the open items as of a date. aging (default): each open invoice in a band by age from its document date (provision.basis doc) or by days overdue (due), at the band's rate (provision.rates; the built-in table is an example policy), rounded once per band. matrix: bands by days overdue, loss rates from the roll rates between the month ends of the last provision.historyMonths months, as each stood. Customers with a provision_rate in the customer master are assessed individually and listed apart with their reason. --previous gives the allowance on the books and the period charge (计提/转回).",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .addOption(new Option("--method <method>", "aging: bands and rates of the policy; matrix: loss rates from the ledger's own roll rates").choices(["aging", "matrix"]).default("aging"))
    .option("--previous <amount>", "the allowance on the books: charge = total − previous (one amount, or CNY=…,USD=… per currency)")
    .addOption(new Option("--by <unit>", "rows per band, per customer, or per open invoice").choices(["band", "customer", "invoice"]).default("band"));
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Formulas (money rounded half-up to cents once):
  aging:  provision_k = balance_k × rate_k per band; total = Σ rounded bands
  matrix: r_k = Σ moved_k ÷ Σ base_k over the month-end transitions; L_last = provision.lastBandLoss;
          L_k = r_k × L_(k+1); rate_k = min(1, L_k × (1 + provision.forwardLooking))
  charge = total − previous (计提 when positive, 转回 when negative)

Examples:
  ar provision fixtures/ledger.csv --customers fixtures/customers.csv --as-of 2025-06-30
  ar provision ledger.csv --method matrix --previous 1800000 --format json -o provision.json
  ar provision ledger.csv --by invoice --config ar.config.json --format xlsx -o provision.xlsx`,
  );
  cmd.action(async (files: string[], opts: ProvisionOptions) => {
    const previous = opts.previous !== undefined ? parsePrevious(opts.previous) : undefined;
    const run = startRun(io, opts);
    const loaded = await loadForRun(run, files, opts);
    const ledger = loaded.read.ledger;
    const settings = run.config.provision;
    const prev = new Map<number, bigint>();
    if (previous !== undefined) {
      for (const [c, units] of previous.byCurrency) {
        const k = ledger.currencies.indexOf(c);
        if (k < 0) throw new UsageError(`--previous: ${c} is not a currency of the ledger`);
        prev.set(k, units);
      }
      if (previous.all !== undefined) {
        // One amount: the ledger's one currency, else the config's.
        const k = ledger.currencies.length === 1 ? 0 : ledger.currencies.indexOf(run.config.currency);
        if (k < 0) throw new UsageError(`--previous: the ledger has several currencies and none is ${run.config.currency}: give CUR=AMOUNT for each`);
        prev.set(k, previous.all);
      }
    }
    const report = provisionReport(loaded.settled, {
      method: opts.method,
      aging: { basis: settings.basis, bands: settings.bands, rates: settings.rates },
      matrix: { bands: settings.matrixBands, historyMonths: settings.historyMonths, lastBandLoss: settings.lastBandLoss, forwardLooking: settings.forwardLooking, apply: loaded.book.apply },
      individual: individualAssessments(loaded.book),
      previous: prev,
      items: opts.by !== "band",
    });
    const defaults = defaultSettings().provision;
    const view: ProvisionView = {
      report,
      ledger,
      master: loaded.book.master,
      by: opts.by,
      lang: run.lang,
      rejected: loaded.rejected,
      chalk: run.chalk,
      rates: settings.rates,
      examplePolicy: sameRates(settings.rates, defaults.rates) && settings.bands.join() === defaults.bands.join(),
      forwardLooking: settings.forwardLooking,
      lastBandLoss: settings.lastBandLoss,
    };
    writeReport(run, opts, run.format === "xlsx" ? provisionTables(view) : renderProvision(view, run.format));
  });
  return cmd;
}

