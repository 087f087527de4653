/**
 * The aging report in its three renderings (table, CSV, JSON), from the same data: the renderer
 * formats, it never recomputes.
 */
import type { ChalkInstance } from "chalk";
import type { AgedAccount, Aging } from "../../engine/aging.js";
import { creditLimitCheck, customerName, type CustomerProfile } from "../../engine/customers.js";
import { isoDate } from "../../engine/dates.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import { Decimal, moneyString, toMinor, unitsGrouped, unitsString } from "../../engine/money.js";
import { bucketLabel, rejectedNote, word, type Lang, type WordKey } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { date, days, money, percent, text, type Cell, type Column, type Row, type Table as ReportTable, type Tone } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

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
  const rejected = rejectedJson(v.rejected);
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

/** Colour by age: later buckets are more urgent; a zero amount is dim. */
function bucketTone(v: AgingView, k: number, zero: boolean): Tone | undefined {
  if (zero) return "dim";
  const last = v.aging.buckets.length - 1;
  if (k === 0 && v.aging.basis === "due") return undefined;
  if (k === last) return "alarm";
  if (k >= last - 1 && last >= 3) return "alert";
  return "caution";
}

function tierTone(tier: string | null): Tone | undefined {
  return tier === "C" ? "alarm" : tier === "B" ? "caution" : undefined;
}

function share(part: bigint, whole: bigint): Cell {
  if (whole === 0n) return text("-");
  return percent(new Decimal(part.toString()).div(whole.toString()).times(100), 1);
}

/** A Decimal amount (a credit limit) as an exact money cell, at least in cents. */
function moneyOf(value: Decimal): Cell {
  const scale = Math.max(2, value.decimalPlaces());
  return money(toMinor(value, scale), scale);
}

/**
 * The aging as one table. By customer: a row per (customer, currency), then per currency a total
 * and (terminal only) each bucket's share of the open amount; narrow terminals get the
 * borderless and the one-block-per-customer layouts. By invoice: a row per open item, with the
 * balance per currency under the table.
 */
