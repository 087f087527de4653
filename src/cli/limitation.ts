/**
 * `ar limitation`: when each open invoice would become time-barred (诉讼时效, SPEC.md "Limitation
 * periods"), from the ledger's payments and credits and the events log's demands, promises,
 * agreements, confirmed statements and legal steps.
 */
import { Command } from "commander";
import { customerName } from "../engine/customers.js";
import { isoDate } from "../engine/dates.js";
import { computeLimitation, openClaimsFromLedger } from "../engine/limitation.js";
import { word } from "../io/i18n.js";
import { warningAt } from "../engine/problem.js";
import { defaultSettings } from "../engine/settings.js";
import { printProblems } from "../io/problems.js";
import { escapeControl } from "../io/read-ledger.js";
import { effectText, limitationTableModel, renderLimitation, shortEvidence } from "../io/render/limitation.js";
import { UsageError, type CliIo } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, printProblem, startRun, writeReport, type CommonOptions, type Run } from "./shared.js";

interface LimitationOptions extends CommonOptions {
  events?: string;
  years?: string;
  warnDays?: string;
  holidays?: string;
  detail?: boolean;
}

export function limitationCommand(io: CliIo): Command {
  const defaults = defaultSettings().limitation;
  const cmd = new Command("limitation")
    .summary("limitation periods (诉讼时效): when each open invoice becomes time-barred")
    .description(
      "Per open invoice: the day the limitation period runs from (the due date, or the last interruption: a demand with evidence, the debtor's promise, agreement, confirmed statement or payment, or legal proceedings), the day it ends (the same day --years later, the month's last day when there is none, the next working day when it is not one, never more than 20 years after the due date), days left and status ok, expiring (within --warn-days) or expired, sorted by expiry, with totals per status. A debtor's acknowledgement after expiry revives the claim and is marked so.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--events <file>", "the events log (contacts, promises, agreements, confirmed statements, legal steps)")
    .option("--years <n>", `length of the limitation period in years (PRC Civil Code art. 188: ${defaults.years})`, String(defaults.years))
    .option("--warn-days <n>", "a claim ending within this many days is 'expiring'", String(defaults.warnDays))
    .option("--holidays <file>", "your own calendar days: CSV date, off|work (years the calendar library has not published yet)")
    .option("--detail", "table: list every interruption under each invoice");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Examples:
  ar limitation fixtures/ledger.csv --events fixtures/events.csv --as-of 2025-06-30
  ar limitation ledger.csv --events events.csv --warn-days 365 --format json -o limitation.json
  ar limitation ledger.csv --events events.csv --detail --holidays holidays-2027.csv`,
  );
  cmd.action(async (files: string[], opts: LimitationOptions) => {
    const run = startRun(io, opts);
    const years = opts.years === undefined ? run.config.limitation.years : wholeNumber("--years", opts.years, 1, 20);
    const warnDays = opts.warnDays === undefined ? run.config.limitation.warnDays : wholeNumber("--warn-days", opts.warnDays, 0, 36500);
    const loaded = await loadForRun(run, files, opts, { events: opts.events, holidays: opts.holidays, calendar: true, record: true });
    const { events } = loaded.book;
    const calendar = loaded.book.calendar!;
    const allRejected = loaded.rejected;
    const claims = openClaimsFromLedger(loaded.settled);
    // Names as every report shows them: the ledger's, else the customer master's, else the id.
    for (const c of claims) c.name = customerName(c.name, loaded.master?.byId.get(c.customerId), c.customerId);
    const report = computeLimitation(claims, events, { asOf: run.asOf, years, warnDays, calendar });
    printProblems(io.stderr, report.warnings.map((w) => warningAt(w.file, w.line, w.message, "limitation.no_evidence")));
    // Expiries years ahead often fall in years whose holidays are not announced yet.
    const guessed = calendar.yearsWithoutArrangement(report.items.flatMap((it) => (it.expiry.rolled === it.expiry.expiry ? [it.expiry.nominal, it.expiry.rolled] : [])));
    if (guessed.length > 0) {
      printProblem(
        run,
        "warning",
        "calendar.unpublished_year",
        `expiry dates in ${guessed.join(", ")} move past weekends only: the calendar library has no official holiday arrangement for ${guessed.length > 1 ? "those years" : "that year"} yet; add its holidays and make-up working days with --holidays FILE`,
      );
    }
    if (opts.events === undefined) printProblem(run, "warning", "limitation.no_events", "no --events log: only the ledger's payments and credits interrupt the periods");
    const view = { report, scale: loaded.read.ledger.scale, lang: run.lang, rejected: allRejected, chalk: run.chalk };
    if (run.format === "xlsx") return writeReport(run, opts, [limitationTableModel(view)]);
    let out = renderLimitation(view, run.format);
    if (run.format === "table" && opts.detail) out += detailLines(run, report.items);
    writeReport(run, opts, out);
  });
  return cmd;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) throw new UsageError(`${flag}: "${text}" is not a whole number from ${min} to ${max}`);
  return Number(text);
}


function detailLines(run: Run, items: ReturnType<typeof computeLimitation>["items"]): string {
  const lines: string[] = [];
  for (const it of items) {
    if (it.interruptions.length === 0) continue;
    lines.push(`${it.claim.customerId} ${it.claim.docNo} (${word(run.lang, "dueDate")} ${isoDate(it.claim.dueDate)}, ${word(run.lang, "periodStart")} ${isoDate(it.start)}):`);
    for (const i of it.interruptions) {
      const after = i.expiryAfter === undefined ? "" : ` → ${isoDate(i.expiryAfter)}`;
      const where = i.source === "log" ? `  ${i.file}:${i.line}` : "";
      lines.push(`  ${isoDate(i.date)} ${i.type.padEnd(19)} ${effectText(i.effect, run.lang)}${after}  ${escapeControl(shortEvidence(i.evidence))}${where}`.trimEnd());
    }
  }
  return lines.length === 0 ? "" : `\n${lines.join("\n")}\n`;
}
