/**
 * What `ar letters` prints on stdout (SPEC.md "Demand letters"): the letters written and the
 * customers skipped. JSON per SPEC; table and CSV through the table model (io/table/model.ts),
 * the CSV being the manifest's columns plus `status` and `reason`.
 */
import path from "node:path";
import type { ChalkInstance } from "chalk";
import { isoDate, type Day } from "../../engine/dates.js";
import { Decimal, toMinor, unitsGrouped } from "../../engine/money.js";
import type { LetterLevel } from "../document/letter-data.js";
import type { Lang } from "../document/model.js";
import { word, type WordKey } from "../i18n.js";
import { MANIFEST_HEADER, manifestRow, type LetterPlan, type PlannedLetter, type WrittenLetter } from "../letters.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { int, money, text, type Cell, type Column, type Line, type Row, type Table } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

export const LEVEL_WORD: Record<LetterLevel, WordKey> = { reminder: "letterReminder", notice: "letterNotice", final: "letterFinal" };

export interface LettersView {
  asOf: Day;
  lang: Lang;
  chalk: ChalkInstance;
  level: LetterLevel;
  /** The --out folder as given, and the manifest's name in it. */
  out: string;
  manifest: string;
  combined: boolean;
  plan: LetterPlan;
  written: WrittenLetter[];
  rejected: Rejected[];
}

function letterJson(w: WrittenLetter): Record<string, unknown> {
  const l: PlannedLetter = w.letter;
  const r = l.data.recipient;
  return {
    letterId: l.data.letterId,
    customerId: l.customerKey,
    name: l.customerName,
    contactName: r.contactName,
    address: r.address,
    postcode: r.postcode,
    phone: r.phone,
    lang: l.data.lang,
    currency: l.currency,
    tier: l.tier,
    overdue: l.overdue,
    fee: l.fee,
    claim: l.claim,
    replyDeadline: isoDate(l.replyDeadline),
    docNos: l.data.items.map((it) => it.docNo),
    pages: w.pages,
    file: w.file,
    firstPage: w.firstPage,
    sha256: w.sha256,
  };
}

export function lettersJson(v: LettersView): string {
  return (
    JSON.stringify(
      {
        asOf: isoDate(v.asOf),
        level: v.level,
        out: v.out,
        manifest: v.manifest,
        combined: v.combined,
        letters: v.written.map(letterJson),
        skipped: v.plan.skipped.map((s) => ({ customerId: s.customerId, name: s.name, currency: s.currency, overdue: s.overdue, reason: s.reason })),
        rejected: rejectedJson(v.rejected),
      },
      null,
      2,
    ) + "\n"
  );
}

/** The plan's amounts are 2-decimal strings ("80000.00"); as exact cents. */
const cents = (s: string): bigint => toMinor(new Decimal(s), 2);

const MONEY_COLUMNS = new Set<string>(["overdue_amount", "accrued_fee"]);
const INT_COLUMNS = new Set<string>(["items", "pages", "first_page"]);

/**
 * The batch as one table: a row per letter (the manifest's columns), the totals per currency
 * (terminal), the skipped customers (CSV rows with `status` skipped; terminal lines under it).
 */
export function lettersTableModel(v: LettersView): Table {
  const w = (k: WordKey) => word(v.lang, k);
  const headers: Record<string, string> = {
    letter_id: w("letterId"),
    customer_id: w("customerId"),
    customer_name: w("name"),
    currency: w("currency"),
    overdue_amount: w("lettersOverdue"),
    accrued_fee: w("fee"),
    file: w("lettersFile"),
  };
  const columns: Column[] = [
    ...MANIFEST_HEADER.map((key): Column => ({ key, header: headers[key] ?? key, type: MONEY_COLUMNS.has(key) ? "money" : INT_COLUMNS.has(key) ? "int" : "text" })),
    { key: "status", header: "status", type: "text" },
    { key: "reason", header: "reason", type: "text" },
    { key: "pages_shown", header: w("lettersPages"), type: "text", align: "right", only: "terminal" },
  ];
  const cellOf = (key: string, s: string): Cell | null => (MONEY_COLUMNS.has(key) ? (s === "" ? null : money(cents(s), 2)) : INT_COLUMNS.has(key) ? (s === "" ? null : int(Number(s))) : text(s));
  const rows: Row[] = [];
  const totals = new Map<string, { overdue: bigint; fee: bigint }>();
  for (const x of v.written) {
    const l = x.letter;
    const manifest = manifestRow(x);
    const pages = v.combined ? `${x.firstPage}-${x.firstPage + x.pages - 1}` : String(x.pages);
    rows.push({ style: "item", cells: [...MANIFEST_HEADER.map((key, k) => cellOf(key, manifest[k]!)), text("written"), text(""), text(pages)] });
    const sum = totals.get(l.currency) ?? { overdue: 0n, fee: 0n };
    totals.set(l.currency, { overdue: sum.overdue + cents(l.overdue), fee: sum.fee + cents(l.fee) });
  }
  const at = (key: string) => columns.findIndex((c) => c.key === key);
  for (const c of [...totals.keys()].sort()) {
    const cells: Row["cells"] = columns.map(() => null);
    cells[at("currency")] = text(c);
    cells[at("overdue_amount")] = money(totals.get(c)!.overdue, 2);
    cells[at("accrued_fee")] = money(totals.get(c)!.fee, 2);
    rows.push({ style: "total", only: "terminal", label: w("total"), cells });
  }
  for (const s of v.plan.skipped) {
    const cells: Row["cells"] = columns.map(() => text(""));
    cells[at("level")] = text(v.level);
    cells[at("customer_id")] = text(s.customerId);
    cells[at("customer_name")] = text(s.name);
    cells[at("currency")] = text(s.currency);
    cells[at("overdue_amount")] = money(cents(s.overdue), 2);
    cells[at("status")] = text("skipped");
    cells[at("reason")] = text(s.reason);
    rows.push({ style: "item", only: "csv", cells });
  }
  const notes: Line[] = v.plan.skipped.length === 0 ? [] : [`${w("lettersSkipped")}:`, ...v.plan.skipped.map((s) => `  ${s.customerId} ${s.name} (${s.currency} ${unitsGrouped(cents(s.overdue), 2)})`)];
  return {
    title: `${w(LEVEL_WORD[v.level])} ${isoDate(v.asOf)}: ${v.written.length} ${w("lettersCount")} → ${path.join(v.out, v.manifest)}`,
    params: [{ label: w(LEVEL_WORD[v.level]), value: v.level, show: "title" }],
    columns,
    rows,
    notes,
    empty: w("lettersNone"),
    layout: { columns: ["letter_id", "customer_id", "customer_name", "currency", "overdue_amount", "accrued_fee", "pages_shown", "file"] },
  };
}

export function renderLetters(v: LettersView, format: "table" | "csv" | "json"): string {
  if (format === "json") return lettersJson(v);
  const table = lettersTableModel(v);
  return format === "csv" ? tableCsv(table) : tableText(table, { chalk: v.chalk });
}
