/**
 * JSON.parse turns `0.003` into a binary double before we can see it; config rates and money must
 * be read exactly (SPEC: "read exactly, never through binary floating point"). This small parser
 * keeps every number as its source text.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {}

/**
 * How deep arrays and objects may nest. A config is a few levels deep; the limit turns a hostile
 * or broken file (100,000 nested arrays) into a syntax error instead of a stack overflow.
 */
export const MAX_JSON_DEPTH = 64;

export function parseJsonExact(text: string, maxDepth = MAX_JSON_DEPTH): JsonValue {
  let i = 0;
  let depth = 0;
  const src = text.replace(/^\uFEFF/, "");
  const fail = (what: string): never => {
    const before = src.slice(0, i);
    const line = before.split("\n").length;
    const col = i - before.lastIndexOf("\n");
    throw new JsonSyntaxError(`${what} at line ${line}, column ${col}`);
  };
  const ws = () => {
    while (i < src.length && " \t\r\n".includes(src[i]!)) i++;
  };
  const object = (): JsonValue => {
    i++;
    const obj: { [k: string]: JsonValue } = {};
    ws();
    if (src[i] === "}") {
      i++;
      return obj;
    }
    for (;;) {
      ws();
      if (src[i] !== '"') fail("expected a key in quotes");
      const k = string();
      ws();
      if (src[i] !== ":") fail("expected ':'");
      i++;
      if (Object.prototype.hasOwnProperty.call(obj, k)) fail(`duplicate key "${k}"`);
      obj[k] = value();
      ws();
      if (src[i] === ",") {
        i++;
        continue;
      }
      if (src[i] === "}") {
        i++;
        return obj;
      }
      fail("expected ',' or '}'");
    }
  };
  const array = (): JsonValue => {
    i++;
    const arr: JsonValue[] = [];
    ws();
    if (src[i] === "]") {
      i++;
      return arr;
    }
    for (;;) {
      arr.push(value());
      ws();
      if (src[i] === ",") {
        i++;
        continue;
      }
      if (src[i] === "]") {
        i++;
        return arr;
      }
      fail("expected ',' or ']'");
    }
  };
  const value = (): JsonValue => {
    ws();
    const c = src[i];
    if (c === "{" || c === "[") {
      if (depth === maxDepth) fail(`nested deeper than ${maxDepth} levels`);
      depth++;
      const v = c === "{" ? object() : array();
      depth--;
      return v;
    }
    if (c === '"') return string();
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(src.slice(i, i + 400));
    if (m) {
      i += m[0].length;
      return new JsonNumber(m[0]);
    }
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (src.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(c === undefined ? "unexpected end of file" : `unexpected '${c}'`);
  };
  const string = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = src[i];
      if (c === undefined) fail("unterminated string");
      if (c === "\\") {
        i += 2;
        continue;
      }
      if (c === '"') break;
      i++;
    }
    i++;
    try {
      return JSON.parse(src.slice(start, i)) as string;
    } catch {
      return fail("bad string");
    }
  };
  const v = value();
  ws();
  if (i < src.length) fail("unexpected text after the end");
  return v;
}
