import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, runAr } from "../helpers/cli.js";
import { disposeBundledCli, spawnAr } from "../helpers/bundled-cli.js";

const ENV = { AR_AS_OF: "2025-06-30" };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ar-log-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterAll(disposeBundledCli);

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const ar = (args: string[]) => runAr(args, { cwd: dir, env: ENV });
const read = (name = "events.csv") => readFileSync(path.join(dir, name), "utf8");
const write = (name: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
};

/** Four sealed rows at lines 2-5, with one evidence file each for the first two. */
async function fourRows(): Promise<void> {
  write("rec/c1.m4a", "recording one");
  write("shots/c2.png", "screenshot two");
  const adds = [
    ["--date", "2025-06-02", "--customer", "C1", "--type", "call", "--note", "王经理: 月底付款", "--evidence", "rec/c1.m4a"],
    ["--date", "2025-06-05", "--customer", "C2", "--type", "wechat", "--note", "对账, \"urgent\"", "--evidence", "shots/c2.png"],
    ["--date", "2025-06-09", "--customer", "C1", "--type", "promise", "--doc-no", "INV-1", "--amount", "33,600", "--due-date", "2025-06-30"],
    ["--date", "2025-06-12", "--customer", "C3", "--type", "legal", "--note", "lawyer's letter"],
  ];
  for (const a of adds) {
    const r = await ar(["log", "add", "--events", "events.csv", ...a]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }
}

describe("ar log", () => {
  it("without a known subcommand is a usage error (exit 2)", async () => {
    let r = await ar(["log"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ar: ar log needs a subcommand: add, verify, seal or import-manifest (ar log --help)\n");
    r = await ar(["log", "erase"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ar log has no subcommand "erase"');
    r = await ar(["log", "verify"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--events <file>' not specified");
  });

  it("never writes its report over the log, and needs the log as a file", async () => {
    await fourRows();
    const before = read();
    let r = await ar(["log", "verify", "--events", "events.csv", "-o", "events.csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ar: -o events.csv: that is one of the inputs\n");
    r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call", "-o", "./events.csv"]);
    expect(r.code).toBe(2);
    expect(read()).toBe(before);
    r = await ar(["log", "add", "--events", "-", "--customer", "C1", "--type", "call"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--events: the events log must be a file");
  });
});

describe("ar log add", () => {
  it("creates the log with the sealed header and chains each row", async () => {
    await fourRows();
    const lines = read().split("\n");
    expect(lines[0]).toBe("date,customer_id,type,doc_no,amount,due_date,note,evidence,prev_hash,hash");
    expect(lines[1]).toBe(`2025-06-02,C1,call,,,,王经理: 月底付款,rec/c1.m4a#${sha("recording one")},${"0".repeat(64)},${lines[1]!.slice(-64)}`);
    expect(lines[2]).toContain(`,"对账, ""urgent""",shots/c2.png#${sha("screenshot two")},${lines[1]!.slice(-64)},`);
    expect(lines[3]).toContain("2025-06-09,C1,promise,INV-1,33600.00,2025-06-30,,,");
    expect(lines).toHaveLength(6); // header, four rows, the empty string after the last newline
    const v = await ar(["log", "verify", "--events", "events.csv", "--format", "table"]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain("events.csv: 4 sealed row(s), chain intact.");
    expect(v.stdout).toContain(`head: ${lines[4]!.slice(-64)} (line 5)`);
  });

  it("prints the appended row, its line and hash (JSON)", async () => {
    write("rec/a.m4a", "a");
    const r = await ar(["log", "add", "--events", "events.csv", "--customer", "C042", "--type", "call", "--evidence", "rec/a.m4a", "--format", "json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ file: "events.csv", line: 2, date: "2025-06-30", customerId: "C042", type: "call", docNo: "", evidence: [{ path: "rec/a.m4a", sha256: sha("a") }], prevHash: "0".repeat(64) });
    expect(j.hash).toBe(read().split("\n")[1]!.slice(-64));
  });

  it("records evidence paths relative to the log's folder", async () => {
    write("logs/.keep", "");
    write("calls/x.m4a", "x");
    const r = await ar(["log", "add", "--events", "logs/events.csv", "--customer", "C1", "--type", "call", "--evidence", "calls/x.m4a"]);
    expect(r.code).toBe(0);
    expect(read("logs/events.csv")).toContain(`,../calls/x.m4a#${sha("x")},`);
    const v = await ar(["log", "verify", "--events", "logs/events.csv", "--check-evidence", "--format", "table"]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain("1 unchanged, 0 changed, 0 missing");
  });

  it("validates every field before writing anything, reporting all problems (exit 2)", async () => {
    write("customers.csv", "customer_id,customer_name\nC1,甲\n");
    const r = await ar([
      "log", "add", "--events", "events.csv", "--customers", "customers.csv",
      "--date", "2025-07-01", "--customer", "C9", "--type", "phone-ish", "--amount", "-5", "--due-date", "2025-02-30", "--evidence", "missing.m4a",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("nothing was written to events.csv");
    expect(r.stderr).toContain("--date 2025-07-01 is after today (2025-06-30)");
    expect(r.stderr).toContain("--customer C9 is not in customers.csv");
    expect(r.stderr).toContain('--type "phone-ish" is not one of');
    expect(r.stderr).toContain("--amount -5: must be above zero");
    expect(r.stderr).toContain("--due-date:");
    expect(r.stderr).toContain("--evidence missing.m4a: no such file");
    expect(existsSync(path.join(dir, "events.csv"))).toBe(false);
  });

  it("needs a due date for a promise and an amount for an agreement; rejects line breaks", async () => {
    let r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "promise"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--type promise needs --due-date");
    r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "agreement", "--due-date", "2025-07-15"]);
    expect(r.stderr).toContain("--type agreement needs --amount");
    r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call", "--note", "two\nlines"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--note: control characters and line breaks are not allowed");
    expect(existsSync(path.join(dir, "events.csv"))).toBe(false);
  });

  it("stores a note that a spreadsheet would run with a leading quote, and hashes what it stores", async () => {
    await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call", "--note", "=HYPERLINK(\"x\")"]);
    expect(read()).toContain(`,"'=HYPERLINK(""x"")",`);
    expect((await ar(["log", "verify", "--events", "events.csv"])).code).toBe(0);
  });

  it("refuses a hand-kept log until it is sealed, and rows added by hand since the last seal", async () => {
    write("events.csv", readFileSync(path.join(FIXTURES, "events.csv"), "utf8"));
    let r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not sealed yet");
    r = await ar(["log", "seal", "--events", "events.csv", "--format", "table"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("sealed 77 row(s) (0 already sealed)");
    writeFileSync(path.join(dir, "events.csv"), read() + "2025-06-29,C001,call,,,,typed by hand,\n");
    r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("events.csv:79: 1 row(s) (line 79) were added without hashes since the last seal");
    const v = await ar(["log", "verify", "--events", "events.csv"]);
    expect(v.code).toBe(0);
    expect(v.stderr).toContain("events.csv:79: warning: 1 row(s) added without hashes since the last seal");
    r = await ar(["log", "seal", "--events", "events.csv", "--format", "table"]);
    expect(r.stdout).toContain("sealed 1 row(s) (77 already sealed)");
    r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call", "--format", "table"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^events\.csv:80: 2025-06-30 C1 call sealed, hash [0-9a-f]{64}\n$/);
  });

  it("refuses to extend a broken chain (exit 1)", async () => {
    await fourRows();
    writeFileSync(path.join(dir, "events.csv"), read().replace("33600.00", "3600.00"));
    const r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("events.csv:4: the hash chain is broken (edited");
    expect(read().split("\n")).toHaveLength(6);
  });
});

describe("ar log verify names the line that was tampered with", () => {
  async function verify(...extra: string[]) {
    return ar(["log", "verify", "--events", "events.csv", "--format", "table", ...extra]);
  }
  const rows = () => read().split("\n");
  const rewrite = (lines: string[]) => writeFileSync(path.join(dir, "events.csv"), lines.join("\n"));

  it("an edited amount", async () => {
    await fourRows();
    rewrite(rows().map((l) => l.replace(",33600.00,", ",3600.00,")));
    const v = await verify();
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("chain BROKEN: first at events.csv:4 (edited).");
    expect(v.stdout).toContain("events.csv:4: edited:");
  });

  it("a deleted row", async () => {
    await fourRows();
    rewrite(rows().filter((_, i) => i !== 2)); // line 3 (C2's wechat) is gone; line 3 is now the promise
    const v = await verify();
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("first at events.csv:3 (deleted)");
  });

  it("two swapped rows", async () => {
    await fourRows();
    const l = rows();
    rewrite([l[0]!, l[1]!, l[3]!, l[2]!, l[4]!, l[5]!]);
    const v = await verify();
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("first at events.csv:3 (reordered)");
  });

  it("an inserted row, hashed the way the README says", async () => {
    await fourRows();
    const l = rows();
    const prev = l[2]!.slice(-64);
    const fields = ["2025-06-06", "C2", "promise", "", "1.00", "2025-12-31", "forged", ""];
    const hash = sha([prev, ...fields].join("\x1f"));
    rewrite([l[0]!, l[1]!, l[2]!, [...fields, prev, hash].join(","), l[3]!, l[4]!, l[5]!]);
    const v = await verify();
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("first at events.csv:4 (inserted)");
  });

  it("a truncated end, with the head recorded earlier", async () => {
    await fourRows();
    const head = rows()[4]!.slice(-64);
    expect((await verify("--head", head)).stdout).toContain(`recorded head ${head}: found at line 5.`);
    rewrite(rows().filter((_, i) => i !== 4));
    expect((await verify()).code).toBe(0); // the chain alone cannot see a cut end
    const v = await verify("--head", head);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("is not in the log: rows were deleted from its end");
  });

  it("a changed evidence file, and a missing one", async () => {
    await fourRows();
    expect((await verify("--check-evidence")).code).toBe(0);
    write("shots/c2.png", "screenshot two, retouched");
    rmSync(path.join(dir, "rec/c1.m4a"));
    const v = await verify("--check-evidence");
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("events.csv: 4 sealed row(s), chain intact.");
    expect(v.stdout).toContain("evidence: 2 file(s): 0 unchanged, 1 changed, 1 missing, 0 without a recorded hash.");
    expect(v.stdout).toContain(`events.csv:3: evidence changed: shots/c2.png: SHA-256 was ${sha("screenshot two")}, now ${sha("screenshot two, retouched")}`);
    expect(v.stdout).toContain("events.csv:2: evidence missing: rec/c1.m4a: file not found");
    const j = JSON.parse((await ar(["log", "verify", "--events", "events.csv", "--check-evidence", "--format", "json"])).stdout);
    expect(j.ok).toBe(false);
    expect(j.evidence.map((e: { line: number; status: string }) => [e.line, e.status])).toEqual([
      [2, "missing"],
      [3, "changed"],
    ]);
  });

  it("CSV and JSON name the same lines", async () => {
    await fourRows();
    rewrite(rows().map((l) => l.replace("lawyer's letter", "nothing")));
    const csv = await ar(["log", "verify", "--events", "events.csv", "--format", "csv"]);
    expect(csv.code).toBe(1);
    expect(csv.stdout).toBe("file,line,kind,message\nevents.csv,5,edited,the row's fields do not match its hash: the row was edited after it was written\n");
    const j = JSON.parse((await ar(["log", "verify", "--events", "events.csv", "--format", "json"])).stdout);
    expect(j).toMatchObject({ file: "events.csv", ok: false, sealed: 4, unsealed: 0, problems: [{ file: "events.csv", line: 5, kind: "edited" }], evidence: null });
  });

  it("the README's Python audit script agrees", async () => {
    let python = "";
    try {
      python = execFileSync("sh", ["-c", "command -v python3"], { encoding: "utf8" }).trim();
    } catch {
      return;
    }
    await fourRows();
    const script = readFileSync(path.join(ROOT, "test/golden/log/audit.py"), "utf8");
    const ok = execFileSync(python, ["-c", script, path.join(dir, "events.csv")], { encoding: "utf8" });
    expect(ok).toBe(`4 sealed rows, chain intact, head ${rows()[4]!.slice(-64)}\n`);
    rewrite(rows().map((l) => l.replace(",33600.00,", ",3600.00,")));
    let out = "";
    try {
      execFileSync(python, ["-c", script, path.join(dir, "events.csv")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      out = String((e as { stdout: string }).stdout);
    }
    expect(out).toBe("line 4: hash does not match the row\n");
  });
});

describe("ar log seal", () => {
  it("chains the fixture log, hashing the evidence files it finds", async () => {
    write("events.csv", readFileSync(path.join(FIXTURES, "events.csv"), "utf8"));
    write("recordings/C012-20250220.m4a", "rec");
    const r = await ar(["log", "seal", "--events", "events.csv", "--format", "json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.sealed).toBe(77);
    expect(j.hashedEvidence).toEqual([{ line: 40, path: "recordings/C012-20250220.m4a" }]);
    expect(j.missingEvidence).toHaveLength(32);
    expect(r.stderr).toContain("events.csv:39: warning: evidence evidence/letter-C024-20250218.pdf not found");
    expect(read()).toContain(`recordings/C012-20250220.m4a#${sha("rec")}`);
    expect((await ar(["log", "verify", "--events", "events.csv"])).code).toBe(0);
    const again = await ar(["log", "seal", "--events", "events.csv", "--format", "table"]);
    expect(again.stdout).toBe("events.csv: already sealed (77 row(s)); nothing to do.\n");
  });

  it("refuses to seal over a broken chain", async () => {
    await fourRows();
    writeFileSync(path.join(dir, "events.csv"), read().replace("C3,legal", "C4,legal") + "2025-06-29,C1,call,,,,typed,\n");
    const r = await ar(["log", "seal", "--events", "events.csv"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("events.csv:5: the hash chain is broken (edited");
    expect(r.stderr).toContain("sealing would hide it");
  });

  it("reads a GB18030 log with Chinese headers and rewrites it as UTF-8", async () => {
    const text = "日期,客户编号,类型,单据号,金额,到期日,备注,证据\n2025-06-01,C1,call,,,,电话催收,\n";
    writeFileSync(path.join(dir, "events.csv"), gb18030(text));
    const r = await ar(["log", "seal", "--events", "events.csv"]);
    expect(r.code).toBe(0);
    expect(read().split("\n")[0]).toBe("date,customer_id,type,doc_no,amount,due_date,note,evidence,prev_hash,hash");
    expect(read()).toContain("2025-06-01,C1,call,,,,电话催收,,");
  });
});

/** GB18030 bytes of a text, through the decoder's inverse (Node has no GB18030 encoder): only the characters used here. */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) bytes.push(ch.charCodeAt(0));
    else bytes.push(...table.get(ch)!);
  }
  return Buffer.from(bytes);
}

describe("the writers' lock", () => {
  it("refuses a second writer while the lock file exists, naming the holder and the way out (exit 2)", async () => {
    await fourRows();
    writeFileSync(path.join(dir, "events.csv.lock"), "pid 999999\nhost elsewhere\nsince 2025-06-30T10:00:00.000Z\ncommand ar log add\n");
    const before = read();
    const r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("events.csv is locked by another writer (pid 999999 on elsewhere since 2025-06-30T10:00:00.000Z, ar log add); nothing was written.");
    expect(r.stderr).toContain("delete events.csv.lock and run the command again");
    expect(read()).toBe(before);
    expect(existsSync(path.join(dir, "events.csv.lock"))).toBe(true); // not ours to remove
  });

  it("says when the holder is a process of this host that no longer runs", async () => {
    const { hostname } = await import("node:os");
    write("events.csv.lock", `pid 2147483646\nhost ${hostname()}\nsince 2025-06-30T10:00:00.000Z\ncommand ar log add\n`);
    const r = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Process 2147483646 is no longer running: the lock is stale.");
  });

  it("two processes at once: one writes, the other is refused, the log stays valid", async () => {
    await fourRows();
    // The first writer holds the lock for a while after writing its temporary file.
    const first = await spawnAr(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call", "--note", "first"], { cwd: dir, env: { ...ENV, AR_LOG_TEST_HOLD_MS: "3000" } });
    const lock = path.join(dir, "events.csv.lock");
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(lock)).toBe(true);
    const second = await spawnAr(["log", "add", "--events", "events.csv", "--customer", "C2", "--type", "call", "--note", "second"], { cwd: dir, env: ENV });
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("events.csv is locked by another writer (pid ");
    expect(read()).toContain(",first,");
    expect(read()).not.toContain(",second,");
    expect(existsSync(lock)).toBe(false);
    const v = await ar(["log", "verify", "--events", "events.csv", "--format", "table"]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain("5 sealed row(s), chain intact");
  }, 20000);

  it("many processes racing: every one either writes a whole row or is refused", async () => {
    await fourRows();
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, k) => spawnAr(["log", "add", "--events", "events.csv", "--customer", `R${k}`, "--type", "call"], { cwd: dir, env: ENV })),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    const written = results.filter((r) => r.code === 0).length;
    expect(written + results.filter((r) => r.code === 2).length).toBe(6);
    expect(written).toBeGreaterThanOrEqual(1);
    const v = JSON.parse((await ar(["log", "verify", "--events", "events.csv", "--format", "json"])).stdout);
    expect(v).toMatchObject({ ok: true, sealed: 4 + written, unsealed: 0 });
  }, 20000);

  it("a writer killed in the middle of an append leaves the old log, valid, and a lock to clear", async () => {
    await fourRows();
    const before = read();
    const w = await spawnAr(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call", "--note", "killed"], { cwd: dir, env: { ...ENV, AR_LOG_TEST_HOLD_MS: "10000" } });
    const lock = path.join(dir, "events.csv.lock");
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200)); // the temporary file is written and fsync'ed by now
    w.child.kill("SIGKILL");
    const end = await w.done;
    expect(end.signal).toBe("SIGKILL");
    expect(read()).toBe(before);
    expect((await ar(["log", "verify", "--events", "events.csv"])).code).toBe(0);
    const refused = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("the lock is stale");
    rmSync(lock);
    const after = await ar(["log", "add", "--events", "events.csv", "--customer", "C1", "--type", "call"]);
    expect(after.code).toBe(0);
    expect((await ar(["log", "verify", "--events", "events.csv"])).code).toBe(0);
  }, 20000);
});

describe("ar log import-manifest", () => {
  function manifest(rows: string[][]): void {
    write("letters/manifest.csv", ["letter_id,customer_id,contact,address,postcode,phone,overdue,fee,file,sha256,tracking_number", ...rows.map((r) => r.join(","))].join("\n") + "\n");
  }

  it("records one letter_sent per letter with a tracking number; a re-run skips those already recorded", async () => {
    write("letters/L-C1.pdf", "pdf one");
    write("letters/L-C2.pdf", "pdf two");
    manifest([
      ["L-C1", "C1", "王", "addr", "200000", "1", "80000.00", "10.00", "L-C1.pdf", sha("pdf one"), "XA123456789CN"],
      ["L-C2", "C2", "李", "addr", "200000", "1", "500.00", "0.00", "L-C2.pdf", sha("pdf two"), ""],
    ]);
    let r = await ar(["log", "import-manifest", "letters/manifest.csv", "--events", "events.csv", "--date", "2025-06-30", "--lang", "en", "--format", "table"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("letters/manifest.csv: 1 letter(s) without a tracking number yet; not recorded\n");
    expect(read().split("\n")[1]).toContain(`2025-06-30,C1,letter_sent,,80000.00,,"letter L-C1 posted, tracking number XA123456789CN",letters/L-C1.pdf#${sha("pdf one")},${"0".repeat(64)},`);
    manifest([
      ["L-C1", "C1", "王", "addr", "200000", "1", "80000.00", "10.00", "L-C1.pdf", sha("pdf one"), "XA123456789CN"],
      ["L-C2", "C2", "李", "addr", "200000", "1", "500.00", "0.00", "L-C2.pdf", sha("pdf two"), "XA987654321CN"],
    ]);
    r = await ar(["log", "import-manifest", "letters/manifest.csv", "--events", "events.csv", "--date", "2025-06-30", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("letters/manifest.csv:2: already recorded at events.csv:2; skipped");
    const j = JSON.parse(r.stdout);
    expect(j).toHaveLength(1);
    expect(j[0]).toMatchObject({ line: 3, customerId: "C2", type: "letter_sent", amount: "500.00", evidence: [{ path: "letters/L-C2.pdf", sha256: sha("pdf two") }] });
    expect((await ar(["log", "verify", "--events", "events.csv", "--check-evidence"])).code).toBe(0);
  });

  it("writes nothing when a PDF is missing or changed since the manifest (exit 1)", async () => {
    write("letters/L-C1.pdf", "pdf one, edited");
    manifest([
      ["L-C1", "C1", "王", "addr", "200000", "1", "80000.00", "10.00", "L-C1.pdf", sha("pdf one"), "XA1"],
      ["L-C2", "C2", "李", "addr", "200000", "1", "500.00", "0.00", "L-C2.pdf", sha("pdf two"), "XA2"],
    ]);
    const r = await ar(["log", "import-manifest", "letters/manifest.csv", "--events", "events.csv", "--date", "2025-06-30"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("letters/manifest.csv:2: L-C1.pdf: the PDF changed since the manifest was written");
    expect(r.stderr).toContain("letters/manifest.csv:3: L-C2.pdf: PDF not found next to the manifest");
    expect(existsSync(path.join(dir, "events.csv"))).toBe(false);
  });
});
