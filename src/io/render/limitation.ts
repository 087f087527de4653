/**
 * The limitation report in its three renderings, from the same data.
 */
import type { ChalkInstance } from "chalk";
import { isoDate } from "../../engine/dates.js";
import { type ClaimLimitation, type Interruption, type InterruptionEffect, type LimitationReport, type LimitationStatus } from "../../engine/limitation.js";
import { unitsGrouped, unitsString } from "../../engine/money.js";
import { rejectedNote, word, type Lang, type WordKey } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { escapeControl } from "../read-ledger.js";
import { date, days, money, text, type Column, type Line, type Row, type Table as ReportTable, type Tone } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { tableText } from "./table.js";

export interface LimitationView {
  report: LimitationReport;
  /** Minor units per currency unit of the ledger (its scale). */
  scale: number;
  lang: Lang;
  rejected: Rejected[];
  chalk: ChalkInstance;
}

const STATUS_WORD: Record<LimitationStatus, WordKey> = { ok: "statusOk", expiring: "statusExpiring", expired: "statusExpired" };

function interruptionJson(i: Interruption) {
  return { date: isoDate(i.date), type: i.type, source: i.source, evidence: i.evidence, effect: i.effect, expiryAfter: i.expiryAfter === undefined ? null : isoDate(i.expiryAfter), file: i.file, line: i.line };
}

export function limitationJson(v: LimitationView): string {
  const { report } = v;
  const money = (u: bigint) => unitsString(u, v.scale);
  const items = report.items.map((it) => ({
    customerId: it.claim.customerId,
    docNo: it.claim.docNo,
    currency: it.claim.currency,
    outstanding: money(it.claim.outstanding),
    dueDate: isoDate(it.claim.dueDate),
    lastInterruption: it.lastInterruption === null ? null : { date: isoDate(it.lastInterruption.date), type: it.lastInterruption.type, evidence: it.lastInterruption.evidence },
    expiry: isoDate(it.expiry.expiry),
    daysLeft: it.daysLeft,
    status: it.status,
    name: it.claim.name,
    disputed: it.claim.disputed,
    start: isoDate(it.start),
    nominalExpiry: isoDate(it.expiry.nominal),
    bound: isoDate(it.expiry.bound),
    revived: it.revived,
    interruptions: it.interruptions.map(interruptionJson),
  }));
  const totals = report.totals.map((t) => ({ status: t.status, currency: t.currency, outstanding: money(t.outstanding) }));
  const rejected = rejectedJson(v.rejected);
  return JSON.stringify({ asOf: isoDate(report.asOf), years: report.years, warnDays: report.warnDays, items, totals, rejected }, null, 2) + "\n";
}

const EFFECT_EN: Record<InterruptionEffect, string> = {
  interrupted: "interrupted",
  revived: "revived",
  before_due: "before due: no effect",
  after_expiry: "after expiry: no effect",
  no_evidence: "no evidence: no effect",
  beyond_bound: "beyond the 20-year bound: no effect",
};

const EFFECT_ZH: Record<InterruptionEffect, string> = {
  interrupted: "中断",
  revived: "届满后重新起算",
  before_due: "到期前,不影响",
  after_expiry: "届满后,不能恢复",
  no_evidence: "无证据,不中断",
  beyond_bound: "超过二十年,不影响",
};

function interruptionsText(it: ClaimLimitation): string {
  return it.interruptions.map((i) => `${isoDate(i.date)} ${i.type} ${i.effect}`).join("; ");
}

export function limitationCsv(v: LimitationView): string {
  return tableCsv(limitationTableModel(v));
}

