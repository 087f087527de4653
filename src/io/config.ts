/**
 * `ar.config.json`: every key optional, camelCase; unknown keys and values of the wrong type or
 * range are usage errors naming the key path (SPEC.md "Config").
 */
import { readFileSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { Decimal } from "../engine/money.js";
import { defaultSettings, type Company, type Settings, type WeekdayName } from "../engine/settings.js";
import { parseCurrency, Invalid } from "../engine/values.js";
import { JsonNumber, JsonSyntaxError, parseJsonExact, type JsonValue } from "./json-exact.js";

export type { BankAccount, CallsConfig, Company, WeekdayName } from "../engine/settings.js";

const COMPANY_FIELDS = ["name", "address", "postcode", "phone", "email"] as const;
const BANK_FIELDS = ["name", "accountName", "accountNumber"] as const;

/**
 * The company as a document or script in `lang` prints it: in English, each field from
 * `company.en` where it has one, else from `company`. Absent fields stay absent.
 */
export function companyFor(company: Company, lang: "zh" | "en"): Omit<Company, "en"> {
  const en = lang === "en" ? company.en : undefined;
  if (en === undefined) return company;
  const out: Omit<Company, "en"> = {};
  for (const k of COMPANY_FIELDS) if ((en[k] ?? company[k]) !== undefined) out[k] = en[k] ?? company[k];
  if (en.bank !== undefined || company.bank !== undefined) {
    out.bank = {};
    for (const k of BANK_FIELDS) if ((en.bank?.[k] ?? company.bank?.[k]) !== undefined) out.bank[k] = en.bank?.[k] ?? company.bank?.[k];
  }
  return out;
}

/** The company's name as a document or script in `lang` prints it ("" when not configured). */
export function companyName(company: Company, lang: "zh" | "en"): string {
  return companyFor(company, lang).name ?? "";
}

/** The settings (engine/settings.ts) as a config file gave them. */
export interface Config extends Settings {
  /** Where it came from, for messages; undefined for built-in defaults. */
  source?: string;
}

/** The built-in settings, for a run with no config file. */
export function defaultConfig(): Config {
  return defaultSettings();
}

/**
 * A config file is a few kilobytes. Past this size it is not one (a log or an export named by
 * mistake): exit 2 before it is read into memory.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export class ConfigError extends Error {}

type Obj = { [k: string]: JsonValue };

class Reader {
  constructor(private readonly file: string) {}

  fail(keyPath: string, message: string): never {
    throw new ConfigError(`${this.file}: ${keyPath}: ${message}`);
  }

  object(v: JsonValue, keyPath: string, allowed: readonly string[]): Obj {
    if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof JsonNumber) this.fail(keyPath || "(top level)", "must be an object");
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.fail(keyPath ? `${keyPath}.${k}` : k, `unknown key (known: ${allowed.join(", ")})`);
    }
    return v as Obj;
  }

  string(v: JsonValue, keyPath: string): string {
    if (typeof v !== "string") this.fail(keyPath, "must be a string");
    return v;
  }

  int(v: JsonValue, keyPath: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (!(v instanceof JsonNumber) || !/^-?\d+$/.test(v.text)) this.fail(keyPath, "must be a whole number");
    const n = Number(v.text);
    if (n < min || n > max) this.fail(keyPath, max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be between ${min} and ${max}`);
    return n;
  }

  decimal(v: JsonValue, keyPath: string): Decimal {
    const text = v instanceof JsonNumber ? v.text : typeof v === "string" ? v.trim() : undefined;
    if (text === undefined || !/^-?\d+(\.\d+)?$/.test(text)) this.fail(keyPath, "must be a decimal number, e.g. \"0.003\"");
    return new Decimal(text);
  }
}

export function parseConfig(text: string, file: string): Config {
  const r: Reader = new Reader(file);
  let json: JsonValue;
  try {
    json = parseJsonExact(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new ConfigError(`${file}: not valid JSON: ${e.message}`);
    throw e;
  }
  const cfg = defaultConfig();
  cfg.source = file;
  const top = r.object(json, "", ["company", "currency", "lang", "timezone", "terms", "buckets", "tiers", "minAmount", "fees", "calls", "letters", "kpi", "forecast", "provision", "factoring", "credit", "commission"]);
  if (top.company !== undefined) cfg.company = readCompany(r, top.company, "company");
  if (top.currency !== undefined) {
    const c = parseCurrency(r.string(top.currency, "currency"));
    if (c === null || c instanceof Invalid) r.fail("currency", "must be a currency code such as CNY");
    cfg.currency = c;
  }
  if (top.lang !== undefined) {
    const l = r.string(top.lang, "lang");
    if (l !== "zh" && l !== "en") r.fail("lang", 'must be "zh" or "en"');
    cfg.lang = l;
  }
  if (top.timezone !== undefined) {
    const tz = r.string(top.timezone, "timezone");
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
    } catch {
      r.fail("timezone", `unknown time zone "${tz}"`);
    }
    cfg.timezone = tz;
  }
  if (top.terms !== undefined) cfg.terms = r.int(top.terms, "terms", 0, 3650);
  if (top.buckets !== undefined) cfg.buckets = parseBucketList(top.buckets, (m) => r.fail("buckets", m), r);
  if (top.tiers !== undefined) {
    const t = r.object(top.tiers, "tiers", ["b", "c"]);
    if (t.b !== undefined) cfg.tiers.b = r.int(t.b, "tiers.b", 2, 100000);
    if (t.c !== undefined) cfg.tiers.c = r.int(t.c, "tiers.c", 3, 100000);
    if (cfg.tiers.c <= cfg.tiers.b) r.fail("tiers.c", `must be greater than tiers.b (${cfg.tiers.b})`);
  }
  if (top.minAmount !== undefined) {
    cfg.minAmount = r.decimal(top.minAmount, "minAmount");
    if (cfg.minAmount.isNegative()) r.fail("minAmount", "must not be negative");
  }
  if (top.fees !== undefined) {
    const f = r.object(top.fees, "fees", ["rate", "graceDays", "cap"]);
    if (f.rate !== undefined) {
      cfg.fees.rate = r.decimal(f.rate, "fees.rate");
      if (cfg.fees.rate.isNegative()) r.fail("fees.rate", "must not be below 0");
    }
    if (f.graceDays !== undefined) cfg.fees.graceDays = r.int(f.graceDays, "fees.graceDays", 0);
    if (f.cap !== undefined && f.cap !== null) {
      cfg.fees.cap = r.decimal(f.cap, "fees.cap");
      if (!cfg.fees.cap.greaterThan(0)) r.fail("fees.cap", "must be above 0 (or null for no cap)");
    }
  }
  if (top.calls !== undefined) {
    const c = r.object(top.calls, "calls", ["weekdays", "window", "perHour", "cadenceDays", "festivalPushDays", "avoid"]);
    if (c.weekdays !== undefined) {
      if (!Array.isArray(c.weekdays) || c.weekdays.length === 0) r.fail("calls.weekdays", 'must be a non-empty list such as ["tue","wed","thu"]');
      const names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
      cfg.calls.weekdays = (c.weekdays as JsonValue[]).map((w, k) => {
        const s = r.string(w, `calls.weekdays[${k}]`).toLowerCase().slice(0, 3);
        if (!names.includes(s)) r.fail(`calls.weekdays[${k}]`, `"${String(w)}" is not a weekday`);
        return s as WeekdayName;
      });
    }
    if (c.window !== undefined) {
      if (!Array.isArray(c.window) || c.window.length !== 2) r.fail("calls.window", 'must be ["HH:MM", "HH:MM"]');
      const [a, b] = (c.window as JsonValue[]).map((w, k) => {
        const s = r.string(w, `calls.window[${k}]`);
        if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) r.fail(`calls.window[${k}]`, `"${s}" is not a time HH:MM`);
        return s;
      }) as [string, string];
      if (b <= a) r.fail("calls.window", "the end must be after the start");
      cfg.calls.window = [a, b];
    }
    if (c.perHour !== undefined) cfg.calls.perHour = r.int(c.perHour, "calls.perHour", 1, 1000);
    if (c.cadenceDays !== undefined) {
      const cd = r.object(c.cadenceDays, "calls.cadenceDays", ["A", "B", "C"]);
      for (const k of ["A", "B", "C"] as const) if (cd[k] !== undefined) cfg.calls.cadenceDays[k] = r.int(cd[k], `calls.cadenceDays.${k}`, 0, 365);
    }
    if (c.festivalPushDays !== undefined) cfg.calls.festivalPushDays = r.int(c.festivalPushDays, "calls.festivalPushDays", 0, 365);
    if (c.avoid !== undefined) {
      const a = r.object(c.avoid, "calls.avoid", ["individualMonthEndDays", "largeEnterpriseQuarterEndDays"]);
      if (a.individualMonthEndDays !== undefined) cfg.calls.avoid.individualMonthEndDays = r.int(a.individualMonthEndDays, "calls.avoid.individualMonthEndDays", 0, 27);
      if (a.largeEnterpriseQuarterEndDays !== undefined) cfg.calls.avoid.largeEnterpriseQuarterEndDays = r.int(a.largeEnterpriseQuarterEndDays, "calls.avoid.largeEnterpriseQuarterEndDays", 0, 89);
    }
  }
  if (top.letters !== undefined) {
    const l = r.object(top.letters, "letters", ["replyBusinessDays"]);
    if (l.replyBusinessDays !== undefined) cfg.letters.replyBusinessDays = r.int(l.replyBusinessDays, "letters.replyBusinessDays", 0, 365);
  }
  if (top.kpi !== undefined) {
    const k = r.object(top.kpi, "kpi", ["dsoTarget", "overdueToRevenueMax", "ceiMin", "yearDays", "followUpDays"]);
    const target = (v: JsonValue, key: string): Decimal | null => {
      if (v === null) return null;
      const d = r.decimal(v, `kpi.${key}`);
      if (d.isNegative()) r.fail(`kpi.${key}`, "must not be below 0 (or null for no target)");
      return d;
    };
    if (k.dsoTarget !== undefined) cfg.kpi.dsoTarget = target(k.dsoTarget, "dsoTarget");
    if (k.overdueToRevenueMax !== undefined) cfg.kpi.overdueToRevenueMax = target(k.overdueToRevenueMax, "overdueToRevenueMax");
    if (k.ceiMin !== undefined) cfg.kpi.ceiMin = target(k.ceiMin, "ceiMin");
    if (k.yearDays !== undefined) cfg.kpi.yearDays = r.int(k.yearDays, "kpi.yearDays", 1, 366);
    if (k.followUpDays !== undefined) cfg.kpi.followUpDays = r.int(k.followUpDays, "kpi.followUpDays", 0, 365);
  }
  if (top.forecast !== undefined) {
    const f = r.object(top.forecast, "forecast", ["uncertainDays"]);
    if (f.uncertainDays !== undefined) cfg.forecast.uncertainDays = r.int(f.uncertainDays, "forecast.uncertainDays", 1, 100000);
  }
  if (top.provision !== undefined) readProvision(r, top.provision, cfg);
  if (top.factoring !== undefined) readFactoring(r, top.factoring, cfg);
  if (top.credit !== undefined) readCredit(r, top.credit, cfg);
  if (top.commission !== undefined) readCommission(r, top.commission, cfg);
  return cfg;
}

/** A decimal fraction in [min, max]. */
function fractionIn(r: Reader, v: JsonValue, keyPath: string, min: number, max: number | undefined): Decimal {
  const d = r.decimal(v, keyPath);
  if (d.lessThan(min) || (max !== undefined && d.greaterThan(max))) r.fail(keyPath, max === undefined ? `must be at least ${min}` : `must be between ${min} and ${max}`);
  return d;
}

/** Ascending whole day limits, at least `min` each. */
function dayLimits(r: Reader, v: JsonValue, keyPath: string, min: number): number[] {
  if (!Array.isArray(v) || v.length === 0) r.fail(keyPath, "must be a non-empty list of ascending day limits, e.g. [365, 730]");
  const list = (v as JsonValue[]).map((x, k) => r.int(x, `${keyPath}[${k}]`, min, 100000));
  for (let k = 1; k < list.length; k++) if (list[k]! <= list[k - 1]!) r.fail(keyPath, "limits must be ascending");
  return list;
}

/** `provision` (SPEC "Bad-debt provisions"): bands and rates of the aging method, the matrix method's history. */
function readProvision(r: Reader, value: JsonValue, cfg: Config): void {
  const p = r.object(value, "provision", ["basis", "bands", "rates", "matrixBands", "historyMonths", "lastBandLoss", "forwardLooking"]);
  if (p.basis !== undefined) {
    const b = r.string(p.basis, "provision.basis");
    if (b !== "doc" && b !== "due") r.fail("provision.basis", 'must be "doc" or "due"');
    cfg.provision.basis = b;
  }
  if (p.bands !== undefined) cfg.provision.bands = dayLimits(r, p.bands, "provision.bands", 0);
  if (p.rates !== undefined) {
    if (!Array.isArray(p.rates)) r.fail("provision.rates", 'must be a list of rates, e.g. ["0.05", "1.00"]');
    cfg.provision.rates = (p.rates as JsonValue[]).map((x, k) => fractionIn(r, x, `provision.rates[${k}]`, 0, 1));
  }
  if (cfg.provision.rates.length !== cfg.provision.bands.length + 1) r.fail("provision.rates", `must have one rate more than provision.bands (${cfg.provision.bands.length} bands: ${cfg.provision.bands.length + 1} rates), not ${cfg.provision.rates.length}`);
  if (p.matrixBands !== undefined) cfg.provision.matrixBands = dayLimits(r, p.matrixBands, "provision.matrixBands", 0);
  if (p.historyMonths !== undefined) cfg.provision.historyMonths = r.int(p.historyMonths, "provision.historyMonths", 1, 120);
  if (p.lastBandLoss !== undefined) cfg.provision.lastBandLoss = fractionIn(r, p.lastBandLoss, "provision.lastBandLoss", 0, 1);
  if (p.forwardLooking !== undefined) {
    cfg.provision.forwardLooking = r.decimal(p.forwardLooking, "provision.forwardLooking");
    if (!cfg.provision.forwardLooking.greaterThan(-1)) r.fail("provision.forwardLooking", "must be above -1 (a fraction: 0.1 raises every loss rate by 10%)");
  }
}

/** `factoring` (SPEC "Factoring candidates"): the concentration flag and the flags' defaults. */
function readFactoring(r: Reader, value: JsonValue, cfg: Config): void {
  const f = r.object(value, "factoring", ["concentration", "minDays", "advance", "recovery"]);
  if (f.concentration !== undefined) cfg.factoring.concentration = fractionIn(r, f.concentration, "factoring.concentration", 0, 1);
  if (f.minDays !== undefined) cfg.factoring.minDays = r.int(f.minDays, "factoring.minDays", 0, 100000);
  if (f.advance !== undefined) cfg.factoring.advance = fractionIn(r, f.advance, "factoring.advance", 0, 1);
  if (f.recovery !== undefined) {
    if (!Array.isArray(f.recovery) || f.recovery.length !== 2) r.fail("factoring.recovery", 'must be [low, high], e.g. ["0.6", "0.8"]');
    const [low, high] = (f.recovery as JsonValue[]).map((x, k) => fractionIn(r, x, `factoring.recovery[${k}]`, 0, 1)) as [Decimal, Decimal];
    if (high.lessThan(low)) r.fail("factoring.recovery", "the high end must not be below the low end");
    cfg.factoring.recovery = [low, high];
  }
}

/** `credit` (SPEC "Credit review"): window (months), factor per risk class, roundTo. */
function readCredit(r: Reader, value: JsonValue, cfg: Config): void {
  const c = r.object(value, "credit", ["window", "factor", "roundTo"]);
  if (c.window !== undefined) cfg.credit.window = r.int(c.window, "credit.window", 1, 600);
  if (c.factor !== undefined) {
    const classes = ["A", "B", "C", "D", "E", "N"] as const;
    const f = r.object(c.factor, "credit.factor", classes);
    for (const k of classes) {
      if (f[k] === undefined) continue;
      const d = r.decimal(f[k], `credit.factor.${k}`);
      if (d.isNegative()) r.fail(`credit.factor.${k}`, "must not be below 0");
      cfg.credit.factor[k] = d;
    }
  }
  if (c.roundTo !== undefined) {
    const d = r.decimal(c.roundTo, "credit.roundTo");
    if (!d.greaterThan(0)) r.fail("credit.roundTo", "must be above 0");
    cfg.credit.roundTo = d;
  }
}

/** `commission` (SPEC "Collector commission"): rate, base (all | overdue), tiers [{minDays, rate}]. */
function readCommission(r: Reader, value: JsonValue, cfg: Config): void {
  const c = r.object(value, "commission", ["rate", "base", "tiers"]);
  if (c.rate !== undefined) {
    cfg.commission.rate = r.decimal(c.rate, "commission.rate");
    if (cfg.commission.rate.isNegative()) r.fail("commission.rate", "must not be below 0");
  }
  if (c.base !== undefined) {
    const b = r.string(c.base, "commission.base");
    if (b !== "all" && b !== "overdue") r.fail("commission.base", 'must be "all" or "overdue"');
    cfg.commission.base = b;
  }
  if (c.tiers !== undefined) {
    if (!Array.isArray(c.tiers)) r.fail("commission.tiers", 'must be a list such as [{"minDays": 91, "rate": "0.03"}]');
    cfg.commission.tiers = (c.tiers as JsonValue[]).map((t, k) => {
      const o = r.object(t, `commission.tiers[${k}]`, ["minDays", "rate"]);
      if (o.minDays === undefined) r.fail(`commission.tiers[${k}].minDays`, "is required");
      if (o.rate === undefined) r.fail(`commission.tiers[${k}].rate`, "is required");
      const rate = r.decimal(o.rate, `commission.tiers[${k}].rate`);
      if (rate.isNegative()) r.fail(`commission.tiers[${k}].rate`, "must not be below 0");
      return { minDays: r.int(o.minDays, `commission.tiers[${k}].minDays`, 0, 100000), rate };
    });
    for (let k = 1; k < cfg.commission.tiers.length; k++) {
      if (cfg.commission.tiers[k]!.minDays <= cfg.commission.tiers[k - 1]!.minDays) r.fail(`commission.tiers[${k}].minDays`, "tiers must be ascending by minDays");
    }
  }
}

function parseBucketList(v: JsonValue, fail: (m: string) => never, r: Reader): number[] {
  if (!Array.isArray(v) || v.length === 0) fail("must be a non-empty list of day limits, e.g. [30, 60, 90]");
  const list = (v as JsonValue[]).map((x, k) => r.int(x, `buckets[${k}]`, 1, 100000));
  for (let k = 1; k < list.length; k++) if (list[k]! <= list[k - 1]!) fail("limits must be ascending");
  return list;
}

/** `--buckets 30,60,90`. */
export function parseBucketsFlag(text: string): number[] | string {
  const parts = text.split(",").map((s) => s.trim());
  const list: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p) || Number(p) < 1) return `--buckets: "${p}" is not a positive whole number of days`;
    list.push(Number(p));
  }
  for (let k = 1; k < list.length; k++) if (list[k]! <= list[k - 1]!) return "--buckets: limits must be ascending, e.g. 30,60,90";
  return list;
}

