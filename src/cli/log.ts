/**
 * `ar log`: the tamper-evident contact and evidence log (SPEC.md "Contact and evidence log").
 * `add` appends one sealed row, `verify` checks the chain (and the evidence files), `seal` chains
 * a hand-kept log once, `import-manifest` records the letters of a mailing manifest as sent.
 */
import path from "node:path";
import { Command, Option } from "commander";
import { isHash, LOG_FIELDS, parseEvidence, type ChainCheck, type ChainProblem } from "../engine/chain.js";
import { isoDate, type Day } from "../engine/dates.js";
import { parseEventType } from "../engine/events.js";
import { unitsExact } from "../engine/money.js";
import { Invalid, parseAmount, parseDate } from "../engine/values.js";
import { InputError, type EncodingOption } from "../io/decode.js";
import {
  appendSealed,
  checkEvidence,
  checkLog,
  hashFile,
  LogError,
  recordedEvidencePath,
  sealLog,
  type Appended,
  type EvidenceFinding,
  type LogFile,
} from "../io/events-log.js";
import { UsageProblem } from "../io/headers.js";
import { readCustomers } from "../io/read-customers.js";
import { escapeControl } from "../io/read-ledger.js";
import { cellAt, columnOf, readTable } from "../io/read-table.js";
import { csvTable, formulaSafe } from "../io/render/csv.js";
import { Exit, UsageError, type CliIo } from "./context.js";
import { openLog, writingLog } from "./log-write.js";
import { resolveAsOf, startRun, writeReport, type CommonOptions, type Run } from "./shared.js";

interface LogCommonOptions extends CommonOptions {
  events: string;
}

interface AddOptions extends LogCommonOptions {
  date?: string;
  customer: string;
  type: string;
  docNo?: string;
  amount?: string;
  dueDate?: string;
  note?: string;
  evidence?: string[];
}

interface VerifyOptions extends LogCommonOptions {
  checkEvidence?: boolean;
  head?: string;
}

interface ImportOptions extends LogCommonOptions {
  date: string;
}

/** Environment variable for tests only: hold the lock this many ms before the rename. */
const HOLD_ENV = "AR_LOG_TEST_HOLD_MS";

export function logCommand(io: CliIo): Command {
  const cmd = new Command("log")
    .summary("tamper-evident contact and evidence log: add, verify, seal, import-manifest")
    .description(
      "Keeps the events log (date, customer_id, type, doc_no, amount, due_date, note, evidence) tamper-evident: every row carries prev_hash and hash, a SHA-256 chain over the rows in a documented form, and every evidence file is recorded with its SHA-256. Appends are atomic and durable; a second writer at the same time is refused.",
    );
  const subcommands = [addCommand(io), verifyCommand(io), sealCommand(io), importManifestCommand(io)];
  for (const sub of subcommands) {
    sub.exitOverride().configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
    cmd.addCommand(sub);
  }
  cmd.usage("add|verify|seal|import-manifest [options]").argument("[subcommand]").action((name: string | undefined) => {
    const what = name === undefined ? "needs a subcommand" : `has no subcommand "${name}"`;
    throw new UsageError(`ar log ${what}: add, verify, seal or import-manifest (ar log --help)`);
  });
  cmd.addHelpText(
    "after",
    `
Examples:
  ar log add --events events.csv --customer C042 --type call --note "promised to pay Friday" --evidence rec/C042.m4a
  ar log verify --events events.csv --check-evidence
  ar log seal --events events.csv
  ar log import-manifest letters/manifest.csv --events events.csv --date 2025-07-01`,
  );
  return cmd;
}

function eventsOption(cmd: Command): Command {
  return cmd.requiredOption("--events <file>", "the events log CSV");
}

function baseOptions(cmd: Command, formats: string[]): Command {
  return cmd
    .option("--config <file>", "JSON config (default: ./ar.config.json if present)")
    .addOption(new Option("--lang <lang>", "language of the words written into the log and the report").choices(["zh", "en"]))
    .addOption(new Option("--format <format>", "output format (default: table on a terminal, else csv)").choices(formats))
    .option("-o, --output <file>", "write the report to this file (atomically) instead of stdout");
}

