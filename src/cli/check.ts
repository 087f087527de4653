/**
 * `ar check`: every rejected or suspicious row, the rows skipped as labels, and the control totals
 * per currency. Exit 1 when any row was rejected (SPEC.md "Validation").
 */
import { Command } from "commander";
import { isoDate } from "../engine/dates.js";
import { controlTotals, type ControlTotal } from "../engine/settle.js";
import { unitsGrouped, unitsString } from "../engine/money.js";
import { settlementProblems } from "../engine/book.js";
import { findingOf, rejectedJson, type Finding } from "../io/problems.js";
import { escapeControl, placeOf } from "../io/read-ledger.js";
import { checkTables } from "../io/render/check.js";
import { csvTable } from "../io/render/csv.js";
import type { Table } from "../io/table/model.js";
import type { CliIo } from "./context.js";
import { Exit } from "./context.js";
import { addInputOptions, addOutputOptions, loadForRun, startRun, writeReport, type CommonOptions } from "./shared.js";

export function checkCommand(io: CliIo): Command {
  const cmd = new Command("check")
    .summary("validate ledgers: rejected and suspicious rows, control totals")
    .description(
      "Reads the ledgers (and the customer master when given) and lists every rejected row, every suspicious one (orphan or over-payments, due date before doc date, customers in several currencies), the title/subtotal/section rows that were skipped, and the control total per currency: invoices + debit notes − payments − credit notes − write-offs − discounts allowed = open outstanding − unapplied credit. Exits 1 when any row was rejected.",
    )
    .argument("[ledger...]", "ledger CSV files; - reads standard input");
  addInputOptions(cmd);
  cmd.option("--events <file>", "also check the contact and evidence log CSV (rows, customers, hash chain)");
  addOutputOptions(cmd);
  cmd.addHelpText("after", "\nExamples:\n  ar check fixtures/ledger.csv --as-of 2025-06-30\n  ar check export.csv --encoding gb18030 --format json");
  cmd.action(async (files: string[], opts: CommonOptions & { events?: string }) => {
    const run = startRun(io, opts);
    const loaded = await loadForRun(run, files, opts, { events: opts.events, quiet: true });
    const { book, problems } = loaded;
    const settled = book.settled;
    const l = book.ledger;
    // The problems with a place, settlement's in full (overpayments too, which reports do not print);
    // the notes of the readers (title rows, empty files) are summed up by the skipped rows below.
    const placed = problems.filter((p) => p.place !== null && !p.code.startsWith("applies_to."));
    const findings: Finding[] = [];
    for (const p of placed) if (p.severity === "error") findings.push(findingOf(p));
    for (const p of placed) if (p.severity !== "error") findings.push(findingOf(p));
    for (const p of settlementProblems(settled, settled.warnings)) findings.push(findingOf(p));
    // A customer billed in several currencies is often a data-entry slip.
    const currencies = new Map<number, Set<number>>();
    const firstRow = new Map<string, number>();
    for (let i = 0; i < l.count; i++) {
      let s = currencies.get(l.customer[i]!);
      if (!s) currencies.set(l.customer[i]!, (s = new Set()));
      if (!s.has(l.currency[i]!)) {
        s.add(l.currency[i]!);
        if (s.size > 1) firstRow.set(`${l.customer[i]}`, i);
      }
    }
    for (const [c, i] of firstRow) {
      const names = [...currencies.get(Number(c))!].map((k) => l.currencies[k]).join(", ");
      findings.push({ file: l.files[l.file[i]!]!, line: l.line[i]!, severity: "warning", message: `customer ${l.customers[Number(c)]!.key} has documents in several currencies (${names})` });
    }
    for (const s of loaded.skipped) findings.push({ file: s.file, line: s.line, severity: "skipped", message: `${s.kind} row: ${s.text}`, ...(s.sheet !== undefined && { sheet: s.sheet }) });
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    const totals = controlTotals(settled);
    const rejected = rejectedJson(problems);
    const errors = rejected.length;
    const warnings = findings.filter((f) => f.severity === "warning").length;
    const summary = {
      files: files.length,
      rows: loaded.rows,
      used: l.count,
      afterAsOf: loaded.afterAsOf,
      rejectedCount: errors,
      warnings,
      skipped: loaded.skipped.length,
    };
    let out: string | Table[];
    if (run.format === "xlsx") {
      out = checkTables(isoDate(run.asOf), findings, totals, l.scale);
    } else if (run.format === "json") {
      out =
        JSON.stringify(
          {
            asOf: isoDate(run.asOf),
            ...summary,
            findings,
            controlTotals: totals.map((t) => controlJson(t, l.scale)),
            rejected,
          },
          null,
          2,
        ) + "\n";
    } else if (run.format === "csv") {
      const rows: (string | number)[][] = findings.map((f) => [f.file, f.line, f.severity, f.message]);
      for (const t of totals) rows.push(["", "", "control", controlLine(t, l.scale)]);
      out = csvTable(["file", "line", "severity", "message"], rows);
    } else {
      const c = run.chalk;
      const lines: string[] = [];
      lines.push(
        `Checked ${summary.files} file(s) as of ${isoDate(run.asOf)}: ${summary.rows} data rows, ${summary.used} used, ${summary.afterAsOf} dated after as-of, ${c.bold(String(errors))} rejected, ${warnings} warning(s), ${summary.skipped} label row(s) skipped.`,
      );
      for (const f of findings) {
        const tag = f.severity === "error" ? c.red("rejected") : f.severity === "warning" ? c.yellow("warning") : c.dim("skipped");
        lines.push(`${placeOf(f)}: ${tag}: ${escapeControl(f.message)}`);
      }
      lines.push("Control totals (invoices + debit notes − payments − credit notes − write-offs − discounts = open − unapplied):");
      for (const t of totals) lines.push(`  ${controlLine(t, l.scale, true)} ${t.holds ? c.green("holds") : c.red("DOES NOT HOLD")}`);
      if (totals.length === 0) lines.push("  (no documents on or before as-of)");
      out = lines.join("\n") + "\n";
    }
    writeReport(run, opts, out);
    if (errors > 0 || totals.some((t) => !t.holds)) throw new Exit(1);
  });
  return cmd;
}

function controlJson(t: ControlTotal, scale: number) {
  const m = (u: bigint) => unitsString(u, scale);
  return { currency: t.currency, invoices: m(t.invoices), debitNotes: m(t.debitNotes), payments: m(t.payments), creditNotes: m(t.creditNotes), writeOffs: m(t.writeOffs), discounts: m(t.discounts), open: m(t.open), unapplied: m(t.unapplied), holds: t.holds };
}

function controlLine(t: ControlTotal, scale: number, grouped = false): string {
  const m = (u: bigint) => (grouped ? unitsGrouped(u, scale) : unitsString(u, scale));
  const net = t.invoices + t.debitNotes - t.payments - t.creditNotes - t.writeOffs - t.discounts;
  return `${t.currency}: ${m(t.invoices)} + ${m(t.debitNotes)} − ${m(t.payments)} − ${m(t.creditNotes)} − ${m(t.writeOffs)} − ${m(t.discounts)} = ${m(net)}; open ${m(t.open)} − unapplied ${m(t.unapplied)} = ${m(t.open - t.unapplied)}`;
}
