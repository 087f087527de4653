/**
 * The command registry (src/cli/registry.ts) is the one list of commands: every command in it has
 * a README section and a CLI test, the program offers exactly these, and the `ar` launcher hands
 * every one of them to the toolkit (a command missing there would go to the system archiver).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, TOOLKIT_COMMANDS } from "../../src/cli/registry.js";
import { ROOT, runAr } from "../helpers/cli.js";

const NAMES = Object.keys(COMMANDS);

describe("the command registry", () => {
  it("lists the commands the program offers, and help", async () => {
    expect(TOOLKIT_COMMANDS).toEqual([...NAMES, "help"]);
    const r = await runAr(["--help"]);
    const offered = [...r.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]).filter((n) => n !== "ar");
    for (const name of NAMES) expect(offered).toContain(name);
  });

  it.each(NAMES)("ar %s has a README section and a CLI test", (name) => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toMatch(new RegExp(`^## \`ar ${name}\``, "m"));
    const tests = readdirSync(path.join(ROOT, "test/cli")).filter((f) => f.startsWith(name) && f.endsWith(".test.ts"));
    expect(tests.length > 0 || existsSync(path.join(ROOT, "test/golden", name))).toBe(true);
  });

  it("the launcher hands every registry command to the toolkit, never to the archiver", () => {
    const base = mkdtempSync(path.join(os.tmpdir(), "ar-registry-"));
    const toolkitBin = path.join(base, "toolkit");
    const systemBin = path.join(base, "system");
    mkdirSync(toolkitBin);
    mkdirSync(systemBin);
    symlinkSync(path.join(ROOT, "bin/ar.js"), path.join(toolkitBin, "ar"));
    writeFileSync(path.join(systemBin, "ar"), '#!/bin/sh\necho "FAKE-AR $*"\nexit 3\n');
    chmodSync(path.join(systemBin, "ar"), 0o755);
    symlinkSync(process.execPath, path.join(toolkitBin, "node"));
    const env = { ...process.env, PATH: [toolkitBin, systemBin].join(path.delimiter), NO_COLOR: "1" };
    for (const name of NAMES) {
      const r = spawnSync(path.join(toolkitBin, "ar"), [name, "--help"], { env, encoding: "utf8", cwd: ROOT });
      expect(r.stdout, name).not.toContain("FAKE-AR");
      expect(r.stdout, name).toContain(`Usage: ar ${name}`);
      expect(r.status, name).toBe(0);
    }
  });

  it("an unbuilt checkout's launcher reads the same names from the registry's source", () => {
    // bin/ar.js's fallback when dist/ is missing: the keys of COMMANDS as written in registry.ts.
    const source = readFileSync(path.join(ROOT, "src/cli/registry.ts"), "utf8");
    const list = source.slice(source.indexOf("export const COMMANDS"), source.indexOf("} satisfies"));
    expect([...list.matchAll(/^\s+([a-z][a-z-]*): async/gm)].map((m) => m[1])).toEqual(NAMES);
    expect(readFileSync(path.join(ROOT, "bin/ar.js"), "utf8")).toContain("/^\\s+([a-z][a-z-]*): async/gm");
  });
});
