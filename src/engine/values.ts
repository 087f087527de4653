/**
 * One ledger cell from text to a value: amounts, dates, terms, document types, currencies and
 * disputed flags, as SPEC.md's "Ledger CSV" and "Details the reports must agree on" describe them.
 *
 * Every parser answers `null` for a blank cell (whether that is an error depends on the field, so
 * the caller decides), an `Invalid` carrying a short English reason for text it cannot read, or
 * the value. A reader calls these millions of times per file, so each one first tries the plain
 * form that exports write most (`1234.56`, `2025-05-16`, `30`, `CNY`, `1`) with char-code
 * arithmetic and no regex or intermediate string, and only then the general grammar. The fields
 * with few distinct values per file (dates in other forms, terms, doc types, currencies, disputed
 * flags) remember their answers in small bounded caches: invisible to callers, so still pure.
 */
import { dayFromYmd, daysInMonth, type Day } from "./dates.js";
import { Decimal } from "./money.js";

/** Text that does not parse; `reason` is short English that names the text, for `FILE:LINE: reason`. */
export class Invalid {
  constructor(readonly reason: string) {}
}

/** An exact decimal as written: value = units × 10^-scale; scale = the number of decimals written. */
export interface Amount {
  units: bigint;
  scale: number;
}

export type DateFormat = "YMD" | "DMY" | "MDY";

export type DocKind = "invoice" | "debit_note" | "payment" | "credit_note" | "write_off";

/** Longest payment terms accepted: anything longer is a number in the wrong column (a date, an amount). */
export const MAX_TERMS_DAYS = 3650;

/** Earliest year accepted: earlier years in exports are "no date" placeholders (0001-01-01, 1899-12-30). */
export const MIN_YEAR = 1900;

// ---------------------------------------------------------------------------------------------
// Shared helpers

const QUOTE_LIMIT = 40;

/** The cell as quoted in a reason, cut short so a runaway cell cannot flood the diagnostics. */
function quoted(text: string): string {
  const t = text.trim();
  return `"${t.length > QUOTE_LIMIT ? `${t.slice(0, QUOTE_LIMIT - 1)}…` : t}"`;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Trimmed, with full-width forms folded to ASCII (NFKC: `１２３`, `，`, `．`, `（`, `￥`, the
 * ideographic and no-break spaces) and the typographic minus signs to `-`.
 */
function folded(text: string): string {
  const t = text.trim();
  if (isAscii(t)) return t;
  return t.normalize("NFKC").replace(/[\u2010-\u2015\u2212]/g, "-").trim();
}

/** Remembers answers for fields with few distinct values per file; bounded, so memory stays flat. */
function remembered<T>(parse: (text: string) => T, limit = 4096): (text: string) => T {
  const cache = new Map<string, T>();
  return (text: string): T => {
    const known = cache.get(text);
    if (known !== undefined) return known;
    const value = parse(text);
    if (cache.size < limit && text.length <= 64) cache.set(text, value);
    return value;
  };
}

const twoDigits = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

// ---------------------------------------------------------------------------------------------
// Amounts

/**
 * Reads an amount: `1234.56`, `-1,200.00`, `(1,200.00)`, `1,200.00-`, `¥1,200`, `1200 元`,
 * `CNY 1,200.00`, `１，２００．００`; with `decimalComma`, `1.234,56` and `1234,56`.
 * A lone `-` (a spreadsheet's accounting format for zero) is zero.
 */
export function parseAmount(text: string, decimalComma = false): Amount | Invalid | null {
  // Fast path: optional leading minus, at most 15 digits (exact in a double), one decimal mark,
  // thousands separators in groups of three. Anything else, valid or not, is the general path's.
  const n = text.length;
  if (n > 0 && n <= 22) {
    const mark = decimalComma ? 44 : 46;
    const separator = decimalComma ? 46 : 44;
    let i = 0;
    let negative = false;
    if (text.charCodeAt(0) === 45) {
      negative = true;
      i = 1;
    }
    const first = i;
    let value = 0;
    let digits = 0;
    let scale = -1;
    let group = 0;
    let firstGroup = 0;
    let groupsOk = true;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        digits++;
        if (scale >= 0) scale++;
        else group++;
      } else if (c === mark && scale < 0) {
        scale = 0;
      } else if (c === separator && scale < 0 && group > 0) {
        if (firstGroup === 0) firstGroup = group;
        else if (group !== 3) groupsOk = false;
        group = 0;
      } else {
        break;
      }
    }
    if (
      i === n &&
      digits > 0 &&
      digits <= 15 &&
      (firstGroup === 0 || (groupsOk && group === 3 && firstGroup <= 3 && text.charCodeAt(first) !== 48))
    ) {
      return { units: BigInt(negative ? -value : value), scale: scale < 0 ? 0 : scale };
    }
  }
  const s = folded(text);
  if (s === "") return null;
  const read = readAmount(s, decimalComma);
  if (read instanceof Invalid && !(readAmount(s, !decimalComma) instanceof Invalid)) {
    return new Invalid(
      decimalComma
        ? `${read.reason} (it reads with a decimal point: is --decimal-comma right for this file?)`
        : `${read.reason} (a decimal comma? pass --decimal-comma)`,
    );
  }
  return read;
}

