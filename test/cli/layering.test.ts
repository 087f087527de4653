/**
 * Commands are thin (REVIEW.md 5.2, issue 12): no command imports another command, and no
 * command draws a table itself — renderers live in src/io/render/.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const CLI = path.join(ROOT, "src/cli");
/** Modules of src/cli/ that are not commands: the program, and what every command shares. */
const SHARED = new Set(["main.ts", "context.ts", "shared.ts", "log-write.ts"]);

describe("src/cli layering", () => {
  const commands = readdirSync(CLI).filter((f) => f.endsWith(".ts") && !SHARED.has(f));

  it("no command imports another command", () => {
    const offences: string[] = [];
    for (const f of commands) {
      for (const m of readFileSync(path.join(CLI, f), "utf8").matchAll(/from "\.\/([\w-]+)\.js"/g)) {
        if (!SHARED.has(`${m[1]}.ts`)) offences.push(`${f} imports ./${m[1]}.js`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("no command draws a terminal table (cli-table3 is for src/io/render/)", () => {
    expect(commands.filter((f) => readFileSync(path.join(CLI, f), "utf8").includes('from "cli-table3"'))).toEqual([]);
  });
});
