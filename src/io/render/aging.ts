/**
 * The aging report in its three renderings (table, CSV, JSON), from the same data: the renderer
 * formats, it never recomputes.
 */
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { AgedAccount, Aging } from "../../engine/aging.js";
import { creditLimitCheck, customerName, type CustomerProfile } from "../../engine/customers.js";
import { isoDate } from "../../engine/dates.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import { Decimal, moneyGrouped, moneyString, unitsGrouped, unitsString } from "../../engine/money.js";
import { bucketLabel, rejectedNote, word, type Lang } from "../i18n.js";
import type { Rejected } from "../read-ledger.js";
import { csvCell, csvLine, csvTable } from "./csv.js";
import { displayWidth, padToWidth, truncateToWidth } from "./width.js";

export interface AgingView {
  aging: Aging;
  ledger: Ledger;
  by: "customer" | "invoice";
  lang: Lang;
  master: Map<string, CustomerProfile> | undefined;
  rejected: Rejected[];
  chalk: ChalkInstance;
  /** Terminal width: a table wider than this is laid out without borders and the names cut. */
  width?: number;
}

/** No rule between body rows: a long ledger reads as a list. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

/** Draws a rule under the header and above the row `bodyRowsBeforeTotals` (the totals). */
function ruled(table: string, bodyRowsBeforeTotals?: number): string {
  const lines = table.split("\n");
  const rule = lines[0]!.replace("┌", "├").replace(/┬/g, "┼").replace("┐", "┤");
  // lines: [top, header, ...body, bottom]; cells never wrap here, so one line per row.
  if (bodyRowsBeforeTotals !== undefined && bodyRowsBeforeTotals + 2 < lines.length - 1) lines.splice(bodyRowsBeforeTotals + 2, 0, rule);
  lines.splice(2, 0, rule);
  return lines.join("\n");
}

function nameOf(v: AgingView, a: { customer: number }): string {
  const c = v.ledger.customers[a.customer]!;
  return customerName(c.name, v.master?.get(c.key), c.key);
}

interface LimitInfo {
  creditLimit: string | null;
  overLimit: boolean | null;
}

function limitOf(v: AgingView, a: AgedAccount): LimitInfo {
  const check = creditLimitCheck(a.balance, v.aging.scale, v.master?.get(v.ledger.customers[a.customer]!.key));
  if (check === null) return { creditLimit: null, overLimit: null };
  return { creditLimit: moneyString(check.limit), overLimit: check.over };
}

export function agingJson(v: AgingView): string {
  const { aging, ledger } = v;
  const money = (u: bigint) => unitsString(u, aging.scale);
  const bucketsOf = (values: bigint[]) => Object.fromEntries(aging.buckets.map((b, k) => [b.key, money(values[k]!)]));
  const head = { asOf: isoDate(aging.asOf), basis: aging.basis, buckets: aging.buckets.map((b) => ({ key: b.key, from: b.from, to: b.to })) };
  const totals = aging.totals.map((t) => ({ currency: ledger.currencies[t.currency]!, buckets: bucketsOf(t.buckets), unapplied: money(t.unapplied), balance: money(t.balance) }));
  const rejected = v.rejected.map((r) => ({ file: r.file, line: r.line, reason: r.reason }));
  if (v.by === "invoice") {
    const items = aging.accounts.flatMap((a) =>
      a.items.map((it) => ({
        customerId: ledger.customers[it.customer]!.key,
        docNo: docNoOf(ledger, it.index),
        currency: ledger.currencies[it.currency]!,
        docDate: isoDate(ledger.docDate[it.index]!),
        dueDate: isoDate(ledger.dueDate[it.index]!),
        amount: money(ledger.amount.get(it.index)),
        outstanding: money(it.outstanding),
        daysOverdue: it.daysOverdue,
        bucket: aging.buckets[it.bucket]!.key,
        tier: it.tier,
        disputed: it.disputed,
      })),
    );
    return JSON.stringify({ ...head, items, totals, rejected }, null, 2) + "\n";
  }
  const customers = aging.accounts.map((a) => {
    const row: Record<string, unknown> = {
      customerId: ledger.customers[a.customer]!.key,
      name: nameOf(v, a),
      currency: ledger.currencies[a.currency]!,
      buckets: bucketsOf(a.buckets),
      unapplied: money(a.unapplied),
      balance: money(a.balance),
      oldestDaysOverdue: a.oldestDaysOverdue,
      tier: a.tier,
    };
    if (v.master) Object.assign(row, limitOf(v, a));
    return row;
  });
  return JSON.stringify({ ...head, customers, totals, rejected }, null, 2) + "\n";
}

