/** Exact integer amounts in a column that stays doubles while it can. Storage machinery of the ledger. */
import { bigInt64Array, float64Array, grown } from "../memory.js";

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A growable column of exact integers (minor units). Held as doubles while every value is a safe
 * integer (|v| < 2^53: 90 trillion at two decimals), which integer arithmetic in `number` keeps
 * exact and reads without allocating; then as 64-bit integers; then as bigints. Each step happens
 * at most once, and only when a value does not fit.
 */
export class AmountColumn {
  private small: Float64Array | undefined;
  private packed: BigInt64Array | undefined;
  private loose: bigint[] | undefined;

  constructor(capacity: number) {
    this.small = float64Array(capacity);
  }

  /**
   * The values as doubles, each a safe integer, while they all are (read them, do not write):
   * the hot loops of settlement and aging use it; undefined once a value needed more.
   */
  get numbers(): Float64Array | undefined {
    return this.small;
  }

  get(i: number): bigint {
    if (this.small !== undefined) return BigInt(this.small[i]!);
    return this.packed !== undefined ? this.packed[i]! : this.loose![i]!;
  }

  set(i: number, v: bigint): void {
    if (this.small !== undefined) {
      if (v <= SAFE_MAX && v >= -SAFE_MAX) {
        this.small[i] = Number(v);
        return;
      }
      this.widen();
    }
    if (this.packed !== undefined) {
      if (v <= INT64_MAX && v >= INT64_MIN) {
        this.packed[i] = v;
        return;
      }
      this.loose = Array.from(this.packed);
      this.packed = undefined;
    }
    this.loose![i] = v;
  }

  /** Sets a value given as a safe integer. */
  setNumber(i: number, v: number): void {
    if (this.small !== undefined) this.small[i] = v + 0; // + 0: no -0 in the column
    else this.set(i, BigInt(v));
  }

  /** From doubles to 64-bit integers: a value does not fit in a safe integer. */
  private widen(): void {
    const small = this.small!;
    this.small = undefined;
    this.packed = bigInt64Array(small.length);
    for (let k = 0; k < small.length; k++) this.packed[k] = BigInt(small[k]!);
  }

  get capacity(): number {
    return (this.small ?? this.packed ?? this.loose)!.length;
  }

  grow(capacity: number): void {
    if (this.small !== undefined) this.small = grown(this.small, capacity);
    else if (this.packed !== undefined) this.packed = grown(this.packed, capacity);
  }

  /** Multiplies the first `count` values by `factor` (a rise of the ledger's scale). */
  rescale(count: number, factor: bigint): void {
    const small = this.small;
    if (small !== undefined && factor <= SAFE_MAX) {
      const f = Number(factor);
      let i = 0;
      // A product of integers is exact while it is a safe integer; past that, a double product is
      // at least 2^53, so the test below catches every inexact one.
      for (; i < count; i++) {
        const v = small[i]! * f;
        if (!Number.isSafeInteger(v)) break;
        small[i] = v;
      }
      if (i === count) return;
      for (let k = i; k < count; k++) this.set(k, this.get(k) * factor);
      return;
    }
    for (let i = 0; i < count; i++) this.set(i, this.get(i) * factor);
  }

  static of(values: bigint[]): AmountColumn {
    const c = new AmountColumn(Math.max(1, values.length));
    values.forEach((v, i) => c.set(i, v));
    return c;
  }
}

