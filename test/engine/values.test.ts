import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayFromYmd, isoDate } from "../../src/engine/dates.js";
import {
  Invalid,
  parseAmount,
  parseCurrency,
  parseDate,
  parseDisputed,
  parseDocType,
  parseTerms,
  type Amount,
  type DateFormat,
} from "../../src/engine/values.js";

/** An amount as `units@scale` (or the Invalid reason, or null), so tables read at a glance. */
function amount(text: string, decimalComma?: boolean): string | null {
  const r = parseAmount(text, decimalComma);
  if (r === null) return null;
  if (r instanceof Invalid) return `Invalid: ${r.reason}`;
  return `${r.units}@${r.scale}`;
}

function date(text: string, format?: DateFormat): string | null {
  const r = parseDate(text, format);
  if (r === null) return null;
  if (r instanceof Invalid) return `Invalid: ${r.reason}`;
  return isoDate(r);
}

function reasonOf(value: unknown): string {
  expect(value).toBeInstanceOf(Invalid);
  return (value as Invalid).reason;
}

describe("parseAmount", () => {
  it.each([
    // plain
    ["1234.56", "123456@2"],
    ["1200", "1200@0"], // scale = decimals written
    ["1200.00", "120000@2"],
    ["0", "0@0"],
    ["-0", "0@0"], // -0 is zero
    ["-0.00", "0@2"],
    ["0.10", "10@2"],
    ["007", "7@0"],
    [".5", "5@1"],
    ["5.", "5@0"],
    ["-1234.56", "-123456@2"],
    ["  1234.56\t", "123456@2"],
    ["123456789012345", "123456789012345@0"], // the fast path's 15 digits
    ["1234567890123456", "1234567890123456@0"], // past 2^53: still exact
    ["9007199254740993", "9007199254740993@0"],
    ["123456789012345678901234.5678", "1234567890123456789012345678@4"],
    ["0.000000000000000000001", "1@21"],
    // grouped
    ["1,234,567.89", "123456789@2"],
    ["1,200.00", "120000@2"],
    ["999,999", "999999@0"],
    ["1 234 567.89", "123456789@2"],
    ["1\u00a0234.50", "123450@2"], // no-break space
    ["1\u202f234.50", "123450@2"], // narrow no-break space
    ["1'234.50", "123450@2"],
    ["-999,999,999,999.999", "-999999999999999@3"], // grouped, still on the fast path
    ["1,234,567,890,123,456.78", "123456789012345678@2"], // too many digits for it: the general path
    // signs
    ["-1,200.00", "-120000@2"],
    ["- 1,200.00", "-120000@2"],
    ["1,200.00-", "-120000@2"],
    ["1,200.00 -", "-120000@2"],
    ["(1,200.00)", "-120000@2"],
    ["( 1,200.00 )", "-120000@2"],
    ["+1,200.00", "120000@2"], // a leading plus is harmless
    ["\u22121200", "-1200@0"], // U+2212 MINUS SIGN
    ["\u20131200", "-1200@0"], // en dash as a minus
    // currency signs and codes, before or after, with or without a space
    ["¥1,200.00", "120000@2"],
    ["￥1,200.00", "120000@2"],
    ["$1,200.00", "120000@2"],
    ["€1,200.00", "120000@2"],
    ["£5", "5@0"],
    ["¥ 1,200.00", "120000@2"],
    ["1,200.00¥", "120000@2"],
    ["CNY 1,200.00", "120000@2"],
    ["CNY1200", "1200@0"],
    ["1,200.00 CNY", "120000@2"],
    ["1200CNY", "1200@0"],
    ["RMB 1,200", "1200@0"],
    ["1200元", "1200@0"],
    ["1,200.00 元", "120000@2"],
    ["人民币1200", "1200@0"],
    ["USD 5.00", "500@2"],
    ["HKD5", "5@0"],
    ["usd 5", "5@0"],
    ["US$5", "5@0"],
    ["HK$ 5", "5@0"],
    // sign and currency together
    ["-¥1,200.00", "-120000@2"],
    ["¥-1,200.00", "-120000@2"],
    ["(¥1,200.00)", "-120000@2"],
    ["¥(1,200.00)", "-120000@2"],
    ["(1,200.00 CNY)", "-120000@2"],
    ["(1,200.00) CNY", "-120000@2"],
    ["1,200.00元-", "-120000@2"],
    ["¥1,200.00-", "-120000@2"],
    ["-1200元", "-1200@0"],
    // full-width digits and punctuation
    ["１２３４．５６", "123456@2"],
    ["１，２３４．５６", "123456@2"],
    ["－１２３４", "-1234@0"],
    ["（１，２００．００）", "-120000@2"],
    ["￥１，２００", "1200@0"],
    ["\u3000１２００\u3000", "1200@0"], // ideographic spaces around
    // a spreadsheet's accounting zero
    ["-", "0@0"],
    ["$ -", "0@0"],
    ["¥ - ", "0@0"],
    ["—", "0@0"],
  ])("reads %j as %s", (text, expected) => {
    expect(amount(text)).toBe(expected);
  });

  const groups = ": thousands separators must group exactly three digits";
  const hint = " (a decimal comma? pass --decimal-comma)";
  it.each([
    ["1,2,3", groups],
    ["1,23", groups + hint], // 1,23 reads as 1.23 with a decimal comma
    ["1,234,56", groups],
    ["12,3456", groups + hint],
    ["1234,567", groups + hint],
    ["12 34", groups],
    ["1 2 3", groups],
    ["1,234 567", " mixes thousands separators"],
    ["12.345.67", " is not a number"],
    ["1.2.3", " is not a number"],
    ["1,234.5,6", " is not a number"],
    ["1,,234", " is not a number"],
    ["1,234,", " is not a number"],
    ["(-1,200.00)", " has both parentheses and a sign"],
    ["-(1,200.00)", " has both parentheses and a sign"],
    ["(1,200.00)-", " has both parentheses and a sign"],
    ["(+5)", " has both parentheses and a sign"],
    ["--5", " has more than one sign"],
    ["-5-", " has more than one sign"],
    ["+-5", " has more than one sign"],
    ["(1200", " has unbalanced parentheses"],
    ["1200)", " has unbalanced parentheses"],
    ["((5))", " has unbalanced parentheses"],
    ["5 (CNY)", " has unbalanced parentheses"],
    ["$5 CNY", " names more than one currency"],
    ["¥5元", " names more than one currency"],
    ["5+", " is not a number"],
    ["1e5", " is not a number"],
    ["1E-5", " is not a number"],
    ["0x1F", " is not a number"],
    ["NaN", " is not a number"],
    ["nan", " is not a number"],
    ["Infinity", " is not a number"],
    ["-Infinity", " is not a number"],
    ["abc", " is not a number"],
    ["1.2万", " is not a number"], // never silently drop a unit of ten thousand
    ["五百", " is not a number"],
    ["12%", " is not a number"],
    ["1,200 CR", " is not a number"],
    ["Usd 5", " is not a number"],
    ["¥", " is not a number"],
    [".", " is not a number"],
    ["()", " is not a number"],
    ["--", " is not a number"],
  ])("rejects %j", (text, reason) => {
    expect(amount(text)).toBe(`Invalid: amount "${text}"${reason}`);
  });

  it("suggests --decimal-comma when the text reads that way", () => {
    expect(amount("1234,56")).toBe(
      'Invalid: amount "1234,56": thousands separators must group exactly three digits (a decimal comma? pass --decimal-comma)',
    );
    expect(amount("1.234,56")).toBe('Invalid: amount "1.234,56" is not a number (a decimal comma? pass --decimal-comma)');
    expect(amount("0,123")).toContain("(a decimal comma? pass --decimal-comma)"); // 0,123 is never thousands
  });

  it("is null for a blank cell", () => {
    for (const blank of ["", " ", "\t", "\u3000", "\u00a0 "]) expect(parseAmount(blank)).toBeNull();
  });

  it("cuts a long cell short in the reason", () => {
    const reason = reasonOf(parseAmount("x".repeat(500)));
    expect(reason).toBe(`amount "${"x".repeat(39)}…" is not a number`);
  });

  describe("with a decimal comma", () => {
    it.each([
      ["1.234,56", "123456@2"],
      ["1234,56", "123456@2"],
      ["1234", "1234@0"],
      ["1.234", "1234@0"], // `.` is now the thousands separator
      ["1.234.567,89", "123456789@2"],
      ["-1.234.567,89", "-123456789@2"],
      ["1.234,56-", "-123456@2"],
      ["(1.234,56)", "-123456@2"],
      ["1 234,56", "123456@2"],
      ["1\u202f234,56", "123456@2"],
      ["€1.234,56", "123456@2"],
      ["1.234,56 EUR", "123456@2"],
      [",5", "5@1"],
      ["0,10", "10@2"],
      ["１．２３４，５６", "123456@2"],
    ])("reads %j as %s", (text, expected) => {
      expect(amount(text, true)).toBe(expected);
    });

    it.each([
      ["1.23,45", 'Invalid: amount "1.23,45": thousands separators must group exactly three digits'],
      ["1,234,56", 'Invalid: amount "1,234,56" is not a number'],
      ["1234.56", 'Invalid: amount "1234.56": thousands separators must group exactly three digits (it reads with a decimal point: is --decimal-comma right for this file?)'],
      ["1,234.56", 'Invalid: amount "1,234.56" is not a number (it reads with a decimal point: is --decimal-comma right for this file?)'],
      ["(-1,5)", 'Invalid: amount "(-1,5)" has both parentheses and a sign'],
    ])("rejects %j", (text, expected) => {
      expect(amount(text, true)).toBe(expected);
    });
  });

  describe("round-trips every decimal it could be given", () => {
    const digits = (max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: max }).map((a) => a.join(""));
    const decimal = fc.record({
      negative: fc.boolean(),
      integer: fc.bigInt({ min: 0n, max: 10n ** 30n }),
      fraction: digits(10),
    });
    const grouped = (integer: bigint, separator: string) => integer.toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);
    const expected = ({ negative, integer, fraction }: { negative: boolean; integer: bigint; fraction: string }): Amount => {
      const units = BigInt(`${integer}${fraction}`);
      return { units: negative ? -units : units, scale: fraction.length };
    };
    const withFraction = (int: string, fraction: string, mark: string) => (fraction === "" ? int : `${int}${mark}${fraction}`);

    it("plain: -1234.5", () => {
      fc.assert(
        fc.property(decimal, (d) => {
          const text = `${d.negative ? "-" : ""}${withFraction(d.integer.toString(), d.fraction, ".")}`;
          expect(parseAmount(text)).toEqual(expected(d));
        }),
      );
    });
    it("grouped: -1,234.5", () => {
      fc.assert(
        fc.property(decimal, (d) => {
          const text = `${d.negative ? "-" : ""}${withFraction(grouped(d.integer, ","), d.fraction, ".")}`;
          expect(parseAmount(text)).toEqual(expected(d));
        }),
      );
    });
    it("parenthesised: (1,234.5)", () => {
      fc.assert(
        fc.property(decimal, (d) => {
          const body = withFraction(grouped(d.integer, ","), d.fraction, ".");
          expect(parseAmount(d.negative ? `(${body})` : body)).toEqual(expected(d));
        }),
      );
    });
    it("trailing minus: 1,234.5-", () => {
      fc.assert(
        fc.property(decimal, (d) => {
          const body = withFraction(grouped(d.integer, ","), d.fraction, ".");
          expect(parseAmount(d.negative ? `${body}-` : body)).toEqual(expected(d));
        }),
      );
    });
    it("decimal comma: -1.234,5", () => {
      fc.assert(
        fc.property(decimal, (d) => {
          const text = `${d.negative ? "-" : ""}${withFraction(grouped(d.integer, "."), d.fraction, ",")}`;
          expect(parseAmount(text, true)).toEqual(expected(d));
        }),
      );
    });
    it("with a currency: ¥1,234.5 CNY-style", () => {
      fc.assert(
        fc.property(decimal, fc.constantFrom("¥", "$", "CNY ", "€"), (d, sign) => {
          const text = `${d.negative ? "-" : ""}${sign}${withFraction(grouped(d.integer, ","), d.fraction, ".")}`;
          expect(parseAmount(text)).toEqual(expected(d));
        }),
      );
    });
  });

  it("answers on the fast path exactly as on the general one", () => {
    // A leading space always takes the general path, which trims it.
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9,.]{0,20}$/), fc.boolean(), (text, decimalComma) => {
        expect(parseAmount(text, decimalComma)).toEqual(parseAmount(` ${text}`, decimalComma));
      }),
      { numRuns: 5000 },
    );
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), fc.boolean(), (text, decimalComma) => {
        const r = parseAmount(text, decimalComma);
        expect(r === null || r instanceof Invalid || typeof r.units === "bigint").toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[-+() ,.0-9¥$A-Z元]{0,16}$/), fc.boolean(), (text, decimalComma) => {
        const r = parseAmount(text, decimalComma);
        expect(r === null || r instanceof Invalid || typeof r.units === "bigint").toBe(true);
      }),
    );
  });
});

