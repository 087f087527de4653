/**
 * The part of lunar-javascript (MIT, 6tail) that `src/engine/calendar.ts` uses. The package ships
 * no types; this declares only what we call, as the library's lunar.js defines it.
 */
declare module "lunar-javascript" {
  export interface Solar {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    toYmd(): string;
  }

  export interface Lunar {
    getSolar(): Solar;
  }

  export const Lunar: {
    /** A lunar date; a negative month names a leap month. */
    fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): Lunar;
  };

  /** One day of an official holiday arrangement (放假安排). */
  export interface Holiday {
    /** `YYYY-MM-DD` */
    getDay(): string;
    /** e.g. "春节", "国庆中秋" */
    getName(): string;
    /** true for a make-up working day (调休上班), false for a day off */
    isWork(): boolean;
    /** `YYYY-MM-DD` of the holiday this day belongs to (its 节日 date) */
    getTarget(): string;
  }

  export const HolidayUtil: {
    getHoliday(year: number, month: number, day: number): Holiday | null;
    getHoliday(ymd: string): Holiday | null;
    /** Every arranged day whose own date is in `year` (or `YYYYMM`), in date order. */
    getHolidays(yearOrYearMonth: number | string): Holiday[];
  };
}
