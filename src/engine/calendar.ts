/**
 * China's business-day calendar and the festival dates that drive the holiday push (SPEC.md,
 * "Collector call list": Business days, Holiday push).
 *
 * A day is a business day unless it is a weekend day or a statutory holiday, and the announced
 * make-up working days (调休上班, e.g. Sunday 2025-09-28) are business days although they fall on
 * a weekend. The official arrangements (the State Council's yearly 放假安排 notices) and the
 * lunar dates come from lunar-javascript, a maintained library, never from a hand-typed table or
 * from Node's Intl Chinese calendar (which is a day off for Spring Festival 2027 and 2030).
 * The user's own rows (`--holidays FILE`: date, off|work) win over everything, so other
 * countries and years the library does not know yet can be filled in.
 */
import { HolidayUtil, Lunar } from "lunar-javascript";
import { type Day, dayFromYmd, weekdayOf, ymdOf } from "./dates.js";

export type DayOverride = "off" | "work";

export interface CalendarOptions {
  /** The user's own days, which win over weekends and the official arrangement alike. */
  overrides?: ReadonlyMap<Day, DayOverride>;
  /** Apply China's official holiday arrangements (default true); false leaves weekends and overrides. */
  useChinaHolidays?: boolean;
}

/** One Gregorian year, computed once: call slots and plans ask about the same days many times. */
interface YearTable {
  start: Day;
  end: Day; // exclusive
  business: Uint8Array; // 1 = business day, indexed by day - start
  holidayNames: Map<Day, string>; // official days off, for display
}

export class BusinessCalendar {
  private readonly overrides: ReadonlyMap<Day, DayOverride>;
  private readonly overrideYears: ReadonlySet<number>;
  private readonly useChinaHolidays: boolean;
  private readonly years = new Map<number, YearTable>();
  private lastTable: YearTable | undefined;

  constructor(options: CalendarOptions = {}) {
    const overrides = new Map<Day, DayOverride>();
    const overrideYears = new Set<number>();
    for (const [day, kind] of options.overrides ?? []) {
      checkDay(day);
      if (kind !== "off" && kind !== "work") throw new RangeError(`day override must be "off" or "work", got ${String(kind)}`);
      overrides.set(day, kind);
      overrideYears.add(ymdOf(day).y);
    }
    // A copy, so that a caller changing its map later cannot leave stale cached years behind.
    this.overrides = overrides;
    this.overrideYears = overrideYears;
    this.useChinaHolidays = options.useChinaHolidays ?? true;
  }

  isBusinessDay(day: Day): boolean {
    checkDay(day);
    const table = this.tableFor(day);
    return table.business[day - table.start] === 1;
  }

