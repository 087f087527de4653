/**
 * The limitation report in its three renderings, from the same data.
 */
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import { isoDate } from "../../engine/dates.js";
import { type ClaimLimitation, type Interruption, type InterruptionEffect, type LimitationReport, type LimitationStatus } from "../../engine/limitation.js";
import { unitsGrouped, unitsString } from "../../engine/money.js";
import { rejectedNote, word, type Lang, type WordKey } from "../i18n.js";
import type { Rejected } from "../read-ledger.js";
import { escapeControl } from "../read-ledger.js";
import { csvTable } from "./csv.js";

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
  const rejected = v.rejected.map((r) => ({ file: r.file, line: r.line, reason: r.reason }));
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
  const money = (u: bigint) => unitsString(u, v.scale);
  const header = [
    "customer_id",
    "name",
    "doc_no",
    "currency",
    "outstanding",
    "due_date",
    "start",
    "last_interruption_date",
    "last_interruption_type",
    "last_interruption_evidence",
    "expiry",
    "nominal_expiry",
    "bound",
    "days_left",
    "status",
    "revived",
    "interruptions",
  ];
  const rows: (string | number)[][] = v.report.items.map((it) => [
    it.claim.customerId,
    it.claim.name,
    it.claim.docNo,
    it.claim.currency,
    money(it.claim.outstanding),
    isoDate(it.claim.dueDate),
    isoDate(it.start),
    it.lastInterruption ? isoDate(it.lastInterruption.date) : "",
    it.lastInterruption?.type ?? "",
    it.lastInterruption?.evidence ?? "",
    isoDate(it.expiry.expiry),
    isoDate(it.expiry.nominal),
    isoDate(it.expiry.bound),
    it.daysLeft,
    it.status,
    it.revived ? "yes" : "no",
    interruptionsText(it),
  ]);
  for (const t of v.report.totals) rows.push(["", "TOTAL", "", t.currency, money(t.outstanding), "", "", "", "", "", "", "", "", "", t.status, "", ""]);
  return csvTable(header, rows);
}

const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

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

export function limitationTable(v: LimitationView): string {
  const { report, lang, chalk } = v;
  const grouped = (u: bigint) => unitsGrouped(u, v.scale);
  const title = `${word(lang, "limitationTitle")} ${isoDate(report.asOf)} (${report.years} ${word(lang, "limitationYears")}, ${word(lang, "limitationWarn")} ${report.warnDays} ${word(lang, "days")})`;
  if (report.items.length === 0) return `${title}\n${word(lang, "noOpenInvoices")}\n`;
  const right = { hAlign: "right" as const };
  const t = new Table({
    head: [
      word(lang, "customerId"),
      word(lang, "docNo"),
      word(lang, "currency"),
      word(lang, "outstanding"),
      word(lang, "dueDate"),
      word(lang, "lastInterruption"),
      word(lang, "evidence"),
      word(lang, "expiry"),
      word(lang, "daysLeft"),
      word(lang, "status"),
      lang === "zh" ? "说明" : "Why",
    ],
    style: { head: [], border: [] },
    chars: COMPACT,
  });
  const paint = (s: LimitationStatus, text: string) => (s === "expired" ? chalk.red.bold(text) : s === "expiring" ? chalk.yellow(text) : text);
  for (const it of report.items) {
    const last = it.lastInterruption;
    t.push([
      it.claim.customerId,
      it.claim.docNo,
      it.claim.currency,
      { content: grouped(it.claim.outstanding), ...right },
      isoDate(it.claim.dueDate),
      last ? `${isoDate(last.date)} ${last.type}` : "",
      escapeControl(shortEvidence(last?.evidence ?? "")),
      paint(it.status, isoDate(it.expiry.expiry)),
      { content: paint(it.status, String(it.daysLeft)), ...right },
      paint(it.status, word(lang, STATUS_WORD[it.status])),
      expiryNote(it, lang),
    ]);
  }
  const lines = t.toString().split("\n");
  lines.splice(2, 0, lines[0]!.replace("┌", "├").replace(/┬/g, "┼").replace("┐", "┤"));
  const totals = report.totals.map((tot) => `${word(lang, "total")} ${paint(tot.status, word(lang, STATUS_WORD[tot.status]))} ${tot.currency} ${grouped(tot.outstanding)}`);
  return `${title}\n${lines.join("\n")}\n${totals.join("\n")}\n`;
}

export function renderLimitation(v: LimitationView, format: "table" | "csv" | "json"): string {
  return format === "json" ? limitationJson(v) : format === "csv" ? limitationCsv(v) : limitationTable(v) + rejectedNote(v.lang, v.rejected.length);
}

/** An interruption's effect in words, for diagnostics and scripts. */
export function effectText(effect: InterruptionEffect, lang: Lang): string {
  return (lang === "zh" ? EFFECT_ZH : EFFECT_EN)[effect];
}