/** `--config FILE`, else `./ar.config.json` when present, else defaults. */
export function loadConfig(explicit: string | undefined, cwd: string): Config {
  const file = explicit ?? (existsSync(path.join(cwd, "ar.config.json")) ? "ar.config.json" : undefined);
  if (file === undefined) return defaultConfig();
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    const stat = statSync(full);
    if (stat.isDirectory()) throw new ConfigError(`${file}: is a directory, not a config file`);
    if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(`${file}: ${stat.size} bytes is too large for a config file (at most ${MAX_CONFIG_BYTES / 1024} KB)`);
    text = readFileSync(full, "utf8");
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${file}: cannot read config (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseConfig(text, file);
}

/** `company` (and, one level down, `company.en`): the fields SPEC lists, each a string. */
function readCompany(r: Reader, value: JsonValue, keyPath: string): Company {
  const nested = keyPath === "company";
  const c = r.object(value, keyPath, [...COMPANY_FIELDS, "bank", ...(nested ? ["en"] : [])]);
  const company: Company = {};
  for (const k of COMPANY_FIELDS) if (c[k] !== undefined) company[k] = r.string(c[k], `${keyPath}.${k}`);
  if (c.bank !== undefined) {
    const b = r.object(c.bank, `${keyPath}.bank`, BANK_FIELDS);
    company.bank = {};
    for (const k of BANK_FIELDS) if (b[k] !== undefined) company.bank[k] = r.string(b[k], `${keyPath}.bank.${k}`);
  }
  if (nested && c.en !== undefined) company.en = readCompany(r, c.en, "company.en");
  return company;
}

/** What SPEC asks of every document: the company's name and bank account. */
const DOCUMENT_FIELDS = ["company.name", "company.bank.name", "company.bank.accountName", "company.bank.accountNumber"];

/**
 * Commands that print documents need the company's name and bank account (SPEC "Config"), and
 * every further company field their templates print without testing it (`needs`: per language,
 * the paths such as `company.address`). All missing fields are named in one message.
 */
export function requireCompanyForDocuments(cfg: Config, needs: { lang: "zh" | "en"; fields: readonly string[] }[] = []): void {
  const missing = new Set<string>();
  const langs = needs.length > 0 ? needs : [{ lang: "zh" as const, fields: [] }];
  for (const { lang, fields } of langs) {
    const company = companyFor(cfg.company, lang);
    for (const f of [...DOCUMENT_FIELDS, ...fields]) {
      const value = f.split(".").slice(1).reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), company);
      if (value === undefined || value === "") missing.add(f);
    }
  }
  const ordered = [...DOCUMENT_FIELDS.filter((f) => missing.has(f)), ...[...missing].filter((f) => !DOCUMENT_FIELDS.includes(f)).sort()];
  if (ordered.length > 0) throw new ConfigError(`${cfg.source ?? "config"}: documents need ${ordered.join(", ")} (see fixtures/ar.config.json for an example)`);
}
