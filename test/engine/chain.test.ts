import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { canonicalForm, chainRows, formatEvidence, GENESIS_HASH, parseEvidence, rowHash, verifyChain, type ChainRow } from "../../src/engine/chain.js";

// Five events as they would stand in a log, lines 2..6 (line 1 is the header).
const FIELDS: string[][] = [
  ["2025-06-02", "C1", "call", "", "", "", "王经理: 月底付款", "rec/c1.m4a#" + "a".repeat(64)],
  ["2025-06-05", "C1", "promise", "INV-1", "33600.00", "2025-06-30", "承诺 6 月 30 日付清", ""],
  ["2025-06-09", "C2", "email", "", "", "", "statement sent, \"urgent\"", "mail/c2.eml#" + "b".repeat(64)],
  ["2025-06-12", "C3", "letter_sent", "", "", "", "final demand", "letters/C3.pdf#" + "c".repeat(64)],
  ["2025-06-20", "C1", "legal", "", "", "", "lawyer's letter", ""],
];

function sealed(fields: string[][] = FIELDS): ChainRow[] {
  const links = chainRows(GENESIS_HASH, fields);
  return fields.map((f, k) => ({ line: k + 2, fields: f, prevHash: links[k]!.prevHash, hash: links[k]!.hash }));
}

/** Rows as they stand in the file after an edit: physical lines renumbered in file order. */
function renumber(rows: ChainRow[]): ChainRow[] {
  return rows.map((r, k) => ({ ...r, line: k + 2 }));
}