export function agingCsv(v: AgingView): string {
  const { aging, ledger } = v;
  const money = (u: bigint) => unitsString(u, aging.scale);
  if (v.by === "invoice") {
    const header = ["customer_id", "name", "currency", "doc_no", "doc_date", "due_date", "amount", "outstanding", "days_overdue", "bucket", "tier", "disputed"];
    const rows = aging.accounts.flatMap((a) =>
      a.items.map((it) => [
        ledger.customers[it.customer]!.key,
        nameOf(v, a),
        ledger.currencies[it.currency]!,
        docNoOf(ledger, it.index),
        isoDate(ledger.docDate[it.index]!),
        isoDate(ledger.dueDate[it.index]!),
        money(ledger.amount.get(it.index)),
        money(it.outstanding),
        it.daysOverdue,
        aging.buckets[it.bucket]!.key,
        it.tier ?? "",
        it.disputed ? "yes" : "no",
      ]),
    );
    return csvTable(header, rows);
  }
  const withLimits = v.master !== undefined;
  const header = ["customer_id", "name", "currency", ...aging.buckets.map((b) => b.key), "unapplied", "balance", "oldest_days", "tier", ...(withLimits ? ["credit_limit", "over_limit"] : [])];
  // Line by line (what csvTable would give): tens of thousands of row arrays kept until the end
  // would each be copied by the garbage collector.
  let out = csvLine(header);
  const cells: string[] = [];
  for (const a of aging.accounts) {
    // The line csvLine would give: amounts, days and tiers never need quoting or a formula guard
    // (a negative amount is a number), so only the text cells go through csvCell.
    cells.length = 0;
    cells.push(csvCell(ledger.customers[a.customer]!.key), csvCell(nameOf(v, a)), csvCell(ledger.currencies[a.currency]!));
    for (const b of a.buckets) cells.push(money(b));
    cells.push(money(a.unapplied), money(a.balance), String(a.oldestDaysOverdue), a.tier ?? "");
    if (withLimits) {
      const l = limitOf(v, a);
      cells.push(l.creditLimit === null ? "" : csvCell(l.creditLimit), l.overLimit === null ? "" : l.overLimit ? "yes" : "no");
    }
    out += cells.join(",") + "\n";
  }
  for (const t of aging.totals) {
    out += csvLine(["", "TOTAL", ledger.currencies[t.currency]!, ...t.buckets.map(money), money(t.unapplied), money(t.balance), "", "", ...(withLimits ? ["", ""] : [])]);
  }
  return out;
}

/** Colour by age, on a terminal only: later buckets are more urgent. */
function paintBucket(v: AgingView, k: number, text: string, zero: boolean): string {
  if (zero) return v.chalk.dim(text);
  const last = v.aging.buckets.length - 1;
  if (k === 0 && v.aging.basis === "due") return text;
  if (k === last) return v.chalk.red.bold(text);
  if (k >= last - 1 && last >= 3) return v.chalk.red(text);
  return v.chalk.yellow(text);
}

function paintTier(v: AgingView, tier: string | null): string {
  if (tier === null) return "";
  return tier === "C" ? v.chalk.red.bold(tier) : tier === "B" ? v.chalk.yellow(tier) : tier;
}