  /** The n-th business day after `day` (n >= 1), before it for n < 0; addBusinessDays(d, 0) = d. */
  addBusinessDays(day: Day, n: number): Day {
    checkDay(day);
    if (!Number.isInteger(n)) throw new RangeError(`business-day count must be an integer, got ${n}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let current = day;
    while (remaining > 0) {
      current += step;
      if (this.isBusinessDay(current)) remaining--;
    }
    return current;
  }

  nextBusinessDayOnOrAfter(day: Day): Day {
    let current = day;
    while (!this.isBusinessDay(current)) current++;
    return current;
  }

  lastBusinessDayOnOrBefore(day: Day): Day {
    let current = day;
    while (!this.isBusinessDay(current)) current--;
    return current;
  }

  /**
   * The years touched by `days` whose holidays this calendar does not know: the library has no
   * official arrangement for them (or China's holidays are switched off) and no override row falls
   * in them. Such years are computed from weekends alone, which deserves a warning.
   */
  yearsWithoutArrangement(days: Iterable<Day>): number[] {
    const touched = new Set<number>();
    let knownStart = 0;
    let knownEnd = 0; // the year of the previous day, to skip ymdOf for runs of days in one year
    for (const day of days) {
      checkDay(day);
      if (day >= knownStart && day < knownEnd) continue;
      const { y } = ymdOf(day);
      touched.add(y);
      knownStart = dayFromYmd(y, 1, 1);
      knownEnd = dayFromYmd(y + 1, 1, 1);
    }
    return [...touched]
      .filter((y) => !this.overrideYears.has(y) && !(this.useChinaHolidays && hasOfficialArrangement(y)))
      .sort((a, b) => a - b);
  }

  /**
   * The statutory holiday that makes `day` a day off, as the library names it ("春节", "国庆节";
   * "国庆中秋" in 2025, when the two were joined). Undefined for working days, make-up working
   * days, plain weekends and days the user marked off.
   */
  holidayName(day: Day): string | undefined {
    if (this.isBusinessDay(day)) return undefined;
    return this.tableFor(day).holidayNames.get(day);
  }

  private tableFor(day: Day): YearTable {
    const last = this.lastTable;
    if (last !== undefined && day >= last.start && day < last.end) return last;
    const { y } = ymdOf(day);
    let table = this.years.get(y);
    if (table === undefined) {
      table = this.buildYear(y);
      this.years.set(y, table);
    }
    this.lastTable = table;
    return table;
  }

  private buildYear(year: number): YearTable {
    const start = dayFromYmd(year, 1, 1);
    const end = dayFromYmd(year + 1, 1, 1);
    const business = new Uint8Array(end - start);
    for (let day = start; day < end; day++) {
      const weekday = weekdayOf(day);
      business[day - start] = weekday === 0 || weekday === 6 ? 0 : 1;
    }
    const holidayNames = new Map<Day, string>();
    if (this.useChinaHolidays) {
      for (const arranged of officialDays(year)) {
        business[arranged.day - start] = arranged.work ? 1 : 0;
        if (!arranged.work) holidayNames.set(arranged.day, arranged.name);
      }
    }
    if (this.overrideYears.has(year)) {
      for (const [day, kind] of this.overrides) {
        if (day >= start && day < end) business[day - start] = kind === "work" ? 1 : 0;
      }
    }
    return { start, end, business, holidayNames };
  }
}

interface ArrangedDay {
  day: Day;
  name: string;
  work: boolean;
  /** the Gregorian year of the holiday the day belongs to (2001-12-29 belongs to New Year 2002) */
  targetYear: number;
}

/** The library's arranged days dated in `year` (including make-up days for next year's holidays). */
function officialDays(year: number): ArrangedDay[] {
  return HolidayUtil.getHolidays(year).map((holiday) => ({
    day: dayOfIso(holiday.getDay()),
    name: holiday.getName(),
    work: holiday.isWork(),
    targetYear: Number(holiday.getTarget().slice(0, 4)),
  }));
}

const arrangementByYear = new Map<number, boolean>();

/**
 * Whether the library carries the official arrangement for `year`: some holiday of that year is
 * listed. A year whose only listed days are late-December make-up days for the next New Year
 * (2001) does not count.
 */
export function hasOfficialArrangement(year: number): boolean {
  let known = arrangementByYear.get(year);
  if (known === undefined) {
    // Holidays of `year` are dated in `year` itself; only their make-up days may fall outside it.
    known = officialDays(year).some((arranged) => arranged.targetYear === year);
    arrangementByYear.set(year, known);
  }
  return known;
}

/**
 * The years with an official arrangement in the library, ascending (2002–2026 for
 * lunar-javascript 1.7.7). Scans 1949–2199, well around any data the library can hold.
 */
export function officialArrangementYears(): number[] {
  const years: number[] = [];
  for (let year = 1949; year < 2200; year++) if (hasOfficialArrangement(year)) years.push(year);
  return years;
}

/** Spring Festival (春节): the 1st day of the 1st lunar month of `year`. */
export function springFestival(year: number): Day {
  return solarDayOfLunar(year, 1, 1);
}

/** Mid-Autumn Festival (中秋节): the 15th day of the 8th lunar month of `year`. */
export function midAutumn(year: number): Day {
  return solarDayOfLunar(year, 8, 15);
}

function solarDayOfLunar(year: number, month: number, dayOfMonth: number): Day {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  const solar = Lunar.fromYmd(year, month, dayOfMonth).getSolar();
  return dayFromYmd(solar.getYear(), solar.getMonth(), solar.getDay());
}

function dayOfIso(text: string): Day {
  return dayFromYmd(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}

function checkDay(day: Day): void {
  if (!Number.isInteger(day)) throw new RangeError(`not a day: ${day}`);
}
