/**
 * The events log on disk as a tamper-evident file (SPEC.md "Contact and evidence log"): reading it
 * with every cell's exact text (the hash covers text, not bytes), the writers' lock, durable
 * appends, sealing a hand-kept log, re-hashing evidence files, and the integrity warnings that
 * every reader of the log prints.
 *
 * Durability: a write never touches the log in place. The new content (the old bytes unchanged,
 * plus the new rows) goes to a temporary file in the same folder, is fsync'ed, renamed over the
 * log (atomic within a file system), and the folder is fsync'ed so that the rename itself survives
 * a power cut. A reader or a crash therefore sees the old log or the new one, never half a row.
 * The cost is a copy of the log per append: a contact log of ten thousand rows is a few MB, a few
 * milliseconds.
 *
 * Lock: writers take `LOG.lock` next to the log with O_CREAT|O_EXCL (atomic on local file systems
 * and on NFSv3+), holding their pid, host and start time; a second writer is refused at once
 * rather than queued, and the message says how to clear a lock left by a killed process. Readers
 * take no lock: the rename means they always see a whole file.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import {
  chainRows,
  formatEvidence,
  GENESIS_HASH,
  LOG_FIELDS,
  parseEvidence,
  SEALED_COLUMNS,
  unhashableField,
  verifyChain,
  type ChainCheck,
  type ChainProblem,
  type ChainRow,
  type EvidenceRef,
  type LogField,
} from "../engine/chain.js";
import { CsvTokenizer } from "./csv.js";
import { writeFileAtomic, type WriteOptions } from "./atomic.js";
import { sniffEncoding, type Encoding } from "./decode.js";
import { normalizeHeader } from "./headers.js";
import { EVENT_COLUMNS } from "./read-events.js";
import type { Diagnostic } from "./read-ledger.js";

/** A problem with the log file itself (unreadable, missing columns): a usage error for the caller. */
export class LogError extends Error {}

/** Another writer holds the lock. */
export class LogLockedError extends Error {}

type ColumnName = LogField | "prev_hash" | "hash";

export interface LogRow {
  line: number;
  /** Cells as stored, after CSV unquoting, not trimmed. */
  cells: string[];
}

export interface LogFile {
  /** The path as given (for FILE:LINE). */
  name: string;
  path: string;
  exists: boolean;
  bytes: Buffer;
  encoding: Encoding;
  /** The line ending the file uses ("\n" for a new file). */
  eol: string;
  header: string[];
  headerLine: number;
  /** Index of each known column in the header, -1 when absent. */
  columns: Record<ColumnName, number>;
  /** Header cells that are none of the known columns (kept, but not covered by the hash). */
  extraColumns: number[];
  /** True when the header has both prev_hash and hash. */
  sealedLayout: boolean;
  rows: LogRow[];
  broken: { line: number; reason: string }[];
}

/** The same header names `ar calls` and the other readers accept (read-events.ts). */
const HEADER_ALIASES: Record<ColumnName, readonly string[]> = {
  date: EVENT_COLUMNS.date,
  customer_id: EVENT_COLUMNS.customerId,
  type: EVENT_COLUMNS.type,
  doc_no: EVENT_COLUMNS.docNo,
  amount: EVENT_COLUMNS.amount,
  due_date: EVENT_COLUMNS.dueDate,
  note: EVENT_COLUMNS.note,
  evidence: EVENT_COLUMNS.evidence,
  prev_hash: EVENT_COLUMNS.prevHash,
  hash: EVENT_COLUMNS.hash,
};

