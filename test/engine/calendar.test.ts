import { HolidayUtil } from "lunar-javascript";
import { describe, expect, it } from "vitest";
import {
  BusinessCalendar,
  type DayOverride,
  hasOfficialArrangement,
  midAutumn,
  officialArrangementYears,
  springFestival,
} from "../../src/engine/calendar.js";
import { type Day, dayFromYmd, isoDate, parseIsoDate, weekdayOf } from "../../src/engine/dates.js";

const d = (iso: string): Day => {
  const day = parseIsoDate(iso);
  if (day === undefined) throw new Error(`bad test date ${iso}`);
  return day;
};

const china = new BusinessCalendar();

function businessDaysIn(calendar: BusinessCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = d(from); day <= d(to); day++) if (calendar.isBusinessDay(day)) count++;
  return count;
}

describe("China's business days", () => {
  // 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号): 国庆节、中秋节 10月1日至8日
  // 放假调休，共8天；9月28日（周日）、10月11日（周六）上班.
  it("keeps the National Day / Mid-Autumn week 2025 off and its make-up Sunday and Saturday on", () => {
    expect(weekdayOf(d("2025-09-28"))).toBe(0); // a Sunday
    expect(china.isBusinessDay(d("2025-09-28"))).toBe(true);
    expect(weekdayOf(d("2025-10-11"))).toBe(6); // a Saturday
    expect(china.isBusinessDay(d("2025-10-11"))).toBe(true);
    for (let day = d("2025-10-01"); day <= d("2025-10-08"); day++) {
      expect(china.isBusinessDay(day), isoDate(day)).toBe(false);
    }
    expect(china.isBusinessDay(d("2025-10-09"))).toBe(true); // Thursday, back to work
    expect(china.isBusinessDay(d("2025-09-30"))).toBe(true);
  });

  // 2026年部分节假日安排 (国办发明电〔2025〕7号): 春节 2月15日至23日放假调休，共9天；
  // 2月14日（周六）、2月28日（周六）上班.
  it("makes Saturday 2026-02-14 a working day before the Spring Festival break", () => {
    expect(weekdayOf(d("2026-02-14"))).toBe(6);
    expect(china.isBusinessDay(d("2026-02-14"))).toBe(true);
    expect(china.isBusinessDay(d("2026-02-28"))).toBe(true);
    expect(china.isBusinessDay(d("2026-02-15"))).toBe(false);
    expect(china.isBusinessDay(d("2026-02-23"))).toBe(false); // a Monday inside the break
    expect(china.isBusinessDay(d("2026-02-24"))).toBe(true);
  });

  it("treats plain weekends as days off and plain weekdays as business days", () => {
    expect(china.isBusinessDay(d("2025-06-14"))).toBe(false); // Saturday
    expect(china.isBusinessDay(d("2025-06-15"))).toBe(false); // Sunday
    expect(china.isBusinessDay(d("2025-06-16"))).toBe(true); // Monday
  });

  it("counts 248 business days in 2025 and in 2026, by hand from the two notices", () => {
    // 2025: 261 weekdays; holidays on weekdays 1 (元旦) + 6 (春节 1/28-31, 2/3-4) + 1 (清明 4/4)
    // + 3 (劳动节 5/1, 5/2, 5/5) + 1 (端午 6/2) + 6 (国庆中秋 10/1-3, 10/6-8) = 18;
    // make-up days 1/26, 2/8, 4/27, 9/28, 10/11 = 5.  261 - 18 + 5 = 248.
    expect(businessDaysIn(china, "2025-01-01", "2025-12-31")).toBe(248);
    // 2026: 261 weekdays; 2 (元旦 1/1-2) + 6 (春节 2/16-20, 2/23) + 1 (清明 4/6) + 3 (劳动节 5/1, 5/4-5)
    // + 1 (端午 6/19) + 1 (中秋 9/25) + 5 (国庆 10/1-2, 10/5-7) = 19;
    // make-up days 1/4, 2/14, 2/28, 5/9, 9/20, 10/10 = 6.  261 - 19 + 6 = 248.
    expect(businessDaysIn(china, "2026-01-01", "2026-12-31")).toBe(248);
  });

  it("agrees with every day the library lists, 2001-2026", () => {
    for (let year = 2001; year <= 2026; year++) {
      for (const holiday of HolidayUtil.getHolidays(year)) {
        expect(china.isBusinessDay(d(holiday.getDay())), holiday.toString()).toBe(holiday.isWork());
      }
    }
  });

  it("counts a late-December make-up day for next year's New Year (2001-12-29, Saturday)", () => {
    expect(weekdayOf(d("2001-12-29"))).toBe(6);
    expect(china.isBusinessDay(d("2001-12-29"))).toBe(true);
  });

  it("names the holiday behind a day off, and nothing else", () => {
    expect(china.holidayName(d("2026-10-01"))).toBe("国庆节");
    expect(china.holidayName(d("2025-10-01"))).toBe("国庆中秋"); // the library's name for the joined 2025 break
    expect(china.holidayName(d("2025-01-29"))).toBe("春节");
    expect(china.holidayName(d("2025-10-04"))).toBe("国庆中秋"); // a Saturday inside the break
    expect(china.holidayName(d("2025-09-28"))).toBeUndefined(); // make-up working day
    expect(china.holidayName(d("2025-06-14"))).toBeUndefined(); // plain Saturday
    expect(china.holidayName(d("2025-06-16"))).toBeUndefined(); // plain Monday
  });
});