export function agingTableModel(v: AgingView): ReportTable {
  const { aging, ledger, lang } = v;
  const w = (k: WordKey) => word(lang, k);
  const scale = aging.scale;
  const m = (u: bigint, tone?: Tone) => money(u, scale, tone);
  const head = {
    title: `${w("agingTitle")} ${isoDate(aging.asOf)}`,
    params: [{ label: w("basis"), value: w(aging.basis === "due" ? "basisDue" : "basisDoc"), show: "value" as const }],
    empty: w("noOpenItems"),
  };
  const col = (key: string, header: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header, type, ...extra });
  if (v.by === "invoice") {
    const columns: Column[] = [
      col("customer_id", w("customerId"), "text"),
      col("name", w("name"), "text"),
      col("currency", w("currency"), "text"),
      col("doc_no", w("docNo"), "text"),
      col("doc_date", w("docDate"), "date"),
      col("due_date", w("dueDate"), "date"),
      col("amount", w("amount"), "money"),
      col("outstanding", w("outstanding"), "money"),
      col("days_overdue", w("daysOverdue"), "days"),
      col("bucket", w("bucket"), "text"),
      col("tier", w("tier"), "text"),
      col("disputed", w("disputed"), "text"),
    ];
    // An item per open invoice (a million on a large ledger): made as a renderer asks for them.
    function* items(): Generator<Row> {
      for (const a of aging.accounts) {
        const name = nameOf(v, a);
        for (const it of a.items) {
          const bucket = aging.buckets[it.bucket]!.key;
          yield {
            style: "item",
            cells: [
              text(ledger.customers[it.customer]!.key),
              text(name),
              text(ledger.currencies[it.currency]!),
              text(docNoOf(ledger, it.index)),
              date(ledger.docDate[it.index]!),
              date(ledger.dueDate[it.index]!),
              m(ledger.amount.get(it.index)),
              m(it.outstanding, bucketTone(v, it.bucket, false)),
              days(it.daysOverdue),
              text(bucketLabel(lang, bucket), undefined, bucket),
              text(it.tier ?? "", tierTone(it.tier)),
              text(it.disputed ? w("yes") : "", undefined, it.disputed ? "yes" : "no"),
            ],
          };
        }
      }
    }
    const notes = aging.totals.map((t) => `${w("total")} ${ledger.currencies[t.currency]}: ${w("balance")} ${unitsGrouped(t.balance, scale)}`);
    return { ...head, columns, rows: { [Symbol.iterator]: items }, notes, layout: { columns: ["customer_id", "doc_no", "currency", "doc_date", "due_date", "amount", "outstanding", "days_overdue", "bucket", "tier", "disputed"] } };
  }
  const withLimits = v.master !== undefined;
  const bucketKeys = aging.buckets.map((b) => b.key);
  const columns: Column[] = [
    col("customer_id", w("customerId"), "text"),
    col("name", w("name"), "text", { maxChars: 24 }),
    col("currency", w("currency"), "text"),
    ...aging.buckets.map((b) => col(b.key, bucketLabel(lang, b.key), "money")),
    col("unapplied", w("unapplied"), "money"),
    col("balance", w("balance"), "money"),
    col("oldest_days", w("oldestDays"), "days"),
    col("tier", w("tier"), "text"),
    ...(withLimits ? [col("credit_limit", w("creditLimit"), "money"), col("over_limit", w("overLimit"), "text")] : []),
  ];
  const blanks = (n: number) => new Array<null>(n).fill(null);
  const tail = 2 + (withLimits ? 2 : 0);
  // Tens of thousands of customers: rows made as a renderer asks for them (CSV streams them),
  // cells pushed one by one, no intermediate arrays.
  function* rows(): Generator<Row> {
    for (const a of aging.accounts) {
      const cells: Row["cells"] = [text(ledger.customers[a.customer]!.key), text(nameOf(v, a)), text(ledger.currencies[a.currency]!)];
      for (let k = 0; k < a.buckets.length; k++) cells.push(m(a.buckets[k]!, bucketTone(v, k, a.buckets[k] === 0n)));
      cells.push(m(a.unapplied), m(a.balance, "strong"), days(a.oldestDaysOverdue), text(a.tier ?? "", tierTone(a.tier)));
      if (withLimits) {
        const l = limitOf(v, a);
        cells.push(l.creditLimit === null ? null : moneyOf(new Decimal(l.creditLimit)), l.overLimit ? text(w("yes"), "alert", "yes") : text("", undefined, l.overLimit === null ? "" : "no"));
      }
      yield { style: "item", cells };
    }
    for (const t of aging.totals) {
      const open = t.buckets.reduce((s, u) => s + u, 0n);
      const cur = text(ledger.currencies[t.currency]!);
      yield { style: "total", label: w("total"), cells: [null, null, cur, ...t.buckets.map((u) => m(u)), m(t.unapplied), m(t.balance), ...blanks(tail)] };
      yield { style: "total", only: "terminal", cells: [text(w("share")), null, cur, ...t.buckets.map((u) => share(u, open)), ...blanks(2 + tail)] };
    }
  }
  return {
    ...head,
    columns,
    rows: { [Symbol.iterator]: rows },
    csvLabel: { column: "name", text: "TOTAL" },
    layout: {
      narrow: {
        columns: ["customer_id", "currency", ...bucketKeys, "unapplied", "balance", "oldest_days", "tier", "name"],
        headers: { oldest_days: w("oldestShort") },
        dropWhenZero: ["unapplied"],
        cards: { head: ["customer_id", "currency"], name: "name", labelled: ["tier", "oldest_days"], amounts: [...bucketKeys, "unapplied"], always: ["balance"], withShare: bucketKeys },
      },
    },
  };
}

export function agingCsv(v: AgingView): string {
  return tableCsv(agingTableModel(v));
}

export function agingTable(v: AgingView): string {
  return tableText(agingTableModel(v), { chalk: v.chalk, width: v.width });
}

export function renderAging(v: AgingView, format: "table" | "csv" | "json"): string {
  return format === "json" ? agingJson(v) : format === "csv" ? agingCsv(v) : agingTable(v) + rejectedNote(v.lang, v.rejected.length);
}
