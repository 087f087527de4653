/**
 * The call slots as an iCalendar file (RFC 5545), for a collector's calendar: one VEVENT per call
 * at its local time in the configured time zone (a VTIMEZONE with the zone's offsets, so clients
 * that do not know the IANA name still place the calls right).
 *
 * Deterministic: no clock is read. DTSTAMP is the as-of date at 00:00 UTC, UIDs are made from the
 * as-of date, the customer and the slot, so the same list gives the same bytes. Lines end in CRLF
 * and are folded at 75 octets without splitting a UTF-8 sequence; TEXT values are escaped.
 */
import { createHash } from "node:crypto";
import { dayFromYmd, isoDate, ymdOf, type Day } from "../engine/dates.js";

export interface IcsEvent {
  date: Day;
  /** Minutes after midnight, local time in the zone. */
  start: number;
  end: number;
  /** Unique within the calendar and stable across runs. */
  uidSeed: string;
  summary: string;
  description: string;
}

export interface IcsCalendar {
  asOf: Day;
  timezone: string;
  /** Calendar name (X-WR-CALNAME). */
  name: string;
  events: readonly IcsEvent[];
}

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/** Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, "utf8");
    if (octets + n > limit) {
      parts.push(current);
      current = " ";
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join("\r\n");
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

function localStamp(day: Day, minutes: number): string {
  const { y, m, d } = ymdOf(day);
  return `${pad(y, 4)}${pad(m)}${pad(d)}T${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}00`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in minutes at a UTC instant (ms), from Intl. */
function offsetAt(timezone: string, utcMs: number): number {
  let f = formatters.get(timezone);
  if (f === undefined) {
    const options: Intl.DateTimeFormatOptions = { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" };
    f = new Intl.DateTimeFormat("en-US", options);
    formatters.set(timezone, f);
  }
  const parts = f.formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - utcMs) / 60000);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

const DAY_MS = 86400000;

/**
 * VTIMEZONE for the years the events touch: the offset in force on 1 January of the first year,
 * then every change found (to the minute) through the end of the last year.
 */
export function vtimezone(timezone: string, fromYear: number, toYear: number): string[] {
  const startMs = dayFromYmd(fromYear, 1, 1) * DAY_MS;
  const endMs = dayFromYmd(toYear + 1, 1, 1) * DAY_MS;
  const first = offsetAt(timezone, startMs);
  const observances: { atMs: number; from: number; to: number }[] = [{ atMs: startMs, from: first, to: first }];
  let prev = first;
  // Changes are at least weeks apart: probe every 6 hours, then bisect to the minute.
  for (let t = startMs + 6 * 3600000; t <= endMs; t += 6 * 3600000) {
    const off = offsetAt(timezone, t);
    if (off === prev) continue;
    let lo = t - 6 * 3600000;
    let hi = t;
    while (hi - lo > 60000) {
      const mid = lo + Math.floor((hi - lo) / 120000) * 60000;
      if (offsetAt(timezone, mid) === prev) lo = mid;
      else hi = mid;
    }
    observances.push({ atMs: hi, from: prev, to: off });
    prev = off;
  }
  const standard = Math.min(...observances.map((o) => o.to));
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timezone}`];
  for (const [k, o] of observances.entries()) {
    // DTSTART is the local time of the change in the offset it changes from; the offset in force
    // when the years begin is given from 1970, as calendar programs write it.
    const local = k === 0 ? 0 : o.atMs + o.from * 60000;
    const day = Math.floor(local / DAY_MS);
    const minutes = Math.floor((local - day * DAY_MS) / 60000);
    const kind = o.to > standard ? "DAYLIGHT" : "STANDARD";
    lines.push(`BEGIN:${kind}`, `DTSTART:${localStamp(day, minutes)}`, `TZOFFSETFROM:${offsetText(o.from)}`, `TZOFFSETTO:${offsetText(o.to)}`, `END:${kind}`);
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

export function uidOf(asOf: Day, seed: string): string {
  const h = createHash("sha256").update(`${isoDate(asOf)}\u0000${seed}`).digest("hex").slice(0, 32);
  return `${h}@ar-calls`;
}

export function renderIcs(cal: IcsCalendar): string {
  const { y: asOfYear } = ymdOf(cal.asOf);
  const years = cal.events.map((e) => ymdOf(e.date).y);
  const fromYear = Math.min(asOfYear, ...years);
  const toYear = Math.max(asOfYear, ...years);
  const { y, m, d } = ymdOf(cal.asOf);
  const stamp = `${pad(y, 4)}${pad(m)}${pad(d)}T000000Z`;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//ar-aging//ar calls//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    `X-WR-TIMEZONE:${cal.timezone}`,
    ...vtimezone(cal.timezone, fromYear, toYear),
  ];
  for (const e of cal.events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uidOf(cal.asOf, e.uidSeed)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;TZID=${cal.timezone}:${localStamp(e.date, e.start)}`,
      `DTEND;TZID=${cal.timezone}:${localStamp(e.date, e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      "TRANSP:OPAQUE",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
