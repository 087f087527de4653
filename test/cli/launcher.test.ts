/**
 * The `ar` launcher: toolkit commands run the toolkit, anything else goes unchanged to the next
 * `ar` on PATH (the binutils archiver), so a global install never breaks a C build. Runs the real
 * bin/ar.js (built dist/) against a fake archiver placed later on PATH.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

function setup(withArchiver: boolean) {
  const base = mkdtempSync(path.join(os.tmpdir(), "ar-launch-"));
  const toolkitBin = path.join(base, "toolkit");
  const systemBin = path.join(base, "system");
  for (const d of [toolkitBin, systemBin]) spawnSync("mkdir", ["-p", d]);
  symlinkSync(path.join(ROOT, "bin/ar.js"), path.join(toolkitBin, "ar"));
  if (withArchiver) {
    writeFileSync(path.join(systemBin, "ar"), '#!/bin/sh\necho "FAKE-AR $*"\nexit 3\n');
    chmodSync(path.join(systemBin, "ar"), 0o755);
  }
  // node itself is reached through a link, not its folder, which may hold the real binutils ar.
  symlinkSync(process.execPath, path.join(toolkitBin, "node"));
  const env = { ...process.env, PATH: [toolkitBin, systemBin].join(path.delimiter), NO_COLOR: "1" };
  const run = (...args: string[]) => spawnSync(path.join(toolkitBin, "ar"), args, { env, encoding: "utf8", cwd: ROOT });
  return { run, systemBin };
}

describe("ar launcher", () => {
  it("hands archiver invocations to the next ar on PATH, unchanged, with its exit code", () => {
    const { run } = setup(true);
    const r = run("rcs", "libx.a", "x.o");
    expect(r.stdout).toBe("FAKE-AR rcs libx.a x.o\n");
    expect(r.status).toBe(3);
    expect(run("--version").stdout).toBe("FAKE-AR --version\n");
  });
  it("runs toolkit commands itself", () => {
    const { run } = setup(true);
    const r = run("age", "fixtures/ledger.csv", "--as-of", "2025-06-30", "--format", "csv");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("customer_id,name,currency,current,1-30,31-60,61-90,91+,unapplied,balance,oldest_days,tier");
  });
  it("shows the toolkit's help for ar, -h and --help, naming the archiver it found", () => {
    const { run, systemBin } = setup(true);
    for (const args of [[], ["-h"], ["--help"]]) {
      const r = run(...args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("Accounts-receivable aging and dunning");
      expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(`Other invocations (ar rcs lib.a x.o, ar --version) go to the system archiver: ${path.join(systemBin, "ar")}`);
    }
  });
  it("without another ar on PATH, unknown invocations get the toolkit's usage error", () => {
    const { run } = setup(false);
    const r = run("rcs", "libx.a", "x.o");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command");
    expect(run("--help").stdout).not.toContain("system archiver");
  });
  it("ar-aging is always the toolkit", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/ar-aging.js"), "--toolkit-version"], { encoding: "utf8" });
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