/** Reads the log whole (logs are small): missing file = an empty log that the first append creates. */
export function readLogFile(name: string, filePath: string): LogFile {
  let bytes: Buffer;
  let exists = true;
  try {
    if (statSync(filePath).isDirectory()) throw new LogError(`${name}: is a directory, not a CSV file`);
    bytes = readFileSync(filePath);
  } catch (e) {
    if (e instanceof LogError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new LogError(`${name}: cannot read (${code ?? String(e)})`);
    bytes = Buffer.alloc(0);
    exists = false;
  }
  const encoding = sniffEncoding(bytes, true);
  const text = new TextDecoder(encoding).decode(bytes);
  const firstBreak = /\r\n|\n|\r/.exec(text);
  const log: LogFile = {
    name,
    path: filePath,
    exists,
    bytes,
    encoding,
    eol: firstBreak ? firstBreak[0] : "\n",
    header: [],
    headerLine: 0,
    columns: Object.fromEntries(SEALED_COLUMNS.map((c) => [c, -1])) as Record<ColumnName, number>,
    extraColumns: [],
    sealedLayout: false,
    rows: [],
    broken: [],
  };
  const tokenizer = new CsvTokenizer({
    record(cells, line) {
      if (cells.every((c) => c.trim() === "")) return;
      if (log.headerLine === 0) {
        log.header = cells;
        log.headerLine = line;
        return;
      }
      if (cells.some((c) => c.includes("\uFFFD"))) log.broken.push({ line, reason: `bytes that are not valid ${encoding}` });
      else log.rows.push({ line, cells });
    },
    broken(line, reason) {
      log.broken.push({ line, reason });
    },
  });
  tokenizer.push(text);
  tokenizer.end();
  // As the readers do: per column, the first of its names the header has; other cells are extra.
  const normalized = log.header.map(normalizeHeader);
  const taken = new Set<number>();
  for (const c of SEALED_COLUMNS) {
    for (const alias of HEADER_ALIASES[c]) {
      const i = normalized.indexOf(normalizeHeader(alias));
      if (i >= 0 && !taken.has(i)) {
        log.columns[c] = i;
        taken.add(i);
        break;
      }
    }
  }
  log.header.forEach((text, i) => {
    if (!taken.has(i) && text.trim() !== "") log.extraColumns.push(i);
  });
  if (log.headerLine !== 0) {
    const missing = (["date", "customer_id", "type"] as const).filter((c) => log.columns[c] < 0);
    if (missing.length > 0) throw new LogError(`${name}: missing required column ${missing.join(", ")} (an events log has ${LOG_FIELDS.join(", ")})`);
  }
  log.sealedLayout = log.columns.prev_hash >= 0 && log.columns.hash >= 0;
  if ((log.columns.prev_hash >= 0) !== (log.columns.hash >= 0)) throw new LogError(`${name}: has one of the columns prev_hash and hash but not the other`);
  return log;
}

function cell(row: LogRow, index: number): string {
  return index < 0 || index >= row.cells.length ? "" : row.cells[index]!;
}

export function fieldsOf(log: LogFile, row: LogRow): string[] {
  return LOG_FIELDS.map((f) => cell(row, log.columns[f]));
}

export function chainRowsOf(log: LogFile): ChainRow[] {
  return log.rows.map((row) => ({
    line: row.line,
    fields: fieldsOf(log, row),
    prevHash: cell(row, log.columns.prev_hash).trim(),
    hash: cell(row, log.columns.hash).trim(),
  }));
}

/** The chain check plus what only the file can tell: unreadable records, rows wider than the header. */
export function checkLog(log: LogFile): ChainCheck {
  const check = verifyChain(chainRowsOf(log));
  const extra: ChainProblem[] = log.broken.map((b) => ({ line: b.line, kind: "malformed", reason: `unreadable CSV record: ${b.reason}` }));
  for (const row of log.rows) {
    if (row.cells.length > log.header.length) extra.push({ line: row.line, kind: "malformed", reason: `${row.cells.length} cells but the header has ${log.header.length}: cells beyond the header are not covered by the hash` });
  }
  if (extra.length === 0) return check;
  return { ...check, problems: [...check.problems, ...extra].sort((a, b) => a.line - b.line) };
}

// ---------------------------------------------------------------------------------------------
// Evidence files

/** SHA-256 of a file, read in chunks (call recordings can be large). */
export function hashFile(filePath: string): string {
  const h = createHash("sha256");
  const fd = openSync(filePath, "r");
  try {
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest("hex");
}

/** Where an evidence path points: relative paths are relative to the log's folder. */
export function evidencePath(log: { path: string }, ref: string): string {
  return path.resolve(path.dirname(log.path), ref);
}

/** An evidence path as the log records it: relative to the log's folder, with forward slashes. */
export function recordedEvidencePath(logPath: string, fileAbs: string): string {
  const rel = path.relative(path.dirname(logPath), fileAbs);
  if (rel === "" || path.isAbsolute(rel)) return fileAbs.split(path.sep).join("/");
  return rel.split(path.sep).join("/");
}

export interface EvidenceFinding {
  line: number;
  path: string;
  status: "ok" | "missing" | "changed" | "unhashed";
  recorded: string | null;
  actual: string | null;
}

/** Re-hashes every evidence file the log names. */
export function checkEvidence(log: LogFile): EvidenceFinding[] {
  const findings: EvidenceFinding[] = [];
  for (const row of log.rows) {
    for (const ref of parseEvidence(cell(row, log.columns.evidence))) {
      const abs = evidencePath(log, ref.path);
      let actual: string | null = null;
      try {
        if (statSync(abs).isFile()) actual = hashFile(abs);
      } catch {
        actual = null;
      }
      const recorded = ref.sha256 ?? null;
      const status = actual === null ? "missing" : recorded === null ? "unhashed" : actual === recorded ? "ok" : "changed";
      findings.push({ line: row.line, path: ref.path, status, recorded, actual });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// The writers' lock

export function lockPathOf(logPath: string): string {
  return `${logPath}.lock`;
}

/**
 * Runs `fn` holding the log's lock. Refuses at once (LogLockedError) when another writer holds it,
 * saying who and how to clear a lock that a killed process left behind.
 */
export function withLogLock<T>(log: { name: string; path: string }, command: string, fn: () => T): T {
  const lockPath = lockPathOf(log.path);
  let fd: number;
  try {
    fd = openSync(lockPath, "wx", 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new LogLockedError(lockedMessage(log.name, lockPath));
    if (code === "ENOENT") throw new LogError(`${log.name}: its folder does not exist`);
    throw new LogError(`${log.name}: cannot create the lock file ${path.basename(lockPath)} (${code ?? String(e)})`);
  }
  try {
    writeSync(fd, `pid ${process.pid}\nhost ${hostname()}\nsince ${new Date().toISOString()}\ncommand ${command}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    return fn();
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      // already gone: nothing to release
    }
  }
}

function lockedMessage(name: string, lockPath: string): string {
  const lockName = `${name}.lock`;
  let holder = "";
  let stale = "";
  try {
    const info = Object.fromEntries(
      readFileSync(lockPath, "utf8")
        .split("\n")
        .filter((l) => l.includes(" "))
        .map((l) => [l.slice(0, l.indexOf(" ")), l.slice(l.indexOf(" ") + 1)]),
    );
    holder = ` (pid ${info.pid ?? "?"} on ${info.host ?? "?"} since ${info.since ?? "?"}, ${info.command ?? "ar log"})`;
    const pid = Number(info.pid);
    if (info.host === hostname() && Number.isInteger(pid) && pid > 0 && !isRunning(pid)) stale = ` Process ${pid} is no longer running: the lock is stale.`;
  } catch {
    // the holder released it between our attempt and this read, or wrote nothing yet
  }
  return `${name} is locked by another writer${holder}; nothing was written.${stale} If no ar command is writing this log (one was killed), delete ${lockName} and run the command again.`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

// ---------------------------------------------------------------------------------------------
// Durable writes: see src/io/atomic.ts (temp file, fsync, rename, fsync of the folder).

export { writeFileAtomic as replaceDurably, type WriteOptions } from "./atomic.js";

// ---------------------------------------------------------------------------------------------
// Serializing rows

/** RFC 4180 quoting only: the log stores each cell's text exactly (no formula prefix here). */
function logCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function logLine(cells: readonly string[], eol: string): string {
  return cells.map(logCell).join(",") + eol;
}

/** Physical lines in `text`, as the CSV reader counts them (CRLF, LF, lone CR each end one). */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

export interface Appended {
  line: number;
  fields: string[];
  prevHash: string;
  hash: string;
}

/**
 * Appends sealed rows to a sealed (or new) log: the existing bytes are kept as they are. The caller
 * holds the lock and has read `log` under it. Refuses a log that is not sealed, has rows added by
 * hand since its last seal, or whose chain is broken.
 */
export function appendSealed(log: LogFile, rows: readonly (readonly string[])[], options: WriteOptions = {}): Appended[] {
  // A new or blank file, or one with only a hand-written header, starts over with the sealed header.
  const fresh = log.headerLine === 0 || (!log.sealedLayout && log.rows.length === 0 && log.broken.length === 0);
  if (!fresh) {
    if (!log.sealedLayout) throw new LogError(`${log.name}: this events log is not sealed yet (no prev_hash and hash columns); run \`ar log seal --events ${log.name}\` once, then add rows`);
    if (log.encoding !== "utf-8") throw new LogError(`${log.name}: is encoded in ${log.encoding}; run \`ar log seal --events ${log.name}\` to rewrite it as UTF-8 first`);
  }
  const check = fresh ? undefined : checkLog(log);
  if (check && check.problems.length > 0) {
    const p = check.problems[0]!;
    throw new ChainBrokenError(`${log.name}:${p.line}: the hash chain is broken (${p.kind}: ${p.reason}); nothing was appended. Run \`ar log verify --events ${log.name}\``);
  }
  if (check && check.unsealedTail.length > 0) {
    const lines = check.unsealedTail;
    throw new LogError(
      `${log.name}:${lines[0]}: ${lines.length} row(s) (line ${lines[0]}${lines.length > 1 ? `-${lines[lines.length - 1]}` : ""}) were added without hashes since the last seal; run \`ar log seal --events ${log.name}\` to chain them, or remove them, before adding rows`,
    );
  }
  for (const fields of rows) {
    const bad = unhashableField(fields);
    if (bad !== undefined) throw new LogError(bad);
  }
  const prev = check?.head?.hash ?? GENESIS_HASH;
  const chained = chainRows(prev, rows);
  const header = fresh ? [...SEALED_COLUMNS] : log.header;
  const columns = fresh ? (Object.fromEntries(SEALED_COLUMNS.map((c, i) => [c, i])) as Record<ColumnName, number>) : log.columns;
  const eol = log.eol;
  let prefix: Buffer;
  let text: string;
  let before: string;
  if (fresh) {
    // A new, empty or blank file starts with the header.
    prefix = Buffer.alloc(0);
    before = "";
    text = logLine(header, eol);
  } else {
    prefix = log.bytes;
    before = new TextDecoder("utf-8").decode(log.bytes);
    text = /[\r\n]$/.test(before) ? "" : eol;
  }
  let nextLine = lineBreaks(before + text) + 1;
  const appended: Appended[] = [];
  rows.forEach((fields, k) => {
    const cells = new Array<string>(header.length).fill("");
    LOG_FIELDS.forEach((f, j) => (cells[columns[f]] = fields[j]!));
    cells[columns.prev_hash] = chained[k]!.prevHash;
    cells[columns.hash] = chained[k]!.hash;
    const line = logLine(cells, eol);
    appended.push({ line: nextLine, fields: [...fields], prevHash: chained[k]!.prevHash, hash: chained[k]!.hash });
    nextLine += lineBreaks(line);
    text += line;
  });
  writeFileAtomic(log.path, Buffer.concat([prefix, Buffer.from(text, "utf8")]), options);
  return appended;
}

/** The chain is broken: a data problem (exit 1), not a usage error. */
export class ChainBrokenError extends Error {}

export interface SealResult {
  /** Rows chained by this seal. */
  sealed: number;
  /** Rows that were already sealed. */
  already: number;
  /** Evidence paths whose files were found and hashed into the row before sealing. */
  hashedEvidence: { line: number; path: string }[];
  /** Evidence paths whose files were not found: kept as written, without a hash. */
  missingEvidence: { line: number; path: string }[];
  /** Columns kept but not covered by the hash. */
  extraColumns: string[];
  rewritten: boolean;
  head: string | null;
}

/**
 * Seals a hand-kept log once: rewrites it (UTF-8, the canonical column order, extra columns kept
 * before prev_hash) with every row chained. Rows already sealed keep their hashes; the chain must
 * hold up to them, or nothing is written. Before a row is sealed, each evidence path it names that
 * exists (relative to the log's folder) gets its file's SHA-256 (`path#sha256`).
 */
export function sealLog(log: LogFile, options: WriteOptions = {}): SealResult {
  if (log.headerLine === 0) throw new LogError(`${log.name}: ${log.exists ? "is empty" : "no such file"}: nothing to seal`);
  const check = checkLog(log);
  if (check.problems.length > 0) {
    const p = check.problems[0]!;
    throw new ChainBrokenError(`${log.name}:${p.line}: the hash chain is broken (${p.kind}: ${p.reason}); sealing would hide it, so nothing was written. Run \`ar log verify --events ${log.name}\``);
  }
  const result: SealResult = { sealed: 0, already: check.sealed, hashedEvidence: [], missingEvidence: [], extraColumns: log.extraColumns.map((i) => log.header[i]!), rewritten: false, head: check.head?.hash ?? null };
  const tailStart = log.rows.length - check.unsealedTail.length;
  const tailFields: string[][] = [];
  for (const row of log.rows.slice(tailStart)) {
    const fields = fieldsOf(log, row);
    const e = LOG_FIELDS.indexOf("evidence");
    const refs: EvidenceRef[] = parseEvidence(fields[e]!).map((ref) => {
      if (ref.sha256 !== undefined) return ref;
      const abs = evidencePath(log, ref.path);
      try {
        if (statSync(abs).isFile()) {
          result.hashedEvidence.push({ line: row.line, path: ref.path });
          return { path: ref.path, sha256: hashFile(abs) };
        }
      } catch {
        // not there
      }
      result.missingEvidence.push({ line: row.line, path: ref.path });
      return ref;
    });
    if (refs.some((r) => r.sha256 !== undefined)) fields[e] = formatEvidence(refs);
    const bad = unhashableField(fields);
    if (bad !== undefined) throw new LogError(`${log.name}:${row.line}: ${bad}; remove it, then seal`);
    tailFields.push(fields);
  }
  result.sealed = tailFields.length;
  if (tailFields.length === 0 && log.encoding === "utf-8" && log.sealedLayout) return result;
  const chained = chainRows(check.head?.hash ?? GENESIS_HASH, tailFields);
  const eol = log.eol;
  const header = [...LOG_FIELDS, ...result.extraColumns, "prev_hash", "hash"];
  let text = logLine(header, eol);
  log.rows.forEach((row, k) => {
    const tailIndex = k - tailStart;
    const fields = tailIndex >= 0 ? tailFields[tailIndex]! : fieldsOf(log, row);
    const link = tailIndex >= 0 ? chained[tailIndex]! : { prevHash: cell(row, log.columns.prev_hash).trim(), hash: cell(row, log.columns.hash).trim() };
    text += logLine([...fields, ...log.extraColumns.map((i) => cell(row, i)), link.prevHash, link.hash], eol);
  });
  writeFileAtomic(log.path, Buffer.from(text, "utf8"), options);
  result.rewritten = true;
  result.head = chained.length > 0 ? chained[chained.length - 1]!.hash : result.head;
  return result;
}

// ---------------------------------------------------------------------------------------------
// For every reader of the events log

/**
 * What a command that reads the events log should warn about: a log that is not sealed, rows added
 * by hand since the last seal, a broken chain. One warning each, at most three; an unreadable
 * file gives none here (the reader reports it).
 */
export interface IntegrityWarning extends Diagnostic {
  /** unsealed_log: no hash columns at all; broken_chain: the first problem; unsealed_rows: a hand-added tail. */
  kind: "unsealed_log" | "broken_chain" | "unsealed_rows";
}

export function logIntegrityWarnings(name: string, filePath: string): IntegrityWarning[] {
  let log: LogFile;
  try {
    log = readLogFile(name, filePath);
  } catch {
    return [];
  }
  if (log.rows.length === 0) return [];
  const hint = `ar log seal --events ${name}`;
  if (!log.sealedLayout) {
    return [{ kind: "unsealed_log", file: name, line: log.rows[0]!.line, message: `the events log is not sealed: its ${log.rows.length} row(s) are used, but nothing proves they were not changed (run \`${hint}\`)` }];
  }
  const out: IntegrityWarning[] = [];
  const check = checkLog(log);
  if (check.problems.length > 0) {
    const p = check.problems[0]!;
    out.push({ kind: "broken_chain", file: name, line: p.line, message: `the events log's hash chain is broken here (${p.kind}); the rows are used as they are (run \`ar log verify --events ${name}\`)` });
  }
  const tail = check.unsealedTail;
  if (tail.length > 0) {
    out.push({
      kind: "unsealed_rows",
      file: name,
      line: tail[0]!,
      message: `${tail.length} row(s) (line ${tail[0]}${tail.length > 1 ? `-${tail[tail.length - 1]}` : ""}) are not sealed: added by hand since the last seal; used, but not tamper-evident (run \`${hint}\`)`,
    });
  }
  return out;
}
