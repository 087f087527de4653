import { describe, expect, it } from "vitest";
import { addMonthsClamped, dayFromYmd, isoDate, isValidYmd, parseIsoDate, weekdayOf, ymdOf } from "../../src/engine/dates.js";

describe("days", () => {
  it("counts days from 1970-01-01", () => {
    expect(dayFromYmd(1970, 1, 1)).toBe(0);
    expect(dayFromYmd(2025, 6, 30) - dayFromYmd(2025, 5, 20)).toBe(41); // SPEC worked example: I2 41 days overdue
    expect(isoDate(dayFromYmd(2024, 2, 29))).toBe("2024-02-29");
    expect(ymdOf(dayFromYmd(1899, 12, 31))).toEqual({ y: 1899, m: 12, d: 31 });
  });
  it("rejects impossible dates", () => {
    expect(isValidYmd(2025, 2, 30)).toBe(false);
    expect(isValidYmd(2024, 2, 29)).toBe(true);
    expect(parseIsoDate("2025-02-30")).toBeUndefined();
  });
  it("knows weekdays", () => {
    expect(weekdayOf(dayFromYmd(2025, 9, 28))).toBe(0); // a Sunday (a make-up working day in China)
    expect(weekdayOf(dayFromYmd(2025, 6, 30))).toBe(1);
  });
  it("adds months, clamping to the month's end", () => {
    expect(isoDate(addMonthsClamped(dayFromYmd(2025, 1, 31), 1))).toBe("2025-02-28");
    expect(isoDate(addMonthsClamped(dayFromYmd(2024, 2, 29), 36))).toBe("2027-02-28");
  });
});
