/**
 * What a command needs from the outside world, passed in so that tests run the CLI in-process:
 * streams, environment, working directory. Exit codes: 0 done, 1 data rejected under --strict (or
 * `ar check` found errors), 2 usage or configuration error.
 */
import type { Readable } from "node:stream";

export interface OutStream {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The arguments after `ar` (for the About sheet of an xlsx report); runCli sets them. */
  argv?: readonly string[];
}

/** A usage or configuration error: exit 2, message on stderr, never a stack trace. */
export class UsageError extends Error {}

/** Ends the command with a code after its output (e.g. exit 1 under --strict). */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
