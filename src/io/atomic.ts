/**
 * Files a command writes appear whole or not at all (SPEC "Global conventions": written to a
 * temporary name and renamed): written to a temporary name in the same folder, fsync'ed, renamed
 * over the target (rename is atomic within a file system), then the folder is fsync'ed so the
 * rename itself survives a crash. Whatever fails, the temporary file is removed before the error
 * is thrown, so a failed write leaves nothing behind.
 *
 * Permissions: ordinary file permissions, never an execute bit: a new file is created 0644 less
 * the umask; a file that is replaced keeps its read and write bits (a private 0600 log stays
 * private), less the umask.
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import path from "node:path";

let counter = 0;

export interface WriteOptions {
  /**
   * Test hook: milliseconds to wait after the new content is written and fsync'ed and before the
   * rename (so tests can race a second writer or kill this one mid-write).
   */
  holdMs?: number;
}

/** A write that failed; nothing was written and no temporary file is left. `reason` is short English. */
export class WriteError extends Error {
  constructor(
    readonly target: string,
    readonly code: string | undefined,
    readonly reason: string,
  ) {
    super(`${target}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  EISDIR: "is a directory; name a file",
  ENOENT: "its folder does not exist",
  ENOTDIR: "a part of the path is not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "the name is too long",
  EEXIST: "a temporary file of that name exists",
};

function failure(target: string, e: unknown): WriteError {
  if (e instanceof WriteError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  return new WriteError(target, code, (code !== undefined ? REASONS[code] : undefined) ?? (code ?? String((e as Error)?.message ?? e)));
}

export function writeFileAtomic(target: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const dir = path.dirname(target);
  let existing: Stats | undefined;
  try {
    existing = statSync(target);
  } catch {
    // a new file (or a path that cannot be written: opening the temporary file says why)
  }
  if (existing?.isDirectory()) throw new WriteError(target, "EISDIR", REASONS.EISDIR!);
  const mode = existing?.isFile() ? existing.mode & 0o666 : 0o644;
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${counter++}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, "wx", mode);
  } catch (e) {
    throw failure(target, e);
  }
  let open = true;
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    if (options.holdMs !== undefined && options.holdMs > 0) sleepSync(options.holdMs);
    renameSync(tmp, target);
  } catch (e) {
    if (open) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // gone already
    }
    throw failure(target, e);
  }
  fsyncFolder(dir);
}

function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some systems (Windows) cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
