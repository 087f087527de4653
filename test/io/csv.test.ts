import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvTokenizer } from "../../src/io/csv.js";

interface Out {
  records: [number, string[]][];
  broken: [number, string][];
}

function tokenize(chunks: string[], maxRecordChars?: number): Out {
  const out: Out = { records: [], broken: [] };
  const t = new CsvTokenizer({ record: (c, l) => out.records.push([l, c]), broken: (l, r) => out.broken.push([l, r]) }, { maxRecordChars });
  for (const c of chunks) t.push(c);
  t.end();
  return out;
}

describe("CSV tokenizer", () => {
  it("splits plain lines and numbers them from 1", () => {
    expect(tokenize(["a,b\n1,2\n3,4"]).records).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "2"]],
      [3, ["3", "4"]],
    ]);
  });
  it("ends lines at CRLF, LF and a lone CR alike", () => {
    expect(tokenize(["a\r\nb\rc\nd"]).records.map(([l, c]) => [l, c[0]])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
      [4, "d"],
    ]);
  });
  it("reads RFC 4180 quoting, a quoted field spanning lines keeps its first line", () => {
    const { records } = tokenize(['h1,h2\n"x, ""y""","multi\nline"\nz,1\n']);
    expect(records).toEqual([
      [1, ["h1", "h2"]],
      [2, ['x, "y"', "multi\nline"]],
      [4, ["z", "1"]],
    ]);
  });
  it("rejects an unterminated quote at its first line and resumes at the next line", () => {
    const { records, broken } = tokenize(['a,b\n1,"oops\n2,3\n4,5\n']);
    expect(broken).toEqual([[2, "unterminated quoted field"]]);
    expect(records).toEqual([
      [1, ["a", "b"]],
      [3, ["2", "3"]],
      [4, ["4", "5"]],
    ]);
  });
  it("keeps a 1 MB field whole", () => {
    const big = "x".repeat(1 << 20);
    const { records } = tokenize([`a,b\n1,"${big}"\n2,3\n`]);
    expect(records[1]![1][1]!.length).toBe(1 << 20);
    expect(records[2]).toEqual([3, ["2", "3"]]);
  });
  it("gives a record too long (runaway quote) as broken", () => {
    const { broken, records } = tokenize(['a\n"' + "y".repeat(100) + "\nb\n"], 50);
    expect(broken[0]![0]).toBe(2);
    expect(records.at(-1)).toEqual([3, ["b"]]);
  });
  it("gives the same records however the text is cut into chunks", () => {
    const text = 'h,x\r\n"q,1","a\r\nb"\r1,2\n"",3\r\n4,"5"\n\n6,7';
    const whole = tokenize([text]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        chunks.push(text.slice(prev));
        expect(tokenize(chunks)).toEqual(whole);
      }),
    );
  });
});
