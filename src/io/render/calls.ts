/**
 * The call list in its renderings (table, CSV for a dialler or CRM, JSON), from the same plan:
 * the renderer words the engine's reasons in the output language, it never recomputes.
 */
import type { ChalkInstance } from "chalk";
import type { CallList, CallSubject, ExtraFlag, PlannedCall, Reason, SkipReason, Stage } from "../../engine/calls.js";
import type { CustomerProfile } from "../../engine/customers.js";
import { isoDate, weekdayOf, type Day } from "../../engine/dates.js";
import type { EventType } from "../../engine/events.js";
import { moneyGrouped, unitsGrouped, unitsString } from "../../engine/money.js";
import { rejectedNote, word, type Lang, type WordKey } from "../i18n.js";
import { rejectedJson, type Rejected } from "../read-ledger.js";
import { date, days, int, money, text, type Column, type Row, type Table } from "../table/model.js";
import { tableCsv } from "./table-csv.js";
import { charWidth, displayWidth } from "./width.js";

export interface CallsView {
  list: CallList;
  lang: Lang;
  profiles: ReadonlyMap<string, CustomerProfile> | undefined;
  /** The script of each call, in `list.calls` order. */
  scripts: readonly string[];
  /** Weekdays (0 Sunday … 6 Saturday) of routine calls, for the skipped reasons. */
  weekdays: readonly number[];
  perHour: number;
  rejected: Rejected[];
  chalk: ChalkInstance;
}

// ---------------------------------------------------------------------------------------------
// Words

const WEEKDAYS: Record<Lang, string[]> = {
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
  zh: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
};

const EVENT_WORDS: Record<Lang, Partial<Record<EventType, string>>> = {
  en: { call: "call", visit: "visit", email: "email", wechat: "WeChat", letter_sent: "letter", promise: "promise", agreement: "agreement" },
  zh: { call: "电话", visit: "拜访", email: "邮件", wechat: "微信", letter_sent: "催款函", promise: "付款承诺", agreement: "还款协议" },
};

const STAGE_KEYS: Record<Stage, WordKey> = { reminder: "stageReminder", first: "stageFirst", second: "stageSecond", escalate: "stageEscalate", legal: "stageLegal" };

