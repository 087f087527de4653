/**
 * The toolkit's commands, in the order `ar help` shows them: the one list that the program
 * (cli/main.ts) and the `ar` launcher (bin/ar.js, which hands anything else to the system
 * archiver) both read. No static imports, so the launcher loads it for nothing; each command's
 * module is imported only when that command runs (`ar age` on a large ledger must not pay for
 * pdfkit, Handlebars and the lunar calendar).
 *
 * Adding a command is one line here (plus its `src/cli/<cmd>.ts`, its README section
 * "## `ar CMD`" and its CLI test, which test/cli/registry.test.ts checks).
 */
import type { Command } from "commander";
import type { CliIo } from "./context.js";

export type CommandModule = (io: CliIo) => Command;

export const COMMANDS = {
  age: async () => (await import("./age.js")).ageCommand,
  check: async () => (await import("./check.js")).checkCommand,
  fees: async () => (await import("./fees.js")).feesCommand,
  log: async () => (await import("./log.js")).logCommand,
  calls: async () => (await import("./calls.js")).callsCommand,
  limitation: async () => (await import("./limitation.js")).limitationCommand,
  letters: async () => (await import("./letters.js")).lettersCommand,
  statement: async () => (await import("./statement.js")).statementCommand,
  plan: async () => (await import("./plan.js")).planCommand,
  kpi: async () => (await import("./kpi.js")).kpiCommand,
  rollforward: async () => (await import("./rollforward.js")).rollforwardCommand,
  provision: async () => (await import("./provision.js")).provisionCommand,
  factoring: async () => (await import("./factoring.js")).factoringCommand,
  credit: async () => (await import("./credit.js")).creditCommand,
  forecast: async () => (await import("./forecast.js")).forecastCommand,
  commission: async () => (await import("./commission.js")).commissionCommand,
  pack: async () => (await import("./pack.js")).packCommand,
} satisfies Record<string, () => Promise<CommandModule>>;

export type CommandName = keyof typeof COMMANDS;

/** Commands the `ar` launcher hands to this toolkit (anything else goes to the system archiver). */
export const TOOLKIT_COMMANDS: readonly string[] = [...Object.keys(COMMANDS), "help"];

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
