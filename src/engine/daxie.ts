/**
 * Amounts in Chinese capital numerals (大写金额) for letters, statements and agreements, written
 * as the People's Bank of China prescribes for bills and settlement vouchers (中国人民银行
 * 《正确填写票据和结算凭证的基本规定》), and late-fee rates in words (千分之三).
 *
 * The PBoC rules this follows, in its own numbering:
 *  2. An amount that ends at 元 is followed by 整 (or 正); after 角 整 may be left out; after 分
 *     整 is never written.  → 捌万元整; 壹仟肆佰零玖元伍角 (its own example: no 整 after 角).
 *  3. 大写 follows 人民币 with no gap.  → daxieRmb.
 *  4. Zeros follow the language and leave no room for tampering:
 *   (1) a 0 between digits is written 零: ¥1,409.50 壹仟肆佰零玖元伍角;
 *   (2) several 0s in a row are one 零: ¥6,007.14 陆仟零柒元壹角肆分;
 *   (3) when the 万 or 元 digit is 0 (alone or at the end of a run of 0s) and the 千 or 角 digit is
 *       not, one 零 may be written or left out: ¥1,680.32 壹仟陆佰捌拾元零叁角贰分 or
 *       壹仟陆佰捌拾元叁角贰分; ¥107,000.53 壹拾万柒仟元零伍角叁分 or 壹拾万零柒仟元伍角叁分.
 *       We always write the first form the rule gives: no 零 between 万 and a non-zero 千 (as
 *       the language reads 十万七千), and 零 between 元 and 角 when the 元 digit is 0;
 *   (4) when the 角 digit is 0 and the 分 digit is not, 元 is followed by 零: ¥16,409.02
 *       壹万陆仟肆佰零玖元零贰分; ¥325.04 叁佰贰拾伍元零肆分.
 * Tens are written with their digit, 壹拾 (¥16.00 壹拾陆元整, ¥107,000.53 壹拾万…), so that
 * nothing can be written in front of 拾.
 */
import { Decimal, roundCents } from "./money.js";

interface Numerals {
  digits: string; // 0..9
  ten: string;
  hundred: string;
  thousand: string;
}

const CAPITAL: Numerals = { digits: "零壹贰叁肆伍陆柒捌玖", ten: "拾", hundred: "佰", thousand: "仟" };
const LOWER: Numerals = { digits: "零一二三四五六七八九", ten: "十", hundred: "百", thousand: "千" };

const TEN_THOUSAND = 10n ** 4n;
const HUNDRED_MILLION = 10n ** 8n;

/** 1..9999 as the language reads it: inner runs of 0 become one 零, trailing 0s are silent. */
function sectionInWords(n: number, numerals: Numerals): string {
  const units = [numerals.thousand, numerals.hundred, numerals.ten, ""];
  const digits = String(n).padStart(4, "0");
  let words = "";
  let zeroPending = false;
  for (let i = 0; i < 4; i++) {
    const digit = Number(digits[i]);
    if (digit === 0) {
      zeroPending = words !== "";
      continue;
    }
    if (zeroPending) words += numerals.digits[0];
    words += numerals.digits[digit]! + units[i]!;
    zeroPending = false;
  }
  return words;
}

/**
 * A positive integer in words, grouped by 万 and 亿 (10^12 is 壹万亿, 10^16 壹亿亿). A lower group
 * that does not fill its top place is preceded by one 零 (10,005 壹万零伍; 100,010 壹拾万零壹拾),
 * a full one is not (107,000 壹拾万柒仟).
 */
function integerInWords(n: bigint, numerals: Numerals): string {
  if (n < TEN_THOUSAND) return sectionInWords(Number(n), numerals);
  const [size, unit] = n < HUNDRED_MILLION ? [TEN_THOUSAND, "万"] : [HUNDRED_MILLION, "亿"];
  const high = n / size;
  const low = n % size;
  let words = integerInWords(high, numerals) + unit;
  if (low > 0n) {
    if (low < size / 10n) words += numerals.digits[0];
    words += integerInWords(low, numerals);
  }
  return words;
}

