/**
 * The prefaulting memory source (io/prefault.ts) changes where the engine's arrays live, never
 * what is computed: the fixture ledger, read, settled (fifo and none, with settlements recorded)
 * and aged with every array in shared memory touched by the helper thread, gives the same
 * results as with plain memory.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { parseIsoDate } from "../../src/engine/dates.js";
import { useMemorySource } from "../../src/engine/memory.js";
import { isCharge } from "../../src/engine/ledger.js";
import { settle, settlementBytes, type ApplyMode } from "../../src/engine/settle.js";
import { startPrefaulter, type Prefaulter } from "../../src/io/prefault.js";
import { readLedgers } from "../../src/io/read-ledger.js";
import { ROOT } from "../helpers/cli.js";

const asOf = parseIsoDate("2025-06-30")!;

async function run(apply: ApplyMode, prefaulter?: Prefaulter) {
  const file = path.join(ROOT, "fixtures", "ledger.csv");
  const read = await readLedgers([{ name: file, path: file }], { asOf, encoding: "auto", decimalComma: false, map: new Map(), defaultCurrency: "CNY", defaultTerms: 30, stdin: process.stdin });
  if (prefaulter !== undefined) {
    // Memory prepared for exactly this ledger's settlement: every array of it must fit.
    let charges = 0;
    for (let i = 0; i < read.ledger.count; i++) if (isCharge(read.ledger.kind[i]!)) charges++;
    prefaulter.prepare(settlementBytes(read.ledger.count, charges, apply));
    prefaulter.usePrepared();
  }
  const settled = settle(read.ledger, asOf, { apply, record: true });
  const aging = age(settled, { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n, items: true });
  const l = read.ledger;
  return {
    shared: l.customer.buffer instanceof SharedArrayBuffer && l.docDate.buffer instanceof SharedArrayBuffer && settled.effective.buffer instanceof SharedArrayBuffer,
    /** Whether settlement's arrays were all cut from one prepared buffer. */
    prepared: settled.effective.buffer === settled.target.buffer && settled.target.buffer === settled.outstanding.numbers?.buffer,
    outstanding: Array.from({ length: l.count }, (_, i) => settled.outstanding.get(i)),
    target: Array.from(settled.target),
    settlements: settled.settlements,
    warnings: settled.warnings.map((w) => [w.index, w.kind, w.reason]),
    unapplied: settled.accounts.map((a) => [a.customer, a.currency, a.unapplied, Array.from(a.events)]),
    aging: aging.accounts.map((a) => [a.customer, a.currency, a.buckets, a.unapplied, a.balance, a.tier, a.oldestDaysOverdue, a.items.map((it) => [it.index, it.outstanding])]),
  };
}

describe("prefaulted shared memory", () => {
  let prefaulter: Prefaulter | undefined;
  afterEach(() => {
    prefaulter?.stop();
    prefaulter = undefined;
    useMemorySource(undefined);
  });

  for (const apply of ["fifo", "none"] as const) {
    it(`gives the results of plain memory (--apply ${apply})`, async () => {
      const plain = await run(apply);
      expect(plain.shared).toBe(false);
      prefaulter = startPrefaulter(0);
      const prefaulted = await run(apply);
      prefaulter.stop();
      prefaulter = undefined;
      // The arrays really were shared memory, so the comparison means something.
      expect(prefaulted.shared).toBe(true);
      expect(prefaulted.prepared).toBe(false);
      expect({ ...prefaulted, shared: false }).toEqual(plain);
    });

    it(`gives the results of plain memory with settlement's memory prepared ahead (--apply ${apply})`, async () => {
      const plain = await run(apply);
      prefaulter = startPrefaulter(0);
      const prefaulted = await run(apply, prefaulter);
      prefaulter.stop();
      prefaulter = undefined;
      expect(prefaulted.prepared).toBe(true);
      expect({ ...prefaulted, shared: false, prepared: false }).toEqual(plain);
    });
  }

  it("restores plain memory when stopped", async () => {
    startPrefaulter(0).stop();
    expect((await run("fifo")).shared).toBe(false);
  });
});