describe("user overrides", () => {
  const overrides = new Map<Day, DayOverride>([
    [d("2025-10-09"), "off"], // a business day made a day off
    [d("2025-10-04"), "work"], // a Saturday inside the National Day break made a working day
    [d("2025-06-14"), "work"], // a plain Saturday
    [d("2025-09-28"), "off"], // an official make-up Sunday
  ]);
  const calendar = new BusinessCalendar({ overrides });

  it("win over the official arrangement and weekends, both ways", () => {
    expect(calendar.isBusinessDay(d("2025-10-09"))).toBe(false);
    expect(calendar.isBusinessDay(d("2025-10-04"))).toBe(true);
    expect(calendar.isBusinessDay(d("2025-06-14"))).toBe(true);
    expect(calendar.isBusinessDay(d("2025-09-28"))).toBe(false);
    expect(calendar.isBusinessDay(d("2025-10-05"))).toBe(false); // untouched holiday stays off
  });

  it("drop the holiday name of a day made a working day", () => {
    expect(calendar.holidayName(d("2025-10-04"))).toBeUndefined();
    expect(calendar.holidayName(d("2025-10-05"))).toBe("国庆中秋");
  });

  it("are copied, so changing the caller's map later changes nothing", () => {
    const mine = new Map<Day, DayOverride>([[d("2025-06-16"), "off"]]);
    const cal = new BusinessCalendar({ overrides: mine });
    mine.set(d("2025-06-17"), "off");
    expect(cal.isBusinessDay(d("2025-06-16"))).toBe(false);
    expect(cal.isBusinessDay(d("2025-06-17"))).toBe(true);
  });

  it("apply on their own when China's holidays are switched off", () => {
    const plain = new BusinessCalendar({ useChinaHolidays: false, overrides: new Map([[d("2025-12-25"), "off"]]) });
    expect(plain.isBusinessDay(d("2025-10-01"))).toBe(true); // a Wednesday
    expect(plain.isBusinessDay(d("2025-09-28"))).toBe(false); // a Sunday
    expect(plain.isBusinessDay(d("2025-12-25"))).toBe(false);
    expect(plain.holidayName(d("2025-10-04"))).toBeUndefined();
  });

  it("reject values other than off and work", () => {
    expect(() => new BusinessCalendar({ overrides: new Map([[d("2025-01-02"), "holiday" as DayOverride]]) })).toThrow(RangeError);
  });
});

