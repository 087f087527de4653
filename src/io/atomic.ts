/**
 * Files a command writes appear whole or not at all: written to a temporary name in the same
 * folder, fsync'ed, renamed over the target (rename is atomic within a file system), then the
 * folder is fsync'ed so the rename itself survives a crash. The target's permissions are kept.
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

let counter = 0;

export interface WriteOptions {
  /**
   * Test hook: milliseconds to wait after the new content is written and fsync'ed and before the
   * rename (so tests can race a second writer or kill this one mid-write).
   */
  holdMs?: number;
}

export function writeFileAtomic(target: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${counter++}.tmp`);
  let mode = 0o644;
  try {
    mode = statSync(target).mode & 0o777;
  } catch {
    // a new file
  }
  const fd = openSync(tmp, "wx", mode);
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw e;
  }
  closeSync(fd);
  if (options.holdMs !== undefined && options.holdMs > 0) sleepSync(options.holdMs);
  renameSync(tmp, target);
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