describe("parseDate", () => {
  it.each([
    ["2025-05-16", "2025-05-16"],
    ["2025/5/16", "2025-05-16"],
    ["2025/05/16", "2025-05-16"],
    ["2025.5.16", "2025-05-16"],
    ["2025.05.16", "2025-05-16"],
    ["2025-5-16", "2025-05-16"],
    ["20250516", "2025-05-16"],
    ["2025年5月16日", "2025-05-16"],
    ["2025年05月16日", "2025-05-16"],
    ["2025 年 5 月 16 日", "2025-05-16"],
    ["2025年5月16号", "2025-05-16"],
    ["２０２５－０５－１６", "2025-05-16"],
    ["2025／5／16", "2025-05-16"],
    [" 2025-05-16 ", "2025-05-16"],
    ["2024-02-29", "2024-02-29"],
    ["2000-02-29", "2000-02-29"],
    ["1900-01-01", "1900-01-01"],
    ["9999-12-31", "9999-12-31"],
    // date-times keep the written calendar date, whatever the zone
    ["2025-05-16T23:30:00+08:00", "2025-05-16"],
    ["2025-05-16T23:30:00-05:00", "2025-05-16"],
    ["2025-05-16T23:30:00Z", "2025-05-16"],
    ["2025-05-16T00:00:00.000Z", "2025-05-16"],
    ["2025-05-16T23:30:00+0800", "2025-05-16"],
    ["2025-05-16T23:30", "2025-05-16"],
    ["2025-05-16T24:00:00", "2025-05-16"],
    ["2025-05-16 14:03:00", "2025-05-16"],
    ["2025-05-16T14:03:00", "2025-05-16"],
    ["2025/05/16 14:03:00", "2025-05-16"],
    ["2025-05-16 14:03", "2025-05-16"],
    ["2025-05-16 23:59:59 +0800", "2025-05-16"],
    ["2025-05-16 23:59:59 UTC", "2025-05-16"],
    ["2025/5/16 14:03", "2025-05-16"],
    ["2025/5/16 2:03 PM", "2025-05-16"],
    ["2025年5月16日 14:03", "2025-05-16"],
    ["2025年5月16日14:03:00", "2025-05-16"],
    ["20250516 14:03", "2025-05-16"],
    // English month names
    ["16-May-2025", "2025-05-16"],
    ["16-MAY-2025", "2025-05-16"],
    ["16 May 2025", "2025-05-16"],
    ["16 may 2025", "2025-05-16"],
    ["16-May-25", "2025-05-16"],
    ["16th May 2025", "2025-05-16"],
    ["May 16, 2025", "2025-05-16"],
    ["May 16 2025", "2025-05-16"],
    ["May 16th, 2025", "2025-05-16"],
    ["Sept. 16, 2025", "2025-09-16"],
    ["September 16, 2025", "2025-09-16"],
    ["Dec 1, 2025", "2025-12-01"],
    ["2025-May-16", "2025-05-16"],
    ["Fri, 16 May 2025", "2025-05-16"],
    ["Friday, May 16, 2025", "2025-05-16"],
    ["May 16, 2025 2:30 PM", "2025-05-16"],
    ["16-May-2025 14:03:00", "2025-05-16"],
    ["1-Jan-70", "1970-01-01"],
  ])("reads %j as %s", (text, expected) => {
    expect(date(text)).toBe(expected);
  });

  it.each([
    ["2025-02-30", 'Invalid: date "2025-02-30" does not exist'],
    ["2025-02-29", 'Invalid: date "2025-02-29" does not exist'],
    ["1900-02-29", 'Invalid: date "1900-02-29" does not exist'],
    ["2025-13-01", 'Invalid: date "2025-13-01" does not exist'],
    ["2025-00-10", 'Invalid: date "2025-00-10" does not exist'],
    ["2025-05-00", 'Invalid: date "2025-05-00" does not exist'],
    ["2025-05-32", 'Invalid: date "2025-05-32" does not exist'],
    ["2025/4/31", 'Invalid: date "2025/4/31" does not exist'],
    ["20250230", 'Invalid: date "20250230" does not exist'],
    ["2025年2月30日", 'Invalid: date "2025年2月30日" does not exist'],
    ["31-Apr-2025", 'Invalid: date "31-Apr-2025" does not exist'],
    ["0001-01-01", 'Invalid: date "0001-01-01" is before 1900'],
    ["1899-12-30", 'Invalid: date "1899-12-30" is before 1900'],
    ["03/04/2025", 'Invalid: date "03/04/2025" is ambiguous; pass --date-format DMY or MDY'],
    ["3-4-25", 'Invalid: date "3-4-25" is ambiguous; pass --date-format DMY or MDY'],
    ["16/05/2025", 'Invalid: date "16/05/2025" is ambiguous (it looks like DMY); pass --date-format DMY or MDY'],
    ["05/16/2025", 'Invalid: date "05/16/2025" is ambiguous (it looks like MDY); pass --date-format DMY or MDY'],
    ["16.05.2025 14:03", 'Invalid: date "16.05.2025 14:03" is ambiguous (it looks like DMY); pass --date-format DMY or MDY'],
    ["45793", 'Invalid: date "45793" is not a date (a spreadsheet day number? format the column as a date before exporting)'],
    ["2025-05-16T25:00", 'Invalid: date "2025-05-16T25:00" is not a date'],
    ["2025-05-16 14:60", 'Invalid: date "2025-05-16 14:60" is not a date'],
    ["2025-05-16 13:00 PM", 'Invalid: date "2025-05-16 13:00 PM" is not a date'],
    ["2025-05-16T14:03:00+25:00", 'Invalid: date "2025-05-16T14:03:00+25:00" is not a date'],
    ["2025-05-16X14:03", 'Invalid: date "2025-05-16X14:03" is not a date'],
    ["2025-05-16 14:03 tomorrow", 'Invalid: date "2025-05-16 14:03 tomorrow" is not a date'],
    ["2025-05-16T", 'Invalid: date "2025-05-16T" is not a date'],
    ["2025-05", 'Invalid: date "2025-05" is not a date'],
    ["2025/05-16", 'Invalid: date "2025/05-16" is not a date'],
    ["2025-5-16-1", 'Invalid: date "2025-5-16-1" is not a date'],
    ["16 Mai 2025", 'Invalid: date "16 Mai 2025" is not a date'],
    ["May 2025", 'Invalid: date "May 2025" is not a date'],
    ["yesterday", 'Invalid: date "yesterday" is not a date'],
    ["2025", 'Invalid: date "2025" is not a date'],
    ["202505161", 'Invalid: date "202505161" is not a date'],
  ])("rejects %j", (text, expected) => {
    expect(date(text)).toBe(expected);
  });

  it("is null for a blank cell", () => {
    for (const blank of ["", "  ", "\u3000"]) expect(parseDate(blank)).toBeNull();
  });

  it.each<[string, DateFormat, string]>([
    ["16/05/2025", "DMY", "2025-05-16"],
    ["05/16/2025", "MDY", "2025-05-16"],
    ["3/4/2025", "DMY", "2025-04-03"],
    ["3/4/2025", "MDY", "2025-03-04"],
    ["3-4-25", "DMY", "2025-04-03"],
    ["16.05.25", "DMY", "2025-05-16"],
    ["16/05/2025 14:03", "DMY", "2025-05-16"],
    ["5/16/2025 2:30 PM", "MDY", "2025-05-16"],
    ["25/05/16", "YMD", "2025-05-16"],
    ["25-5-6", "YMD", "2025-05-06"],
    ["3/4/99", "DMY", "1999-04-03"], // two-digit years: 70–99 are 19xx
    ["3/4/70", "DMY", "1970-04-03"],
    ["3/4/69", "DMY", "2069-04-03"], // 00–69 are 20xx
    ["3/4/00", "DMY", "2000-04-03"],
    ["2025-05-16", "DMY", "2025-05-16"], // a four-digit year first is always year-month-day
    ["2025/5/16", "MDY", "2025-05-16"],
    ["20250516", "MDY", "2025-05-16"],
    ["16-May-2025", "MDY", "2025-05-16"], // a month name is never ambiguous
  ])("reads %j under %s as %s", (text, format, expected) => {
    expect(date(text, format)).toBe(expected);
  });

  it.each<[string, DateFormat, string]>([
    ["16/05/2025", "MDY", 'Invalid: date "16/05/2025" does not exist'],
    ["31/02/2025", "DMY", 'Invalid: date "31/02/2025" does not exist'],
    ["16/05/2025", "YMD", 'Invalid: date "16/05/2025" does not match --date-format YMD'],
    ["3/4/5", "DMY", 'Invalid: date "3/4/5" does not match --date-format DMY'],
    ["3/4/125", "MDY", 'Invalid: date "3/4/125" does not match --date-format MDY'],
    ["3/4-2025", "DMY", 'Invalid: date "3/4-2025" is not a date'],
  ])("rejects %j under %s", (text, format, expected) => {
    expect(date(text, format)).toBe(expected);
  });

  it("round-trips every day in its forms", () => {
    fc.assert(
      fc.property(fc.integer({ min: dayFromYmd(1900, 1, 1), max: dayFromYmd(9999, 12, 31) }), (day) => {
        const iso = isoDate(day);
        const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
        expect(parseDate(iso)).toBe(day);
        expect(parseDate(`${y}/${m}/${d}`)).toBe(day);
        expect(parseDate(iso.replaceAll("-", ""))).toBe(day);
        expect(parseDate(`${y}年${m}月${d}日`)).toBe(day);
        expect(parseDate(`${iso}T12:00:00+08:00`)).toBe(day);
        expect(parseDate(`${d}/${m}/${y}`, "DMY")).toBe(day);
        expect(parseDate(`${m}/${d}/${y}`, "MDY")).toBe(day);
      }),
    );
  });

  it("answers on the fast path exactly as on the general one", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{4}[-/.][0-9]{2}[-/.][0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?$/), (text) => {
        expect(parseDate(text)).toEqual(parseDate(` ${text}`));
      }),
      { numRuns: 5000 },
    );
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), fc.constantFrom<DateFormat | undefined>(undefined, "YMD", "DMY", "MDY"), (text, format) => {
        const r = parseDate(text, format);
        expect(r === null || r instanceof Invalid || Number.isInteger(r)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9:/ T.年月日+Z-]{0,22}$/), (text) => {
        const r = parseDate(text);
        expect(r === null || r instanceof Invalid || Number.isInteger(r)).toBe(true);
      }),
    );
  });
});

