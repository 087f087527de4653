/**
 * Templates: Handlebars files that write a small line-oriented markup (templates/README.md), so
 * the wording of every letter, statement and agreement can be edited without touching code.
 *
 * Rendering is strict: a field the data lacks is an error naming the field, the template line
 * and the document, never a blank amount. Data values are escaped before they reach the
 * template, so a customer called "# Foo | Bar" can never start a heading or split a table cell.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Align, Block, DocumentMeta, DocumentModel, LabelValue, Letterhead, TableBlock, TextLine, TextRun } from "./model.js";

/** An error in a template or in the data given to it; the message names file, line and document. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
    readonly line: number | null,
    readonly field: string | null,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

export interface Template {
  /** The name asked for, e.g. `letters/zh/final.hbs`. */
  name: string;
  /** The file read. */
  file: string;
  source: string;
  /** Renders strictly with Handlebars; `documentLabel` names the document in errors. */
  render(data: object, documentLabel: string): string;
}

/** The document as the markup describes it (the model less its metadata). */
export interface DocumentBody {
  letterhead: Letterhead | null;
  recipient: string[];
  reference: LabelValue[];
  footer: string | null;
  blocks: Block[];
}

/** templates/ of this package (src/io/document and dist/io/document are both three levels down). */
export function builtinTemplateDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "templates");
}

/**
 * Where `name` is looked for: the built-in templates/, or with `dir` (`--template DIR`) that
 * folder only, as a copy of templates/ (DIR/letters/zh/final.hbs), of one kind
 * (DIR/zh/final.hbs) or of one language (DIR/final.hbs). A user's folder never falls back to
 * the built-in wording: a missing file is an error listing the paths tried.
 */
export function templateCandidates(name: string, dir?: string): string[] {
  const parts = name.split("/");
  if (dir === undefined) return [join(builtinTemplateDir(), ...parts)];
  return parts.map((_, i) => join(dir, ...parts.slice(i)));
}

const hb = Handlebars.create();
const cache = new Map<string, Template>();

/** Loads and compiles a template, once per process per file. */
export function loadTemplate(name: string, dir?: string): Template {
  const withExt = name.endsWith(".hbs") ? name : `${name}.hbs`;
  const candidates = templateCandidates(withExt, dir);
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    throw new TemplateError(`template ${withExt} not found; looked for: ${candidates.join(", ")}`, withExt, null, null);
  }
  const cached = cache.get(file);
  if (cached) return cached;
  const template = compileTemplate(withExt, file, decodeTemplate(readFileSync(file)));
  cache.set(file, template);
  return template;
}

/** Compiles template text; a syntax error names `name` and `file`. */
function compileTemplate(name: string, file: string, source: string): Template {
  let compiled: HandlebarsTemplateDelegate;
  try {
    hb.parse(source); // compile() is lazy: parse now so a syntax error shows before any data
    compiled = hb.compile(source, { strict: true, noEscape: true });
  } catch (e) {
    throw syntaxError(name, file, e);
  }
  const template: Template = {
    name,
    file,
    source,
    render(data: object, documentLabel: string): string {
      try {
        return compiled(prepare(data));
      } catch (e) {
        throw missingFieldError(template, e, documentLabel);
      }
    },
  };
  return template;
}

