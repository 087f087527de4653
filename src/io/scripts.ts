/**
 * Call scripts: Handlebars templates per language and stage (templates/scripts/{zh,en}/<stage>.hbs),
 * compiled once, rendered in strict mode (a field the data lacks is an error naming it, never a
 * blank amount), with the figures written the way people say them on the phone: 8万元, 12.5万元,
 * 3,200元, 5月16日; "CNY 80,000", "16 May".
 *
 * `--template DIR` reads the user's own: DIR/scripts/zh/first.hbs, DIR/zh/first.hbs or
 * DIR/first.hbs (a copy of templates/, of the scripts folder, or of one language). A user's
 * folder never falls back to the built-in wording.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Stage } from "../engine/calls.js";
import { ymdOf, type Day } from "../engine/dates.js";
import { rateInChinese, rateInEnglish } from "../engine/daxie.js";
import { Decimal, moneyGrouped } from "../engine/money.js";
import type { Lang } from "./i18n.js";

export class ScriptError extends Error {}

/** What every script template may use (all fields always present; `promise`, `discount`, `legalSince`, `festival` may be null). */
export interface ScriptData {
  /** How to address the contact: 王经理, 刘总, 张老板; in English the contact's name; "" when unknown. */
  greeting: string;
  contactName: string;
  contactTitle: string;
  customerName: string;
  /** Our company (config company.name), "" when not configured. */
  company: string;
  invoice: { docNo: string; dueDate: string; amount: string; daysOverdue: number };
  /** Overdue total of the account, spoken. */
  overdue: string;
  /** Number of overdue invoices of the account, and whether there are several. */
  invoiceCount: number;
  severalInvoices: boolean;
  /** The contract's late-fee rate: 每日千分之三 / 0.3% per day. */
  lateFeeRate: string;
  /** The last deadline a legal-stage call gives: the call date + letters.replyBusinessDays business days. */
  deadline: string;
  promise: { madeOn: string; dueDate: string; amount: string } | null;
  /**
   * An early-payment discount still on offer on the call's day (SPEC "early-payment discounts"):
   * on the invoice the call is about, else on the account's offer that ends first; else null.
   */
  discount: { docNo: string; rate: string; amount: string; pay: string; lastDay: string } | null;
  /** When the events log shows legal action already under way (a `legal` row), its date; else null. */
  legalSince: string | null;
  festival: string | null;
  stage: Stage;
  tier: string;
}

// ---------------------------------------------------------------------------------------------
// Natural figures

const ZH_CURRENCY: Record<string, string> = { CNY: "元", USD: "美元", HKD: "港元", EUR: "欧元", JPY: "日元", GBP: "英镑" };

function trimZeros(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

/**
 * An amount as said in Chinese: whole 万 or 亿 with up to two decimals when exact (80000 →
 * 8万元, 125000 → 12.5万元, 250000000 → 2.5亿元), else the figure grouped with its cents only
 * when there are any (3200 → 3,200元, 25210.8 → 25,210.80元). Other currencies by name (1.2万美元).
 */
export function spokenAmountZh(amount: Decimal, currency: string): string {
  const unit = ZH_CURRENCY[currency] ?? ` ${currency}`;
  const abs = amount.abs();
  for (const [size, word] of [
    [new Decimal(100000000), "亿"],
    [new Decimal(10000), "万"],
  ] as const) {
    if (abs.greaterThanOrEqualTo(size)) {
      const q = amount.div(size);
      if (q.decimalPlaces() <= 2) return `${trimZeros(q.toFixed(2)).replace(/^(\d+)/, (i) => i.replace(/\B(?=(\d{3})+$)/g, ","))}${word}${unit}`;
    }
  }
  const grouped = moneyGrouped(amount);
  return `${grouped.endsWith(".00") ? grouped.slice(0, -3) : grouped}${unit}`;
}

/** An amount as said in English: "CNY 80,000", "USD 12,450.50". */
export function spokenAmountEn(amount: Decimal, currency: string): string {
  const grouped = moneyGrouped(amount);
  return `${currency} ${grouped.endsWith(".00") ? grouped.slice(0, -3) : grouped}`;
}

const EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** 5月16日 / 16 May, with the year when it is not the as-of year. */
export function spokenDate(day: Day, asOf: Day, lang: Lang): string {
  const { y, m, d } = ymdOf(day);
  const sameYear = y === ymdOf(asOf).y;
  if (lang === "zh") return `${sameYear ? "" : `${y}年`}${m}月${d}日`;
  return `${d} ${EN_MONTHS[m - 1]}${sameYear ? "" : ` ${y}`}`;
}

export function spokenRate(rate: Decimal, lang: Lang): string {
  return lang === "zh" ? `每日${rateInChinese(rate)}` : `${rateInEnglish(rate)} per day`;
}

const COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "南宫", "独孤", "澹台", "公冶", "申屠", "太史", "闻人", "呼延", "万俟"];

