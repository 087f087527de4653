/**
 * Exact money. Amounts are decimal.js values; ledgers at scale are held as integer minor units
 * (bigint at a ledger-wide scale, see `MinorUnits`) and turned into Decimals only for reporting.
 * Rounding happens once, at the end, half-up to cents, as SPEC.md requires.
 */
import { Decimal as DecimalBase } from "decimal.js";

// A private clone so that nobody else's global Decimal settings change our rounding.
export const Decimal = DecimalBase.clone({ precision: 80, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);

/** Rounds half-up to 2 decimals (once, where a figure is shown or stored as a claim). */
export function roundCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** `"80000.00"`: the money form of JSON and CSV outputs. */
export function moneyString(value: Decimal): string {
  const s = roundCents(value).toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/** `80,000.00`: thousands separators for tables and letters. */
export function moneyGrouped(value: Decimal): string {
  const s = moneyString(value);
  const neg = s.startsWith("-");
  const [int, frac] = (neg ? s.slice(1) : s).split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${grouped}.${frac}`;
}

/** Integer minor units at a given scale (10^-scale of the currency unit) as an exact Decimal. */
export function fromMinor(units: bigint, scale: number): Decimal {
  return new Decimal(`${units.toString()}e-${scale}`);
}

/** Exact Decimal to integer minor units at `scale`; the value must have at most `scale` decimals. */
export function toMinor(value: Decimal, scale: number): bigint {
  const scaled = value.times(new Decimal(10).pow(scale));
  if (!scaled.isInteger()) throw new RangeError(`${value.toString()} has more than ${scale} decimals`);
  return BigInt(scaled.toFixed(0));
}

/** Minor units at `scale` as a plain decimal, exact, with at least two places: 33600 → 33600.00, 0.125 → 0.125. */
export function unitsExact(units: bigint, scale: number): string {
  let u = units;
  let s = scale;
  if (s < 2) {
    u *= 10n ** BigInt(2 - s);
    s = 2;
  }
  const digits = u.toString().padStart(s + 1, "0");
  return `${digits.slice(0, -s)}.${digits.slice(-s)}`;
}

const SAFE_UNITS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Minor units at `scale` as a 2-decimal money string, rounded half-up (away from zero) once:
 * the fast path of `moneyString(fromMinor(units, scale))` for large reports.
 */
export function unitsString(units: bigint, scale: number): string {
  if (scale === 2 && units >= -SAFE_UNITS && units <= SAFE_UNITS) {
    // Cents that are a safe integer format as a number (a report formats tens of thousands):
    // the quotient and remainder by 100 of a safe integer are exact.
    const c = Number(units);
    const abs = c < 0 ? -c : c;
    const frac = abs % 100;
    const s = `${(abs - frac) / 100}.${frac < 10 ? "0" : ""}${frac}`;
    return c < 0 ? `-${s}` : s;
  }
  let cents = units;
  if (scale > 2) {
    const div = 10n ** BigInt(scale - 2);
    const neg = units < 0n;
    const abs = neg ? -units : units;
    let q = abs / div;
    if ((abs % div) * 2n >= div) q += 1n;
    cents = neg ? -q : q;
  } else if (scale < 2) {
    cents = units * 10n ** BigInt(2 - scale);
  }
  const neg = cents < 0n;
  const digits = (neg ? -cents : cents).toString().padStart(3, "0");
  const s = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return neg && s !== "0.00" ? `-${s}` : s;
}

/** `unitsString` with thousands separators, for tables and letters. */
export function unitsGrouped(units: bigint, scale: number): string {
  const s = unitsString(units, scale);
  const neg = s.startsWith("-");
  const [int, frac] = (neg ? s.slice(1) : s).split(".");
  return `${neg ? "-" : ""}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

/** Smallest number of minor units at `scale` that is at least `value` (for "at least the minimum amount"). */
export function ceilToUnits(value: Decimal, scale: number): bigint {
  return BigInt(value.times(new Decimal(10).pow(scale)).ceil().toFixed(0));
}