/** UTF-8 (with or without BOM), or GB18030 for a file saved by an editor set to Chinese ANSI. */
function decodeTemplate(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

/** Compiles template text given directly (tests, previews); not cached. */
export function templateFromString(name: string, source: string): Template {
  return compileTemplate(name, name, source);
}

/** Renders the template and parses its markup. */
export function renderDocument(template: Template, data: object, documentLabel: string): DocumentBody {
  return parseMarkup(template.render(data, documentLabel), template);
}

/**
 * A whole document from a template and its data (letters, statements, agreements alike).
 * The title defaults to the template's `# title` line, spaces between Chinese characters
 * removed ("催 款 函" is spaced on the page, the file's title reads "催款函").
 */
export function documentFromTemplate(
  template: Template,
  data: object,
  meta: Omit<DocumentMeta, "title"> & { title?: string },
  documentLabel: string,
): DocumentModel {
  const body = renderDocument(template, data, documentLabel);
  const titleBlock = body.blocks.find((b) => b.kind === "title");
  const fromTemplate = titleBlock?.kind === "title" ? titleBlock.text.replace(/(?<=[\u2e80-\uffff])\s+(?=[\u2e80-\uffff])/g, "") : "";
  return { meta: { ...meta, title: meta.title ?? fromTemplate }, ...body };
}

// ---------------------------------------------------------------------------------------------
// Errors

function syntaxError(name: string, file: string, e: unknown): TemplateError {
  const err = e as { message?: string; lineNumber?: number };
  const line = err.lineNumber ?? null;
  const first = String(err.message ?? e).split("\n")[0];
  return new TemplateError(`${file}${line ? `:${line}` : ""}: template syntax error: ${first}`, name, line, null);
}

interface HbsNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  original?: string;
  [key: string]: unknown;
}

/** The field path as written at the error's place, with the blocks (`#each items`) around it. */
function fieldAt(source: string, line: number, column: number): { path: string; within: string[] } | null {
  let found: { path: string; within: string[] } | null = null;
  const visit = (node: unknown, within: string[]): void => {
    if (found || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, within);
      return;
    }
    const n = node as HbsNode;
    if (n.type === "PathExpression" && n.loc?.start.line === line && n.loc.start.column === column) {
      found = { path: n.original ?? "", within };
      return;
    }
    let inner = within;
    if (n.type === "BlockStatement") {
      const path = (n.path as HbsNode | undefined)?.original ?? "";
      const params = ((n.params as HbsNode[] | undefined) ?? []).map((p) => p.original ?? "").join(" ");
      inner = [...within, `#${path}${params ? ` ${params}` : ""}`];
    }
    for (const [key, value] of Object.entries(n)) {
      if (key !== "loc" && typeof value === "object") visit(value, key === "program" || key === "inverse" ? inner : within);
    }
  };
  try {
    visit(hb.parse(source), []);
  } catch {
    return null;
  }
  return found;
}

/** The first template line that prints or tests the field (its path as written may be relative). */
function lineOfField(source: string, path: string): number | null {
  const segments = path.replace(/\[\d+\]/g, "").split(".");
  const lines = source.split(/\r\n|\r|\n/);
  for (let from = 0; from < segments.length; from++) {
    const written = segments.slice(from).join(".").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`\\{\\{[^}]*(?<![\\w.])${written}(?![\\w.])`);
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) return i + 1;
  }
  return null;
}

function missingFieldError(template: Template, e: unknown, documentLabel: string): Error {
  if (e instanceof MissingField) {
    const line = lineOfField(template.source, e.path);
    return new TemplateError(
      `${template.file}${line ? `:${line}` : ""}: missing field "${e.path}" for ${documentLabel}; no document written`,
      template.name,
      line,
      e.path,
    );
  }
  const err = e as { message?: string; lineNumber?: number; column?: number };
  const m = /^"(.+?)" not defined in/.exec(String(err.message ?? ""));
  if (!m || err.lineNumber === undefined) {
    return new TemplateError(`${template.file}: ${String(err.message ?? e)} (${documentLabel})`, template.name, null, null);
  }
  const at = fieldAt(template.source, err.lineNumber, err.column ?? 0);
  const field = at?.path ?? m[1]!;
  const within = at && at.within.length > 0 ? ` inside {{${at.within.join("}} {{")}}}` : "";
  return new TemplateError(
    `${template.file}:${err.lineNumber}: missing field "${field}"${within} for ${documentLabel}; no document written`,
    template.name,
    err.lineNumber,
    field,
  );
}

// ---------------------------------------------------------------------------------------------
// Escaping: data characters that mean something in the markup travel as private-use code points
// and are turned back after parsing. A template author writes the same characters literally
// with a backslash (`\|`, `\*`).

