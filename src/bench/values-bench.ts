/**
 * Micro-benchmark of the ledger cell parsers (src/engine/values.ts), run by hand, not a test:
 *
 *   npx tsc -p . && node dist/bench/values-bench.js
 *
 * A reader must get through a million rows in well under a second, so the plain forms that
 * exports write most must cost tens of nanoseconds; the general grammar may cost more.
 */
import { parseAmount, parseCurrency, parseDate, parseDisputed, parseDocType, parseTerms } from "../engine/values.js";

const CALLS = 5_000_000;

function bench(name: string, inputs: string[], parse: (text: string) => unknown): void {
  let sink = 0;
  const run = (calls: number): void => {
    for (let i = 0; i < calls; i++) {
      const r = parse(inputs[i % inputs.length]!);
      sink += r === null ? 0 : 1; // a use of every result, so nothing is optimised away
    }
  };
  run(500_000); // warm-up: let the JIT settle
  const start = process.hrtime.bigint();
  run(CALLS);
  const ns = Number(process.hrtime.bigint() - start) / CALLS;
  console.log(`${name.padEnd(52)} ${ns.toFixed(1).padStart(7)} ns/call  (${sink})`);
}

/** Deterministic variety, so the timings do not depend on one string staying hot in a cache. */
function many(count: number, make: (i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => make(i));
}
const pseudoRandom = (i: number): number => (Math.imul(i + 1, 2654435761) >>> 0) % 100_000_000;
const pad2 = (n: number): string => String(n).padStart(2, "0");

bench('parseAmount("1234.56")', ["1234.56"], (t) => parseAmount(t));
bench("parseAmount, 10,000 distinct plain amounts", many(10_000, (i) => (pseudoRandom(i) / 100).toFixed(2)), (t) => parseAmount(t));
bench('parseAmount("1,234.56")', ["1,234.56"], (t) => parseAmount(t));
bench('parseAmount("(¥1,234.56)")  (general path)', ["(¥1,234.56)"], (t) => parseAmount(t));
bench('parseAmount("1.234,56", decimalComma)', ["1.234,56"], (t) => parseAmount(t, true));

bench('parseDate("2025-05-16")', ["2025-05-16"], (t) => parseDate(t));
bench(
  "parseDate, 3,650 distinct YYYY-MM-DD",
  many(3650, (i) => `${2020 + Math.floor(i / 365)}-${pad2((Math.floor(i / 28) % 12) + 1)}-${pad2((i % 28) + 1)}`),
  (t) => parseDate(t),
);
bench('parseDate("2025-05-16 14:03:00")', ["2025-05-16 14:03:00"], (t) => parseDate(t));
bench('parseDate("2025/5/16")  (remembered)', ["2025/5/16"], (t) => parseDate(t));
bench(
  "parseDate, 20,000 distinct D/M/YYYY (DMY)",
  many(20_000, (i) => `${(i % 28) + 1}/${(Math.floor(i / 28) % 12) + 1}/${1950 + Math.floor(i / 336)}`),
  (t) => parseDate(t, "DMY"),
);

bench('parseTerms("30")', ["30"], (t) => parseTerms(t));
bench('parseTerms("Net 30")  (remembered)', ["Net 30"], (t) => parseTerms(t));
bench('parseDocType("invoice")', ["invoice"], (t) => parseDocType(t));
bench('parseDocType("Sales Invoice")  (remembered)', ["Sales Invoice"], (t) => parseDocType(t));
bench('parseCurrency("CNY")', ["CNY"], (t) => parseCurrency(t));
bench('parseCurrency("人民币")  (remembered)', ["人民币"], (t) => parseCurrency(t));
bench('parseDisputed("0")', ["0"], (t) => parseDisputed(t));
