/**
 * Calendar dates as whole days since 1970-01-01 (a `Day`).
 *
 * The engine never needs a time of day or a time zone: ledgers carry calendar dates, and
 * "days overdue" is a difference of calendar dates. Integers keep millions of rows compact
 * (typed arrays) and make date arithmetic exact. Conversions use the proleptic Gregorian
 * calendar (H. Hinnant's days_from_civil / civil_from_days).
 */
export type Day = number;

export interface Ymd {
  y: number;
  m: number; // 1..12
  d: number; // 1..31
}

export function dayFromYmd(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function ymdOf(day: Day): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** True when y-m-d names a real calendar day (rejects 2025-02-30). */
export function isValidYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** `YYYY-MM-DD`. */
export function isoDate(day: Day): string {
  const { y, m, d } = ymdOf(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Parses exactly `YYYY-MM-DD` (for flags and config); undefined when it is not a real date. */
export function parseIsoDate(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : undefined;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The same day of month `months` later; the month's last day when it has no such day. */
export function addMonthsClamped(day: Day, months: number): Day {
  const { y, m, d } = ymdOf(day);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return dayFromYmd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function lastDayOfMonth(day: Day): Day {
  const { y, m } = ymdOf(day);
  return dayFromYmd(y, m, daysInMonth(y, m));
}

export function firstDayOfMonth(day: Day): Day {
  const { y, m } = ymdOf(day);
  return dayFromYmd(y, m, 1);
}
