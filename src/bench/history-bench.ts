/**
 * `node dist/bench/history-bench.js LEDGER AS-OF MONTHS APPLY`: what a report over month ends
 * costs (engine/history.ts). Reads the ledger as `ar age` does (the same reader, the same
 * prefaulting, preparing also what history asks for), takes the ledger as it stood at MONTHS
 * month ends up to AS-OF from one settlement run, ages each (bucket totals per currency, as
 * `ar kpi` will) and prints the totals as CSV. The bench spawns it beside `ar age`; it prints
 * {wallMs, maxRssMiB, code, cpuMs, ...} on stderr as measure.js does.
 */
import { statSync, writeSync } from "node:fs";
import { Readable } from "node:stream";
import { age } from "../engine/aging.js";
import { dayFromYmd, daysInMonth, isoDate, parseIsoDate, ymdOf } from "../engine/dates.js";
import { historyBytes, settleOver } from "../engine/history.js";
import { settlementBytes, type ApplyMode } from "../engine/settle.js";
import { PREFAULT_MIN_INPUT, startPrefaulter } from "../io/prefault.js";
import { readLedgers } from "../io/read-ledger.js";

const t0 = process.hrtime.bigint();
const [file, asOfText, monthsText, apply] = process.argv.slice(2) as [string, string, string, ApplyMode];
const asOf = parseIsoDate(asOfText)!;
const months = Number(monthsText);

// The month ends up to as-of, oldest first (as-of itself when it ends no month).
const { y, m } = ymdOf(asOf);
const dates = Array.from({ length: months }, (_, k) => {
  const month = y * 12 + m - 1 - (months - 1 - k);
  const [yy, mm] = [Math.floor(month / 12), (month % 12) + 1];
  return Math.min(dayFromYmd(yy, mm, daysInMonth(yy, mm)), asOf);
});

const prefaulter = statSync(file).size >= PREFAULT_MIN_INPUT ? startPrefaulter() : undefined;
const read = await readLedgers([{ name: file, path: file }], {
  asOf,
  encoding: "auto",
  decimalComma: false,
  map: new Map(),
  defaultCurrency: "CNY",
  defaultTerms: 30,
  customerTerms: new Map(),
  stdin: Readable.from([]),
  onEstimate: prefaulter && ((rows) => prefaulter.prepare(settlementBytes(rows, Math.ceil(rows * 0.75), apply) + historyBytes(rows))),
});
const tRead = process.hrtime.bigint();
prefaulter?.usePrepared();
const history = settleOver(read.ledger, dates, { apply });
const tSettle = process.hrtime.bigint();
let out = "as_of,currency,buckets,unapplied,balance\n";
let resettled = 0;
for (const snapshot of history) {
  resettled += snapshot.resettled;
  const aging = age(snapshot, { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n, items: false });
  for (const t of aging.totals) out += `${isoDate(aging.asOf)},${read.ledger.currencies[t.currency]},${t.buckets.join(" ")},${t.unapplied},${t.balance}\n`;
}
prefaulter?.stop();
const tAge = process.hrtime.bigint();
process.stdout.write(out);
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
const wallMs = ms(t0, process.hrtime.bigint());
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
const cpu = process.cpuUsage();
const cpuMs = (cpu.user + cpu.system) / 1000;
writeSync(
  2,
  `\n@@measure ${JSON.stringify({ wallMs, maxRssMiB, code: 0, cpuMs, readMs: ms(t0, tRead), settleMs: ms(tRead, tSettle), snapshotsAndAgingMs: ms(tSettle, tAge), settlements: history.settlements.count, resettled })}\n`,
);
