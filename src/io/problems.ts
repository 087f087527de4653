/**
 * The views of a `Problem` (engine/problem.ts): the stderr line, the JSON `rejected` item and
 * `ar check`'s finding (SPEC.md "Global conventions", "Validation"). Every diagnostic the toolkit
 * prints about its inputs goes through `problemLine`, so the format is written once:
 *
 *   FILE:LINE: reason              a rejected row (severity error)
 *   FILE:LINE: warning: message    a row used, but suspicious
 *   ar: warning: message           a warning about a whole input or the run
 *   ar: note: message              a note (title rows skipped, an empty file)
 *
 * Language rule (README "Rules decided"): a diagnostic line is wholly English whatever `--lang`
 * says, because its message quotes the input's own field names and cells in English sentences;
 * only the one-line summaries a person reads at the end (`--strict`) follow `--lang`, wholly.
 */
import type { Problem } from "../engine/problem.js";
import { escapeControl, placeOf, rejectedJson as rejectedRowsJson, type Rejected } from "./read-ledger.js";
import type { Lang } from "./i18n.js";

/** The stderr line of a problem, without the newline; control characters of the input escaped. */
export function problemLine(p: Problem): string {
  const message = escapeControl(p.message);
  if (p.place === null) return `ar: ${p.severity}: ${message}`;
  if (p.severity === "error") return `${placeOf(p.place)}: ${message}`;
  return `${placeOf(p.place)}: ${p.severity}: ${message}`;
}

export interface ProblemSink {
  write(chunk: string): unknown;
}

/** Prints problems on stderr, one line each, in the order given. */
export function printProblems(err: ProblemSink, problems: readonly Problem[]): void {
  for (const p of problems) err.write(`${problemLine(p)}\n`);
}

/** A rejected row as JSON outputs carry it (SPEC: `{file, line, reason}`; `sheet` only for a workbook). */
export interface RejectedJson {
  file: string;
  line: number;
  reason: string;
  sheet?: string;
}

/** JSON `rejected`: the rejected rows among `problems`, in order, as every report writes them (read-ledger's rejectedJson). */
export function rejectedJson(problems: readonly Problem[]): RejectedJson[] {
  const rows: Rejected[] = [];
  for (const p of problems) if (p.severity === "error" && p.place !== null) rows.push({ ...p.place, reason: p.message });
  return rejectedRowsJson(rows);
}

/** `ar check`'s finding: a problem with a place, as its table, CSV and JSON list it. */
export interface Finding {
  file: string;
  line: number;
  severity: "error" | "warning" | "skipped";
  message: string;
  /** A workbook's sheet. */
  sheet?: string;
}

export function findingOf(p: Problem): Finding {
  const place = p.place ?? { file: "", line: 0 };
  const finding: Finding = { file: place.file, line: place.line, severity: p.severity === "error" ? "error" : "warning", message: p.message };
  if (place.sheet !== undefined) finding.sheet = place.sheet;
  return finding;
}

const STRICT_SUMMARY: Record<Lang, (n: number) => string> = {
  en: (n) => `ar: --strict: ${n} row(s) rejected; no report written`,
  zh: (n) => `ar: --strict: ${n} 行被拒绝，未写出报表`,
};

/** The line `--strict` ends a run with, wholly in the run's language. */
export function strictSummary(lang: Lang, rejected: number): string {
  return STRICT_SUMMARY[lang](rejected);
}
