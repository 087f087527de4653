/**
 * The table model (src/io/table/model.ts) and its two renderers: the terminal (render/table.ts)
 * and CSV (render/table-csv.ts). Every figure below can be checked by eye.
 */
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/engine/dates.js";
import { Decimal } from "../../src/engine/money.js";
import { tableCsv, tablesCsv } from "../../src/io/render/table-csv.js";
import { tableText } from "../../src/io/render/table.js";
import { date, days, money, percent, ratio, text, type Column, type Row, type Table } from "../../src/io/table/model.js";

const plain = { chalk: new Chalk({ level: 0 }) };
const colour = { chalk: new Chalk({ level: 1 }) };

const COLUMNS: Column[] = [
  { key: "customer_id", header: "Customer", type: "text" },
  { key: "name", header: "Name", type: "text" },
  { key: "due_date", header: "Due", type: "date" },
  { key: "amount", header: "Amount", type: "money" },
  { key: "days", header: "Days", type: "days" },
];

function table(rows: Row[], extra: Partial<Table> = {}): Table {
  return { title: "Report 2025-06-30", params: [], columns: COLUMNS, rows, ...extra };
}

const item = (id: string, name: string, units: bigint, d: number): Row => ({ style: "item", cells: [text(id), text(name), date(parseIsoDate("2025-05-31")!), money(units, 2), days(d)] });

describe("cells keep exact values; each renderer formats", () => {
  it("money: grouped for people, plain for CSV, rounded half-up once from any scale", () => {
    const t = table([
      { style: "item", cells: [text("A"), text("a"), null, money(123456789n, 2), null] }, // 1,234,567.89
      { style: "item", cells: [text("B"), text("b"), null, money(1005n, 3), null] }, // 1.005 → 1.01 (half-up)
      { style: "item", cells: [text("C"), text("c"), null, money(-1004n, 3), null] }, // -1.004 → -1.00
    ]);
    expect(tableCsv(t)).toBe("customer_id,name,due_date,amount,days\nA,a,,1234567.89,\nB,b,,1.01,\nC,c,,-1.00,\n");
    const out = tableText(t, plain);
    expect(out).toContain("1,234,567.89");
    expect(out).toContain("  1.01 │");
    expect(out).toContain(" -1.00 │");
  });

  it("ratios to 4 places, percents to 2 (or the places a cell asks for), dates ISO, days as integers", () => {
    const cols: Column[] = [
      { key: "r", header: "R", type: "ratio" },
      { key: "p", header: "P", type: "percent" },
      { key: "d", header: "D", type: "date" },
      { key: "n", header: "N", type: "days" },
    ];
    const t: Table = { title: "", params: [], columns: cols, rows: [{ style: "item", cells: [ratio(new Decimal(2).div(3)), percent(new Decimal("12.345")), date(parseIsoDate("2025-02-28")!), days(45)] }, { style: "item", cells: [ratio(new Decimal("0.00005")), percent(new Decimal("12.345"), 1), null, null] }] };
    // 2/3 = 0.66666… → 0.6667; 12.345 → 12.35 (half-up); 0.00005 → 0.0001; 12.345 to 1 place → 12.3
    expect(tableCsv(t)).toBe("r,p,d,n\n0.6667,12.35,2025-02-28,45\n0.0001,12.3,,\n");
    const out = tableText(t, plain);
    expect(out).toContain("0.6667");
    expect(out).toContain("12.35%");
    expect(out).toContain("12.3%");
  });
});