describe("business-day arithmetic", () => {
  it("steps over the National Day week", () => {
    const tuesday = d("2025-09-30");
    expect(isoDate(china.addBusinessDays(tuesday, 1))).toBe("2025-10-09"); // Thu
    expect(isoDate(china.addBusinessDays(tuesday, 2))).toBe("2025-10-10"); // Fri
    expect(isoDate(china.addBusinessDays(tuesday, 3))).toBe("2025-10-11"); // make-up Saturday
    expect(isoDate(china.addBusinessDays(tuesday, 4))).toBe("2025-10-13"); // Sun 10-12 is off
  });

  it("lands on a make-up Sunday", () => {
    // Fri 2025-09-26 → Sat 09-27 off → Sun 09-28 works.
    expect(isoDate(china.addBusinessDays(d("2025-09-26"), 1))).toBe("2025-09-28");
  });

  it("adds zero as the day itself, even on a holiday, and counts backwards for negative n", () => {
    expect(china.addBusinessDays(d("2025-10-03"), 0)).toBe(d("2025-10-03"));
    expect(isoDate(china.addBusinessDays(d("2025-10-09"), -1))).toBe("2025-09-30");
    expect(isoDate(china.addBusinessDays(d("2025-10-09"), -2))).toBe("2025-09-29");
    expect(isoDate(china.addBusinessDays(d("2025-10-09"), -3))).toBe("2025-09-28");
    expect(() => china.addBusinessDays(d("2025-10-09"), 1.5)).toThrow(RangeError);
  });

  it("a reply deadline of 3 business days from a letter dated 2026-02-12", () => {
    // Thu 02-12 → Fri 02-13 (1), Sat 02-14 make-up (2), then 02-15..23 off, Tue 02-24 (3).
    expect(isoDate(china.addBusinessDays(d("2026-02-12"), 3))).toBe("2026-02-24");
  });

  it("finds the next business day on or after and the last one on or before", () => {
    expect(isoDate(china.nextBusinessDayOnOrAfter(d("2025-10-01")))).toBe("2025-10-09");
    expect(isoDate(china.nextBusinessDayOnOrAfter(d("2025-10-09")))).toBe("2025-10-09");
    expect(isoDate(china.nextBusinessDayOnOrAfter(d("2025-09-27")))).toBe("2025-09-28");
    expect(isoDate(china.lastBusinessDayOnOrBefore(d("2025-10-08")))).toBe("2025-09-30");
    expect(isoDate(china.lastBusinessDayOnOrBefore(d("2026-02-22")))).toBe("2026-02-14");
    expect(isoDate(china.lastBusinessDayOnOrBefore(d("2025-06-15")))).toBe("2025-06-13");
  });

  it("crosses a year boundary", () => {
    // Wed 2025-12-31 → Thu 2026-01-01..Sat 01-03 off → Sun 01-04 make-up day.
    expect(isoDate(china.addBusinessDays(d("2025-12-31"), 1))).toBe("2026-01-04");
    expect(isoDate(china.addBusinessDays(d("2026-01-04"), -1))).toBe("2025-12-31");
  });
});

describe("years without an official arrangement", () => {
  it("flags far-future years but not the published ones", () => {
    const days = [d("2025-03-03"), d("2031-05-06"), d("2026-12-31"), d("2027-01-04"), d("2025-11-11")];
    expect(china.yearsWithoutArrangement(days)).toEqual([2027, 2031]);
    expect(china.yearsWithoutArrangement([d("2025-10-09")])).toEqual([]);
  });

  it("does not flag a year the user's overrides cover", () => {
    const calendar = new BusinessCalendar({ overrides: new Map([[d("2031-01-01"), "off"]]) });
    expect(calendar.yearsWithoutArrangement([d("2031-05-06"), d("2032-05-06")])).toEqual([2032]);
  });

  it("flags every year without overrides when China's holidays are off", () => {
    const plain = new BusinessCalendar({ useChinaHolidays: false });
    expect(plain.yearsWithoutArrangement([d("2025-05-06")])).toEqual([2025]);
  });

  it("knows 2002-2026 from lunar-javascript 1.7.7 (2001 holds only make-up days for 2002)", () => {
    expect(hasOfficialArrangement(2001)).toBe(false);
    expect(hasOfficialArrangement(2002)).toBe(true);
    expect(hasOfficialArrangement(2026)).toBe(true);
    expect(hasOfficialArrangement(2027)).toBe(false);
    const years = officialArrangementYears();
    expect(years[0]).toBe(2002);
    expect(years.length).toBe(years.at(-1)! - 2002 + 1); // no gaps
    expect(years.at(-1)).toBeGreaterThanOrEqual(2026);
  });
});

describe("festival dates", () => {
  it("finds Spring Festival (lunar 1-1), including 2027 and 2030 where Intl is a day off", () => {
    expect(isoDate(springFestival(2025))).toBe("2025-01-29");
    expect(isoDate(springFestival(2026))).toBe("2026-02-17");
    expect(isoDate(springFestival(2027))).toBe("2027-02-06");
    expect(isoDate(springFestival(2030))).toBe("2030-02-03");
  });

  it("finds Mid-Autumn (lunar 8-15)", () => {
    expect(isoDate(midAutumn(2025))).toBe("2025-10-06");
    expect(isoDate(midAutumn(2026))).toBe("2026-09-25");
  });

  it("agrees with the library's own holiday targets", () => {
    // The arrangement names each break's festival date: 春节 2025-01-29, 中秋节 2026-09-25.
    expect(HolidayUtil.getHoliday(2025, 1, 28)!.getTarget()).toBe(isoDate(springFestival(2025)));
    expect(HolidayUtil.getHoliday(2026, 9, 26)!.getTarget()).toBe(isoDate(midAutumn(2026)));
    expect(springFestival(2025)).toBe(dayFromYmd(2025, 1, 29));
  });
});
