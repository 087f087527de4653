/**
 * The CLI as a real process, for tests that need two processes at once (lock races) or a process
 * to kill. The TypeScript sources are bundled once per test process with rolldown (vite's bundler,
 * already installed) into node_modules/.cache, where the bundle's bare imports resolve to the
 * project's node_modules; so the tests never depend on a stale `dist/`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./cli.js";

let built: Promise<string> | undefined;

export function bundledCli(): Promise<string> {
  built ??= (async () => {
    const dir = path.join(ROOT, "node_modules", ".cache", "ar-cli-bundle");
    mkdirSync(dir, { recursive: true });
    const entry = path.join(dir, `entry-${process.pid}.ts`);
    const out = path.join(dir, `ar-${process.pid}.mjs`);
    const main = path.join(ROOT, "src", "cli", "main.ts").split(path.sep).join("/");
    writeFileSync(
      entry,
      `import { runCli } from ${JSON.stringify(main)};\n` +
        `process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });\n`,
    );
    const { rolldown } = await import("rolldown");
    const bundle = await rolldown({
      input: entry,
      platform: "node",
      external: (id: string) => !id.startsWith(".") && !path.isAbsolute(id),
      resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
      logLevel: "silent",
    });
    // One file: the commands, imported lazily by main.ts, are inlined rather than split into chunks.
    await bundle.write({ file: out, format: "esm", codeSplitting: false });
    await bundle.close();
    rmSync(entry, { force: true });
    return out;
  })();
  return built;
}

/** Removes this process's bundle (call from afterAll). */
export async function disposeBundledCli(): Promise<void> {
  if (built === undefined) return;
  const out = await built.catch(() => undefined);
  built = undefined;
  if (out !== undefined) rmSync(out, { force: true });
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export async function spawnAr(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Spawned> {
  const bundle = await bundledCli();
  const child = spawn(process.execPath, [bundle, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