describe("parseTerms", () => {
  it.each([
    ["30", 30],
    ["0", 0],
    ["007", 7],
    [" 30 ", 30],
    ["30.0", 30],
    ["３０", 30],
    ["3650", 3650],
    ["net 30", 30],
    ["Net 30", 30],
    ["NET30", 30],
    ["Net30", 30],
    ["N30", 30],
    ["n/30", 30],
    ["Net/60", 60],
    ["net 30 days", 30],
    ["30 days net", 30],
    ["30 days", 30],
    ["30 Days", 30],
    ["1 day", 1],
    ["30d", 30],
    ["30天", 30],
    ["30 天", 30],
    ["３０天", 30],
    ["30日", 30],
    ["30日内", 30],
    ["30天账期", 30],
    ["月结30天", 30],
    ["月结 60 天", 60],
    ["账期30天", 30],
    ["信用期45天", 45],
    ["Due in 30 days", 30],
    ["30 days after invoice date", 30], // Xero's wording
    ["2/10 net 30", 30], // the early-payment discount is not modelled: the net days count
    ["2% 10 Net 30", 30], // QuickBooks' name for it
    ["2/10, n/30", 30],
    ["1.5/15 net 45", 45],
    ["Net 0", 0],
    ["due on receipt", 0],
    ["Due on receipt", 0],
    ["Due upon receipt", 0],
    ["COD", 0],
    ["C.O.D.", 0],
    ["cash on delivery", 0],
    ["immediate", 0],
    ["现结", 0],
    ["货到付款", 0],
    ["款到发货", 0],
  ])("reads %j as %d days", (text, days) => {
    expect(parseTerms(text)).toBe(days);
  });

  it.each([
    ["Net 30 EOM", 'terms "Net 30 EOM" are not a number of days'],
    ["15th of next month", 'terms "15th of next month" are not a number of days'],
    ["-30", 'terms "-30" are not a number of days'],
    ["30.5", 'terms "30.5" are not a number of days'],
    ["thirty", 'terms "thirty" are not a number of days'],
    ["net", 'terms "net" are not a number of days'],
    ["N", 'terms "N" are not a number of days'],
    ["30 weeks", 'terms "30 weeks" are not a number of days'],
    ["net 30 60", 'terms "net 30 60" are not a number of days'],
    ["2/10", 'terms "2/10" are not a number of days'],
    ["月结", 'terms "月结" are not a number of days'],
    ["3651", 'terms "3651": more than 3650 days'],
    ["20250516", 'terms "20250516": more than 3650 days'],
  ])("rejects %j", (text, reason) => {
    expect(reasonOf(parseTerms(text))).toBe(reason);
  });

  it("is null for a blank cell", () => {
    expect(parseTerms("")).toBeNull();
    expect(parseTerms("  ")).toBeNull();
  });
});