describe("CSV", () => {
  it("guards cells a spreadsheet would run as a formula, but not numbers (SPEC Global conventions)", () => {
    const t = table([item("=SUM(A1)", "+1 555 0100", 100n, 1), item("@cmd", "-x", -500n, 2), item("\tTAB", "ok, quoted \"x\"", 0n, 3)]);
    expect(tableCsv(t)).toBe(
      [
        "customer_id,name,due_date,amount,days",
        "'=SUM(A1),'+1 555 0100,2025-05-31,1.00,1",
        "'@cmd,'-x,2025-05-31,-5.00,2", // -5.00 is a number: no guard
        "'\tTAB,\"ok, quoted \"\"x\"\"\",2025-05-31,0.00,3",
        "",
      ].join("\n"),
    );
  });

  it("writes a cell's CSV text (a code) instead of its words, total labels where the table says, and skips terminal-only rows and columns", () => {
    const cols: Column[] = [...COLUMNS, { key: "why", header: "Why", type: "text", only: "terminal" }];
    const t: Table = {
      title: "x",
      params: [],
      columns: cols,
      rows: [
        { style: "item", cells: [text("C1"), text("是", undefined, "yes"), null, money(100n, 2), days(0), text("because")] },
        { style: "total", label: "Total", cells: [null, null, null, money(100n, 2), null, null] },
        { style: "total", only: "terminal", cells: [text("Share"), null, null, percent(new Decimal(100), 1), null, null] },
      ],
      csvLabel: { column: "name", text: "TOTAL" },
    };
    expect(tableCsv(t)).toBe("customer_id,name,due_date,amount,days\nC1,yes,,1.00,0\n,TOTAL,,1.00,\n");
    const out = tableText(t, plain);
    expect(out).toContain("│ Total    │");
    expect(out).toContain("100.0%");
    expect(out).toContain("because");
  });

  it("tables of one shape make one CSV with one header; no tables, the header alone", () => {
    const a = table([item("A", "a", 1n, 1)]);
    const b = table([item("B", "b", 2n, 2)]);
    expect(tablesCsv([a, b])).toBe("customer_id,name,due_date,amount,days\nA,a,2025-05-31,0.01,1\nB,b,2025-05-31,0.02,2\n");
    expect(tablesCsv([], table([]))).toBe("customer_id,name,due_date,amount,days\n");
  });
});

describe("terminal", () => {
  const rows = [item("C1", "One", 100000n, 10), item("C2", "Two", 250050n, 40), { style: "total" as const, label: "Total", cells: [null, null, null, money(350050n, 2), null] }];

  it("title with its parameters, lead lines, rules under the header and where the row style changes, notes", () => {
    const t = table(rows, { params: [{ label: "grace", value: "0" }, { label: "Basis", value: "by due date", show: "value" }, { label: "Period", value: "June", show: "title" }], lead: ["lead line"], notes: ["a note"] });
    expect(tableText(t, plain)).toBe(
      [
        "Report 2025-06-30 (grace 0, by due date)",
        "lead line",
        "┌──────────┬──────┬────────────┬──────────┬──────┐",
        "│ Customer │ Name │ Due        │ Amount   │ Days │", // headers stay left, as every ar table has them
        "├──────────┼──────┼────────────┼──────────┼──────┤",
        "│ C1       │ One  │ 2025-05-31 │ 1,000.00 │   10 │",
        "│ C2       │ Two  │ 2025-05-31 │ 2,500.50 │   40 │",
        "├──────────┼──────┼────────────┼──────────┼──────┤",
        "│ Total    │      │            │ 3,500.50 │      │",
        "└──────────┴──────┴────────────┴──────────┴──────┘",
        "a note",
        "",
      ].join("\n"),
    );
  });

  it("grid rules: a rule between every row", () => {
    const out = tableText(table(rows, { layout: { rules: "grid" } }), plain);
    expect(out.split("\n").filter((l) => l.startsWith("├")).length).toBe(3);
  });

  it("an empty table says so, and its notes follow", () => {
    expect(tableText(table([], { empty: "Nothing open.", notes: ["skipped: C9"] }), plain)).toBe("Report 2025-06-30\nNothing open.\nskipped: C9\n");
  });

  it("tones become colours; a total row's money and label are bold; a zero debit in an item row is blank", () => {
    const cols: Column[] = [
      { key: "k", header: "K", type: "text" },
      { key: "debit", header: "Debit", type: "money", blankZero: true },
    ];
    const t: Table = {
      title: "",
      params: [],
      columns: cols,
      rows: [
        { style: "item", cells: [text("late", "alarm"), money(0n, 2)] },
        { style: "item", cells: [text("ok", "good"), money(500n, 2, "dim")] },
        { style: "total", label: "Total", cells: [null, money(0n, 2)] },
      ],
    };
    const out = tableText(t, colour);
    expect(out).toContain("\u001b[31m\u001b[1mlate\u001b[22m\u001b[39m");
    expect(out).toContain("\u001b[32mok\u001b[39m");
    expect(out).toContain("\u001b[2m5.00\u001b[22m");
    expect(out).toContain("\u001b[1mTotal\u001b[22m");
    expect(out).toContain("\u001b[1m0.00\u001b[22m"); // a total shows its zero
    expect(out.split("\n")[3]).toMatch(/│ \S*late\S*\s+│\s+│/); // an item's zero debit is blank
  });

  it("cuts a column to maxChars with an ellipsis", () => {
    const cols: Column[] = [{ key: "name", header: "Name", type: "text", maxChars: 5 }];
    expect(tableText({ title: "", params: [], columns: cols, rows: [{ style: "item", cells: [text("Ledger Name Ltd")] }] }, plain)).toContain("│ Ledg… │");
  });
});

