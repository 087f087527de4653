import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/engine/dates.js";
import { parseEventType } from "../../src/engine/events.js";
import { readEvents, splitEvidence } from "../../src/io/read-events.js";
import { readHolidays } from "../../src/io/read-holidays.js";
import { FIXTURES } from "../helpers/cli.js";

const d = (iso: string) => parseIsoDate(iso)!;
const dir = mkdtempSync(path.join(tmpdir(), "ar-events-"));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}
const empty = () => Readable.from([]);

describe("readEvents", () => {
  it("reads every column into a ContactEvent, with its place", async () => {
    const p = file(
      "ok.csv",
      [
        "date,customer_id,type,doc_no,amount,due_date,note,evidence",
        '2025-06-03,C021,promise,INV-1,"48,760.00",2025-06-20,承诺付款,recordings/a.m4a#abc; letters/b.pdf',
        "2025/6/24,C021,Call,,,,对方称审批延误,",
      ].join("\n") + "\n",
    );
    const r = await readEvents("ok.csv", { encoding: "auto", stdin: empty(), path: p });
    expect(r.rejected).toEqual([]);
    expect(r.events).toHaveLength(2);
    const [promise, call] = r.events;
    expect(promise).toMatchObject({ date: d("2025-06-03"), customerId: "C021", type: "promise", docNo: "INV-1", dueDate: d("2025-06-20"), note: "承诺付款", file: "ok.csv", line: 2 });
    expect(promise!.amount!.toFixed(2)).toBe("48760.00");
    expect(promise!.evidence).toEqual(["recordings/a.m4a#abc", "letters/b.pdf"]);
    expect(call).toMatchObject({ date: d("2025-06-24"), type: "call", amount: undefined, dueDate: undefined, evidence: [], line: 3 });
  });

  it("rejects bad rows with FILE:LINE reasons and keeps reading", async () => {
    const p = file(
      "bad.csv",
      [
        "date,customer_id,type,doc_no,amount,due_date,note,evidence",
        "2025-02-30,C1,call,,,,,",
        "2025-03-01,,call,,,,,",
        "2025-03-01,C1,phone,,,,,",
        "2025-03-01,C1,promise,,abc,2025-03-10,,",
        "2025-03-01,C1,promise,,-5,2025-03-10,,",
        "2025-03-01,C1,promise,,100,someday,,",
        "2025-03-02,C1,visit,,,,fine,",
      ].join("\n"),
    );
    const r = await readEvents("bad.csv", { encoding: "auto", stdin: empty(), path: p });
    expect(r.events.map((e) => e.line)).toEqual([8]);
    expect(r.rejected.map((x) => x.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(r.rejected[1]!.reason).toBe("missing customer_id");
    expect(r.rejected[2]!.reason).toContain('type "phone" is not one of call');
    expect(r.rejected[3]!.reason).toMatch(/^amount: /);
    expect(r.rejected[4]!.reason).toBe('amount "-5" is negative');
    expect(r.rejected[5]!.reason).toMatch(/^due_date: /);
    expect(r.rejected.every((x) => x.file === "bad.csv")).toBe(true);
  });

  it("warns about promises without a date and customers nobody knows", async () => {
    const p = file("warn.csv", "date,customer_id,type,amount,due_date\n2025-03-01,C1,promise,100,\n2025-03-01,C9,call,,\n");
    const r = await readEvents("warn.csv", { encoding: "auto", stdin: empty(), path: p, knownCustomers: new Set(["C1"]) });
    expect(r.events).toHaveLength(2);
    expect(r.warnings).toEqual([
      { file: "warn.csv", line: 2, message: "promise without due_date: it cannot be checked for a broken promise" },
      { file: "warn.csv", line: 3, message: "customer C9 is in neither the ledger nor the customer master" },
    ]);
  });

  it("accepts sealed and unsealed rows alike, with one note counting the unsealed ones", async () => {
    const h = "a".repeat(64);
    const p = file(
      "sealed.csv",
      `date,customer_id,type,doc_no,amount,due_date,note,evidence,prev_hash,hash\n2025-03-01,C1,call,,,,,,${"0".repeat(64)},${h}\n2025-03-02,C1,call,,,,,,,\n2025-03-03,C1,email,,,,,,,\n`,
    );
    const r = await readEvents("sealed.csv", { encoding: "auto", stdin: empty(), path: p });
    expect(r.events).toHaveLength(3);
    expect(r).toMatchObject({ hashColumns: true, sealedRows: 1, unsealedRows: 2 });
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^sealed\.csv: 2 unsealed row\(s\)/);
  });

  it("names a missing required column", async () => {
    const p = file("nocol.csv", "date,customer_id,note\n2025-03-01,C1,x\n");
    await expect(readEvents("nocol.csv", { encoding: "auto", stdin: empty(), path: p })).rejects.toThrow("nocol.csv: missing required column type");
  });

  it("reads the shipped fixture without rejecting anything", async () => {
    const r = await readEvents("fixtures/events.csv", { encoding: "auto", stdin: empty(), path: path.join(FIXTURES, "events.csv") });
    expect(r.rejected).toEqual([]);
    expect(r.events.length).toBeGreaterThan(30);
    expect(r.events.filter((e) => e.type === "promise").map((e) => e.customerId)).toEqual(["C022", "C021"]);
  });

  it("knows the types by their codes and a few common words", () => {
    expect(parseEventType("Letter Sent")).toBe("letter_sent");
    expect(parseEventType("STATEMENT-CONFIRMED")).toBe("statement_confirmed");
    expect(parseEventType("电话")).toBe("call");
    expect(parseEventType("承诺")).toBe("promise");
    expect(parseEventType("fax")).toBeUndefined();
    expect(splitEvidence(" a.pdf | b.png;;c#ff ")).toEqual(["a.pdf", "b.png", "c#ff"]);
  });
});

describe("readHolidays", () => {
  it("reads date, off|work (with or without a header) and rejects contradictions", async () => {
    const p = file("h.csv", "date,kind\n2027-02-05,off\n2027-02-20,work\n2027-02-05,work\n2027-02-06,maybe\n2027-02-07,休\n");
    const r = await readHolidays("h.csv", { encoding: "auto", stdin: empty(), path: p });
    expect([...r.overrides]).toEqual([
      [d("2027-02-05"), "off"],
      [d("2027-02-20"), "work"],
      [d("2027-02-07"), "off"],
    ]);
    expect(r.rejected).toEqual([
      { file: "h.csv", line: 4, reason: "2027-02-05 is already marked off on an earlier row" },
      { file: "h.csv", line: 5, reason: '"maybe" is neither off nor work' },
    ]);
    const q = file("nohead.csv", "2027-10-01,off\n2027-10-09,work\n");
    const r2 = await readHolidays("nohead.csv", { encoding: "auto", stdin: empty(), path: q });
    expect([...r2.overrides]).toEqual([
      [d("2027-10-01"), "off"],
      [d("2027-10-09"), "work"],
    ]);
  });
});