export function stageWord(lang: Lang, stage: Stage): string {
  return word(lang, STAGE_KEYS[stage]);
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** One reason in words: `tier C`, `126 days`, `broken promise 2025-06-03 (…)`. */
export function reasonText(r: Reason, lang: Lang, scale: number): string {
  const zh = lang === "zh";
  const money = (u: bigint) => unitsGrouped(u, scale);
  switch (r.kind) {
    case "tier":
      return zh ? `${r.tier}级` : `tier ${r.tier}`;
    case "days":
      return zh ? `逾期${r.days}天` : `${r.days} days`;
    case "broken_promise": {
      const p = r.promise;
      const what = p.amount !== undefined ? moneyGrouped(p.amount) : zh ? "付款" : "payment";
      return zh
        ? `${isoDate(p.madeOn)}付款承诺未兑现（承诺${isoDate(p.dueDate)}前付${what}，期间到账${moneyGrouped(p.paid)}）`
        : `broken promise ${isoDate(p.madeOn)} (${what} by ${isoDate(p.dueDate)}, ${moneyGrouped(p.paid)} paid)`;
    }
    case "legal_action":
      return zh ? `${isoDate(r.date)}已启动法律程序` : `legal action since ${isoDate(r.date)}`;
    case "demand_unanswered":
      return zh ? `${isoDate(r.date)}催款函后仍未付款` : `demand letter of ${isoDate(r.date)} unanswered`;
    case "extra":
      return extraText(r.extra, lang, scale);
    case "festival":
      if (r.festival === "spring") return zh ? `春节前催收（春节${isoDate(r.date)}）` : `pre-Spring-Festival (${isoDate(r.date)})`;
      return zh ? `中秋前催收（中秋${isoDate(r.date)}）` : `pre-Mid-Autumn (${isoDate(r.date)})`;
    case "over_limit":
      return zh ? `超信用额度（余额${money(r.balance)}，额度${moneyGrouped(r.limit)}）` : `over credit limit (balance ${money(r.balance)}, limit ${moneyGrouped(r.limit)})`;
    case "due_soon":
      return zh ? `${money(r.amount)}将于${isoDate(r.dueDate)}到期` : `${money(r.amount)} due ${isoDate(r.dueDate)}`;
    case "contacts": {
      if (r.count === 0 || r.last === undefined) return zh ? `本轮逾期（${isoDate(r.since)}起）尚未联系` : `no contact since ${isoDate(r.since)}`;
      const type = EVENT_WORDS[lang][r.last.type] ?? r.last.type;
      return zh
        ? `${isoDate(r.since)}起已联系${r.count}次，最近一次${isoDate(r.last.date)}（${type}）`
        : `${r.count} contact${r.count === 1 ? "" : "s"} since ${isoDate(r.since)}, last ${isoDate(r.last.date)} (${type})`;
    }
    case "other_currency":
      return zh ? `另有${r.currency} ${money(r.overdue)}逾期` : `also ${r.currency} ${money(r.overdue)} overdue`;
  }
}

/**
 * A flag from another report in words: an expiring claim says which invoices, when they become
 * time-barred and what a call should obtain; a missed instalment names the agreement and payment.
 */
export function extraText(x: ExtraFlag, lang: Lang, scale: number): string {
  const zh = lang === "zh";
  if (x.flag === "expiring_claim") {
    const docs = x.docNos;
    const shown = docs.slice(0, 3).join(", ") + (docs.length > 3 ? (zh ? ` 等 ${docs.length} 张` : ` and ${docs.length - 3} more`) : "");
    return zh
      ? `诉讼时效将于 ${isoDate(x.expiry)} 届满(剩 ${x.daysLeft} 天):${shown};请取得对方付款承诺、对账确认或付款,或寄送有凭证的催款函,以中断时效`
      : `claim becomes time-barred on ${isoDate(x.expiry)} (${x.daysLeft} days left): ${shown}; get a promise, a confirmed statement or a payment, or send a demand with proof of delivery, to restart the period`;
  }
  if (x.flag === "credit_alert") {
    const words: Record<string, [string, string]> = {
      activity_drop: ["近90天回款不足此前平均的50%", "payments in the last 90 days below 50% of the usual"],
      watch: ["近90天回款不足此前平均的70%", "payments in the last 90 days below 70% of the usual"],
      delay_rising: ["付款延迟比评估期平均多15天以上", "paying 15 or more days later than usual"],
      paydex_drop: ["付款指数比90天前下降10点以上", "paydex 10 or more points below 90 days ago"],
      new_tier_c: ["新进入C级", "newly tier C"],
    };
    const list = x.codes.map((c) => words[c]?.[zh ? 0 : 1] ?? c);
    return zh ? `信用预警(ar credit):${list.join("；")}` : `credit alert (ar credit): ${list.join("; ")}`;
  }
  const amount = `${x.currency} ${unitsGrouped(x.amount, scale)}`;
  const paid = unitsGrouped(x.paid, scale);
  return zh
    ? `分期还款协议（${isoDate(x.agreedOn)}）第${x.number}笔 ${amount} 应于 ${isoDate(x.dueDate)} 支付，${x.status === "partly_paid" ? `仅付 ${paid}` : "未付"}`
    : `instalment agreement of ${isoDate(x.agreedOn)}: payment ${x.number} of ${amount} due ${isoDate(x.dueDate)} ${x.status === "partly_paid" ? `only partly paid (${paid})` : "missed"}`;
}

function weekdayList(days: readonly number[], lang: Lang): string {
  const sorted = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  return sorted.map((d) => WEEKDAYS[lang][d]).join(lang === "zh" ? "、" : ", ");
}

export function skipText(r: SkipReason, v: Pick<CallsView, "lang" | "weekdays" | "perHour">): string {
  const zh = v.lang === "zh";
  const next = (d: Day | undefined) => (d === undefined ? "" : zh ? `；下一个可联系日${isoDate(d)}` : `; next window ${isoDate(d)}`);
  switch (r.kind) {
    case "do_not_contact":
      return zh ? "客户资料标注勿扰（do_not_contact）" : "do not contact (customer master)";
    case "open_promise": {
      const p = r.promise;
      const what = p.amount !== undefined ? moneyGrouped(p.amount) : zh ? "款项" : "payment";
      return zh
        ? `已于${isoDate(p.madeOn)}承诺${isoDate(p.dueDate)}前支付${what}，到期未付再联系`
        : `promised on ${isoDate(p.madeOn)} to pay ${what} by ${isoDate(p.dueDate)}; calls resume the day after if unpaid`;
    }
    case "month_end":
      return zh ? `月末盘点：个体工商户每月最后${r.days}天不联系${next(r.next)}` : `month-end stock-taking: individual customers are not called in the last ${r.days} days of a month${next(r.next)}`;
    case "quarter_end":
      return zh ? `季末结账：大型企业每季度最后${r.days}天不联系${next(r.next)}` : `quarter-end review: large enterprises are not called in the last ${r.days} days of a quarter${next(r.next)}`;
    case "no_window":
      return zh ? `所列日期没有通话时段（例行电话在${weekdayList(v.weekdays, v.lang)}）${next(r.next)}` : `no call window in the days listed (routine calls on ${weekdayList(v.weekdays, v.lang)})${next(r.next)}`;
    case "capacity":
      return zh ? `通话时段已排满（每小时${v.perHour}通）${next(r.next)}` : `all slots taken (${v.perHour} calls an hour)${next(r.next)}`;
  }
}

function nameOf(s: CallSubject): string {
  return s.name;
}

// ---------------------------------------------------------------------------------------------
// JSON and CSV

export function callsJson(v: CallsView): string {
  const { list } = v;
  const calls = list.calls.map((c, k) => {
    const p = v.profiles?.get(c.customerId);
    return {
      rank: c.rank,
      date: isoDate(c.date),
      start: hhmm(c.start),
      end: hhmm(c.end),
      customerId: c.customerId,
      name: nameOf(c),
      contactName: p?.contactName || null,
      contactTitle: p?.contactTitle || null,
      phone: p?.phone || null,
      tier: c.tier,
      overdue: unitsString(c.overdue, list.scale),
      currency: c.currency,
      oldestDaysOverdue: c.oldestDaysOverdue,
      stage: c.stage,
      flags: c.flags,
      reasons: c.reasons.map((r) => reasonText(r, v.lang, list.scale)),
      script: v.scripts[k]!,
    };
  });
  const skipped = list.skipped.map((s) => ({ customerId: s.subject.customerId, reason: skipText(s.reason, v) }));
  const rejected = rejectedJson(v.rejected);
  return JSON.stringify({ asOf: isoDate(list.asOf), calls, skipped, rejected }, null, 2) + "\n";
}

/**
 * The call list as a table (io/table/model.ts) for CSV (a dialler's or CRM's import): a row per
 * call. The terminal shows the same calls as blocks (callsTable below): reasons and scripts are
 * sentences that need wrapping, not cells.
 */
export function callsTableModel(v: CallsView): Table {
  const { list, lang } = v;
  const w = (k: WordKey) => word(lang, k);
  const col = (key: string, header: string, type: Column["type"]): Column => ({ key, header, type });
  const columns: Column[] = [
    col("rank", "#", "int"),
    col("date", "date", "date"),
    col("start", "start", "text"),
    col("end", "end", "text"),
    col("customer_id", w("customerId"), "text"),
    col("name", w("name"), "text"),
    col("contact_name", "contact_name", "text"),
    col("contact_title", "contact_title", "text"),
    col("phone", "phone", "text"),
    col("tier", w("tier"), "text"),
    col("overdue", w("callsOverdue"), "money"),
    col("currency", w("currency"), "text"),
    col("oldest_days_overdue", w("oldestDays"), "days"),
    col("stage", "stage", "text"),
    col("flags", w("callsFlags"), "text"),
    col("reasons", w("callsWhy"), "text"),
    col("script", w("callsScript"), "text"),
  ];
  const rows: Row[] = list.calls.map((c, k) => {
    const p = v.profiles?.get(c.customerId);
    return {
      style: "item",
      cells: [
        int(c.rank),
        date(c.date),
        text(hhmm(c.start)),
        text(hhmm(c.end)),
        text(c.customerId),
        text(nameOf(c)),
        text(p?.contactName ?? ""),
        text(p?.contactTitle ?? ""),
        text(p?.phone ?? ""),
        text(c.tier ?? ""),
        money(c.overdue, list.scale),
        text(c.currency),
        days(c.oldestDaysOverdue),
        text(stageWord(lang, c.stage), undefined, c.stage),
        text(c.flags.join(";")),
        text(c.reasons.map((r) => reasonText(r, lang, list.scale)).join("; ")),
        text(v.scripts[k]!),
      ],
    };
  });
  return { title: `${w("callsTitle")} ${isoDate(list.asOf)}`, params: [], columns, rows };
}

export function callsCsv(v: CallsView): string {
  return tableCsv(callsTableModel(v));
}

// ---------------------------------------------------------------------------------------------
// Table: one block per call, readable in an 80-column terminal

/** Punctuation that may not begin a line, and that may not end one (禁则). */
const NO_LINE_START = new Set([..."，。、；：？！）」』”’》〉】,.;:?!)]}%"]);
const NO_LINE_END = new Set([..."（「『“‘《〈【([{"]);

const ATOM = /^(?:周[一二三四五六日]|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d[\d,.]*(?:万|亿)?(?:元|美元|港元|欧元|日元|英镑|天|次|通|个)?)/y;

interface Piece {
  text: string;
  spaceBefore: boolean;
}

/** Break opportunities: around every wide character, at spaces between words. */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let word = "";
  let wordSpace = false;
  let pendingSpace = false;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (word === "" && ((ch >= "0" && ch <= "9") || ch === "周")) {
      // A date or an amount with its unit stays on one line: 2024年12月5日, 4月26日, 48,760元, 66天.
      ATOM.lastIndex = 0;
      const m = ATOM.exec(chars.slice(i, i + 32).join(""));
      if (m !== null && [...m[0]].some((c) => charWidth(c.codePointAt(0)!) === 2)) {
        out.push({ text: m[0], spaceBefore: pendingSpace });
        pendingSpace = false;
        i += [...m[0]].length - 1;
        continue;
      }
    }
    if (ch === " ") {
      if (word !== "") out.push({ text: word, spaceBefore: wordSpace });
      word = "";
      pendingSpace = true;
      continue;
    }
    if (charWidth(ch.codePointAt(0)!) === 2) {
      if (word !== "") out.push({ text: word, spaceBefore: wordSpace });
      word = "";
      out.push({ text: ch, spaceBefore: pendingSpace });
      pendingSpace = false;
      continue;
    }
    if (word === "") {
      wordSpace = pendingSpace;
      pendingSpace = false;
    }
    word += ch;
  }
  if (word !== "") out.push({ text: word, spaceBefore: wordSpace });
  // Glue punctuation to its neighbour so that no line starts with a comma or ends with a bracket.
  const glued: Piece[] = [];
  for (const p of out) {
    const prev = glued[glued.length - 1];
    if (prev !== undefined && !p.spaceBefore && (NO_LINE_START.has([...p.text][0]!) || NO_LINE_END.has([...prev.text].at(-1)!))) prev.text += p.text;
    else glued.push({ ...p });
  }
  return glued;
}