function share(part: bigint, whole: bigint): string {
  if (whole === 0n) return "-";
  return `${new Decimal(part.toString()).div(whole.toString()).times(100).toFixed(1)}%`;
}

export function agingTable(v: AgingView): string {
  const { aging, ledger, lang } = v;
  const grouped = (u: bigint) => unitsGrouped(u, aging.scale);
  const title = `${word(lang, "agingTitle")} ${isoDate(aging.asOf)} (${word(lang, aging.basis === "due" ? "basisDue" : "basisDoc")})`;
  if (aging.accounts.length === 0) return `${title}\n${word(lang, "noOpenItems")}\n`;
  const right = { hAlign: "right" as const };
  if (v.by === "invoice") {
    const t = new Table({
      head: [word(lang, "customerId"), word(lang, "docNo"), word(lang, "currency"), word(lang, "docDate"), word(lang, "dueDate"), word(lang, "amount"), word(lang, "outstanding"), word(lang, "daysOverdue"), word(lang, "bucket"), word(lang, "tier"), word(lang, "disputed")],
      style: { head: [], border: [] },
      chars: COMPACT,
    });
    for (const a of aging.accounts) {
      for (const it of a.items) {
        t.push([
          ledger.customers[it.customer]!.key,
          docNoOf(ledger, it.index),
          ledger.currencies[it.currency]!,
          isoDate(ledger.docDate[it.index]!),
          isoDate(ledger.dueDate[it.index]!),
          { content: grouped(ledger.amount.get(it.index)), ...right },
          { content: paintBucket(v, it.bucket, grouped(it.outstanding), false), ...right },
          { content: String(it.daysOverdue), ...right },
          bucketLabel(lang, aging.buckets[it.bucket]!.key),
          paintTier(v, it.tier),
          it.disputed ? word(lang, "yes") : "",
        ]);
      }
    }
    return `${title}\n${ruled(t.toString())}\n${totalsLines(v)}`;
  }
  const withLimits = v.master !== undefined;
  const head = [word(lang, "customerId"), word(lang, "name"), word(lang, "currency"), ...aging.buckets.map((b) => bucketLabel(lang, b.key)), word(lang, "unapplied"), word(lang, "balance"), word(lang, "oldestDays"), word(lang, "tier")];
  if (withLimits) head.push(word(lang, "creditLimit"), word(lang, "overLimit"));
  const t = new Table({ head, style: { head: [], border: [] }, chars: COMPACT });
  for (const a of aging.accounts) {
    const row: (string | { content: string; hAlign: "right" })[] = [
      ledger.customers[a.customer]!.key,
      truncate(nameOf(v, a), 24),
      ledger.currencies[a.currency]!,
      ...a.buckets.map((u, k) => ({ content: paintBucket(v, k, grouped(u), u === 0n), ...right })),
      { content: grouped(a.unapplied), ...right },
      { content: v.chalk.bold(grouped(a.balance)), ...right },
      { content: String(a.oldestDaysOverdue), ...right },
      paintTier(v, a.tier),
    ];
    if (withLimits) {
      const l = limitOf(v, a);
      row.push({ content: l.creditLimit === null ? "" : moneyGrouped(new Decimal(l.creditLimit)), ...right }, l.overLimit ? v.chalk.red(word(lang, "yes")) : "");
    }
    t.push(row);
  }
  for (const tot of aging.totals) {
    const open = tot.buckets.reduce((s, u) => s + u, 0n);
    const cur = ledger.currencies[tot.currency]!;
    const totalRow: (string | { content: string; hAlign: "right" })[] = [
      v.chalk.bold(word(lang, "total")),
      "",
      cur,
      ...tot.buckets.map((u) => ({ content: v.chalk.bold(grouped(u)), ...right })),
      { content: v.chalk.bold(grouped(tot.unapplied)), ...right },
      { content: v.chalk.bold(grouped(tot.balance)), ...right },
      "",
      "",
    ];
    const shareRow: (string | { content: string; hAlign: "right" })[] = [word(lang, "share"), "", cur, ...tot.buckets.map((u) => ({ content: share(u, open), ...right })), "", "", "", ""];
    if (withLimits) {
      totalRow.push("", "");
      shareRow.push("", "");
    }
    t.push(totalRow, shareRow);
  }
  const full = ruled(t.toString(), aging.accounts.length);
  if (v.width !== undefined && maxLineWidth(full) > v.width) {
    const narrow = narrowAgingTable(v);
    return `${title}\n${maxLineWidth(narrow) <= v.width ? narrow : agingCards(v)}`;
  }
  return `${title}\n${full}\n`;
}