describe("parseDocType", () => {
  it.each([
    ["invoice", "invoice"],
    ["debit_note", "debit_note"],
    ["payment", "payment"],
    ["credit_note", "credit_note"],
    // SPEC.md's aliases
    ["INV", "invoice"],
    ["inv", "invoice"],
    ["DN", "debit_note"],
    ["PMT", "payment"],
    ["RCPT", "payment"],
    ["CN", "credit_note"],
    ["发票", "invoice"],
    ["销售发票", "invoice"],
    ["收款", "payment"],
    ["收款单", "payment"],
    ["红字发票", "credit_note"],
    ["贷项", "credit_note"],
    // the export systems' own words
    ["Invoice", "invoice"],
    ["Sales invoice", "invoice"],
    ["Sales Invoice", "invoice"],
    ["ACCREC", "invoice"],
    ["其他应收单", "invoice"],
    ["Payment", "payment"],
    ["Receive Payment", "payment"],
    ["预收单", "payment"],
    ["Credit Memo", "credit_note"],
    ["Credit Note", "credit_note"],
    ["Sales credit note", "credit_note"],
    ["ACCRECCREDIT", "credit_note"],
    ["应收红字", "credit_note"],
    ["debit note", "debit_note"],
    ["Debit Memo", "debit_note"],
    ["借项", "debit_note"],
    ["Payment Entry", "payment"],
    ["Tax Invoice", "invoice"],
    // case, spaces, `_`, `-`, `.` and full width do not matter
    ["DEBIT_NOTE", "debit_note"],
    ["debit-note", "debit_note"],
    ["Credit-Note", "credit_note"],
    ["credit note", "credit_note"],
    [" invoice ", "invoice"],
    ["Inv.", "invoice"],
    ["ＩＮＶ", "invoice"],
    ["Sales_Invoice", "invoice"],
  ])("reads %j as %s", (text, kind) => {
    expect(parseDocType(text)).toBe(kind);
  });

  it.each(["bill", "journal", "refund", "invoices", "-", "发票x", "Sales Receipt"])("rejects %j", (text) => {
    expect(reasonOf(parseDocType(text))).toBe(
      `doc_type "${text}" is unknown (invoice, debit_note, payment, credit_note or write_off)`,
    );
  });

  it("is null for a blank cell", () => {
    expect(parseDocType("")).toBeNull();
    expect(parseDocType(" \u3000")).toBeNull();
  });

  it("reads ERPNext's Voucher Type values; a Journal Entry is null: its sign decides, as with no doc_type", () => {
    expect(parseDocType("Sales Invoice")).toBe("invoice");
    expect(parseDocType("Payment Entry")).toBe("payment");
    expect(parseDocType("Credit Note")).toBe("credit_note");
    expect(parseDocType("Journal Entry")).toBeNull();
    expect(parseDocType("journal_entry")).toBeNull();
    expect(parseDocType("JOURNAL ENTRY")).toBeNull();
  });
});