/** An evidence cell for people: each hash cut to 12 digits. */
export function shortEvidence(text: string): string {
  return text.replace(/#([0-9a-f]{12})[0-9a-f]{52}/g, "#$1…");
}

/** Why the expiry is the day it is, when that is not simply the same day `years` later. */
function expiryNote(it: ClaimLimitation, lang: Lang): string {
  const e = it.expiry;
  const notes: string[] = [];
  if (it.revived) notes.push(word(lang, "revived"));
  if (e.monthEnd) notes.push(lang === "zh" ? "无对应日,取月末" : "no such day: month end");
  if (e.expiry === e.bound && e.bound < e.rolled) notes.push(lang === "zh" ? `二十年上限(原应 ${isoDate(e.rolled)})` : `20-year bound (else ${isoDate(e.rolled)})`);
  else if (e.rolled !== e.nominal) notes.push(lang === "zh" ? `${isoDate(e.nominal)} 非工作日,顺延` : `${isoDate(e.nominal)} is not a working day`);
  const unproven = it.interruptions.filter((i) => i.effect === "no_evidence").length;
  if (unproven > 0) notes.push(lang === "zh" ? `${unproven} 次催收无证据` : `${unproven} demand(s) without evidence`);
  const late = it.interruptions.filter((i) => i.effect === "after_expiry").length;
  if (late > 0) notes.push(lang === "zh" ? `${late} 次催收在届满后` : `${late} demand(s) after expiry`);
  return notes.join("; ");
}

const STATUS_TONE: Record<LimitationStatus, Tone | undefined> = { ok: undefined, expiring: "caution", expired: "alarm" };

/** The limitation report as one table: an item per open invoice; the totals per status are CSV rows and, on a terminal, lines under it. */
export function limitationTableModel(v: LimitationView): ReportTable {
  const { report, lang } = v;
  const col = (key: string, header: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ key, header, type, ...extra });
  const w = (k: WordKey) => word(lang, k);
  const columns: Column[] = [
    col("customer_id", w("customerId"), "text"),
    col("name", w("name"), "text"),
    col("doc_no", w("docNo"), "text"),
    col("currency", w("currency"), "text"),
    col("outstanding", w("outstanding"), "money"),
    col("due_date", w("dueDate"), "date"),
    col("start", "start", "date"),
    col("last_interruption_date", "last_interruption_date", "date"),
    col("last_interruption_type", "last_interruption_type", "text"),
    col("last_interruption_evidence", "last_interruption_evidence", "text"),
    col("last_interruption", w("lastInterruption"), "text", { only: "terminal" }),
    col("evidence", w("evidence"), "text", { only: "terminal" }),
    col("expiry", w("expiry"), "date"),
    col("nominal_expiry", "nominal_expiry", "date"),
    col("bound", "bound", "date"),
    col("days_left", w("daysLeft"), "days"),
    col("status", w("status"), "text"),
    col("revived", "revived", "text"),
    col("interruptions", "interruptions", "text"),
    col("why", lang === "zh" ? "说明" : "Why", "text", { only: "terminal" }),
  ];
  const rows: Row[] = report.items.map((it) => {
    const last = it.lastInterruption;
    const tone = STATUS_TONE[it.status];
    return {
      style: "item",
      cells: [
        text(it.claim.customerId),
        text(it.claim.name),
        text(it.claim.docNo),
        text(it.claim.currency),
        money(it.claim.outstanding, v.scale),
        date(it.claim.dueDate),
        date(it.start),
        last ? date(last.date) : null,
        text(last?.type ?? ""),
        text(last?.evidence ?? ""),
        text(last ? `${isoDate(last.date)} ${last.type}` : ""),
        text(escapeControl(shortEvidence(last?.evidence ?? ""))),
        date(it.expiry.expiry, tone),
        date(it.expiry.nominal),
        date(it.expiry.bound),
        days(it.daysLeft, tone),
        text(word(lang, STATUS_WORD[it.status]), tone, it.status),
        text(it.revived ? "yes" : "no"),
        text(interruptionsText(it)),
        text(expiryNote(it, lang)),
      ],
    };
  });
  for (const t of report.totals) {
    const cells: Row["cells"] = columns.map(() => null);
    cells[3] = text(t.currency);
    cells[4] = money(t.outstanding, v.scale);
    cells[16] = text(t.status);
    rows.push({ style: "total", label: w("total"), only: "csv", cells });
  }
  const notes: Line[] = report.totals.map((tot) => [
    { text: `${w("total")} ` },
    { text: w(STATUS_WORD[tot.status]), tone: STATUS_TONE[tot.status] },
    { text: ` ${tot.currency} ${unitsGrouped(tot.outstanding, v.scale)}` },
  ]);
  return {
    title: `${w("limitationTitle")} ${isoDate(report.asOf)}`,
    params: [
      { label: w("limitationYears"), value: `${report.years} ${w("limitationYears")}`, show: "value" },
      { label: w("limitationWarn"), value: `${report.warnDays} ${w("days")}` },
    ],
    columns,
    rows,
    notes,
    empty: w("noOpenInvoices"),
    csvLabel: { column: "name", text: "TOTAL" },
    layout: { columns: ["customer_id", "doc_no", "currency", "outstanding", "due_date", "last_interruption", "evidence", "expiry", "days_left", "status", "why"] },
  };
}

export function limitationTable(v: LimitationView): string {
  return tableText(limitationTableModel(v), { chalk: v.chalk });
}

export function renderLimitation(v: LimitationView, format: "table" | "csv" | "json"): string {
  return format === "json" ? limitationJson(v) : format === "csv" ? limitationCsv(v) : limitationTable(v) + rejectedNote(v.lang, v.rejected.length);
}

/** An interruption's effect in words, for diagnostics and scripts. */
export function effectText(effect: InterruptionEffect, lang: Lang): string {
  return (lang === "zh" ? EFFECT_ZH : EFFECT_EN)[effect];
}
