/**
 * One shape for everything the toolkit finds wrong or worth saying about its inputs (SPEC.md
 * "Global conventions": a rejected row is `FILE:LINE: reason` on stderr and `{file, line, reason}`
 * in JSON `rejected`; "Validation": `ar check` lists them). Rejected rows, warnings of the readers
 * and of settlement, and notes are all Problems; the stderr line, the JSON item and `ar check`'s
 * listing are views of one (io/problems.ts).
 */

/** Where a problem is: the file as named on the command line (`-` for stdin), its physical line, and later its sheet. */
export interface Place {
  file: string;
  line: number;
  /** A workbook's sheet (SPEC "Spreadsheets": `FILE:SHEET!ROW`). */
  sheet?: string;
}

/** error: the row was rejected (not used; `--strict` fails the run). warning: used, but suspicious. note: said once, nothing wrong. */
export type Severity = "error" | "warning" | "note";

export interface Problem {
  place: Place | null;
  severity: Severity;
  /** A stable code for scripts and filters (`row.rejected`, `applies_to.orphan`, `log.broken_chain` …); never shown as words. */
  code: string;
  /** In English, as the README's "Rules decided" says diagnostics are. */
  message: string;
}

export function rejectedRow(file: string, line: number, reason: string, code = "row.rejected", sheet?: string): Problem {
  return { place: placeAt(file, line, sheet), severity: "error", code, message: reason };
}

export function warningAt(file: string, line: number, message: string, code: string, sheet?: string): Problem {
  return { place: placeAt(file, line, sheet), severity: "warning", code, message };
}

function placeAt(file: string, line: number, sheet: string | undefined): Place {
  return sheet === undefined ? { file, line } : { file, line, sheet };
}

/** A problem with no place (a whole file, a whole run). */
export function generalProblem(severity: Severity, code: string, message: string): Problem {
  return { place: null, severity, code, message };
}

/** Rejected rows: the problems `--strict` counts and JSON `rejected` lists. */
export function rejectedOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === "error" && p.place !== null);
}
