/**
 * The roll-forward (SPEC.md "Roll-forward (`ar rollforward`)") in its renderings: JSON in SPEC's
 * shape, and three tables of the table model (movements, the migration matrix with its rates, the
 * unapplied-credit line) for the terminal, CSV (one block per table, a blank line between) and
 * xlsx (one sheet per table). The parameters that change the numbers (period, buckets, --apply)
 * head the first table.
 */
import type { ChalkInstance } from "chalk";
import { customerName } from "../../engine/customers.js";
import { isoDate } from "../../engine/dates.js";
import type { Ledger } from "../../engine/ledger.js";
import { Decimal, unitsString } from "../../engine/money.js";
import type { Movement, Rollforward } from "../../engine/rollforward.js";
import type { ApplyMode } from "../../engine/settle.js";
import { bucketLabel, rejectedNote, word, type Lang, type WordKey } from "../i18n.js";
import type { RejectedJson } from "../problems.js";
import { money, percent, ratio, text, type Cell, type Column, type Row, type Table } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

export interface RollforwardView {
  report: Rollforward;
  ledger: Ledger;
  /** Customer master names by key, for customers the ledger names by id only. */
  names: (key: string) => string | undefined;
  apply: ApplyMode;
  limits: readonly number[];
  lang: Lang;
  rejected: RejectedJson[];
  chalk: ChalkInstance;
}

function nameOf(v: RollforwardView, customer: number): string {
  const c = v.ledger.customers[customer]!;
  return customerName(c.name, { name: v.names(c.key) ?? "" }, c.key);
}

const MOVEMENT_FIELDS = ["opening", "invoices", "debitNotes", "creditNotes", "payments", "writeOffs", "discounts", "closing"] as const;
const MOVEMENT_WORDS: Record<(typeof MOVEMENT_FIELDS)[number], WordKey> = {
  opening: "rfOpening",
  invoices: "rfInvoices",
  debitNotes: "rfDebitNotes",
  creditNotes: "rfCreditNotes",
  payments: "rfPayments",
  writeOffs: "rfWriteOffs",
  discounts: "rfDiscounts",
  closing: "rfClosing",
};
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function rollforwardJson(v: RollforwardView): string {
  const { report, ledger } = v;
  const m = (u: bigint) => unitsString(u, report.scale);
  const rate = (r: Decimal | null) => (r === null ? null : r.toFixed(4));
  const moves = (x: Movement) => Object.fromEntries(MOVEMENT_FIELDS.map((f) => [f, m(x[f])]));
  const out: Record<string, unknown> = {
    from: isoDate(report.from),
    asOf: isoDate(report.asOf),
    buckets: report.buckets.map((b) => ({ key: b.key, from: b.from, to: b.to })),
    movements: report.movements.map((x) => ({ currency: ledger.currencies[x.currency]!, ...moves(x) })),
  };
  // Only with --by customer: SPEC's shape, plus the customers' lines.
  if (report.customers !== undefined) out.customers = report.customers.map((x) => ({ customerId: ledger.customers[x.customer!]!.key, name: nameOf(v, x.customer!), currency: ledger.currencies[x.currency]!, ...moves(x) }));
  out.migration = report.migration.map((g) => ({
    currency: ledger.currencies[g.currency]!,
    rows: g.rows.map((r) => ({
      from: r.from,
      amount: m(r.amount),
      collected: m(r.collected),
      credited: m(r.credited),
      writtenOff: m(r.writtenOff),
      discounted: m(r.discounted),
      open: Object.fromEntries(report.buckets.map((b, k) => [b.key, m(r.open[k]!)])),
      rollRate: rate(r.rollRate),
      collectionRate: rate(r.collectionRate),
    })),
    unapplied: { opening: m(g.unapplied.opening), received: m(g.unapplied.received), reallocated: m(g.unapplied.reallocated), applied: m(g.unapplied.applied), closing: m(g.unapplied.closing) },
  }));
  out.rejected = v.rejected;
  return JSON.stringify(out, null, 2) + "\n";
}

