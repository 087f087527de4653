#!/usr/bin/env node
// ar-aging launcher. `ar` is also the name of the binutils archiver, which build tools call: this
// launcher runs the toolkit only for its own commands and hands every other invocation, unchanged,
// to the next `ar` on PATH that is not this toolkit, so a global install never breaks a C build.
import { spawn } from "node:child_process";
import { accessSync, constants, openSync, readSync, readFileSync, closeSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runToolkit } from "./launch.js";

const TOOLKIT_COMMANDS = new Set(await toolkitCommands());
const MARKER = "ar-aging launcher";

/**
 * The toolkit's commands, from the registry the program itself reads (src/cli/registry.ts). A
 * checkout that is not built yet has no dist/: the names are then read from the registry's source,
 * so `ar age` still reaches the toolkit's "not built" message and `ar rcs` still the archiver.
 */
async function toolkitCommands() {
  try {
    return (await import("../dist/cli/registry.js")).TOOLKIT_COMMANDS;
  } catch {
    try {
      const source = readFileSync(new URL("../src/cli/registry.ts", import.meta.url), "utf8");
      const list = source.slice(source.indexOf("export const COMMANDS"), source.indexOf("} satisfies"));
      return [...list.matchAll(/^\s+([a-z][a-z-]*): async/gm)].map((m) => m[1]).concat("help");
    } catch {
      return ["help"];
    }
  }
}

function isThisToolkit(file) {
  // Another copy of this toolkit (a global and a local install) is not the archiver either.
  try {
    const fd = openSync(file, "r");
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    return buf.subarray(0, n).toString("latin1").includes(MARKER);
  } catch {
    return false;
  }
}

function findArchiver() {
  const self = realpathSync(fileURLToPath(import.meta.url));
  const names = process.platform === "win32" ? ["ar.exe", "ar.cmd", "ar"] : ["ar"];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        const real = realpathSync(candidate);
        if (real === self || isThisToolkit(real)) continue;
        return candidate;
      } catch {
        // not there, not executable: keep looking
      }
    }
  }
  return undefined;
}

const args = process.argv.slice(2);
const helpOnly = args.length === 0 || (args.length === 1 && (args[0] === "-h" || args[0] === "--help"));
if (helpOnly || TOOLKIT_COMMANDS.has(args[0])) {
  await runToolkit(args, helpOnly ? findArchiver() : undefined);
} else {
  const archiver = findArchiver();
  if (archiver === undefined) {
    await runToolkit(args, undefined);
  } else {
    const child = spawn(archiver, args, { stdio: "inherit" });
    child.on("error", (e) => {
      process.stderr.write(`ar: cannot run ${archiver}: ${e.message}\n`);
      process.exit(2);
    });
    child.on("exit", (code, signal) => {
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 0);
    });
  }
}