describe("parseCurrency", () => {
  it.each([
    ["CNY", "CNY"],
    ["cny", "CNY"],
    ["Cny", "CNY"],
    ["usd", "USD"],
    [" EUR ", "EUR"],
    ["ＵＳＤ", "USD"],
    ["XYZ", "XYZ"], // three letters are taken as a code
    ["RMB", "CNY"],
    ["rmb", "CNY"],
    ["人民币", "CNY"],
    ["元", "CNY"],
    ["美元", "USD"],
    ["美金", "USD"],
    ["港币", "HKD"],
    ["港元", "HKD"],
    ["欧元", "EUR"],
    ["日元", "JPY"],
    ["英镑", "GBP"],
    ["US$", "USD"],
    ["HK$", "HKD"],
    ["€", "EUR"],
    ["£", "GBP"],
  ])("reads %j as %s", (text, code) => {
    expect(parseCurrency(text)).toBe(code);
  });

  it.each([
    ["$", 'currency "$" is ambiguous; write its three-letter code'],
    ["¥", 'currency "¥" is ambiguous; write its three-letter code'],
    ["￥", 'currency "¥" is ambiguous; write its three-letter code'],
    ["US", 'currency "US" is not a three-letter code'],
    ["USDT", 'currency "USDT" is not a three-letter code'],
    ["dollars", 'currency "dollars" is not a three-letter code'],
    ["C N Y", 'currency "C N Y" is not a three-letter code'],
    ["人民", 'currency "人民" is not a three-letter code'],
    ["123", 'currency "123" is not a three-letter code'],
  ])("rejects %j", (text, reason) => {
    expect(reasonOf(parseCurrency(text))).toBe(reason);
  });

  it("is null for a blank cell", () => {
    expect(parseCurrency("")).toBeNull();
    expect(parseCurrency("   ")).toBeNull();
  });
});

