/**
 * `npm run bench`: generates clean ledgers (100k and 1M rows; 10M with --big) and measures
 * `ar age --format csv` with --apply fifo and none: rows per second, wall time (process start to
 * exit, as a user waits) and peak RSS. Figures, not assertions: tests never time anything.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateLedger } from "./generate.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = path.join(root, "bench-data");
const args = process.argv.slice(2);
const sizes = [100_000, 1_000_000, ...(args.includes("--big") ? [10_000_000] : [])];
const only = args.find((a) => a.startsWith("--only="))?.slice(7);

mkdirSync(dataDir, { recursive: true });
console.log("ar age --format csv on generated ledgers (clean ISO dates, ~20k customers)");
console.log("rows        file MB  apply  wall s   rows/s      peak RSS MiB");
for (const rows of sizes) {
  const file = path.join(dataDir, `ledger-${rows}.csv`);
  if (!existsSync(file)) await generateLedger(file, rows);
  const mb = statSync(file).size / 1e6;
  for (const apply of ["fifo", "none"]) {
    if (only && only !== apply) continue;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(root, "dist/bench/measure.js"), "age", file, "--as-of", "2025-06-30", "--format", "csv", "--apply", apply], { encoding: "utf8", maxBuffer: 1 << 28 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const m = /@@measure (.*)/.exec(r.stderr ?? "");
    if (!m || r.status !== 0) {
      console.log(`${rows}: failed (exit ${r.status}): ${(r.stderr ?? "").slice(0, 500)}`);
      continue;
    }
    const measured = JSON.parse(m[1]!) as { maxRssMiB: number };
    console.log(
      `${String(rows).padEnd(11)} ${mb.toFixed(1).padStart(7)}  ${apply.padEnd(5)}  ${wall.toFixed(2).padStart(6)}  ${Math.round(rows / wall)
        .toLocaleString("en")
        .padStart(10)}  ${measured.maxRssMiB.toFixed(0).padStart(12)}`,
    );
  }
}
