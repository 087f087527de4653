#!/usr/bin/env node
// ar-aging launcher. `ar` is also the name of the binutils archiver, which build tools call: this
// launcher runs the toolkit only for its own commands and hands every other invocation, unchanged,
// to the next `ar` on PATH that is not this toolkit, so a global install never breaks a C build.
import { spawn } from "node:child_process";
import { accessSync, constants, openSync, readSync, closeSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runToolkit } from "./launch.js";

const TOOLKIT_COMMANDS = new Set(["age", "check", "fees", "calls", "letters", "statement", "plan", "log", "limitation", "help"]);
const MARKER = "ar-aging launcher";

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