const SPECIAL = "\\|#:：*{}-";
const PUA_BASE = 0xe000;
const TO_PUA = new Map([...SPECIAL].map((c, i) => [c, String.fromCharCode(PUA_BASE + i)]));
const FROM_PUA = new Map([...SPECIAL].map((c, i) => [String.fromCharCode(PUA_BASE + i), c]));
const SPECIAL_RE = /[\\|#:：*{}-]/g;
const PUA_RE = new RegExp(`[${String.fromCharCode(PUA_BASE)}-${String.fromCharCode(PUA_BASE + SPECIAL.length - 1)}]`, "g");

function escapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\r\n\t\v\f]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, "").replace(SPECIAL_RE, (c) => TO_PUA.get(c)!);
}

/**
 * A copy of the data with strings escaped. Keys whose value is `undefined` are left out, so
 * strict mode reports them as missing; `null` is a deliberate blank (an optional field).
 */
export function escapeData(value: unknown): unknown {
  if (typeof value === "string") return escapeText(value);
  if (Array.isArray(value)) return value.map(escapeData);
  if (value !== null && typeof value === "object") {
    // A Decimal or Date given by mistake prints as its text, not as its inner fields.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return escapeText(String(value));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = escapeData(v);
    return out;
  }
  return value;
}

/** Thrown when a template reads a field the data does not have (see `strictData`). */
class MissingField extends Error {
  constructor(readonly path: string) {
    super(`missing field "${path}"`);
  }
}

/**
 * The escaped data behind proxies that throw on a missing field. Handlebars' strict mode checks
 * `{{field}}` itself, but not the fields that helpers test (`{{#if total.daxie}}`), where a
 * typing mistake or a field the caller forgot would silently drop a sentence.
 */