describe("narrow terminals", () => {
  const cols: Column[] = [
    { key: "customer_id", header: "Customer", type: "text" },
    { key: "name", header: "Name", type: "text" },
    { key: "currency", header: "Cur", type: "text" },
    { key: "b1", header: "Current", type: "money" },
    { key: "b2", header: "Overdue", type: "money" },
    { key: "unapplied", header: "Unapplied", type: "money" },
    { key: "balance", header: "Balance", type: "money" },
    { key: "tier", header: "Tier", type: "text" },
  ];
  const t: Table = {
    title: "Aging",
    params: [],
    columns: cols,
    rows: [
      { style: "item", cells: [text("C1"), text("A rather long customer name Ltd"), text("CNY"), money(100000n, 2), money(0n, 2), money(0n, 2), money(100000n, 2, "strong"), text("")] },
      { style: "item", cells: [text("C2"), text("Short Co"), text("CNY"), money(0n, 2), money(5000000n, 2, "alarm"), money(0n, 2), money(5000000n, 2, "strong"), text("C", "alarm")] },
      { style: "total", label: "Total", cells: [null, null, text("CNY"), money(100000n, 2), money(5000000n, 2), money(0n, 2), money(5100000n, 2), null] },
      { style: "total", only: "terminal", cells: [text("Share"), null, text("CNY"), percent(new Decimal("1.96"), 1), percent(new Decimal("98.04"), 1), null, null, null] },
    ],
    layout: {
      narrow: {
        columns: ["customer_id", "currency", "b1", "b2", "unapplied", "balance", "tier", "name"],
        headers: { customer_id: "Cust" },
        dropWhenZero: ["unapplied"],
        cards: { head: ["customer_id", "currency"], name: "name", labelled: ["tier"], amounts: ["b1", "b2", "unapplied"], always: ["balance"], withShare: ["b1", "b2"] },
      },
    },
  };

  it("wide enough: the bordered table", () => {
    expect(tableText(t, { ...plain, width: 200 })).toContain("┌");
  });

  it("narrower: no borders, the name last and cut, all-zero columns of dropWhenZero left out", () => {
    expect(tableText(t, { ...plain, width: 60 })).toBe(
      [
        "Aging",
        "Cust   Cur   Current    Overdue    Balance  Tier  Name",
        "────────────────────────────────────────────────────────────",
        "C1     CNY  1,000.00       0.00   1,000.00        A rather …",
        "C2     CNY      0.00  50,000.00  50,000.00  C     Short Co",
        "────────────────────────────────────────────────────────────",
        "Total  CNY  1,000.00  50,000.00  51,000.00",
        "Share  CNY      2.0%      98.0%",
        "",
      ].join("\n"),
    );
  });

  it("narrower still: one block per row, totals with their shares", () => {
    expect(tableText(t, { ...plain, width: 30 })).toBe(
      [
        "Aging",
        "C1  A rather long custom…  CNY", // 30 − "C1  CNY" − 2 = 21 columns for the name
        "    Current 1,000.00",
        "    Balance 1,000.00",
        "C2  Short Co  CNY  Tier C",
        "    Overdue 50,000.00",
        "    Balance 50,000.00",
        "──────────────────────────────",
        "Total CNY",
        "    Current 1,000.00 (2.0%)",
        "    Overdue 50,000.00 (98.0%)",
        "    Balance 51,000.00",
        "",
      ].join("\n"),
    );
  });
});