/** Titles by how they end, and how a caller says them after the surname. */
const TITLE_FORMS: [RegExp, string][] = [
  [/(总经理|总监|总裁|董事长|副总|总)$/, "总"],
  [/(店主|老板|东家)$/, "老板"],
  [/助理$/, "助理"],
  [/经理$/, "经理"],
  [/部长$/, "部长"],
  [/主任$/, "主任"],
  [/厂长$/, "厂长"],
  [/主管$/, "主管"],
  [/处长$/, "处长"],
  [/科长$/, "科长"],
  [/会计$/, "会计"],
  [/律师$/, "律师"],
];

/**
 * How a Chinese caller addresses the contact: surname + the spoken form of the title (王建国,
 * 财务经理 → 王经理; 刘洋, 财务总监 → 刘总; 张德福, 店主 → 张老板). A title with no spoken form
 * (出纳) or a name that is not Chinese gets the full name; no name gives "".
 */
export function chineseGreeting(contactName: string, contactTitle: string): string {
  const name = contactName.trim();
  if (name === "") return "";
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(name)) return name;
  const surname = COMPOUND_SURNAMES.find((s) => name.startsWith(s) && name.length > s.length) ?? name[0]!;
  const title = contactTitle.trim();
  for (const [pattern, form] of TITLE_FORMS) if (pattern.test(title)) return surname + form;
  return name;
}

// ---------------------------------------------------------------------------------------------
// Templates

const hb = Handlebars.create();

interface Compiled {
  file: string;
  render: HandlebarsTemplateDelegate;
}

export function builtinScriptDir(): string {
  // src/io and dist/io are both two levels below the package root.
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "templates", "scripts");
}

/** Where the template of (lang, stage) is looked for. */
export function scriptCandidates(lang: Lang, stage: Stage, dir?: string): string[] {
  const file = `${stage}.hbs`;
  if (dir === undefined) return [join(builtinScriptDir(), lang, file)];
  return [join(dir, "scripts", lang, file), join(dir, lang, file), join(dir, file)];
}

/** The scripts of one run: each (language, stage) template read and compiled once, on first use. */
export class ScriptBook {
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly dir?: string) {}

  template(lang: Lang, stage: Stage): Compiled {
    const key = `${lang}/${stage}`;
    let c = this.compiled.get(key);
    if (c !== undefined) return c;
    const candidates = scriptCandidates(lang, stage, this.dir);
    const file = candidates.find((f) => existsSync(f));
    if (file === undefined) throw new ScriptError(`script template ${lang}/${stage}.hbs not found; looked for: ${candidates.join(", ")}`);
    const source = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    try {
      const render = hb.compile(source, { strict: true, noEscape: true });
      // Handlebars compiles lazily: a first render surfaces syntax errors here, with the file named.
      hb.precompile(source, { strict: true });
      c = { file, render };
    } catch (e) {
      throw new ScriptError(`${file}: template syntax error: ${String((e as Error).message ?? e).split("\n")[0]}`);
    }
    this.compiled.set(key, c);
    return c;
  }

  /**
   * Renders strictly. The script comes back on one line: a template's line breaks vanish in
   * Chinese (no spaces between sentences) and become one space in English.
   */
  render(lang: Lang, stage: Stage, data: ScriptData, label: string): string {
    const t = this.template(lang, stage);
    let text: string;
    try {
      text = t.render(cleanData(data));
    } catch (e) {
      const err = e as { message?: string; lineNumber?: number };
      const m = /^"(.+?)" not defined in/.exec(String(err.message ?? ""));
      const where = err.lineNumber !== undefined ? `${t.file}:${err.lineNumber}` : t.file;
      throw new ScriptError(m ? `${where}: missing field "${m[1]}" for ${label}; the template may use: ${Object.keys(data).join(", ")}` : `${where}: ${String(err.message ?? e)} (${label})`);
    }
    return text
      .replace(/[ \t]*\r?\n\s*/g, lang === "zh" ? "" : " ")
      .replace(/[ \t]+/g, " ")
      .trim();
  }
}

/** File content never brings control characters into a script. */
function cleanData(value: unknown): unknown {
  // eslint-disable-next-line no-control-regex
  if (typeof value === "string") return value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ");
  if (Array.isArray(value)) return value.map(cleanData);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanData(v)]));
  return value;
}