/**
 * The aging as one block per customer, for a terminal too narrow for any table (the quick start
 * in an 80-column window): the customer, its tier and oldest days, then its non-zero buckets and
 * balance, wrapped to the width; totals per currency with each bucket's share at the end.
 */
function agingCards(v: AgingView): string {
  const { aging, ledger, lang } = v;
  const width = v.width ?? 80;
  const grouped = (u: bigint) => unitsGrouped(u, aging.scale);
  const out: string[] = [];
  const flow = (parts: string[], indent: string) => {
    let line = indent;
    for (const part of parts) {
      const sep = line === indent ? "" : "   ";
      if (line !== indent && displayWidth(line + sep + part) > width) {
        out.push(line);
        line = indent + part;
      } else {
        line += sep + part;
      }
    }
    if (line !== indent) out.push(line);
  };
  for (const a of aging.accounts) {
    const head = [v.chalk.bold(ledger.customers[a.customer]!.key), ledger.currencies[a.currency]!];
    if (a.tier) head.push(`${word(lang, "tier")} ${paintTier(v, a.tier)}`);
    if (a.oldestDaysOverdue > 0) head.push(`${word(lang, "oldestDays")} ${a.oldestDaysOverdue}`);
    const name = nameOf(v, a);
    const fixed = head.join("  ");
    const room = width - displayWidth(fixed.replace(/\u001b\[[0-9;]*m/g, "")) - 2;
    out.push(room >= 6 ? `${head[0]}  ${truncateToWidth(name, room)}  ${head.slice(1).join("  ")}` : fixed);
    const parts = a.buckets.flatMap((u, k) => (u === 0n ? [] : [`${bucketLabel(lang, aging.buckets[k]!.key)} ${paintBucket(v, k, grouped(u), false)}`]));
    if (a.unapplied !== 0n) parts.push(`${word(lang, "unapplied")} ${grouped(a.unapplied)}`);
    parts.push(`${word(lang, "balance")} ${v.chalk.bold(grouped(a.balance))}`);
    flow(parts, "    ");
  }
  out.push("─".repeat(Math.min(width, 60)));
  for (const t of aging.totals) {
    const open = t.buckets.reduce((x, u) => x + u, 0n);
    out.push(v.chalk.bold(`${word(lang, "total")} ${ledger.currencies[t.currency]}`));
    const parts = t.buckets.map((u, k) => `${bucketLabel(lang, aging.buckets[k]!.key)} ${grouped(u)} (${share(u, open)})`);
    if (t.unapplied !== 0n) parts.push(`${word(lang, "unapplied")} ${grouped(t.unapplied)}`);
    parts.push(`${word(lang, "balance")} ${v.chalk.bold(grouped(t.balance))}`);
    flow(parts, "    ");
  }
  return out.join("\n") + "\n";
}

function maxLineWidth(text: string): number {
  let max = 0;
  // eslint-disable-next-line no-control-regex
  for (const line of text.split("\n")) max = Math.max(max, displayWidth(line.replace(/\u001b\[[0-9;]*m/g, "")));
  return max;
}

/**
 * The per-customer table for a terminal too narrow for the bordered one (the quick start in an
 * 80-column window): no borders, two spaces between columns, the unapplied column only when some
 * customer has unapplied credit, and the name last, cut to the room that is left.
 */
function narrowAgingTable(v: AgingView): string {
  const { aging, ledger, lang } = v;
  const grouped = (u: bigint) => unitsGrouped(u, aging.scale);
  const withUnapplied = aging.accounts.some((a) => a.unapplied !== 0n);
  const head = [word(lang, "customerId"), word(lang, "currency"), ...aging.buckets.map((b) => bucketLabel(lang, b.key)), ...(withUnapplied ? [word(lang, "unapplied")] : []), word(lang, "balance"), word(lang, "oldestShort"), word(lang, "tier"), word(lang, "name")];
  const right = head.map((_, k) => k >= 2 && k < head.length - 2);
  right[head.length - 3] = true; // days
  const rows: { cells: string[]; paint: (k: number, text: string) => string }[] = [];
  for (const a of aging.accounts) {
    const cells = [ledger.customers[a.customer]!.key, ledger.currencies[a.currency]!, ...a.buckets.map(grouped), ...(withUnapplied ? [grouped(a.unapplied)] : []), grouped(a.balance), String(a.oldestDaysOverdue), a.tier ?? "", nameOf(v, a)];
    rows.push({
      cells,
      paint: (k, text) => {
        if (k >= 2 && k < 2 + a.buckets.length) return paintBucket(v, k - 2, text, a.buckets[k - 2] === 0n);
        if (k === head.length - 2) return a.tier === "C" ? v.chalk.red.bold(text) : a.tier === "B" ? v.chalk.yellow(text) : text;
        return text;
      },
    });
  }
  const totals: string[][] = [];
  for (const t of aging.totals) {
    const open = t.buckets.reduce((x, u) => x + u, 0n);
    const cur = ledger.currencies[t.currency]!;
    totals.push([word(lang, "total"), cur, ...t.buckets.map(grouped), ...(withUnapplied ? [grouped(t.unapplied)] : []), grouped(t.balance), "", "", ""]);
    totals.push([word(lang, "share"), cur, ...t.buckets.map((u) => share(u, open)), ...(withUnapplied ? [""] : []), "", "", "", ""]);
  }
  const all = [head, ...rows.map((r) => r.cells), ...totals];
  const widths = head.map((_, k) => (k === head.length - 1 ? 0 : Math.max(...all.map((r) => displayWidth(r[k]!)))));
  const used = widths.slice(0, -1).reduce((x, w) => x + w + 2, 0);
  const nameRoom = Math.max(0, (v.width ?? 80) - used);
  const showName = nameRoom >= 6;
  const line = (cells: string[], paint?: (k: number, text: string) => string) =>
    cells
      .map((c, k) => {
        if (k === cells.length - 1) return showName ? truncateToWidth(c, nameRoom) : "";
        const padded = padToWidth(c, widths[k]!, right[k]!);
        return paint ? paint(k, padded) : padded;
      })
      .join("  ")
      .trimEnd();
  const rule = "─".repeat(Math.min(v.width ?? 80, used + (showName ? nameRoom : 0)));
  const out = [line(head), rule, ...rows.map((r) => line(r.cells, r.paint)), rule, ...totals.map((r) => line(r))];
  return out.join("\n") + "\n";
}

function totalsLines(v: AgingView): string {
  const { aging, ledger, lang } = v;
  return aging.totals.map((t) => `${word(lang, "total")} ${ledger.currencies[t.currency]}: ${word(lang, "balance")} ${unitsGrouped(t.balance, aging.scale)}\n`).join("");
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? chars.slice(0, n - 1).join("") + "…" : s;
}

export function renderAging(v: AgingView, format: "table" | "csv" | "json"): string {
  return format === "json" ? agingJson(v) : format === "csv" ? agingCsv(v) : agingTable(v) + rejectedNote(v.lang, v.rejected.length);
}