/** The log is a file ar writes: not standard input, and never the report's own -o. */
function checkLogFlags(io: CliIo, opts: LogCommonOptions, inputs: (string | undefined)[] = []): void {
  if (opts.events === "-") throw new UsageError("--events: the events log must be a file (standard input cannot be appended to or checked against its folder)");
  if (opts.output !== undefined) {
    const out = path.resolve(io.cwd, opts.output);
    for (const f of [opts.events, ...inputs]) {
      if (f !== undefined && f !== "-" && path.resolve(io.cwd, f) === out) throw new UsageError(`-o ${opts.output}: that is one of the inputs`);
    }
    if (out === path.resolve(io.cwd, opts.events) + ".lock") throw new UsageError(`-o ${opts.output}: that is the log's lock file`);
  }
}

function holdMs(io: CliIo): number | undefined {
  const v = io.env[HOLD_ENV];
  return v === undefined || v === "" ? undefined : Number(v);
}

const CONTROL = /[\u0000-\u001f\u007f]/;

// ---------------------------------------------------------------------------------------------
// add

function addCommand(io: CliIo): Command {
  const cmd = new Command("add")
    .summary("append one event, sealed, with its evidence files hashed")
    .description(
      "Appends one event to the log with its evidence files recorded as path#sha256 (paths relative to the log's folder) and the row chained by prev_hash and hash. Every field is checked before anything is written; the log must be sealed (see `ar log seal`) or new.",
    );
  eventsOption(cmd);
  cmd
    .option("--date <date>", "the day of the contact (default: --as-of, $AR_AS_OF, else today)")
    .requiredOption("--customer <id>", "customer_id")
    .requiredOption("--type <type>", "call, visit, email, wechat, letter_sent, statement_confirmed, promise, agreement, dispute or legal")
    .option("--doc-no <no>", "the invoice the event is about (none: all the customer's invoices)")
    .option("--amount <amount>", "promised or agreed amount (promise, agreement), or the amount in question")
    .option("--due-date <date>", "the day a promise or instalment is to be paid by")
    .option("--note <text>", "what was said or done, on one line")
    .option("--evidence <path...>", "evidence files (recording, screenshot, mail receipt, PDF); each is hashed")
    .option("--customers <file>", "customer master CSV: the customer must be in it")
    .addOption(new Option("--encoding <enc>", "encoding of --customers").choices(["auto", "utf8", "gb18030"]).default("auto"))
    .option("--as-of <date>", "today, for the default --date and the no-future-dates check");
  baseOptions(cmd, ["table", "csv", "json"]);
  cmd.addHelpText(
    "after",
    `
Examples:
  ar log add --events events.csv --customer C042 --type call --note "王经理: 周五付款" --evidence rec/C042-0630.m4a
  ar log add --events events.csv --date 2025-06-30 --customer C042 --type promise --doc-no INV-2503-020 --amount 33600 --due-date 2025-07-15`,
  );
  cmd.action(async (opts: AddOptions) => {
    checkLogFlags(io, opts, [opts.customers, ...(opts.evidence ?? [])]);
    const run = startRun(io, opts);
    const today = resolveAsOf(opts.asOf, io.env);
    const logAbs = path.resolve(io.cwd, opts.events);
    const fields = await validatedEvent(run, opts, today, logAbs);
    const [row] = writingLog(io, opts.events, "ar log add", (log) => appendSealed(log, [fields], { holdMs: holdMs(io) }));
    writeReport(run, opts, renderAppended(run, opts.events, [row!], true));
  });
  return cmd;
}

