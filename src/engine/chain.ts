/**
 * The events log's hash chain (SPEC.md "Contact and evidence log"): the canonical form of a row,
 * its SHA-256, and the check of a whole chain that names the first line edited, inserted, deleted
 * or reordered.
 *
 * Canonical form of a row, the bytes that `hash` is the SHA-256 of (lowercase hex):
 *
 *   prev_hash US date US customer_id US type US doc_no US amount US due_date US note US evidence
 *
 * where US is the single byte 0x1F (ASCII "unit separator"), each field is the cell's text exactly
 * as stored (after CSV unquoting, not trimmed), UTF-8, and nothing follows the last field (no
 * separator, no newline). `prev_hash` is the previous row's `hash`; the first row's is 64 zeros.
 * A cell that contains US cannot be sealed, so the form is unambiguous. An auditor recomputes a
 * row with `printf '%s\037%s\037…' "$prev_hash" "$date" … | sha256sum`.
 *
 * Hashing is a deterministic computation over the strings given, so it belongs in the engine.
 */
import { createHash } from "node:crypto";

/** The hashed fields after `prev_hash`, in canonical order (also the log's column order). */
export const LOG_FIELDS = ["date", "customer_id", "type", "doc_no", "amount", "due_date", "note", "evidence"] as const;
export type LogField = (typeof LOG_FIELDS)[number];

/** The columns a sealed log has: the fields, then the two chain columns. */
export const SEALED_COLUMNS = [...LOG_FIELDS, "prev_hash", "hash"] as const;

export const GENESIS_HASH = "0".repeat(64);
export const SEPARATOR = "\x1f";

const HEX64 = /^[0-9a-f]{64}$/;

export function isHash(text: string): boolean {
  return HEX64.test(text);
}

/** The exact text that is hashed (see the module comment). */
export function canonicalForm(prevHash: string, fields: readonly string[]): string {
  if (fields.length !== LOG_FIELDS.length) throw new RangeError(`a log row has ${LOG_FIELDS.length} fields, got ${fields.length}`);
  return [prevHash, ...fields].join(SEPARATOR);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(typeof data === "string" ? Buffer.from(data, "utf8") : data).digest("hex");
}

/** `hash` of a row: SHA-256 of its canonical form, lowercase hex. */
export function rowHash(prevHash: string, fields: readonly string[]): string {
  return sha256Hex(canonicalForm(prevHash, fields));
}

/** Why a row's fields cannot be hashed unambiguously, or undefined when they can. */
export function unhashableField(fields: readonly string[]): string | undefined {
  for (let k = 0; k < fields.length; k++) {
    if (fields[k]!.includes(SEPARATOR)) return `${LOG_FIELDS[k]} contains the control character 0x1F, which the hash form reserves`;
  }
  return undefined;
}

/** One data row of the log: its fields in LOG_FIELDS order, and the chain cells ("" when unsealed). */
export interface ChainRow {
  line: number;
  fields: readonly string[];
  prevHash: string;
  hash: string;
}

export type ChainProblemKind = "edited" | "deleted" | "inserted" | "reordered" | "unsealed" | "malformed";

export interface ChainProblem {
  line: number;
  kind: ChainProblemKind;
  reason: string;
}

export interface ChainCheck {
  /** Rows that carry hashes. */
  sealed: number;
  /** Rows after the last sealed row that carry none (added by hand since the last seal). */
  unsealedTail: number[];
  /** The last sealed row's hash and line: what an auditor records to detect a later truncation. */
  head: { hash: string; line: number } | null;
  /** In line order; empty when the chain holds. */
  problems: ChainProblem[];
}

function isUnsealed(row: ChainRow): boolean {
  return row.prevHash === "" && row.hash === "";
}

/**
 * Checks a chain. Each sealed row is checked twice: its own fields against its `hash` (an edit),
 * and its `prev_hash` against the `hash` of the row above it (a deletion, insertion or move).
 * A broken link is explained by what the row's `prev_hash` does match: nothing (the row above it
 * was deleted, or edited and re-hashed), the row two above (the row just above was inserted),
 * a row further down (rows were reordered), a row further up (rows between were inserted or moved).
 */
