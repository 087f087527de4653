/**
 * Runs one CLI command in this process and prints {wallMs, maxRssMiB, code, cpuMs} as JSON on fd 3 (or
 * stderr): the bench spawns it per measurement so that each run starts cold, like a user's.
 */
import { writeSync } from "node:fs";
import { runCli } from "../cli/main.js";

const args = process.argv.slice(2);
let bytes = 0;
const sink = { write: (s: string | Uint8Array) => ((bytes += s.length), true), isTTY: false };
const t0 = process.hrtime.bigint();
const code = await runCli(args, { stdout: sink, stderr: { write: (s: string | Uint8Array) => process.stderr.write(s), isTTY: false }, stdin: process.stdin, env: process.env, cwd: process.cwd() });
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
// CPU time (user + system, all threads): on a busy machine a steadier figure than wall time.
const cpu = process.cpuUsage();
const cpuMs = (cpu.user + cpu.system) / 1000;
writeSync(2, `\n@@measure ${JSON.stringify({ wallMs, maxRssMiB, code, outputBytes: bytes, cpuMs })}\n`);
