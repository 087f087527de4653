/**
 * `ar factoring`: factoring candidates (应收账款保理, SPEC.md "Factoring candidates").
 */
import { Command } from "commander";
import { factoringReport } from "../engine/factoring.js";
import { Decimal } from "../engine/money.js";
import { individualAssessments } from "../engine/provision.js";
import { factoringTableModel, renderFactoring, type FactoringView } from "../io/render/provision.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

interface FactoringOptions extends CommonOptions {
  minDays?: string;
  advance?: string;
  recovery?: string;
}

/** A share written `0.8` or `80%`, read exactly; undefined when it is not one. */
function parseShare(text: string): Decimal | undefined {
  const m = /^\+?(\d+(?:\.\d+)?|\.\d+)\s*(%)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = new Decimal(m[1]!.startsWith(".") ? `0${m[1]}` : m[1]!);
  return m[2] === "%" ? value.div(100) : value;
}

function share(flag: string, text: string): Decimal {
  const d = parseShare(text);
  if (d === undefined || d.greaterThan(1)) throw new UsageError(`${flag}: "${text}" is not a share between 0 and 1 such as 0.8 (or 80%)`);
  return d;
}

/** `--recovery 0.6-0.8` (or `60%-80%`; one value for a point). */
export function parseRecovery(text: string): [Decimal, Decimal] {
  const parts = text.split(/\s*[-–~]\s*/);
  if (parts.length > 2 || parts.some((p) => p === "")) throw new UsageError(`--recovery: "${text}" is not a range such as 0.6-0.8`);
  const low = share("--recovery", parts[0]!);
  const high = parts.length === 2 ? share("--recovery", parts[1]!) : low;
  if (high.lessThan(low)) throw new UsageError(`--recovery: "${text}": the high end is below the low end`);
  return [low, high];
}

export function factoringCommand(io: CliIo): Command {
  const cmd = new Command("factoring")
    .summary("factoring candidates (应收账款保理): what 90+ receivables would fetch")
    .description(
      "Lists per customer the open, undisputed items at least --min-days overdue: outstanding, the provision carried on them (aging method), the net carrying amount, the factor's advance, the expected proceeds at the low, middle and high recovery rate, and the loss against the net amount. Customers whose items over 90 days are more than factoring.concentration (default 10%) of the open book are flagged. Totals per currency.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--min-days <days>", "least days overdue of a candidate item (default: config factoring.minDays, else 91)")
    .option("--advance <share>", "share of the outstanding a factor pays at once (default: config factoring.advance, else 0.8)")
    .option("--recovery <low-high>", "expected recovery range, e.g. 0.6-0.8 (default: config factoring.recovery, else 0.6-0.8)");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Formulas (per customer, money rounded half-up to cents once):
  net = outstanding − provision carried (aging method); advance = outstanding × advance
  proceeds = outstanding × recovery (low, mid = (low + high) ÷ 2, high); loss = net − proceeds

Examples:
  ar factoring fixtures/ledger.csv --customers fixtures/customers.csv --as-of 2025-06-30
  ar factoring ledger.csv --min-days 181 --recovery 0.5-0.7 --format json -o factoring.json`,
  );
  cmd.action(async (files: string[], opts: FactoringOptions) => {
    if (opts.minDays !== undefined && (!/^\s*\d+\s*$/.test(opts.minDays) || Number(opts.minDays) > 100000)) throw new UsageError(`--min-days: "${opts.minDays}" is not a whole number of days such as 91`);
    const advanceFlag = opts.advance !== undefined ? share("--advance", opts.advance) : undefined;
    const recoveryFlag = opts.recovery !== undefined ? parseRecovery(opts.recovery) : undefined;
    const run = startRun(io, opts);
    const f = run.config.factoring;
    const minDays = opts.minDays !== undefined ? Number(opts.minDays) : f.minDays;
    const advance = advanceFlag ?? f.advance;
    const recovery = recoveryFlag ?? f.recovery;
    const loaded = await loadForRun(run, files, opts);
    const p = run.config.provision;
    const individual = new Map([...individualAssessments(loaded.book)].map(([c, a]) => [c, a.rate]));
    const report = factoringReport(loaded.settled, { minDays, advance, recovery, concentration: f.concentration, aging: { basis: p.basis, bands: p.bands, rates: p.rates }, individual });
    const view: FactoringView = { report, ledger: loaded.read.ledger, master: loaded.book.master, lang: run.lang, rejected: loaded.rejected, chalk: run.chalk, minDays, advance, recovery, concentration: f.concentration };
    writeReport(run, opts, run.format === "xlsx" ? [factoringTableModel(view)] : renderFactoring(view, run.format));
  });
  return cmd;
}
