import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unitsExact, unitsString } from "../../src/engine/money.js";

describe("unitsExact: minor units written exactly, at least two places", () => {
  it("keeps every decimal of the scale, pads to two", () => {
    expect(unitsExact(3360000n, 2)).toBe("33600.00");
    expect(unitsExact(125n, 3)).toBe("0.125");
    expect(unitsExact(5n, 2)).toBe("0.05");
    expect(unitsExact(7n, 0)).toBe("7.00");
    expect(unitsExact(123n, 1)).toBe("12.30");
  });

  it("does not round, where unitsString does", () => {
    expect(unitsExact(10005n, 3)).toBe("10.005");
    expect(unitsString(10005n, 3)).toBe("10.01");
  });
});

describe("unitsString: minor units as a 2-decimal money string", () => {
  it("formats cents, signs and the safe-integer limit by hand", () => {
    expect(unitsString(0n, 2)).toBe("0.00");
    expect(unitsString(5n, 2)).toBe("0.05");
    expect(unitsString(-5n, 2)).toBe("-0.05");
    expect(unitsString(100n, 2)).toBe("1.00");
    expect(unitsString(-123456n, 2)).toBe("-1234.56");
    expect(unitsString(9007199254740991n, 2)).toBe("90071992547409.91"); // 2^53 − 1 cents
    expect(unitsString(9007199254740993n, 2)).toBe("90071992547409.93"); // past it: bigint arithmetic
    expect(unitsString(-9007199254740993n, 2)).toBe("-90071992547409.93");
  });

  it("rounds half away from zero once at other scales", () => {
    expect(unitsString(-10005n, 3)).toBe("-10.01");
    expect(unitsString(-4n, 3)).toBe("0.00");
    expect(unitsString(7n, 0)).toBe("7.00");
  });

  it("at scale 2 is the exact decimal of the units, for any size", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (u) => {
        const sign = u < 0n ? "-" : "";
        const digits = (u < 0n ? -u : u).toString().padStart(3, "0");
        expect(unitsString(u, 2)).toBe(`${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`);
      }),
    );
  });
});
