/**
 * The toolkit's entry: one file per command, listed in registry.ts. `runCli` takes its streams and
 * environment as arguments so that tests run the whole CLI in-process.
 */
import { Command, CommanderError } from "commander";
import { Exit, UsageError, type CliIo } from "./context.js";
import { COMMANDS, isCommand } from "./registry.js";

export { TOOLKIT_COMMANDS } from "./registry.js";

/**
 * The program with the commands `argv` can reach: only the named one when the first argument is
 * a command (`ar age …`, `ar age --help`), every one for `ar`, `ar help`, `ar --help` and
 * anything commander will have to reject with the full list.
 */
export async function buildProgram(io: CliIo, archiver?: string, argv: string[] = []): Promise<Command> {
  const first = argv[0];
  const names = isCommand(first) ? [first] : (Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]);
  const commands = await Promise.all(names.map(async (name) => (await COMMANDS[name]())(io)));
  const program = new Command("ar")
    .description("Accounts-receivable aging and dunning: aging tables, late fees, call lists, demand letters, statements, instalment plans; and the management layer: KPIs, roll-forward, provisions, factoring, credit review, cash forecast, commission, the month-end pack.")
    .version(VERSION, "--toolkit-version", "print the toolkit's version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .exitOverride();
  for (const c of commands) {
    c.exitOverride().configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
    program.addCommand(c);
  }
  program.addHelpText(
    "after",
    `
Examples:
  ar age fixtures/ledger.csv --as-of 2025-06-30
  ar check fixtures/ledger.csv --as-of 2025-06-30
  ar fees fixtures/ledger.csv --customers fixtures/customers.csv --as-of 2025-06-30
  ar calls fixtures/ledger.csv --customers fixtures/customers.csv --events fixtures/events.csv --as-of 2025-06-30
  ar letters fixtures/ledger.csv --customers fixtures/customers.csv --config fixtures/ar.config.json --as-of 2025-06-30 --level final --tier C --out letters/
  ar statement fixtures/ledger.csv --config fixtures/ar.config.json --all --as-of 2025-06-30 --out statements/
  ar plan fixtures/ledger.csv --config fixtures/ar.config.json --customer C001 --as-of 2025-06-30 --agreement plan.pdf
  ar log verify --events events.csv
  ar limitation fixtures/ledger.csv --events fixtures/events.csv --as-of 2025-06-30
  ar kpi fixtures/ledger.csv --events fixtures/events.csv --customers fixtures/customers.csv --as-of 2025-06-30
  ar rollforward fixtures/ledger.csv --from 2025-06-01 --as-of 2025-06-30
  ar forecast fixtures/ledger.csv --events fixtures/events.csv --as-of 2025-06-30 --backtest 6
  ar provision fixtures/ledger.csv --customers fixtures/customers.csv --as-of 2025-06-30 --method matrix
  ar factoring fixtures/ledger.csv --customers fixtures/customers.csv --as-of 2025-06-30
  ar credit fixtures/ledger.csv --customers fixtures/customers.csv --events fixtures/events.csv --as-of 2025-06-30
  ar commission fixtures/ledger.csv --customers customers.csv --from 2025-06-01 --as-of 2025-06-30
  ar pack fixtures/ledger.csv --customers fixtures/customers.csv --events fixtures/events.csv --as-of 2025-06-30 --out pack/
  ar help <command>
${archiver ? `\nOther invocations (ar rcs lib.a x.o, ar --version) go to the system archiver: ${archiver}` : ""}`,
  );
  return program;
}

export const VERSION = "0.1.0";

export async function runCli(argv: string[], cliIo: CliIo, archiver?: string): Promise<number> {
  const io: CliIo = { ...cliIo, argv: cliIo.argv ?? argv };
  try {
    const program = await buildProgram(io, archiver, argv);
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof UsageError) {
      io.stderr.write(`ar: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    const err = e as Error;
    io.stderr.write(`ar: internal error: ${err?.message ?? String(e)}\n`);
    if (io.env.AR_DEBUG) io.stderr.write(`${err?.stack ?? ""}\n`);
    return 2;
  }
}