const CURRENCY_SIGNS = "¥$€£";
/** Currency names written beside a Chinese amount, longest first so `人民币` wins over `元`. */
const CURRENCY_WORDS = ["人民币", "美元", "美金", "港币", "港元", "欧元", "日元", "英镑", "元"];

interface NumberRead {
  end: number;
  units: bigint;
  scale: number;
}

/** The general grammar: sign, parentheses and currency tokens around exactly one number. */
function readAmount(s: string, decimalComma: boolean): Amount | Invalid {
  const mark = decimalComma ? "," : ".";
  let number: NumberRead | null = null;
  let minus = 0;
  let plus = 0;
  let plusAfterNumber = false;
  let open = 0;
  let close = 0;
  let openAfterNumber = false;
  let closeBeforeNumber = false;
  let currencies = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === " " || c === "\t") {
      i++;
    } else if ((c >= "0" && c <= "9") || (c === mark && isDigitAt(s, i + 1))) {
      if (number !== null) return notANumber(s);
      const read = readNumber(s, i, decimalComma);
      if (read instanceof Invalid) return read;
      number = read;
      i = read.end;
    } else if (c === "-") {
      minus++;
      i++;
    } else if (c === "+") {
      plus++;
      if (number !== null) plusAfterNumber = true;
      i++;
    } else if (c === "(") {
      open++;
      if (number !== null) openAfterNumber = true;
      i++;
    } else if (c === ")") {
      close++;
      if (number === null) closeBeforeNumber = true;
      i++;
    } else if (CURRENCY_SIGNS.includes(c)) {
      currencies++;
      i++;
    } else if (isLatinLetter(c)) {
      let j = i;
      while (j < s.length && isLatinLetter(s[j]!)) j++;
      const word = s.slice(i, j);
      if (s[j] === "$" && j - i <= 3 && word === word.toUpperCase()) {
        j++; // US$, HK$, NT$
      } else if (!(j - i === 3 && (word === word.toUpperCase() || word === word.toLowerCase()))) {
        return notANumber(s); // not a currency code: 1e5, 0x1F, NaN, Infinity, CR
      }
      currencies++;
      i = j;
    } else {
      const word = CURRENCY_WORDS.find((w) => s.startsWith(w, i));
      if (word === undefined) return notANumber(s);
      currencies++;
      i += word.length;
    }
  }
  if (number === null) {
    // Spreadsheets' accounting format shows zero as a dash (`-`, `$ -`), and saving as CSV keeps it.
    const accountingZero = minus === 1 && plus + open + close === 0 && currencies <= 1;
    return accountingZero ? { units: 0n, scale: 0 } : notANumber(s);
  }
  if (currencies > 1) return new Invalid(`amount ${quoted(s)} names more than one currency`);
  if (open + close > 0 && minus + plus > 0) return new Invalid(`amount ${quoted(s)} has both parentheses and a sign`);
  if (open !== close || open > 1 || openAfterNumber || closeBeforeNumber) {
    return new Invalid(`amount ${quoted(s)} has unbalanced parentheses`);
  }
  if (minus + plus > 1) return new Invalid(`amount ${quoted(s)} has more than one sign`);
  if (plusAfterNumber) return notANumber(s);
  const negative = minus === 1 || open === 1;
  return { units: negative ? -number.units : number.units, scale: number.scale };
}