/** Wraps `text` to `width` columns: the first line after `first`, the others after `rest`. */
export function wrapText(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let lineWidth = displayWidth(first);
  let empty = true;
  const restWidth = displayWidth(rest);
  for (const p of pieces(text)) {
    const w = displayWidth(p.text);
    const gap = !empty && p.spaceBefore ? 1 : 0;
    if (!empty && lineWidth + gap + w > width) {
      lines.push(line);
      line = rest;
      lineWidth = restWidth;
      empty = true;
    }
    if (empty && w > width - lineWidth) {
      // A word longer than a line: cut it.
      let chunk = "";
      let cw = 0;
      for (const ch of p.text) {
        const c = charWidth(ch.codePointAt(0)!);
        if (cw + c > width - lineWidth && chunk !== "") {
          lines.push(line + chunk);
          line = rest;
          lineWidth = restWidth;
          chunk = "";
          cw = 0;
        }
        chunk += ch;
        cw += c;
      }
      line += chunk;
      lineWidth += cw;
      empty = false;
      continue;
    }
    line += (empty ? "" : p.spaceBefore ? " " : "") + p.text;
    lineWidth += (empty ? 0 : gap) + w;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

const WIDTH = 80;

export function callsTable(v: CallsView): string {
  const { list, lang, chalk: c } = v;
  const zh = lang === "zh";
  const out: string[] = [];
  const wd = (d: Day) => WEEKDAYS[lang][weekdayOf(d)]!;
  const horizon = list.horizon.length === 1 ? `${isoDate(list.horizon[0]!)}` : `${isoDate(list.horizon[0]!)} – ${isoDate(list.horizon[list.horizon.length - 1]!)}`;
  out.push(
    c.bold(`${word(lang, "callsTitle")} ${isoDate(list.asOf)}${zh ? `（${wd(list.asOf)}）` : ` (${wd(list.asOf)})`}`) +
      (zh ? `：${horizon}，${list.horizon.length}${word(lang, "callsDays")}` : `: ${horizon}, ${list.horizon.length} ${word(lang, "callsDays")}`),
  );
  out.push(zh ? `${list.calls.length}${word(lang, "callsCount")}，${list.skipped.length}${word(lang, "callsSkippedCount")}` : `${list.calls.length} ${word(lang, "callsCount")}, ${list.skipped.length} ${word(lang, "callsSkippedCount")}`);
  if (list.calls.length === 0) out.push("", word(lang, "callsNone"));
  const sep = zh ? "：" : ": ";
  list.calls.forEach((call: PlannedCall, k) => {
    const p = v.profiles?.get(call.customerId);
    out.push("");
    const head = wrapText(`${isoDate(call.date)} ${wd(call.date)} ${hhmm(call.start)}-${hhmm(call.end)}  ${call.customerId} ${call.name}`, WIDTH, `#${call.rank}`.padEnd(4), "    ");
    out.push(...head.map((line) => c.bold(line)));
    const title = p?.contactTitle ? (/[\u3000-\u9fff]/.test(p.contactTitle) ? `（${p.contactTitle}）` : ` (${p.contactTitle})`) : "";
    const contact = [p?.contactName ?? "", title, p?.phone ? `  ${p.phone}` : ""].join("");
    if (contact.trim() !== "") out.push(...wrapText(contact, WIDTH, "    ", "    "));
    const tier = call.tier === null ? "" : zh ? `${call.tier}级 · ` : `tier ${call.tier} · `;
    const money = `${call.currency} ${unitsGrouped(call.overdue, list.scale)}`;
    const overdue = call.tier === null ? "" : zh ? `${word(lang, "callsOverdue")} ${money} · ${call.oldestDaysOverdue}天 · ` : `${money} ${word(lang, "callsOverdue")} · ${call.oldestDaysOverdue} days · `;
    out.push(...wrapText(`${tier}${overdue}${stageWord(lang, call.stage)} · ${word(lang, "callsScore")} ${call.score.total}`, WIDTH, "    ", "    "));
    if (call.flags.length > 0) out.push(...wrapText(`${word(lang, "callsFlags")}${sep}${call.flags.join(", ")}`, WIDTH, "    ", "      "));
    const why = call.reasons.map((r) => reasonText(r, lang, list.scale)).join(zh ? "；" : "; ");
    out.push(...wrapText(why, WIDTH, `    ${word(lang, "callsWhy")}${sep}`, "      "));
    out.push(...wrapText(v.scripts[k]!, WIDTH, `    ${word(lang, "callsScript")}${sep}`, "      "));
  });
  if (list.skipped.length > 0) {
    out.push("", c.bold(`${word(lang, "callsSkipped")}${zh ? "：" : ":"}`));
    for (const s of list.skipped) {
      const head = `  ${s.subject.customerId} ${s.subject.name}${sep}`;
      out.push(...wrapText(skipText(s.reason, v), WIDTH, head, "      "));
    }
  }
  return out.join("\n") + "\n";
}

export function renderCalls(v: CallsView, format: "table" | "csv" | "json"): string {
  return format === "json" ? callsJson(v) : format === "csv" ? callsCsv(v) : callsTable(v) + rejectedNote(v.lang, v.rejected.length);
}