/** The three parts as tables: movements, the migration matrix, the unapplied-credit line. */
export function rollforwardTables(v: RollforwardView): Table[] {
  const { report, ledger, lang } = v;
  const w = (k: WordKey) => word(lang, k);
  const mc = (u: bigint, zeroDim = false): Cell => money(u, report.scale, zeroDim && u === 0n ? "dim" : undefined);
  const col = (key: string, header: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header, type, ...extra });
  const cur = (c: number) => text(ledger.currencies[c]!);
  const period = `${isoDate(report.from)} – ${isoDate(report.asOf)}`;

  // Movements: per currency, or per customer and currency with a total per currency.
  const byCustomer = report.customers !== undefined;
  const moveColumns: Column[] = [
    ...(byCustomer ? [col("customer_id", w("customerId"), "text"), col("name", w("name"), "text", { maxChars: 24 })] : []),
    col("currency", w("currency"), "text"),
    ...MOVEMENT_FIELDS.map((f) => col(snake(f), w(MOVEMENT_WORDS[f]), "money")),
  ];
  const moveRow = (x: Movement, style: Row["style"]): Row => ({
    style,
    ...(style === "total" ? { label: `${w("total")} ${ledger.currencies[x.currency]!}` } : {}),
    cells: [
      ...(byCustomer ? (x.customer === null ? [null, null] : [text(ledger.customers[x.customer]!.key), text(nameOf(v, x.customer))]) : []),
      cur(x.currency),
      ...MOVEMENT_FIELDS.map((f) => mc(x[f], f !== "opening" && f !== "closing")),
    ],
  });
  const moveRows: Row[] = byCustomer ? [...report.customers!.map((x) => moveRow(x, "item")), ...report.movements.map((x) => moveRow(x, "total"))] : report.movements.map((x) => moveRow(x, "item"));
  const movements: Table = {
    title: `${w("rfTitle")} ${period}`,
    sheet: w("rfMovements"),
    params: [
      { label: w("rfPeriod"), value: period, show: "title" },
      { label: w("rfBuckets"), value: v.limits.join(",") },
      { label: w("rfApply"), value: v.apply },
    ],
    lead: [w("rfMovements")],
    columns: moveColumns,
    rows: moveRows,
    empty: w("rfNothing"),
    csvLabel: { column: byCustomer ? "name" : "currency", text: "TOTAL" },
  };

  // The migration matrix: a row per opening bucket, new and reallocated, and a total per currency.
  const rowLabel = (from: string) => (from === "new" ? w("rfNew") : from === "reallocated" ? w("rfReallocated") : bucketLabel(lang, from));
  const hundred = new Decimal(100);
  const migColumns: Column[] = [
    col("currency", w("currency"), "text"),
    col("from", w("rfFrom"), "text"),
    col("amount", w("amount"), "money"),
    col("collected", w("rfCollected"), "money"),
    col("credited", w("rfCredited"), "money"),
    col("written_off", w("rfWrittenOff"), "money"),
    col("discounted", w("rfDiscounted"), "money"),
    ...report.buckets.map((b) => col(`open_${b.key}`, `${w("rfOpen")} ${bucketLabel(lang, b.key)}`, "money")),
    col("roll_rate", w("rfRollRate"), "ratio", { only: "csv" }),
    col("collection_rate", w("rfCollectionRate"), "ratio", { only: "csv" }),
    col("roll_pct", w("rfRollRate"), "percent", { only: "terminal" }),
    col("collection_pct", w("rfCollectionRate"), "percent", { only: "terminal" }),
  ];
  const migRows: Row[] = [];
  for (const g of report.migration) {
    const total = { amount: 0n, collected: 0n, credited: 0n, writtenOff: 0n, discounted: 0n, open: report.buckets.map(() => 0n) };
    for (const r of g.rows) {
      total.amount += r.amount;
      total.collected += r.collected;
      total.credited += r.credited;
      total.writtenOff += r.writtenOff;
      total.discounted += r.discounted;
      r.open.forEach((u, k) => (total.open[k]! += u));
      migRows.push({
        style: "item",
        cells: [
          cur(g.currency),
          text(rowLabel(r.from), undefined, r.from),
          mc(r.amount),
          mc(r.collected, true),
          mc(r.credited, true),
          mc(r.writtenOff, true),
          mc(r.discounted, true),
          ...r.open.map((u) => mc(u, true)),
          r.rollRate === null ? null : ratio(r.rollRate),
          r.collectionRate === null ? null : ratio(r.collectionRate),
          r.rollRate === null ? null : percent(r.rollRate.times(hundred)),
          r.collectionRate === null ? null : percent(r.collectionRate.times(hundred)),
        ],
      });
    }
    migRows.push({ style: "total", label: `${w("total")} ${ledger.currencies[g.currency]!}`, cells: [cur(g.currency), null, mc(total.amount), mc(total.collected), mc(total.credited), mc(total.writtenOff), mc(total.discounted), ...total.open.map((u) => mc(u)), null, null, null, null] });
  }
  const migration: Table = { title: w("rfMigration"), sheet: w("rfMigrationSheet"), params: [], columns: migColumns, rows: migRows, csvLabel: { column: "from", text: "TOTAL" } };

  const unapplied: Table = {
    title: w("rfUnapplied"),
    sheet: w("rfUnapplied"),
    params: [],
    columns: [
      col("currency", w("currency"), "text"),
      col("opening", w("rfOpening"), "money"),
      col("received", w("rfReceived"), "money"),
      col("reallocated", w("rfReallocatedCol"), "money"),
      col("applied", w("rfApplied"), "money"),
      col("closing", w("rfClosing"), "money"),
    ],
    rows: report.migration.map((g) => ({ style: "item", cells: [cur(g.currency), mc(g.unapplied.opening), mc(g.unapplied.received), mc(g.unapplied.reallocated, true), mc(g.unapplied.applied), mc(g.unapplied.closing)] })),
  };
  return [movements, migration, unapplied];
}

export function renderRollforward(v: RollforwardView, format: "table" | "csv" | "json"): string {
  if (format === "json") return rollforwardJson(v);
  const tables = rollforwardTables(v);
  if (format === "csv") return tables.map((t) => tableCsv(t)).join("\n");
  return tables.map((t) => tableText(t, { chalk: v.chalk })).join("\n") + rejectedNote(v.lang, v.rejected.length);
}
