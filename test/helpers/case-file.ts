/**
 * CLI cases as small text files a reader checks with a pencil (test/cases/*.case), after hledger's
 * functional tests (hledger/test/*.test): the input files inline, one command line, the exact
 * stdout, patterns for stderr and the exit code. The format is described in test/cases/README.md;
 * this module reads a case and writes its stdout back (UPDATE_CASES=1). test/cli/cases.test.ts runs them.
 */

export interface CaseInput {
  /** A path relative to the case's scratch directory, or `-` for standard input. */
  name: string;
  text: string;
}

export interface Case {
  /** The first comment line: what the case shows. */
  title: string;
  /** Every comment line, `# ` taken off: the pencil computation. */
  comments: string[];
  inputs: CaseInput[];
  /** The command line's words after `ar`. */
  args: string[];
  stdout: string;
  /** Patterns stderr must match, each; none means stderr must be empty. */
  stderr: RegExp[];
  exit: number;
  /** 0-based line index of the `>>>` line and of the next marker: the stdout block lies between. */
  stdoutBlock: [number, number];
}

export class CaseError extends Error {}

const INPUT = /^<<< (\S.*)$/;
const COMMAND = /^\$ (.*)$/;
const STDOUT = /^>>>$/;
const STDERR = /^>>>2(?: (.*))?$/;
const EXIT = /^>>>= (\d+)$/;

function isMarker(line: string): boolean {
  return INPUT.test(line) || COMMAND.test(line) || line.startsWith(">>>");
}

/** Splits a command line into words: spaces separate, '…' and "…" quote (no escapes inside). */
export function shellWords(line: string, where: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new CaseError(`${where}: unterminated ${c} quote`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === " " || c === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** `/pattern/flags` as a RegExp. */
function regexOf(text: string, where: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(text.trim());
  if (!m) throw new CaseError(`${where}: write the stderr pattern as /regex/ (got ${JSON.stringify(text)})`);
  try {
    return new RegExp(m[1]!, m[2]);
  } catch (e) {
    throw new CaseError(`${where}: ${(e as Error).message}`);
  }
}

/** Block lines as file text: each line ends with a newline; no lines, no text. */
function blockText(lines: string[]): string {
  return lines.map((l) => `${l}\n`).join("");
}

/** Reads a case file's text; errors name `file:line`. */
export function parseCase(text: string, file: string): Case {
  if (text.includes("\r")) throw new CaseError(`${file}: carriage returns are not allowed in a case file (write inputs with LF line ends)`);
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const at = (i: number) => `${file}:${i + 1}`;
  let i = 0;

  const comments: string[] = [];
  for (; i < lines.length && !isMarker(lines[i]!); i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (!line.startsWith("#")) throw new CaseError(`${at(i)}: before the first <<< or $ line only # comments may stand`);
    comments.push(line.replace(/^# ?/, ""));
  }
  if (comments.length === 0) throw new CaseError(`${file}: a case opens with a # comment saying what it shows and how to check it`);

  /** The lines up to the next marker, verbatim. */
  const block = (): string[] => {
    const out: string[] = [];
    for (; i < lines.length && !isMarker(lines[i]!); i++) out.push(lines[i]!);
    return out;
  };

  const inputs: CaseInput[] = [];
  for (let m: RegExpExecArray | null; i < lines.length && (m = INPUT.exec(lines[i]!)); ) {
    const name = m[1]!.trim();
    if (name !== "-" && (name.startsWith("/") || name.split("/").includes(".."))) throw new CaseError(`${at(i)}: input ${name}: give a path inside the case's directory`);
    if (inputs.some((x) => x.name === name)) throw new CaseError(`${at(i)}: input ${name} given twice`);
    i++;
    inputs.push({ name, text: blockText(block()) });
  }

  const command = i < lines.length ? COMMAND.exec(lines[i]!) : null;
  if (!command) throw new CaseError(`${at(Math.min(i, lines.length))}: expected the command line, "$ ar …"`);
  const words = shellWords(command[1]!, at(i));
  if (words[0] !== "ar") throw new CaseError(`${at(i)}: the command must start with "ar"`);
  i++;

  if (i >= lines.length || !STDOUT.test(lines[i]!)) throw new CaseError(`${at(i)}: expected ">>>" and the exact stdout (nothing under it for an empty stdout)`);
  const stdoutStart = i;
  i++;
  const stdout = blockText(block());
  const stdoutBlock: [number, number] = [stdoutStart, i];

  const stderr: RegExp[] = [];
  let sawStderr = false;
  for (let m: RegExpExecArray | null; i < lines.length && (m = STDERR.exec(lines[i]!)); i++) {
    sawStderr = true;
    if (m[1] !== undefined && m[1].trim() !== "") stderr.push(regexOf(m[1], at(i)));
  }
  if (!sawStderr) throw new CaseError(`${at(i)}: expected ">>>2 /regex/" (or a bare ">>>2" for an empty stderr)`);

  const exit = i < lines.length ? EXIT.exec(lines[i]!) : null;
  if (!exit) throw new CaseError(`${at(i)}: expected ">>>= CODE", the exit code`);
  i++;
  for (; i < lines.length; i++) if (lines[i]!.trim() !== "") throw new CaseError(`${at(i)}: nothing may follow the exit code`);

  return { title: comments[0]!, comments, inputs, args: words.slice(1), stdout, stderr, exit: Number(exit[1]), stdoutBlock };
}

/** The case file's text with its stdout block replaced by `stdout` (for UPDATE_CASES=1). */
export function withStdout(text: string, c: Case, stdout: string, file: string): string {
  if (stdout !== "" && !stdout.endsWith("\n")) throw new CaseError(`${file}: the output does not end with a newline, which a case cannot hold`);
  const outLines = stdout === "" ? [] : stdout.slice(0, -1).split("\n");
  const clash = outLines.find(isMarker);
  if (clash !== undefined) throw new CaseError(`${file}: an output line reads like a case marker: ${JSON.stringify(clash)}`);
  const lines = text.split("\n");
  const [start, end] = c.stdoutBlock;
  return [...lines.slice(0, start + 1), ...outLines, ...lines.slice(end)].join("\n");
}