describe("parseDisputed", () => {
  it.each([
    ...["yes", "Yes", "YES", "y", "Y", "true", "TRUE", "t", "1", " 1 ", "是", "有", "有争议", "争议", "disputed", "Disputed", "√", "✓"].map(
      (w) => [w, true] as const,
    ),
    ...["no", "No", "N", "n", "false", "False", "f", "0", "否", "无", "无争议", "没有", "undisputed", "×"].map((w) => [w, false] as const),
  ])("reads %j as %s", (text, flag) => {
    expect(parseDisputed(text)).toBe(flag);
  });

  it.each(["maybe", "2", "10", "x", "是的", "yess"])("rejects %j", (text) => {
    expect(reasonOf(parseDisputed(text))).toBe(`disputed "${text}" is not yes or no`);
  });

  it("is null for a blank cell", () => {
    expect(parseDisputed("")).toBeNull();
    expect(parseDisputed(" ")).toBeNull();
  });
});

describe("remembered answers", () => {
  it("give the same answer the second time", () => {
    for (let round = 0; round < 2; round++) {
      expect(parseDocType("Sales Invoice")).toBe("invoice");
      expect(reasonOf(parseDocType("bill"))).toContain("unknown");
      expect(parseTerms("Net 30")).toBe(30);
      expect(parseCurrency("美元")).toBe("USD");
      expect(parseDisputed("是")).toBe(true);
      expect(date("2025/5/16")).toBe("2025-05-16");
      expect(date("3/4/2025", "DMY")).toBe("2025-04-03");
      expect(date("3/4/2025", "MDY")).toBe("2025-03-04"); // the format is part of what is remembered
      expect(date("3/4/2025")).toContain("ambiguous");
    }
  });
});