export function verifyChain(rows: readonly ChainRow[]): ChainCheck {
  const problems: ChainProblem[] = [];
  let lastSealed = -1;
  for (let k = rows.length - 1; k >= 0; k--) {
    if (!isUnsealed(rows[k]!)) {
      lastSealed = k;
      break;
    }
  }
  const lineOfHash = new Map<string, number>(); // stored hash → index of the first row carrying it
  for (let k = 0; k <= lastSealed; k++) {
    const h = rows[k]!.hash;
    if (h !== "" && !lineOfHash.has(h)) lineOfHash.set(h, k);
  }
  let sealed = 0;
  for (let k = 0; k <= lastSealed; k++) {
    const row = rows[k]!;
    if (isUnsealed(row)) {
      problems.push({ line: row.line, kind: "inserted", reason: "row without prev_hash and hash inside the sealed part of the log (added after sealing)" });
      continue;
    }
    sealed++;
    if (!isHash(row.prevHash) || !isHash(row.hash)) {
      problems.push({ line: row.line, kind: "malformed", reason: "prev_hash and hash must each be 64 lowercase hexadecimal digits" });
      continue;
    }
    const unhashable = unhashableField(row.fields);
    if (unhashable !== undefined) {
      problems.push({ line: row.line, kind: "malformed", reason: unhashable });
      continue;
    }
    if (rowHash(row.prevHash, row.fields) !== row.hash) {
      problems.push({ line: row.line, kind: "edited", reason: "the row's fields do not match its hash: the row was edited after it was written" });
    }
    const expected = k === 0 ? GENESIS_HASH : rows[k - 1]!.hash;
    if (row.prevHash === expected) continue;
    problems.push(linkProblem(rows, k, lineOfHash));
  }
  problems.sort((a, b) => a.line - b.line);
  const unsealedTail: number[] = [];
  for (let k = lastSealed + 1; k < rows.length; k++) unsealedTail.push(rows[k]!.line);
  const head = lastSealed >= 0 ? { hash: rows[lastSealed]!.hash, line: rows[lastSealed]!.line } : null;
  return { sealed, unsealedTail, head, problems };
}

function linkProblem(rows: readonly ChainRow[], k: number, lineOfHash: Map<string, number>): ChainProblem {
  const row = rows[k]!;
  const above = k > 0 ? rows[k - 1]! : undefined;
  if (row.prevHash === GENESIS_HASH) {
    let linked = rows[0]!.prevHash === GENESIS_HASH;
    for (let j = 1; j < k && linked; j++) linked = rows[j]!.prevHash === rows[j - 1]!.hash;
    if (linked) {
      const span = k === 1 ? `line ${rows[0]!.line} was` : `lines ${rows[0]!.line}-${above!.line} were`;
      return { line: rows[0]!.line, kind: "inserted", reason: `line ${row.line} is the first row of the chain (prev_hash is 64 zeros): ${span} inserted before it` };
    }
    return { line: row.line, kind: "reordered", reason: `this row is the first row of the chain (prev_hash is 64 zeros) but comes after line ${above!.line}: rows were reordered` };
  }
  const follows = lineOfHash.get(row.prevHash);
  if (follows === undefined) {
    if (k === 0) return { line: row.line, kind: "deleted", reason: "the first row's prev_hash is not 64 zeros: the log's first rows were deleted" };
    return {
      line: row.line,
      kind: "deleted",
      reason: `prev_hash matches no row of the log: a row between line ${above!.line} and this line was deleted (or line ${above!.line} was edited and re-hashed)`,
    };
  }
  if (follows >= k) {
    return { line: row.line, kind: "reordered", reason: `this row follows line ${rows[follows]!.line}, which now comes after it: rows were reordered` };
  }
  // It follows a row further up. If the rows in between chain correctly onto that row, they are a
  // forged insertion; otherwise rows were moved.
  let linked = true;
  for (let j = follows + 1; j < k && linked; j++) linked = rows[j]!.prevHash === rows[j - 1]!.hash;
  if (linked) {
    const first = rows[follows + 1]!.line;
    const span = follows + 1 === k - 1 ? `line ${first} was` : `lines ${first}-${above!.line} were`;
    return { line: first, kind: "inserted", reason: `line ${row.line} follows line ${rows[follows]!.line} directly: ${span} inserted between them` };
  }
  return { line: row.line, kind: "reordered", reason: `this row follows line ${rows[follows]!.line}, not line ${above!.line}: rows were reordered` };
}

/** Chains rows onto `prevHash` (the genesis hash for a new log): their prev_hash and hash, in order. */
export function chainRows(prevHash: string, rows: readonly (readonly string[])[]): { prevHash: string; hash: string }[] {
  const out: { prevHash: string; hash: string }[] = [];
  let prev = prevHash;
  for (const fields of rows) {
    const hash = rowHash(prev, fields);
    out.push({ prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evidence cells: `path#sha256`, several separated by `;` (`|` is read too, as the readers do)

export interface EvidenceRef {
  path: string;
  /** Lowercase hex SHA-256 of the file when it was recorded; undefined for a path written by hand. */
  sha256: string | undefined;
}

const EVIDENCE_ITEM = /^(.*)#([0-9a-fA-F]{64})$/;

/** Reads an evidence cell: `a.m4a#<sha256>; b.png#<sha256>`, or plain paths in a hand-kept log. */
export function parseEvidence(cell: string): EvidenceRef[] {
  const refs: EvidenceRef[] = [];
  for (const part of cell.split(/[;|]/)) {
    const item = part.trim();
    if (item === "") continue;
    const m = EVIDENCE_ITEM.exec(item);
    refs.push(m ? { path: m[1]!.trim(), sha256: m[2]!.toLowerCase() } : { path: item, sha256: undefined });
  }
  return refs;
}

export function formatEvidence(refs: readonly EvidenceRef[]): string {
  return refs.map((r) => (r.sha256 === undefined ? r.path : `${r.path}#${r.sha256}`)).join(";");
}