function strictData(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => strictData(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return value;
  const inner: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) inner[k] = strictData(v, path ? `${path}.${k}` : k);
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (typeof key === "string" && !(key in target)) throw new MissingField(path ? `${path}.${key}` : key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

function prepare(data: object): unknown {
  return strictData(escapeData(data), "");
}

function unescapeText(s: string): string {
  return s.replace(PUA_RE, (c) => FROM_PUA.get(c)!);
}

// ---------------------------------------------------------------------------------------------
// Markup

const BODY_DIRECTIVES = new Set(["letterhead", "recipient", "ref", "kv", "table", "signature", "slip"]);
const LINE_DIRECTIVES = new Set(["footer", "spacer", "pagebreak"]);

interface Line {
  text: string;
  n: number; // 1-based line of the rendered markup
}

/** Parses rendered markup; `template` is used to name places in errors. */
export function parseMarkup(markup: string, template: Pick<Template, "name" | "file" | "source">): DocumentBody {
  // Template authors escape markup characters with a backslash; data is escaped already.
  const text = markup.replace(/\\([\\|#:：*{}-])/g, (_, c: string) => TO_PUA.get(c)!);
  const lines: Line[] = text.split(/\r\n|\r|\n/).map((t, i) => ({ text: t, n: i + 1 }));
  const body: DocumentBody = { letterhead: null, recipient: [], reference: [], footer: null, blocks: [] };
  const fail = (line: Line, reason: string): never => {
    const trimmed = line.text.trim();
    const srcLine = trimmed ? template.source.split(/\r\n|\r|\n/).findIndex((l) => l.includes(trimmed)) : -1;
    const where = srcLine >= 0 ? `${template.file}:${srcLine + 1}` : `${template.file} (rendered line ${line.n})`;
    throw new TemplateError(`${where}: ${reason}`, template.name, srcLine >= 0 ? srcLine + 1 : null, null);
  };
  body.blocks = parseBlocks(lines, 0, lines.length, body, fail, false);
  return body;
}

type Fail = (line: Line, reason: string) => never;

function directiveOf(text: string): { name: string; arg: string } | null {
  const m = /^::([A-Za-z]+)(?:[ \t\u3000]+(.*))?$/.exec(text.trim());
  return m ? { name: m[1]!.toLowerCase(), arg: (m[2] ?? "").trim() } : null;
}

/** The index of the `::end` closing the body that starts at `from`, counting nested bodies. */
function endOf(lines: Line[], from: number, to: number, opener: Line, fail: Fail): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const d = directiveOf(lines[i]!.text);
    if (!d) continue;
    if (BODY_DIRECTIVES.has(d.name)) depth++;
    else if (d.name === "end") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return fail(opener, `"${opener.text.trim()}" has no matching ::end`);
}

function parseBlocks(lines: Line[], from: number, to: number, body: DocumentBody, fail: Fail, inSlip: boolean): Block[] {
  const blocks: Block[] = [];
  let paragraph: TextLine[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", lines: paragraph });
    paragraph = [];
  };
  let i = from;
  while (i < to) {
    const line = lines[i]!;
    const d = directiveOf(line.text);
    if (d) {
      flush();
      if (d.name === "end") fail(line, "::end without an open block");
      if (!BODY_DIRECTIVES.has(d.name) && !LINE_DIRECTIVES.has(d.name)) {
        fail(line, `unknown instruction "::${d.name}" (known: ${[...BODY_DIRECTIVES, ...LINE_DIRECTIVES].map((n) => `::${n}`).join(", ")})`);
      }
      if (inSlip && ["letterhead", "recipient", "ref", "footer", "slip"].includes(d.name)) {
        fail(line, `::${d.name} cannot be used inside ::slip`);
      }
      if (LINE_DIRECTIVES.has(d.name)) {
        if (d.name === "footer") body.footer = unescapeText(d.arg);
        else if (d.name === "pagebreak") blocks.push({ kind: "pagebreak" });
        else {
          const n = d.arg === "" ? 1 : Number(d.arg);
          if (!Number.isFinite(n) || n < 0 || n > 50) fail(line, `::spacer takes a number of lines (0 to 50), not "${d.arg}"`);
          blocks.push({ kind: "spacer", lines: n });
        }
        i++;
        continue;
      }
      const end = endOf(lines, i + 1, to, line, fail);
      const inner = lines.slice(i + 1, end);
      const nonBlank = inner.filter((l) => l.text.trim() !== "");
      switch (d.name) {
        case "letterhead": {
          const [name, ...rest] = nonBlank.map((l) => cleanText(l.text));
          body.letterhead = name ? { name, lines: rest } : null;
          break;
        }
        case "recipient":
          body.recipient = nonBlank.map((l) => cleanText(l.text));
          break;
        case "ref":
          body.reference = nonBlank.map(labelValue);
          break;
        case "kv":
          blocks.push({ kind: "kv", rows: nonBlank.map(labelValue) });
          break;
        case "table":
          blocks.push(parseTable(line, nonBlank, fail));
          break;
        case "signature": {
          const texts = inner.map((l) => cleanText(l.text));
          while (texts.length > 0 && texts[0] === "") texts.shift();
          while (texts.length > 0 && texts[texts.length - 1] === "") texts.pop();
          blocks.push({ kind: "signature", lines: texts });
          break;
        }
        case "slip":
          blocks.push({ kind: "slip", caption: unescapeText(d.arg), blocks: parseBlocks(lines, i + 1, end, body, fail, true) });
          break;
      }
      i = end + 1;
      continue;
    }
    const trimmed = line.text.trim();
    if (trimmed === "") {
      flush();
    } else if (/^##[ \t\u3000]/.test(trimmed)) {
      flush();
      blocks.push({ kind: "heading", text: cleanText(trimmed.slice(3)) });
    } else if (/^#[ \t\u3000]/.test(trimmed)) {
      flush();
      blocks.push({ kind: "title", text: cleanText(trimmed.slice(2)) });
    } else if (trimmed.startsWith("|")) {
      fail(line, "a table row outside ::table … ::end");
    } else {
      paragraph.push(textLine(line.text));
    }
    i++;
  }
  flush();
  return blocks;
}

/** Text with markup removed: `**` marks dropped, escapes turned back, spaces tidied. */
function cleanText(s: string): string {
  return unescapeText(s.replace(/\*\*/g, "").trim());
}

function labelValue(l: Line): LabelValue {
  const text = l.text.trim();
  const m = /^(.*?)[:：](.*)$/.exec(text);
  if (!m) return { label: "", value: cleanText(text) };
  return { label: cleanText(m[1]!), value: cleanText(m[2]!) };
}

/** A paragraph line: leading full-width spaces (　) indent by one character each. */
function textLine(raw: string): TextLine {
  const lead = /^[ \t]*((?:\u3000)*)/.exec(raw)![1]!.length;
  const content = raw.replace(/^[ \t\u3000]+/, "").replace(/[ \t]+$/, "");
  const parts = content.split("**");
  if (parts.length % 2 === 0) {
    // An unpaired ** is text: glue the last two parts back together.
    const last = parts.pop()!;
    parts[parts.length - 1] += `**${last}`;
  }
  const runs: TextRun[] = [];
  parts.forEach((p, k) => {
    if (p !== "") runs.push({ text: unescapeText(p), bold: k % 2 === 1 });
  });
  return { runs, indent: lead };
}

function splitRow(text: string): string[] {
  let t = text.trim();
  if (t.startsWith("|")) t = t.slice(1);
  if (t.endsWith("|")) t = t.slice(0, -1);
  return t.split("|").map((c) => c.trim());
}

const RULE_CELL = /^:?-{3,}:?$/;

function parseTable(opener: Line, rows: Line[], fail: Fail): TableBlock {
  for (const r of rows) if (!r.text.trim().startsWith("|")) fail(r, "inside ::table every line is a row starting with |");
  if (rows.length === 0) fail(opener, "::table needs a header row");
  const header = splitRow(rows[0]!.text).map(cleanText);
  const width = header.length;
  let align: Align[] = header.map(() => "left");
  const body: string[][] = [];
  const totals: string[][] = [];
  let sawTotalsRule = false;
  rows.slice(1).forEach((r, k) => {
    const cells = splitRow(r.text);
    if (cells.every((c) => RULE_CELL.test(c))) {
      if (k === 0) {
        align = header.map((_, c) => {
          const cell = cells[c] ?? "---";
          return cell.startsWith(":") && cell.endsWith(":") ? "center" : cell.endsWith(":") ? "right" : "left";
        });
      } else if (sawTotalsRule) {
        fail(r, "a table has at most one totals rule (| --- |)");
      } else {
        sawTotalsRule = true;
      }
      return;
    }
    if (cells.length > width) fail(r, `this row has ${cells.length} cells but the header has ${width}`);
    const padded = header.map((_, c) => cleanText(cells[c] ?? ""));
    (sawTotalsRule ? totals : body).push(padded);
  });
  return { kind: "table", header, align, rows: body, totals };
}

/**
 * The fields under `prefix` (e.g. `company.`) that the template prints without testing them
 * first: the ones a document cannot do without. A field the template also tests
 * (`{{#if company.phone}}…{{/if}}`) is optional: its line is left out when it is not configured.
 */
export function requiredFields(template: Template, prefix: string): string[] {
  const printed = new Set<string>();
  const tested = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as HbsNode;
    if (n.type === "MustacheStatement") {
      const p = (n.path as HbsNode | undefined)?.original;
      if (typeof p === "string" && p.startsWith(prefix) && ((n.params as unknown[] | undefined) ?? []).length === 0) printed.add(p);
    }
    if (n.type === "BlockStatement") {
      const helper = (n.path as HbsNode | undefined)?.original;
      if (helper === "if" || helper === "unless") for (const p of (n.params as HbsNode[] | undefined) ?? []) if (typeof p.original === "string") tested.add(p.original);
    }
    for (const [key, value] of Object.entries(n)) if (key !== "loc" && typeof value === "object") visit(value);
  };
  visit(hb.parse(template.source));
  return [...printed].filter((f) => !tested.has(f)).sort();
}