/** Every field checked and normalized, all problems reported together (exit 2), before any write. */
async function validatedEvent(run: Run, opts: AddOptions, today: Day, logAbs: string): Promise<string[]> {
  const problems: string[] = [];
  let date = today;
  if (opts.date !== undefined) {
    const d = parseDate(opts.date.trim());
    if (d === null) problems.push("--date: empty");
    else if (d instanceof Invalid) problems.push(`--date: ${d.reason}`);
    else date = d;
  }
  if (date > today) problems.push(`--date ${isoDate(date)} is after today (${isoDate(today)}): a contact is logged when it has happened`);
  const type = parseEventType(opts.type);
  if (type === undefined) problems.push(`--type "${opts.type}" is not one of call, visit, email, wechat, letter_sent, statement_confirmed, promise, agreement, dispute, legal`);
  const customer = opts.customer.trim();
  if (customer === "") problems.push("--customer: empty");
  const texts: [string, string | undefined][] = [
    ["--customer", opts.customer],
    ["--doc-no", opts.docNo],
    ["--note", opts.note],
  ];
  for (const [flag, value] of texts) {
    if (value !== undefined && CONTROL.test(value)) problems.push(`${flag}: control characters and line breaks are not allowed (write it on one line)`);
  }
  if (opts.customers !== undefined && customer !== "") {
    try {
      const master = await readCustomers(opts.customers, (opts.encoding ?? "auto") as EncodingOption, run.io.stdin, path.resolve(run.io.cwd, opts.customers));
      if (!master.byId.has(customer)) problems.push(`--customer ${customer} is not in ${opts.customers}`);
    } catch (e) {
      if (e instanceof InputError || e instanceof UsageProblem) throw new UsageError(e.message);
      throw e;
    }
  }
  let amount = "";
  if (opts.amount !== undefined) {
    const a = parseAmount(opts.amount);
    if (a === null) problems.push("--amount: empty");
    else if (a instanceof Invalid) problems.push(`--amount: ${a.reason}`);
    else if (a.units <= 0n) problems.push(`--amount ${opts.amount}: must be above zero`);
    else amount = unitsExact(a.units, a.scale);
  }
  let dueDate = "";
  if (opts.dueDate !== undefined) {
    const d = parseDate(opts.dueDate.trim());
    if (d === null) problems.push("--due-date: empty");
    else if (d instanceof Invalid) problems.push(`--due-date: ${d.reason}`);
    else if (d < date) problems.push(`--due-date ${isoDate(d)} is before --date ${isoDate(date)}`);
    else dueDate = isoDate(d);
  }
  if ((type === "promise" || type === "agreement") && opts.dueDate === undefined) problems.push(`--type ${type} needs --due-date (the day it is to be paid by)`);
  if (type === "agreement" && opts.amount === undefined) problems.push("--type agreement needs --amount (the instalment)");
  const evidence: string[] = [];
  for (const given of opts.evidence ?? []) {
    const abs = path.resolve(run.io.cwd, given);
    const recorded = recordedEvidencePath(logAbs, abs);
    if (/[;|]/.test(recorded) || CONTROL.test(recorded)) {
      problems.push(`--evidence ${given}: the path may not contain ; | or control characters (rename the file)`);
      continue;
    }
    try {
      evidence.push(`${recorded}#${hashFile(abs)}`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(`--evidence ${given}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : `cannot read (${code ?? String(e)})`}`);
    }
  }
  if (problems.length > 0) throw new UsageError(`nothing was written to ${opts.events}:\n  ${problems.map(escapeControl).join("\n  ")}`);
  // A note that a spreadsheet would run as a formula is stored with a leading ', like CSV reports.
  const note = formulaSafe((opts.note ?? "").trim());
  return [isoDate(date), customer, type!, (opts.docNo ?? "").trim(), amount, dueDate, note, evidence.join(";")];
}


function renderAppended(run: Run, name: string, rows: Appended[], single: boolean): string {
  if (run.format === "json") {
    const one = (r: Appended) => ({
      file: name,
      line: r.line,
      ...Object.fromEntries(LOG_FIELDS.map((f, k) => [camel(f), r.fields[k]!])),
      evidence: parseEvidence(r.fields[7]!).map((e) => ({ path: e.path, sha256: e.sha256 ?? null })),
      prevHash: r.prevHash,
      hash: r.hash,
    });
    return JSON.stringify(single ? one(rows[0]!) : rows.map(one), null, 2) + "\n";
  }
  if (run.format === "csv") return csvTable(["file", "line", ...LOG_FIELDS, "prev_hash", "hash"], rows.map((r) => [name, r.line, ...r.fields, r.prevHash, r.hash]));
  return rows.map((r) => `${name}:${r.line}: ${r.fields[0]} ${r.fields[1]} ${r.fields[2]}${r.fields[3] ? ` ${r.fields[3]}` : ""} sealed, hash ${r.hash}\n`).join("");
}

function camel(field: string): string {
  return field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// verify

function verifyCommand(io: CliIo): Command {
  const cmd = new Command("verify")
    .summary("check the hash chain (and, with --check-evidence, the evidence files)")
    .description(
      "Recomputes every sealed row's hash and checks that each row's prev_hash is the hash of the row above it. Exit 0 with the count of sealed rows when the chain holds; otherwise exit 1 naming (FILE:LINE) each line that was edited, inserted, deleted or reordered. Rows added by hand since the last seal are listed as a warning. --check-evidence re-hashes every evidence file (relative to the log's folder) and exits 1 when one is missing or changed. --head checks that a hash recorded earlier is still in the chain, which catches rows deleted from the end.",
    );
  eventsOption(cmd);
  cmd.option("--check-evidence", "re-hash every evidence file and list missing or changed ones").option("--head <hash>", "a row hash recorded earlier (e.g. from a previous verify): it must still be in the log");
  baseOptions(cmd, ["table", "csv", "json"]);
  cmd.addHelpText("after", "\nExamples:\n  ar log verify --events events.csv\n  ar log verify --events events.csv --check-evidence --format json");
  cmd.action(async (opts: VerifyOptions) => {
    checkLogFlags(io, opts);
    const run = startRun(io, opts);
    if (opts.head !== undefined && !isHash(opts.head.trim().toLowerCase())) throw new UsageError(`--head: "${opts.head}" is not a SHA-256 (64 hexadecimal digits)`);
    const log = openLog(io, opts.events);
    if (!log.exists) throw new UsageError(`${opts.events}: no such file`);
    const check = checkLog(log);
    const evidence = opts.checkEvidence ? checkEvidence(log) : undefined;
    const headWanted = opts.head?.trim().toLowerCase();
    const headRow = headWanted === undefined ? undefined : log.rows.find((r) => (r.cells[log.columns.hash] ?? "").trim() === headWanted);
    const problems: ChainProblem[] = [...check.problems];
    if (headWanted !== undefined && headRow === undefined) {
      problems.push({ line: check.head?.line ?? log.headerLine, kind: "deleted", reason: `the recorded head ${headWanted} is not in the log: rows were deleted from its end, or the log was rewritten` });
    }
    const badEvidence = (evidence ?? []).filter((f) => f.status === "missing" || f.status === "changed");
    const ok = problems.length === 0 && badEvidence.length === 0;
    if (!log.sealedLayout && log.rows.length > 0) io.stderr.write(`${opts.events}: warning: not sealed: none of its ${log.rows.length} row(s) is tamper-evident (run \`ar log seal --events ${opts.events}\`)\n`);
    else if (check.unsealedTail.length > 0) {
      const t = check.unsealedTail;
      io.stderr.write(`${opts.events}:${t[0]}: warning: ${t.length} row(s) added without hashes since the last seal (line ${t[0]}${t.length > 1 ? `-${t[t.length - 1]}` : ""}); not covered by the chain (run \`ar log seal --events ${opts.events}\`)\n`);
    }
    writeReport(run, opts, renderVerify(run, opts.events, log, check, problems, evidence, headWanted === undefined ? undefined : { hash: headWanted, line: headRow?.line ?? null }));
    if (!ok) throw new Exit(1);
  });
  return cmd;
}

function renderVerify(run: Run, name: string, log: LogFile, check: ChainCheck, problems: ChainProblem[], evidence: EvidenceFinding[] | undefined, head: { hash: string; line: number | null } | undefined): string {
  const unsealed = log.sealedLayout ? check.unsealedTail.length : log.rows.length;
  const evidenceProblems = (evidence ?? []).filter((f) => f.status !== "ok");
  if (run.format === "json") {
    return (
      JSON.stringify(
        {
          file: name,
          ok: problems.length === 0 && !evidenceProblems.some((f) => f.status !== "unhashed"),
          sealed: check.sealed,
          unsealed,
          head: check.head,
          problems: problems.map((p) => ({ file: name, line: p.line, kind: p.kind, reason: p.reason })),
          evidence: evidence === undefined ? null : evidence.map((f) => ({ file: name, line: f.line, path: f.path, status: f.status, recorded: f.recorded, actual: f.actual })),
          recordedHead: head === undefined ? null : { hash: head.hash, found: head.line !== null, line: head.line },
        },
        null,
        2,
      ) + "\n"
    );
  }
  if (run.format === "csv") {
    const rows: (string | number)[][] = problems.map((p) => [name, p.line, p.kind, p.reason]);
    for (const f of evidenceProblems) rows.push([name, f.line, `evidence_${f.status}`, evidenceReason(f)]);
    return csvTable(["file", "line", "kind", "message"], rows);
  }
  const lines: string[] = [];
  if (problems.length === 0) {
    lines.push(`${name}: ${check.sealed} sealed row(s), chain intact${unsealed > 0 ? `; ${unsealed} row(s) not sealed` : ""}.`);
  } else {
    const first = problems[0]!;
    lines.push(`${name}: ${check.sealed} sealed row(s), chain BROKEN: first at ${name}:${first.line} (${first.kind}).`);
    for (const p of problems) lines.push(`${name}:${p.line}: ${p.kind}: ${p.reason}`);
  }
  if (check.head) lines.push(`head: ${check.head.hash} (line ${check.head.line}); keep it to detect a later truncation: ar log verify --head <hash>`);
  if (head !== undefined && head.line !== null) lines.push(`recorded head ${head.hash}: found at line ${head.line}.`);
  if (evidence !== undefined) {
    const counts = { ok: 0, missing: 0, changed: 0, unhashed: 0 };
    for (const f of evidence) counts[f.status]++;
    lines.push(`evidence: ${evidence.length} file(s): ${counts.ok} unchanged, ${counts.changed} changed, ${counts.missing} missing, ${counts.unhashed} without a recorded hash.`);
    for (const f of evidenceProblems) lines.push(`${name}:${f.line}: evidence ${f.status}: ${evidenceReason(f)}`);
  }
  return lines.map(escapeControl).join("\n") + "\n";
}

function evidenceReason(f: EvidenceFinding): string {
  if (f.status === "missing") return `${f.path}: file not found`;
  if (f.status === "changed") return `${f.path}: SHA-256 was ${f.recorded}, now ${f.actual}`;
  if (f.status === "unhashed") return `${f.path}: no hash recorded (hand-kept row), nothing to compare`;
  return `${f.path}: unchanged`;
}

// ---------------------------------------------------------------------------------------------
// seal

function sealCommand(io: CliIo): Command {
  const cmd = new Command("seal")
    .summary("chain a hand-kept log once (adds prev_hash and hash)")
    .description(
      "Chains an existing hand-kept log: rewrites it as UTF-8 with the columns date, customer_id, type, doc_no, amount, due_date, note, evidence (other columns kept after them, not covered by the hash), prev_hash, hash. Rows already sealed keep their hashes; rows added by hand since are chained after them. Each evidence path that exists (relative to the log's folder) gets its SHA-256 recorded first. Refuses (exit 1) when the existing chain is broken.",
    );
  eventsOption(cmd);
  baseOptions(cmd, ["table", "json"]);
  cmd.addHelpText("after", "\nExample:\n  ar log seal --events events.csv");
  cmd.action(async (opts: LogCommonOptions) => {
    checkLogFlags(io, opts);
    const run = startRun(io, opts);
    const result = writingLog(io, opts.events, "ar log seal", (log) => {
      if (!log.exists) throw new LogError(`${opts.events}: no such file`);
      return sealLog(log, { holdMs: holdMs(io) });
    });
    for (const m of result.missingEvidence) io.stderr.write(`${opts.events}:${m.line}: warning: evidence ${escapeControl(m.path)} not found (relative to the log's folder); kept without a hash\n`);
    if (result.extraColumns.length > 0) io.stderr.write(`${opts.events}: warning: column(s) ${result.extraColumns.join(", ")} kept but not covered by the hash\n`);
    let out: string;
    if (run.format === "json") {
      out = JSON.stringify({ file: opts.events, sealed: result.sealed, alreadySealed: result.already, hashedEvidence: result.hashedEvidence, missingEvidence: result.missingEvidence, extraColumns: result.extraColumns, head: result.head }, null, 2) + "\n";
    } else {
      out =
        result.sealed === 0 && !result.rewritten
          ? `${opts.events}: already sealed (${result.already} row(s)); nothing to do.\n`
          : `${opts.events}: sealed ${result.sealed} row(s) (${result.already} already sealed); evidence hashed: ${result.hashedEvidence.length}, not found: ${result.missingEvidence.length}.\n${result.head ? `head: ${result.head}\n` : ""}`;
    }
    writeReport(run, opts, out);
  });
  return cmd;
}

// ---------------------------------------------------------------------------------------------
// import-manifest

const MANIFEST_COLUMNS = {
  letterId: ["letter_id", "statement_id", "letter", "id", "函件编号", "对账单编号", "编号"],
  customer: ["customer_id", "customer", "客户编号", "客户"],
  file: ["file", "file_name", "filename", "pdf", "文件", "文件名"],
  sha256: ["sha256", "pdf_sha256", "sha-256", "hash"],
  tracking: ["tracking_number", "tracking_no", "tracking", "挂号单号", "邮件号", "快递单号", "运单号"],
  amount: ["overdue", "overdue_amount", "amount", "逾期金额", "金额"],
} as const;

function importManifestCommand(io: CliIo): Command {
  const cmd = new Command("import-manifest")
    .summary("record a letter_sent event per mailed letter of a manifest")
    .description(
      "Reads the manifest.csv that `ar letters` (or `ar statement`) wrote, once its tracking-number column has been filled in, and appends one sealed letter_sent event per letter with a tracking number: the letter's PDF (path relative to the log's folder) and its SHA-256 as evidence. Letters already in the log (same customer and PDF hash) are skipped, so the command can be run again as more tracking numbers come in. Every row is checked first (the PDF must exist and still have the manifest's hash); if any fails, nothing is written.",
    )
    .argument("<manifest>", "manifest.csv written by ar letters");
  eventsOption(cmd);
  cmd
    .requiredOption("--date <date>", "the day the letters were posted")
    .addOption(new Option("--encoding <enc>", "encoding of the manifest").choices(["auto", "utf8", "gb18030"]).default("auto"))
    .option("--as-of <date>", "today, for the no-future-dates check");
  baseOptions(cmd, ["table", "csv", "json"]);
  cmd.addHelpText("after", "\nExample:\n  ar log import-manifest letters/manifest.csv --events events.csv --date 2025-07-01");
  cmd.action(async (manifestName: string, opts: ImportOptions) => {
    checkLogFlags(io, opts, [manifestName]);
    const run = startRun(io, opts);
    const today = resolveAsOf(opts.asOf, io.env);
    const d = parseDate(opts.date.trim());
    if (d === null || d instanceof Invalid) throw new UsageError(`--date: ${d === null ? "empty" : d.reason}`);
    if (d > today) throw new UsageError(`--date ${isoDate(d)} is after today (${isoDate(today)})`);
    const manifestAbs = path.resolve(io.cwd, manifestName);
    let table;
    try {
      table = await readTable(manifestName, (opts.encoding ?? "auto") as EncodingOption, io.stdin, manifestAbs);
    } catch (e) {
      if (e instanceof InputError) throw new UsageError(e.message);
      throw e;
    }
    const col = Object.fromEntries(Object.entries(MANIFEST_COLUMNS).map(([k, names]) => [k, columnOf(table, ...names)])) as Record<keyof typeof MANIFEST_COLUMNS, number>;
    const missing = (["customer", "file", "sha256", "tracking"] as const).filter((k) => col[k] < 0);
    if (table.headerLine !== 0 && missing.length > 0) throw new UsageError(`${manifestName}: missing column(s) ${missing.map((k) => MANIFEST_COLUMNS[k][0]).join(", ")}`);
    const logAbs = path.resolve(io.cwd, opts.events);
    const manifestDir = path.dirname(manifestAbs);
    const rejected: { line: number; reason: string }[] = table.broken.map((b) => ({ line: b.line, reason: b.reason }));
    // One PDF may hold several customers' letters (`ar letters --combined`): a letter is a
    // customer and its PDF's hash, so each customer gets its event.
    const letterKey = (customer: string, sha: string) => `${customer}\u0000${sha}`;
    const candidates: { line: number; key: string; fields: string[] }[] = [];
    let withoutTracking = 0;
    for (const row of table.rows) {
      const tracking = cellAt(row, col.tracking);
      if (tracking === "") {
        withoutTracking++;
        continue;
      }
      const customer = cellAt(row, col.customer);
      const file = cellAt(row, col.file);
      const sha = cellAt(row, col.sha256).toLowerCase();
      const problems: string[] = [];
      if (customer === "") problems.push("missing customer");
      if (file === "") problems.push("missing file name");
      if (!isHash(sha)) problems.push(`sha256 "${cellAt(row, col.sha256)}" is not a SHA-256`);
      if ([customer, file, tracking].some((t) => CONTROL.test(t))) problems.push("control characters in a cell");
      const pdfAbs = path.resolve(manifestDir, file);
      const recorded = recordedEvidencePath(logAbs, pdfAbs);
      if (/[;|]/.test(recorded)) problems.push(`file name ${file}: may not contain ; or |`);
      if (problems.length === 0) {
        try {
          const actual = hashFile(pdfAbs);
          if (actual !== sha) problems.push(`${file}: the PDF changed since the manifest was written (SHA-256 now ${actual})`);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          problems.push(`${file}: ${code === "ENOENT" ? "PDF not found next to the manifest" : `cannot read (${code ?? String(e)})`}`);
        }
      }
      if (problems.length > 0) {
        rejected.push({ line: row.line, reason: problems.join("; ") });
        continue;
      }
      let amount = "";
      const amountText = cellAt(row, col.amount);
      if (amountText !== "") {
        const a = parseAmount(amountText);
        if (a !== null && !(a instanceof Invalid) && a.units > 0n) amount = unitsExact(a.units, a.scale);
      }
      const letterId = cellAt(row, col.letterId);
      const note = run.lang === "zh" ? `寄送函件${letterId ? ` ${letterId}` : ""},挂号单号 ${tracking}` : `letter${letterId ? ` ${letterId}` : ""} posted, tracking number ${tracking}`;
      candidates.push({ line: row.line, key: letterKey(customer, sha), fields: [isoDate(d), customer, "letter_sent", "", amount, "", formulaSafe(note), `${recorded}#${sha}`] });
    }
    for (const r of rejected) io.stderr.write(`${manifestName}:${r.line}: ${escapeControl(r.reason)}\n`);
    if (rejected.length > 0) {
      io.stderr.write(`ar: ${rejected.length} manifest row(s) rejected; nothing was written to ${opts.events}\n`);
      throw new Exit(1);
    }
    const { appended, already } = writingLog(io, opts.events, "ar log import-manifest", (log) => {
      const recorded = new Map<string, number>();
      for (const row of log.rows) {
        const customer = (row.cells[log.columns.customer_id] ?? "").trim();
        for (const ref of parseEvidence(row.cells[log.columns.evidence] ?? "")) {
          if (ref.sha256 !== undefined && !recorded.has(letterKey(customer, ref.sha256))) recorded.set(letterKey(customer, ref.sha256), row.line);
        }
      }
      const fresh: string[][] = [];
      const already: { line: number; loggedAt: number }[] = [];
      for (const c of candidates) {
        const at = recorded.get(c.key);
        if (at !== undefined) {
          already.push({ line: c.line, loggedAt: at });
          continue;
        }
        recorded.set(c.key, -1);
        fresh.push(c.fields);
      }
      return { appended: fresh.length > 0 ? appendSealed(log, fresh, { holdMs: holdMs(io) }) : [], already };
    });
    for (const a of already) io.stderr.write(`${manifestName}:${a.line}: ${a.loggedAt > 0 ? `already recorded at ${opts.events}:${a.loggedAt}` : "the same customer's PDF appears twice in the manifest"}; skipped\n`);
    if (withoutTracking > 0) io.stderr.write(`${manifestName}: ${withoutTracking} letter(s) without a tracking number yet; not recorded\n`);
    writeReport(run, opts, appended.length === 0 && run.format !== "json" && run.format !== "csv" ? `${opts.events}: no new letters to record.\n` : renderAppended(run, opts.events, appended, false));
  });
  return cmd;
}