function notANumber(s: string): Invalid {
  return new Invalid(`amount ${quoted(s)} is not a number`);
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function isLatinLetter(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

/** Thousands separators besides the mode's own: spaces (also no-break, folded) and apostrophes. */
function isExtraSeparator(c: string): boolean {
  return c === " " || c === "'" || c === "\u2019";
}

/**
 * Digits from `start`: integer groups, then an optional decimal part. Separators are taken only
 * between digits, and then every group after the first must have exactly three digits.
 */
function readNumber(s: string, start: number, decimalComma: boolean): NumberRead | Invalid {
  const mark = decimalComma ? "," : ".";
  const grouping = decimalComma ? "." : ",";
  let separator = "";
  let firstGroup = -1;
  let group = 0;
  let badGroup = false;
  let i = start;
  let digits = "";
  let runStart = start;
  while (i < s.length) {
    if (isDigitAt(s, i)) {
      group++;
      i++;
      continue;
    }
    const c = s[i]!;
    if ((c === grouping || isExtraSeparator(c)) && group > 0 && isDigitAt(s, i + 1)) {
      if (separator === "") {
        separator = c;
        firstGroup = group;
      } else if (c !== separator) {
        return new Invalid(`amount ${quoted(s)} mixes thousands separators`);
      } else if (group !== 3) {
        badGroup = true;
      }
      digits += s.slice(runStart, i);
      runStart = i + 1;
      group = 0;
      i++;
      continue;
    }
    break;
  }
  digits += s.slice(runStart, i);
  if (separator !== "") {
    // A leading 0 group (`0,123`) is a decimal fraction in another convention, never thousands.
    if (badGroup || group !== 3 || firstGroup > 3 || s[start] === "0") {
      return new Invalid(`amount ${quoted(s)}: thousands separators must group exactly three digits`);
    }
  }
  let scale = 0;
  if (s[i] === mark) {
    i++;
    const fractionStart = i;
    while (isDigitAt(s, i)) i++;
    scale = i - fractionStart;
    digits += s.slice(fractionStart, i);
  }
  return { end: i, units: BigInt(digits), scale };
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * Reads a calendar date: `2025-05-16`, `2025/5/16`, `2025.5.16`, `20250516`, `2025年5月16日`,
 * `16-May-2025`, `May 16, 2025`, and any of them followed by a time of day (`2025-05-16T23:30:00+08:00`,
 * `2025/5/16 14:03`), whose written date is kept, with no time-zone shift. All-numeric dates that
 * do not start with a four-digit year are read only in the given `dateFormat`.
 */
export function parseDate(text: string, dateFormat?: DateFormat): Day | Invalid | null {
  const n = text.length;
  // Fast path: YYYY-MM-DD (also with / or .), optionally with a plain `HH:MM:SS` after T or a space.
  if (n === 10 || n === 19) {
    const sep = text.charCodeAt(4);
    if ((sep === 45 || sep === 47 || sep === 46) && text.charCodeAt(7) === sep) {
      const century = twoDigits(text, 0);
      const y = century * 100 + twoDigits(text, 2);
      const m = twoDigits(text, 5);
      const d = twoDigits(text, 8);
      if (
        century >= 0 && // twoDigits gives -1 for a non-digit
        y >= century * 100 &&
        y >= MIN_YEAR &&
        m >= 1 &&
        m <= 12 &&
        d >= 1 &&
        d <= daysInMonth(y, m) &&
        (n === 10 || isPlainTime(text))
      ) {
        return dayFromYmd(y, m, d);
      }
    }
  }
  return dateReaders[dateFormat ?? "none"](text);
}

/** `T14:03:00` or ` 14:03:00` at offset 10. */
function isPlainTime(s: string): boolean {
  const t = s.charCodeAt(10);
  if ((t !== 84 && t !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const h = twoDigits(s, 11);
  const mi = twoDigits(s, 14);
  const se = twoDigits(s, 17);
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 60;
}

/** Room for every day of 40 years, in whatever form a file writes them. */
const DATE_CACHE = 16_384;
const dateReaders: Record<DateFormat | "none", (text: string) => Day | Invalid | null> = {
  none: remembered((t) => readDate(t, undefined), DATE_CACHE),
  YMD: remembered((t) => readDate(t, "YMD"), DATE_CACHE),
  DMY: remembered((t) => readDate(t, "DMY"), DATE_CACHE),
  MDY: remembered((t) => readDate(t, "MDY"), DATE_CACHE),
};

const MONTHS = new Map<string, number>();
["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].forEach(
  (name, i) => {
    MONTHS.set(name, i + 1);
    MONTHS.set(name.slice(0, 3), i + 1);
  },
);
MONTHS.set("sept", 9);

const TIME_OF_DAY =
  /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([ap])\.?m\.?)?\s*(?:Z|(?:UTC|GMT)?[+-](\d{2})(?::?(\d{2}))?|UTC|GMT)?$/i;
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/;
const NUMERIC_OTHER = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{1,4})$/;
const WEEKDAY_PREFIX = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;
const ORDINAL = "(?:st|nd|rd|th)?";
const DAY_MONTH_YEAR = new RegExp(`^(\\d{1,2})${ORDINAL}[\\s./-]*([a-z]+)\\.?[\\s.,/-]*(\\d{4}|\\d{2})$`, "i");
const MONTH_DAY_YEAR = new RegExp(`^([a-z]+)\\.?[\\s./-]*(\\d{1,2})${ORDINAL}[\\s.,/-]+(\\d{4}|\\d{2})$`, "i");
const YEAR_MONTH_DAY = /^(\d{4})[\s./-]*([a-z]+)\.?[\s./-]*(\d{1,2})$/i;
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;

function readDate(text: string, dateFormat: DateFormat | undefined): Day | Invalid | null {
  const s = folded(text);
  if (s === "") return null;
  const notADate = (): Invalid => new Invalid(`date ${quoted(s)} is not a date`);

  // A time of day after the date is checked, then dropped: the written calendar date is the date.
  let datePart = s;
  const colon = s.indexOf(":");
  if (colon >= 0) {
    let timeStart = colon;
    while (timeStart > 0 && isDigitAt(s, timeStart - 1)) timeStart--;
    const time = TIME_OF_DAY.exec(s.slice(timeStart));
    if (time === null || !isTimeOfDay(time)) return notADate();
    const before = s[timeStart - 1];
    if (before === "T" && isDigitAt(s, timeStart - 2)) datePart = s.slice(0, timeStart - 1);
    else if (before === " " || before === "\t") datePart = s.slice(0, timeStart).replace(/[\s,]+$/, "");
    else if (before === "日" || before === "号") datePart = s.slice(0, timeStart);
    else return notADate();
  }

  let match = YEAR_FIRST.exec(datePart) ?? COMPACT.exec(datePart) ?? CHINESE.exec(datePart);
  if (match !== null) {
    const [y, m, d] = match.length === 5 ? [match[1], match[3], match[4]] : [match[1], match[2], match[3]];
    return dayOf(s, Number(y), Number(m), Number(d));
  }

  match = NUMERIC_OTHER.exec(datePart);
  if (match !== null) {
    const [a, b, c] = [match[1]!, match[3]!, match[4]!];
    if (dateFormat === undefined) {
      const hint = Number(a) > 12 ? " (it looks like DMY)" : Number(b) > 12 ? " (it looks like MDY)" : "";
      return new Invalid(`date ${quoted(s)} is ambiguous${hint}; pass --date-format DMY or MDY`);
    }
    if (dateFormat === "YMD") {
      if (a.length !== 2 || c.length > 2) return new Invalid(`date ${quoted(s)} does not match --date-format YMD`);
      return dayOf(s, fullYear(a), Number(b), Number(c));
    }
    if (c.length !== 2 && c.length !== 4) {
      return new Invalid(`date ${quoted(s)} does not match --date-format ${dateFormat}`);
    }
    const [d, m] = dateFormat === "DMY" ? [a, b] : [b, a];
    return dayOf(s, c.length === 2 ? fullYear(c) : Number(c), Number(m), Number(d));
  }

  const words = datePart.replace(WEEKDAY_PREFIX, "");
  match = DAY_MONTH_YEAR.exec(words);
  if (match !== null) return namedMonthDay(s, match[3]!, match[2]!, match[1]!);
  match = MONTH_DAY_YEAR.exec(words);
  if (match !== null) return namedMonthDay(s, match[3]!, match[1]!, match[2]!);
  match = YEAR_MONTH_DAY.exec(words);
  if (match !== null) return namedMonthDay(s, match[1]!, match[2]!, match[3]!);

  if (EXCEL_SERIAL.test(s)) {
    return new Invalid(`date ${quoted(s)} is not a date (a spreadsheet day number? format the column as a date before exporting)`);
  }
  return notADate();
}

function isTimeOfDay(time: RegExpExecArray): boolean {
  const h = Number(time[1]);
  const m = Number(time[2]);
  const sec = time[3] === undefined ? 0 : Number(time[3]);
  const ampm = time[4] !== undefined;
  const hourOk = ampm ? h >= 1 && h <= 12 : h <= 23 || (h === 24 && m === 0 && sec === 0);
  const zoneOk = time[5] === undefined || (Number(time[5]) <= 23 && (time[6] === undefined || Number(time[6]) <= 59));
  return hourOk && m <= 59 && sec <= 60 && zoneOk;
}

/** Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX `%y` pivot). */
function fullYear(yy: string): number {
  const v = Number(yy);
  return v < 70 ? 2000 + v : 1900 + v;
}

function namedMonthDay(s: string, year: string, monthName: string, day: string): Day | Invalid {
  const m = MONTHS.get(monthName.toLowerCase());
  if (m === undefined) return new Invalid(`date ${quoted(s)} is not a date`);
  return dayOf(s, year.length === 2 ? fullYear(year) : Number(year), m, Number(day));
}

function dayOf(s: string, y: number, m: number, d: number): Day | Invalid {
  if (y < MIN_YEAR) return new Invalid(`date ${quoted(s)} is before ${MIN_YEAR}`);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return new Invalid(`date ${quoted(s)} does not exist`);
  return dayFromYmd(y, m, d);
}

// ---------------------------------------------------------------------------------------------
// Terms

/**
 * Payment terms in days: `30`, `net 30`, `Net30`, `N30`, `n/30`, `30 days`, `30天`, `月结30天`,
 * `2/10 net 30` (the net days; `discountTermsOf` reads the early-payment discount), `30 days after invoice
 * date`; `due on receipt`, `COD`, `immediate`, `现结`, `货到付款` are 0.
 */
export function parseTerms(text: string): number | Invalid | null {
  const n = text.length;
  if (n > 0 && n <= 4) {
    let value = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    if (i === n && value <= MAX_TERMS_DAYS) return value;
  }
  return readTermsRemembered(text);
}

const DUE_AT_ONCE = new Set([
  "dueonreceipt",
  "dueuponreceipt",
  "onreceipt",
  "uponreceipt",
  "receipt",
  "cod",
  "c.o.d.",
  "c.o.d",
  "cashondelivery",
  "cia",
  "cashinadvance",
  "prepaid",
  "prepayment",
  "immediate",
  "immediately",
  "dueimmediately",
  "现结",
  "现款",
  "现金",
  "即付",
  "货到付款",
  "款到发货",
  "预付",
  "预付款",
]);
/** `2/10 `, `2% 10 `, `1.5/15, `: an early-payment discount ahead of the net terms. */
const DISCOUNT = /^(\d+(?:\.\d+)?)(?:%\/?|\/)(\d+)(?:days?)?[,;，]?(?=n|净)/;
const NET_DAYS = /^(?:duein|duewithin|within)?(?:(?:net|n)\/?)?(\d+)(?:\.0+)?(?:days?|d|天|日)?(?:net|内|账期|afterinvoicedate|aftertheinvoicedate|afterinvoice)?$/;
const CHINESE_TERMS = /^(?:月结|账期|信用期|付款期|付款期限|结算期)(\d+)(?:天|日)?$/;

const readTermsRemembered = remembered((text: string): number | Invalid | null => {
  const s = folded(text);
  if (s === "") return null;
  // Spaces are ignored, except between digits: `net 30 60` is not `net 3060`.
  const key = /\d\s+\d/.test(s) ? "" : s.toLowerCase().replace(/\s+/g, "");
  if (DUE_AT_ONCE.has(key)) return 0;
  const discount = DISCOUNT.exec(key);
  const rest = discount === null ? key : key.slice(discount[0].length).replace(/^净/, "net");
  const match = NET_DAYS.exec(rest) ?? (discount === null ? CHINESE_TERMS.exec(rest) : null);
  if (match === null) {
    return new Invalid(`terms ${quoted(s)} are not a number of days`);
  }
  const days = Number(match[1]);
  if (days > MAX_TERMS_DAYS) return new Invalid(`terms ${quoted(s)}: more than ${MAX_TERMS_DAYS} days`);
  return days;
});

/**
 * An early-payment discount (现金折扣): `rate` of the invoice amount may be deducted by a payment
 * dated at most `days` days after the doc date (SPEC "Ledger: write-offs, instalment rows and
 * early-payment discounts"). `rate` is the exact decimal written as a percentage ÷ 100 (`2/10` →
 * "0.02"), kept as text so that no binary float touches it.
 */
export interface DiscountTerms {
  rate: string;
  days: number;
}

/**
 * The discount of terms written `2/10 net 30`, `2/10 n/30`, `2/10, net 30`, `2%/10 net 30`,
 * `2/10净30`; null for terms without one (and for terms `parseTerms` rejects). One object per
 * distinct text (remembered), so that a million rows share a handful.
 */
export const discountTermsOf = remembered((text: string): DiscountTerms | null => {
  const s = folded(text);
  const key = /\d\s+\d/.test(s) ? "" : s.toLowerCase().replace(/\s+/g, "");
  const discount = DISCOUNT.exec(key);
  if (discount === null || readTermsRemembered(text) instanceof Invalid) return null;
  const days = Number(discount[2]);
  if (days > MAX_TERMS_DAYS) return null;
  return { rate: percentAsFraction(discount[1]!), days };
});

/** "2" → "0.02", "1.5" → "0.015": a percentage as an exact decimal fraction. */
function percentAsFraction(percent: string): string {
  return new Decimal(percent).div(100).toFixed();
}

// ---------------------------------------------------------------------------------------------
// Document types

const DOC_KIND_WORDS: Record<DocKind, string[]> = {
  invoice: ["invoice", "inv", "salesinvoice", "taxinvoice", "accrec", "发票", "销售发票", "其他应收单", "应收单", "增值税专用发票", "增值税普通发票"],
  debit_note: ["debitnote", "dn", "debitmemo", "借项", "借项通知单", "应收借项"],
  payment: [
    "payment",
    "pmt",
    "rcpt",
    "receipt",
    "receivepayment",
    "paymentreceived",
    "customerpayment",
    "paymententry",
    "accrecpayment",
    "收款",
    "收款单",
    "预收单",
    "预收款",
    "回款",
  ],
  credit_note: ["creditnote", "cn", "creditmemo", "salescreditnote", "accreccredit", "红字发票", "贷项", "贷项通知单", "应收红字", "红冲"],
  // SPEC "Ledger: write-offs…": a credit without cash (the creditor's own act).
  write_off: ["writeoff", "wo", "baddebt", "baddebtwriteoff", "坏账核销", "核销坏账", "坏账"],
};
const DOC_KIND_BY_WORD = new Map<string, DocKind>();
for (const [kind, words] of Object.entries(DOC_KIND_WORDS) as [DocKind, string[]][]) {
  for (const word of words) DOC_KIND_BY_WORD.set(word, kind);
}

/**
 * Export words whose document kind the amount's sign decides, as when `doc_type` is absent: ERPNext's
 * `Journal Entry` (a debit to the customer, positive, is an invoice; a credit, negative, a payment).
 */
const SIGN_DECIDES = new Set(["journalentry"]);

/**
 * A document type by its canonical name or an export system's word, ignoring case, spaces, `_`, `-`
 * and `.`; `null` for a blank cell and for a word whose kind the sign decides (SIGN_DECIDES).
 */
export function parseDocType(text: string): DocKind | Invalid | null {
  return DOC_KIND_BY_WORD.get(text) ?? readDocTypeRemembered(text);
}

const readDocTypeRemembered = remembered((text: string): DocKind | Invalid | null => {
  const s = folded(text);
  if (s === "") return null;
  const word = s.toLowerCase().replace(/[\s_.\-]+/g, "");
  if (SIGN_DECIDES.has(word)) return null;
  const kind = DOC_KIND_BY_WORD.get(word);
  return kind ?? new Invalid(`doc_type ${quoted(s)} is unknown (invoice, debit_note, payment, credit_note or write_off)`);
});

// ---------------------------------------------------------------------------------------------
// Currencies

const CURRENCY_NAMES = new Map<string, string>([
  ["人民币", "CNY"],
  ["人民幣", "CNY"],
  ["元", "CNY"],
  ["RMB", "CNY"],
  ["美元", "USD"],
  ["美金", "USD"],
  ["US$", "USD"],
  ["港币", "HKD"],
  ["港幣", "HKD"],
  ["港元", "HKD"],
  ["HK$", "HKD"],
  ["欧元", "EUR"],
  ["歐元", "EUR"],
  ["€", "EUR"],
  ["日元", "JPY"],
  ["日圆", "JPY"],
  ["日圓", "JPY"],
  ["英镑", "GBP"],
  ["英鎊", "GBP"],
  ["£", "GBP"],
]);

/** An ISO 4217 code, upper-cased; also RMB and the Chinese names of common currencies. */
export function parseCurrency(text: string): string | Invalid | null {
  if (text.length === 3) {
    const a = text.charCodeAt(0);
    const b = text.charCodeAt(1);
    const c = text.charCodeAt(2);
    if (a >= 65 && a <= 90 && b >= 65 && b <= 90 && c >= 65 && c <= 90) return text === "RMB" ? "CNY" : text;
  }
  return readCurrencyRemembered(text);
}

const readCurrencyRemembered = remembered((text: string): string | Invalid | null => {
  const s = folded(text);
  if (s === "") return null;
  const upper = s.toUpperCase();
  const named = CURRENCY_NAMES.get(upper);
  if (named !== undefined) return named;
  if (/^[A-Z]{3}$/.test(upper)) return upper;
  if (s === "$" || s === "¥") return new Invalid(`currency ${quoted(s)} is ambiguous; write its three-letter code`);
  return new Invalid(`currency ${quoted(s)} is not a three-letter code`);
});

// ---------------------------------------------------------------------------------------------
// Disputed flags

const DISPUTED_WORDS = new Map<string, boolean>();
for (const w of ["yes", "y", "true", "t", "1", "disputed", "是", "有", "有争议", "争议", "争议中", "√", "✓", "✔"]) DISPUTED_WORDS.set(w, true);
for (const w of ["no", "n", "false", "f", "0", "undisputed", "否", "无", "無", "没有", "无争议", "×", "✗", "✘"]) DISPUTED_WORDS.set(w, false);

/** yes/no, true/false, 1/0, Y/N, 是/否, 有争议/无争议 (any case); blank is null. */
export function parseDisputed(text: string): boolean | Invalid | null {
  if (text.length === 1) {
    const c = text.charCodeAt(0);
    if (c === 49 || c === 89 || c === 121) return true; // 1 Y y
    if (c === 48 || c === 78 || c === 110) return false; // 0 N n
  }
  return readDisputedRemembered(text);
}

const readDisputedRemembered = remembered((text: string): boolean | Invalid | null => {
  const s = folded(text);
  if (s === "") return null;
  const flag = DISPUTED_WORDS.get(s.toLowerCase().replace(/\s+/g, ""));
  return flag ?? new Invalid(`disputed ${quoted(s)} is not yes or no`);
});