describe("canonical form", () => {
  it("is prev_hash and the eight fields joined by the byte 0x1F, nothing after", () => {
    const form = canonicalForm(GENESIS_HASH, ["2025-06-02", "C1", "call", "", "", "", "hi", ""]);
    expect(form).toBe(`${"0".repeat(64)}\x1f2025-06-02\x1fC1\x1fcall\x1f\x1f\x1f\x1fhi\x1f`);
    expect(Buffer.from(form, "utf8").length).toBe(64 + 8 + 10 + 2 + 4 + 2);
  });

  it("hashes as the auditor's printf | sha256sum recipe does", () => {
    let sha256sum: string;
    try {
      sha256sum = execFileSync("sh", ["-c", "command -v sha256sum"], { encoding: "utf8" }).trim();
    } catch {
      return; // no coreutils here: nothing to compare with
    }
    expect(sha256sum).not.toBe("");
    const rows = sealed();
    for (const row of rows) {
      // The README's recipe, verbatim: nine %s joined by \037, the fields as arguments.
      const out = execFileSync("sh", ["-c", `printf '%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s' "$@" | sha256sum`, "sh", row.prevHash, ...row.fields], { encoding: "utf8" });
      expect(out.split(" ")[0]).toBe(row.hash);
    }
  });

  it("chains: each prev_hash is the hash of the row above, the first is 64 zeros", () => {
    const rows = sealed();
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let k = 1; k < rows.length; k++) expect(rows[k]!.prevHash).toBe(rows[k - 1]!.hash);
    expect(rows[0]!.hash).toBe(rowHash(GENESIS_HASH, FIELDS[0]!));
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("verifyChain", () => {
  it("holds for an untouched chain and names its head", () => {
    const check = verifyChain(sealed());
    expect(check.problems).toEqual([]);
    expect(check.sealed).toBe(5);
    expect(check.head).toEqual({ hash: sealed()[4]!.hash, line: 6 });
  });

  it("catches an edited amount at its own line", () => {
    const rows = sealed();
    rows[1] = { ...rows[1]!, fields: rows[1]!.fields.map((f, k) => (k === 4 ? "3600.00" : f)) };
    const check = verifyChain(rows);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatchObject({ line: 3, kind: "edited" });
  });

  it("catches a deleted row at the line that now stands where it was", () => {
    const rows = renumber(sealed().filter((_, k) => k !== 2)); // the C2 email (line 4) is gone
    const check = verifyChain(rows);
    expect(check.problems[0]).toMatchObject({ line: 4, kind: "deleted" });
    expect(check.problems).toHaveLength(1);
  });

  it("catches deleted first rows", () => {
    const check = verifyChain(renumber(sealed().slice(1)));
    expect(check.problems[0]).toMatchObject({ line: 2, kind: "deleted" });
  });

  it("catches two swapped rows at the first of them", () => {
    const rows = sealed();
    const swapped = renumber([rows[0]!, rows[2]!, rows[1]!, rows[3]!, rows[4]!]); // lines 3 and 4 swapped
    const check = verifyChain(swapped);
    expect(check.problems[0]).toMatchObject({ line: 3, kind: "reordered" });
    expect(check.problems[0]!.reason).toContain("follows line 4");
  });

  it("catches a forged row inserted with a correctly computed hash", () => {
    const rows = sealed();
    // The forger chains a new row onto line 3 and slips it in before line 4.
    const forgedFields = ["2025-06-06", "C1", "promise", "INV-1", "100.00", "2025-12-31", "forged", ""];
    const forged: ChainRow = { line: 0, fields: forgedFields, prevHash: rows[1]!.hash, hash: rowHash(rows[1]!.hash, forgedFields) };
    const check = verifyChain(renumber([rows[0]!, rows[1]!, forged, rows[2]!, rows[3]!, rows[4]!]));
    expect(check.problems[0]).toMatchObject({ line: 4, kind: "inserted" });
    expect(check.problems).toHaveLength(1);
  });

  it("catches a row typed in by hand between sealed rows", () => {
    const rows = sealed();
    const typed: ChainRow = { line: 0, fields: ["2025-06-06", "C1", "call", "", "", "", "typed", ""], prevHash: "", hash: "" };
    const check = verifyChain(renumber([rows[0]!, rows[1]!, typed, rows[2]!, rows[3]!, rows[4]!]));
    expect(check.problems[0]).toMatchObject({ line: 4, kind: "inserted" });
  });

  it("catches a forged row inserted before the first one", () => {
    const rows = sealed();
    const f = ["2025-06-01", "C9", "call", "", "", "", "x", ""];
    const forged: ChainRow = { line: 0, fields: f, prevHash: GENESIS_HASH, hash: rowHash(GENESIS_HASH, f) };
    const check = verifyChain(renumber([forged, ...rows]));
    expect(check.problems[0]).toMatchObject({ line: 2, kind: "inserted" });
  });

  it("accepts rows added by hand after the last sealed row, as an unsealed tail", () => {
    const rows = sealed();
    const typed = (line: number): ChainRow => ({ line, fields: ["2025-06-25", "C1", "call", "", "", "", "typed", ""], prevHash: "", hash: "" });
    const check = verifyChain([...rows, typed(7), typed(8)]);
    expect(check.problems).toEqual([]);
    expect(check.unsealedTail).toEqual([7, 8]);
    expect(check.head!.line).toBe(6);
  });

  it("reports a malformed hash cell", () => {
    const rows = sealed();
    rows[3] = { ...rows[3]!, hash: "xyz" };
    expect(verifyChain(rows).problems[0]).toMatchObject({ line: 5, kind: "malformed" });
  });

  it("an edited and re-hashed row is caught at the next line", () => {
    const rows = sealed();
    const f = rows[1]!.fields.map((x, k) => (k === 4 ? "1.00" : x));
    rows[1] = { ...rows[1]!, fields: f, hash: rowHash(rows[1]!.prevHash, f) };
    const check = verifyChain(rows);
    expect(check.problems[0]).toMatchObject({ line: 4, kind: "deleted" });
    expect(check.problems[0]!.reason).toContain("line 3 was edited and re-hashed");
  });
});

describe("evidence cells", () => {
  it("reads path#sha256 items and plain paths, split on ; or |", () => {
    const h = "d".repeat(64);
    expect(parseEvidence(`a/b c.m4a#${h}; x.png | y#z.pdf`)).toEqual([
      { path: "a/b c.m4a", sha256: h },
      { path: "x.png", sha256: undefined },
      { path: "y#z.pdf", sha256: undefined },
    ]);
    expect(formatEvidence([{ path: "a.m4a", sha256: h }, { path: "b.png", sha256: undefined }])).toBe(`a.m4a#${h};b.png`);
    expect(parseEvidence("")).toEqual([]);
  });
});
