import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/engine/dates.js";
import { escapeText, foldLine, renderIcs, vtimezone } from "../../src/io/ics.js";

const d = (s: string) => parseIsoDate(s)!;

describe("iCalendar output (RFC 5545)", () => {
  const cal = {
    asOf: d("2025-06-30"),
    timezone: "Asia/Shanghai",
    name: "Calls 2025-06-30",
    events: [
      { date: d("2025-06-30"), start: 600, end: 607, uidSeed: "C021", summary: "#1 C021 浙江宁波甬港塑胶制品有限公司 郑海峰 (escalate)", description: "郑海峰, 财务经理; 0574-87713358\n郑经理您好，贵公司目前共有84,960元货款逾期未付，其中最早一笔是4月26日到期的48,760元，已逾期65天。" },
      { date: d("2025-07-01"), start: 607, end: 615, uidSeed: "C012", summary: "#2 C012", description: "x" },
    ],
  };

  it("ends lines in CRLF, folds at 75 octets without splitting a character, escapes text", () => {
    const ics = renderIcs(cal);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("DESCRIPTION:郑海峰\\, 财务经理\\; 0574-87713358\\n郑经理您好，贵公司目前共有84\\,960元货款");
    expect(unfolded).toContain("DTSTART;TZID=Asia/Shanghai:20250630T100000");
    expect(unfolded).toContain("DTEND;TZID=Asia/Shanghai:20250630T100700");
    expect(unfolded).toContain("DTSTAMP:20250630T000000Z");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(renderIcs(cal)).toBe(ics); // no clock: same input, same bytes
    const uids = [...unfolded.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]);
    expect(new Set(uids).size).toBe(2);
  });

  it("folds by octets: 'a' + 30 CJK characters is 91 octets", () => {
    const folded = foldLine("a" + "中".repeat(30));
    const [first, second] = folded.split("\r\n");
    expect(Buffer.byteLength(first!, "utf8")).toBe(73); // 1 + 24 × 3; a 25th would make 76
    expect(second).toBe(" " + "中".repeat(6));
    expect(escapeText("a\\b;c,d\ne")).toBe("a\\\\b\\;c\\,d\\ne");
  });

  it("describes the zone: Shanghai one fixed offset, Berlin its summer time changes", () => {
    expect(vtimezone("Asia/Shanghai", 2025, 2025)).toEqual([
      "BEGIN:VTIMEZONE",
      "TZID:Asia/Shanghai",
      "BEGIN:STANDARD",
      "DTSTART:19700101T000000",
      "TZOFFSETFROM:+0800",
      "TZOFFSETTO:+0800",
      "END:STANDARD",
      "END:VTIMEZONE",
    ]);
    const berlin = vtimezone("Europe/Berlin", 2025, 2025).join("\n");
    // 2025-03-30 02:00 CET → CEST; 2025-10-26 03:00 CEST → CET.
    expect(berlin).toContain("BEGIN:DAYLIGHT\nDTSTART:20250330T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT");
    expect(berlin).toContain("BEGIN:STANDARD\nDTSTART:20251026T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD");
  });
});
