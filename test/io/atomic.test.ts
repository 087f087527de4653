/**
 * writeFileAtomic (src/io/atomic.ts): whole or nothing, no temporary file left after any failure,
 * ordinary permissions (no execute bit).
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic, WriteError } from "../../src/io/atomic.js";

const fresh = () => mkdtempSync(path.join(os.tmpdir(), "ar-atomic-"));
/** 0644 less the umask: what a plain file created 0644 gets (read this way, the umask is left alone). */
function ordinary(dir: string): number {
  const probe = path.join(dir, ".probe");
  writeFileSync(probe, "", { mode: 0o644 });
  const mode = statSync(probe).mode & 0o777;
  rmSync(probe);
  return mode;
}

function failure(f: () => void): WriteError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WriteError);
    return e as WriteError;
  }
  throw new Error("expected a WriteError");
}

describe("writeFileAtomic", () => {
  it("creates a new file 0644 less the umask, and replaces a file keeping its read/write bits but never an execute bit", () => {
    const dir = fresh();
    const target = path.join(dir, "report.csv");
    writeFileAtomic(target, "a\n");
    expect(statSync(target).mode & 0o777).toBe(ordinary(dir));
    chmodSync(target, 0o755);
    writeFileAtomic(target, "b\n");
    expect(readFileSync(target, "utf8")).toBe("b\n");
    expect(statSync(target).mode & 0o111).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(ordinary(dir));
    chmodSync(target, 0o600);
    writeFileAtomic(target, "c\n");
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["report.csv"]);
  });

  it("a target that is a directory fails before anything is written, and leaves no temporary file", () => {
    const dir = fresh();
    mkdirSync(path.join(dir, "out"));
    const e = failure(() => writeFileAtomic(path.join(dir, "out"), "x"));
    expect(e.code).toBe("EISDIR");
    expect(e.reason).toBe("is a directory; name a file");
    expect(readdirSync(dir)).toEqual(["out"]);
    expect(readdirSync(path.join(dir, "out"))).toEqual([]);
  });

  it("a folder that does not exist, or a path through a file, says so", () => {
    const dir = fresh();
    expect(failure(() => writeFileAtomic(path.join(dir, "no", "such.csv"), "x")).reason).toBe("its folder does not exist");
    writeFileSync(path.join(dir, "plain"), "");
    expect(failure(() => writeFileAtomic(path.join(dir, "plain", "x.csv"), "x")).reason).toBe("a part of the path is not a folder");
    expect(readdirSync(dir)).toEqual(["plain"]);
  });

  it("a rename that fails (the target became a directory while writing) removes the temporary file", async () => {
    const dir = fresh();
    const target = path.join(dir, "race.csv");
    writeFileSync(target, "old");
    // Another process makes the target a non-empty directory while this one holds before the rename
    // (the hold blocks this thread, not the child).
    const script = `setTimeout(() => { const fs = require("fs"); fs.rmSync(${JSON.stringify(target)}); fs.mkdirSync(${JSON.stringify(target)}); fs.writeFileSync(${JSON.stringify(path.join(target, "inside"))}, ""); }, 100)`;
    const child = spawn(process.execPath, ["-e", script]);
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const e = failure(() => writeFileAtomic(target, "new", { holdMs: 5000 }));
    await exited;
    expect(["EISDIR", "ENOTEMPTY", "EEXIST"]).toContain(e.code);
    expect(readdirSync(dir)).toEqual(["race.csv"]);
    expect(readdirSync(target)).toEqual(["inside"]);
  }, 20000);
});
