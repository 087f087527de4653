import { describe, expect, it } from "vitest";
import { grown } from "../../src/engine/memory.js";

describe("grown: a column copied into a longer one", () => {
  it("keeps the type and the values, and zeroes the new room", () => {
    const cases = [Int32Array.of(-1, 2, 3), Uint8Array.of(255, 0, 7), Uint16Array.of(65535, 1, 2), Float64Array.of(0.5, -2, 9007199254740991)];
    for (const a of cases) {
      const b = grown(a, 5);
      expect(b.constructor).toBe(a.constructor);
      expect(Array.from(b)).toEqual([...Array.from(a), 0, 0]);
    }
    const big = grown(BigInt64Array.of(-(2n ** 63n), 5n), 3);
    expect(big).toBeInstanceOf(BigInt64Array);
    expect(Array.from(big)).toEqual([-(2n ** 63n), 5n, 0n]);
  });
});
