/**
 * Writing to the events log from a command (`ar log add|seal|import-manifest`, `ar plan
 * --append-events`): under the log's lock, with the log's own errors turned into exit codes.
 */
import path from "node:path";
import { ChainBrokenError, LogError, LogLockedError, readLogFile, withLogLock, type LogFile } from "../io/events-log.js";
import { WriteError } from "../io/atomic.js";
import type { CliIo } from "./context.js";
import { Exit, UsageError } from "./context.js";

/** Reads the log named `name`; a log that cannot be read is a usage error. */
export function openLog(io: CliIo, name: string): LogFile {
  try {
    return readLogFile(name, path.resolve(io.cwd, name));
  } catch (e) {
    if (e instanceof LogError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Runs `fn` on the log under its lock (`command` names the holder in the lock file). A locked or
 * unreadable log is a usage error (exit 2); a broken hash chain is printed and exits 1.
 */
export function writingLog<T>(io: CliIo, name: string, command: string, fn: (log: LogFile) => T): T {
  const target = { name, path: path.resolve(io.cwd, name) };
  try {
    return withLogLock(target, command, () => fn(openLog(io, name)));
  } catch (e) {
    if (e instanceof LogLockedError || e instanceof LogError) throw new UsageError(e.message);
    if (e instanceof WriteError) throw new UsageError(`${name}: cannot write the log: ${e.reason}; it is unchanged`);
    if (e instanceof ChainBrokenError) {
      io.stderr.write(`ar: ${e.message}\n`);
      throw new Exit(1);
    }
    throw e;
  }
}
