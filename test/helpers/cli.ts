/**
 * Runs the CLI in-process with captured streams: golden tests compare whole outputs and exit codes
 * without paying a Node start-up per case.
 */
import { Readable } from "node:stream";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/main.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = path.join(ROOT, "fixtures");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  /** Terminal width when `tty` (default 100). */
  columns?: number;
}

export async function runAr(args: string[], options: RunOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out = { write: (s: string | Uint8Array) => ((stdout += typeof s === "string" ? s : Buffer.from(s).toString("utf8")), true), isTTY: options.tty ?? false, columns: options.columns ?? 100 };
  const err = { write: (s: string | Uint8Array) => ((stderr += typeof s === "string" ? s : Buffer.from(s).toString("utf8")), true), isTTY: false };
  const stdin = Readable.from(options.stdin === undefined ? [] : [typeof options.stdin === "string" ? Buffer.from(options.stdin) : options.stdin]);
  const code = await runCli(args, { stdout: out, stderr: err, stdin, env: { NO_COLOR: "1", ...(options.env ?? {}) }, cwd: options.cwd ?? ROOT });
  return { code, stdout, stderr };
}
