/**
 * `--holidays FILE`: the user's own calendar days, `date, off|work`, which win over weekends and
 * China's official arrangements (other countries, company shutdowns, years the calendar library
 * has not published yet). Bad rows are rejected like ledger rows; a date given twice with the
 * same meaning is fine, with two meanings it is rejected (the earlier row is kept).
 */
import type { Readable } from "node:stream";
import type { DayOverride } from "../engine/calendar.js";
import { isoDate, type Day } from "../engine/dates.js";
import { Invalid, parseDate, type DateFormat } from "../engine/values.js";
import type { EncodingOption } from "./decode.js";
import { UsageProblem } from "./headers.js";
import type { Rejected } from "./read-ledger.js";
import { at, cellAt, columnOf, dateAt, readTable } from "./read-table.js";

export interface HolidaysRead {
  overrides: Map<Day, DayOverride>;
  rejected: Rejected[];
  notes: string[];
}

const KIND_WORDS: Record<string, DayOverride> = {
  off: "off",
  holiday: "off",
  closed: "off",
  rest: "off",
  休: "off",
  休息: "off",
  放假: "off",
  假: "off",
  节假日: "off",
  work: "work",
  working: "work",
  workday: "work",
  open: "work",
  班: "work",
  上班: "work",
  补班: "work",
  调休上班: "work",
  工作日: "work",
};

export function parseDayKind(text: string): DayOverride | undefined {
  return KIND_WORDS[text.trim().toLowerCase().replace(/[\s_\-]/g, "")];
}

export async function readHolidays(name: string, options: { encoding: EncodingOption; stdin: Readable; path?: string; dateFormat?: DateFormat }): Promise<HolidaysRead> {
  const table = await readTable(name, options.encoding, options.stdin, options.path ?? name);
  const rejected: Rejected[] = table.broken.map((b) => at(table, { file: name, line: b.line, reason: b.reason }));
  const overrides = new Map<Day, DayOverride>();
  const notes: string[] = [];
  if (table.headerLine === 0) {
    notes.push(`${name}: empty holidays file`);
    return { overrides, rejected, notes };
  }
  let dateCol = columnOf(table, "date", "day", "日期");
  let kindCol = columnOf(table, "kind", "type", "off_work", "offwork", "status", "day_type", "类型", "安排");
  // A file with no header at all (`2025-10-01,off`): its first row is data.
  const headerless = table.header.length >= 2 && typeof parseDate(table.header[0]!) === "number" && parseDayKind(table.header[1]!) !== undefined;
  if (headerless) {
    dateCol = 0;
    kindCol = 1;
    table.rows.unshift({ line: table.headerLine, cells: table.header });
  } else if (dateCol >= 0 && kindCol < 0 && table.header.length === 2) {
    kindCol = 1 - dateCol; // `date,off|work` names its second column anyhow
  }
  const missing = [dateCol < 0 ? "date" : "", kindCol < 0 ? "kind (off|work)" : ""].filter((s) => s !== "");
  if (missing.length > 0) throw new UsageProblem(`${name}: missing required column ${missing.join(", ")} (a holidays file has: date, kind with off or work)`);
  for (const row of table.rows) {
    const problems: string[] = [];
    const d = parseDate(dateAt(table, row, dateCol), options.dateFormat);
    if (d === null) problems.push("missing date");
    else if (d instanceof Invalid) problems.push(d.reason);
    const kindText = cellAt(row, kindCol);
    const kind = parseDayKind(kindText);
    if (kindText === "") problems.push("missing kind (off or work)");
    else if (kind === undefined) problems.push(`"${kindText}" is neither off nor work`);
    if (typeof d === "number" && kind !== undefined) {
      const before = overrides.get(d);
      if (before !== undefined && before !== kind) problems.push(`${isoDate(d)} is already marked ${before} on an earlier row`);
    }
    if (problems.length > 0 || typeof d !== "number" || kind === undefined) {
      rejected.push(at(table, { file: name, line: row.line, reason: problems.join("; ") }));
      continue;
    }
    overrides.set(d, kind);
  }
  return { overrides, rejected, notes };
}
