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
