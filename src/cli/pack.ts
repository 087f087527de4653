/**
 * `ar pack`: the month-end pack (月结报告, SPEC "Month-end pack"): DIR/index.html, DIR/pack.pdf and
 * DIR/pack.xlsx from one pack document (io/render/pack.ts), itself from one settlement run over
 * every date the pack reads (engine/pack.ts `packDates`).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { packDates, packReport } from "../engine/pack.js";
import { writeFileAtomic, WriteError } from "../io/atomic.js";
import { packHtml } from "../io/render/pack-html.js";
import { packDocument, packTables } from "../io/render/pack.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, loadForRun, startRun, workbookOf, type CommonOptions } from "./shared.js";

interface PackOptions extends CommonOptions {
  events?: string;
  out?: string;
}

export function packCommand(io: CliIo): Command {
  const cmd = new Command("pack")
    .summary("month-end pack (月结报告): the KPIs, aging, roll-forward, provision, forecast and risks as a web page, a PDF and a workbook")
    .description(
      "Writes DIR/index.html (one self-contained page: inline CSS and SVG charts, no script, nothing fetched), DIR/pack.pdf (the same sections, charts as vectors, a contents page, page numbers) and DIR/pack.xlsx (one sheet per table): headline KPIs against the config's targets with their change on the previous month and 12-month trend; aging at as-of and at 12 month ends, tiers, top 10 debtors; the month's roll-forward with the migration matrix and roll rates; the provision (aging method; the matrix method with a year of history) and its change; the 13-week forecast; credit alerts and risk classes, broken promises, expiring claims, disputed items; collections and commission by collector; contact channels; festival push windows of the next 60 days. Reports in the config's currency (else the ledger's first); --currency picks another.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd.option("--events <file>", "events log CSV (promises, plans, contacts)").option("--out <dir>", "the folder to write index.html, pack.pdf and pack.xlsx into (created if missing)");
  cmd.addHelpText(
    "after",
    `
Examples:
  ar pack fixtures/ledger.csv --customers fixtures/customers.csv --events fixtures/events.csv --as-of 2025-06-30 --out pack/
  ar pack ledger.csv --customers customers.csv --as-of 2025-06-30 --lang en --out june-pack/`,
  );
  cmd.action(async (files: string[], opts: PackOptions) => {
    if (opts.out === undefined) throw new UsageError("--out: give the folder to write the pack into, e.g. --out pack/");
    if (opts.customers === undefined) throw new UsageError("--customers: give the customer master (names, limits, collectors)");
    const run = startRun(io, { ...opts, format: "xlsx", output: undefined });
    run.format = "xlsx"; // the About sheet names the inputs with their hashes
    const dir = path.resolve(io.cwd, opts.out);
    const loaded = await loadForRun(run, files, opts, { events: opts.events, history: packDates(run.asOf), calendar: true, record: true });
    const report = packReport({ history: loaded.history!, book: loaded.book });
    const doc = packDocument({ report, ledger: loaded.read.ledger, master: loaded.book.master, company: run.config.company.name ?? "", lang: run.lang });
    // Charts are drawn once; the page and the PDF carry the same SVGs.
    const { chartSvg } = await import("../io/charts/svg.js");
    const svgs: string[] = [];
    for (const s of doc.sections) for (const c of s.charts) svgs.push(await chartSvg(c, run.lang));
    const { packPdf } = await import("../io/pdf/pack.js");
    const { pdf, warnings } = packPdf(doc, svgs);
    if (warnings.length > 0) throw new Error(`pack PDF: the charts drew with warnings: ${warnings.join("; ")}`);
    // The page's CJK characters (text and charts) decide the embedded font's subset.
    const { embeddedFontFaces } = await import("../io/render/pack-fonts.js");
    const html = packHtml(doc, svgs, await embeddedFontFaces(packHtml(doc, svgs)));
    const files3: [string, string | Uint8Array][] = [
      ["index.html", html],
      ["pack.pdf", pdf],
      ["pack.xlsx", workbookOf(run, packTables(doc))],
    ];
    try {
      mkdirSync(dir, { recursive: true });
      for (const [name, content] of files3) writeFileAtomic(path.join(dir, name), content);
    } catch (e) {
      if (e instanceof WriteError) throw new UsageError(`--out ${opts.out}: cannot write the pack: ${e.reason}`);
      if (e instanceof Error && "code" in e) throw new UsageError(`--out ${opts.out}: cannot create the folder: ${e.message}`);
      throw e;
    }
    io.stderr.write(`${files3.map(([n]) => path.join(opts.out!, n)).join("\n")}\n`);
  });
  return cmd;
}