function checkFinite(value: Decimal, what: string): void {
  if (!value.isFinite()) throw new RangeError(`${what} must be a finite number, got ${value.toString()}`);
}

/**
 * The amount in capital numerals without a currency prefix: "捌万元整". Rounded half-up to cents
 * first; a negative amount gets "负" in front; zero is "零元整"; amounts under one 元 start at
 * their first non-zero place ("伍分", "伍角").
 */
export function daxie(amount: Decimal): string {
  checkFinite(amount, "amount");
  const rounded = roundCents(amount);
  if (rounded.isZero()) return "零元整";
  const sign = rounded.isNegative() ? "负" : "";
  const cents = BigInt(rounded.abs().times(100).toFixed(0));
  const yuan = cents / 100n;
  const jiao = Number((cents / 10n) % 10n);
  const fen = Number(cents % 10n);
  const d = CAPITAL.digits;

  let words = yuan > 0n ? `${integerInWords(yuan, CAPITAL)}元` : "";
  if (jiao === 0 && fen === 0) return `${sign}${words}整`; // rule 2
  // Rule 4(4) requires 零 when 角 is 0; rule 4(3) allows it when the 元 digit is 0, and we write it.
  if (yuan > 0n && (jiao === 0 || yuan % 10n === 0n)) words += d[0];
  if (jiao > 0) words += `${d[jiao]}角`;
  if (fen > 0) words += `${d[fen]}分`;
  return sign + words;
}

/** "人民币捌万元整": 人民币 followed by the capital amount with no gap (PBoC rule 3). */
export function daxieRmb(amount: Decimal): string {
  return `人民币${daxie(amount)}`;
}

/** A non-negative decimal read in lowercase numerals: 3 三, 1.5 一点五, 15 十五, 0.5 零点五. */
function decimalInWords(value: Decimal): string {
  const [intPart, fracPart = ""] = value.toFixed().split(".");
  const integer = BigInt(intPart!);
  let words = integer === 0n ? LOWER.digits[0]! : integerInWords(integer, LOWER);
  // Spoken Chinese drops the 一 of a leading 一十 (十五, 十五万) but keeps it inside (一百一十).
  if (words.startsWith("一十")) words = words.slice(1);
  if (fracPart !== "") words += "点" + [...fracPart].map((c) => LOWER.digits[Number(c)]).join("");
  return words;
}

/**
 * A rate as contracts write it: 0.003 千分之三, 0.0005 万分之五, 0.01 百分之一, 0.0015 千分之一点五.
 *
 * The rule: pick the denominator that puts the rate's first significant digit in the ones place
 * of the numerator (1 ≤ numerator < 10), among 百分之, 千分之 and 万分之. Rates of 1% and more
 * always use 百分之 (0.12 百分之十二, 1.5 百分之一百五十); rates under 0.01% use 万分之 with a
 * numerator under one (0.00005 万分之零点五). The numerator is exact: no float, no rounding.
 * Zero is 百分之零; a negative rate gets 负 in front.
 */
export function rateInChinese(rate: Decimal): string {
  checkFinite(rate, "rate");
  if (rate.isZero()) return "百分之零";
  const sign = rate.isNegative() ? "负" : "";
  const size = rate.abs();
  const [scale, prefix] = size.gte("0.01") ? [100, "百分之"] : size.gte("0.001") ? [1000, "千分之"] : [10000, "万分之"];
  return sign + prefix + decimalInWords(size.times(scale));
}

/** A rate as a percentage, exact and without trailing zeros: 0.003 "0.3%", 0.05 "5%". */
export function rateInEnglish(rate: Decimal): string {
  checkFinite(rate, "rate");
  if (rate.isZero()) return "0%";
  return `${rate.times(100).toFixed()}%`;
}
