/**
 * `ar letters` as a batch (SPEC.md "Demand letters"): which customers get a letter, the letter's
 * data (every figure formatted for print), letter ids, safe file names inside `--out`, the
 * mailing manifest, and writing the batch all-or-nothing.
 *
 * Letter ids are `AR-<as-of yyyymmdd>-<R|N|F>-<customer id>` (R reminder, N notice, F final),
 * with `-<currency>` appended when the customer has overdue items in more than one currency.
 * They depend only on the as-of date, the level, the customer and its overdue currencies, never
 * on which other customers a run selects, so `--customer C001` gives C001 the same id as the
 * full batch does.
 */
import { compareText } from "../engine/order.js";
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Aging, AgedAccount, AgedItem } from "../engine/aging.js";
import type { BusinessCalendar } from "../engine/calendar.js";
import { customerName, type CustomerProfile } from "../engine/customers.js";
import { isoDate, ymdOf, type Day } from "../engine/dates.js";
import { daxieRmb, rateInChinese, rateInEnglish } from "../engine/daxie.js";
import { feeRateFor, type FeeItem, type FeeReport } from "../engine/fees.js";
import type { DiscountOffer } from "../engine/discount-offer.js";
import { docNoOf, type Ledger } from "../engine/ledger.js";
import { Decimal, fromMinor, moneyGrouped, unitsGrouped, unitsString } from "../engine/money.js";
import type { Tier } from "../engine/tiers.js";
import { writeFileAtomic } from "./atomic.js";
import type { Company } from "./config.js";
import { companyBlock, recipientBlock, type LetterData, type LetterItem, type LetterLevel, type LetterRecipient } from "./document/letter-data.js";
import type { Lang } from "./document/model.js";
import { offerData } from "./document/offer-data.js";
import { csvTable } from "./render/csv.js";

// ---------------------------------------------------------------------------------------------
// Letter ids and file names

const LEVEL_CODE: Record<LetterLevel, string> = { reminder: "R", notice: "N", final: "F" };

/** `AR-20250630-F-C001`, or `AR-20250630-F-C004-USD` for one of a customer's several currencies. */
export function letterIdOf(asOf: Day, level: LetterLevel, customerKey: string, currency: string | null): string {
  const { y, m, d } = ymdOf(asOf);
  const date = `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`;
  // Control characters would travel into the manifest and the PDF's metadata.
  // eslint-disable-next-line no-control-regex
  const customer = customerKey.replace(/[\u0000-\u001f\u007f]/g, "_");
  return `AR-${date}-${LEVEL_CODE[level]}-${customer}${currency === null ? "" : `-${currency}`}`;
}

const DEVICE_NAME = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i;
export const MAX_FILE_NAME_BYTES = 100;

/**
 * A file name that is safe on every system: each character outside `A-Z a-z 0-9 . _ -` (each
 * code point, so an emoji is one `_`) becomes `_`; a name starting with a dot (hidden, or `..`)
 * and Windows device names (`CON`, `nul.txt`, `COM1`…, judged on the part before the first dot)
 * get a `_` in front; the whole name, extension included, is cut to 100 bytes.
 */
export function safeFileName(stem: string, ext: string, maxBytes = MAX_FILE_NAME_BYTES): string {
  let base = [...stem].map((c) => (/^[A-Za-z0-9._-]$/.test(c) ? c : "_")).join("");
  if (base === "") base = "_";
  if (base.startsWith(".") || DEVICE_NAME.test(base.split(".")[0]!)) base = `_${base}`;
  // Windows drops trailing dots, which would make "a." and "a" the same file.
  base = base.replace(/\.+$/, (dots) => "_".repeat(dots.length));
  return cut(base, ext, maxBytes);
}

function cut(base: string, tail: string, maxBytes: number): string {
  const room = Math.max(1, maxBytes - tail.length);
  return base.length > room ? base.slice(0, room) + tail : base + tail;
}

/**
 * Names made unique in order, ignoring case (Windows and macOS folders do): the second
 * `AR-…-C_1.pdf` becomes `AR-…-C_1-2.pdf`, cut to fit the byte limit.
 */
export function uniqueFileNames(names: readonly string[], maxBytes = MAX_FILE_NAME_BYTES): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    if (taken.has(candidate.toLowerCase())) {
      const dot = name.lastIndexOf(".");
      const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
      for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = cut(base, `-${n}${ext}`, maxBytes);
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/** The path of `name` in `dir`; throws unless it is a direct child of `dir` (never elsewhere). */
export function resolveInside(dir: string, name: string): string {
  const root = path.resolve(dir);
  const target = path.resolve(root, name);
  if (path.dirname(target) !== root || name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\\")) {
    throw new Error(`refusing to write ${JSON.stringify(name)} outside ${root}`);
  }
  return target;
}

// ---------------------------------------------------------------------------------------------
// Words and dates on the letter

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2025年6月30日" / "30 June 2025". */
export function letterDate(day: Day, lang: Lang): string {
  const { y, m, d } = ymdOf(day);
  return lang === "zh" ? `${y}年${m}月${d}日` : `${d} ${MONTHS[m - 1]} ${y}`;
}

const ZH_DIGITS = "零一二三四五六七八九";
const EN_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];

/** A small count in words as a letter writes it: 3 三 / three, 15 十五, 21 二十一; digits beyond. */
export function countInWords(n: number, lang: Lang): string {
  if (lang === "en") return EN_NUMBERS[n] ?? String(n);
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return ZH_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : ZH_DIGITS[tens]}十${ones === 0 ? "" : ZH_DIGITS[ones]}`;
}

const ZH_CURRENCY: Record<string, string> = { CNY: "人民币", USD: "美元", HKD: "港币", EUR: "欧元", JPY: "日元", GBP: "英镑", AUD: "澳元", SGD: "新加坡元", CAD: "加元" };

/** How amounts are introduced: "人民币" / "CNY". */
export function currencyName(code: string, lang: Lang): string {
  return lang === "zh" ? (ZH_CURRENCY[code] ?? code) : code;
}

/** What a Chinese text writes after an amount: 元 for renminbi ("人民币80,000.00元"), nothing for others ("美元30,060.50"). */
export function currencyUnit(code: string, lang: Lang): string {
  return lang === "zh" && code === "CNY" ? "元" : "";
}

/** The unit in a money column's heading: 元, 美元, USD… */
export function amountUnit(code: string, lang: Lang): string {
  if (lang !== "zh") return code;
  return code === "CNY" ? "元" : (ZH_CURRENCY[code] ?? code);
}

// ---------------------------------------------------------------------------------------------
// Selection and letter data

export interface LetterFilter {
  /** `--tier`: the customer's tier (per account) is one of these. */
  tiers?: ReadonlySet<Tier>;
  /** `--customer`: customer keys. */
  customers?: ReadonlySet<string>;
  /** `--min-amount`: the letter's overdue total is at least this. */
  minAmount?: Decimal;
}

export interface LetterPlanInput {
  ledger: Ledger;
  aging: Aging;
  /** The `ar fees` report at the same as-of (open items; contract rates from the master). */
  fees: FeeReport;
  master: ReadonlyMap<string, CustomerProfile> | undefined;
  company: Company;
  /** The rates the fee report used, to name the rate of a customer whose letter has no fee item. */
  rates: { customerRates: ReadonlyMap<string, Decimal>; defaultRate: Decimal };
  replyBusinessDays: number;
  calendar: BusinessCalendar;
  level: LetterLevel;
  /** `--lang`; else the customer master's lang; else `fallbackLang` (config, LANG). */
  langFlag: Lang | undefined;
  fallbackLang: Lang;
  /** Items under this outstanding (minor units at the ledger's scale) are left out, as from tiers. */
  minItemUnits: bigint;
  filter: LetterFilter;
  /** Early-payment discounts on offer at as-of (engine/discount-offer.ts `discountOffers`); none when absent. */
  offers?: ReadonlyMap<number, DiscountOffer>;
}

export interface PlannedLetter {
  data: LetterData;
  customerKey: string;
  customerName: string;
  currency: string;
  tier: Tier | null;
  /** The letter's overdue total, exact, as a money string "80000.00". */
  overdue: string;
  /** Accrued fee, "15090.00". */
  fee: string;
  claim: string;
  replyDeadline: Day;
  profile: CustomerProfile | undefined;
}

export interface SkippedCustomer {
  customerId: string;
  name: string;
  currency: string;
  overdue: string;
  reason: "do_not_contact";
}

export interface LetterPlan {
  letters: PlannedLetter[];
  skipped: SkippedCustomer[];
  /** `--customer` keys that got no letter because nothing of theirs is overdue and undisputed. */
  nothingOverdue: string[];
}

interface Candidate {
  account: AgedAccount;
  items: AgedItem[];
  overdueUnits: bigint;
}


/** Chooses the letters of a batch and builds each letter's data, in (customer, currency) order. */
export function planLetters(input: LetterPlanInput): LetterPlan {
  const { ledger, aging, fees, master, level, filter } = input;
  const scale = ledger.scale;

  // Every account with something to demand, before filters: ids must not depend on the filters.
  const candidates: Candidate[] = [];
  for (const account of aging.accounts) {
    const items = account.items.filter((it) => !it.disputed && it.daysOverdue > 0 && it.outstanding > 0n && it.outstanding >= input.minItemUnits);
    if (items.length === 0) continue;
    let overdueUnits = 0n;
    for (const it of items) overdueUnits += it.outstanding;
    candidates.push({ account, items, overdueUnits });
  }
  const currenciesOf = new Map<string, number>();
  for (const c of candidates) {
    const key = ledger.customers[c.account.customer]!.key;
    currenciesOf.set(key, (currenciesOf.get(key) ?? 0) + 1);
  }
  const ids = new Set<string>();
  const idOf = new Map<Candidate, string>();
  for (const c of candidates) {
    const key = ledger.customers[c.account.customer]!.key;
    const multi = currenciesOf.get(key)! > 1;
    let id = letterIdOf(aging.asOf, level, key, multi ? ledger.currencies[c.account.currency]! : null);
    // Keys differing only in control characters would share an id.
    for (let n = 2; ids.has(id); n++) id = `${letterIdOf(aging.asOf, level, key, multi ? ledger.currencies[c.account.currency]! : null)}-${n}`;
    ids.add(id);
    idOf.set(c, id);
  }

  const feeByIndex = new Map<number, FeeItem>();
  for (const f of fees.items) feeByIndex.set(f.index, f);
  // The offers a letter names: on the account's undisputed invoices, whether in its table or not yet due.
  const offersByAccount = new Map<string, DiscountOffer[]>();
  for (const o of input.offers?.values() ?? []) {
    if (ledger.disputed[o.invoice] === 1) continue;
    const key = `${ledger.customer[o.invoice]}/${ledger.currency[o.invoice]}`;
    const list = offersByAccount.get(key);
    if (list) list.push(o);
    else offersByAccount.set(key, [o]);
  }

  const plan: LetterPlan = { letters: [], skipped: [], nothingOverdue: [] };
  const withLetters = new Set<string>();
  for (const c of candidates) {
    const key = ledger.customers[c.account.customer]!.key;
    withLetters.add(key);
    if (filter.customers && !filter.customers.has(key)) continue;
    if (filter.tiers && (c.account.tier === null || !filter.tiers.has(c.account.tier))) continue;
    if (filter.minAmount && fromMinor(c.overdueUnits, scale).lessThan(filter.minAmount)) continue;
    const profile = master?.get(key);
    const currency = ledger.currencies[c.account.currency]!;
    const name = customerName(ledger.customers[c.account.customer]!.name, profile, key);
    if (profile?.doNotContact) {
      plan.skipped.push({ customerId: key, name, currency, overdue: unitsString(c.overdueUnits, scale), reason: "do_not_contact" });
      continue;
    }
    const lang: Lang = input.langFlag ?? profile?.lang ?? input.fallbackLang;
    const offers = offersByAccount.get(`${c.account.customer}/${c.account.currency}`) ?? [];
    plan.letters.push(letterFor(input, c, idOf.get(c)!, key, name, currency, lang, profile, feeByIndex, offers));
  }
  if (filter.customers) {
    for (const key of [...filter.customers].sort(compareText)) if (!withLetters.has(key)) plan.nothingOverdue.push(key);
  }
  return plan;
}

function letterFor(
  input: LetterPlanInput,
  c: Candidate,
  letterId: string,
  key: string,
  name: string,
  currency: string,
  lang: Lang,
  profile: CustomerProfile | undefined,
  feeByIndex: ReadonlyMap<number, FeeItem>,
  offers: readonly DiscountOffer[],
): PlannedLetter {
  const { ledger, fees, aging } = input;
  const scale = ledger.scale;
  const feeScale = fees.scale;
  const zh = lang === "zh";
  // Fee items are the same open, undisputed, overdue invoices; a letter sums exactly its own rows.
  let feeUnits = 0n;
  let perDayUnits = 0n;
  let rate: Decimal | undefined;
  const discountOffers = offers.map((o) => offerData(ledger, o, lang));
  const items: LetterItem[] = c.items.map((it) => {
    const f = feeByIndex.get(it.index);
    if (f !== undefined) {
      feeUnits += f.fee;
      perDayUnits += f.feePerDay;
      rate ??= f.rate;
    }
    return {
      docNo: docNoOf(ledger, it.index),
      docDate: isoDate(ledger.docDate[it.index]!),
      dueDate: isoDate(ledger.dueDate[it.index]!),
      amount: unitsGrouped(ledger.amount.get(it.index), scale),
      outstanding: unitsGrouped(it.outstanding, scale),
      daysOverdue: String(it.daysOverdue),
      discount: discountOffers[offers.findIndex((o) => o.invoice === it.index)] ?? null,
    };
  });
  rate ??= feeRateFor(key, input.rates);
  const total = fromMinor(c.overdueUnits, scale);
  const fee = fromMinor(feeUnits, feeScale);
  // Rounded once: the total and the fee are shown to the cent, the claim is their sum as shown.
  const claim = new Decimal(unitsString(c.overdueUnits, scale)).plus(fee);
  const deadline = input.calendar.addBusinessDays(aging.asOf, input.replyBusinessDays);
  const data: LetterData = {
    lang,
    level: input.level,
    asOf: aging.asOf,
    letterId,
    date: letterDate(aging.asOf, lang),
    company: companyBlock(input.company, lang),
    recipient: recipientBlock(key, name, profile),
    currency,
    currencyName: currencyName(currency, lang),
    currencyUnit: currencyUnit(currency, lang),
    amountUnit: amountUnit(currency, lang),
    items,
    total: {
      figures: unitsGrouped(c.overdueUnits, scale),
      daxie: zh && currency === "CNY" ? daxieRmb(total) : null,
    },
    fee: {
      accrued: unitsGrouped(feeUnits, feeScale),
      perDay: unitsGrouped(perDayUnits, feeScale),
      rateWords: zh ? rateInChinese(rate) : rateInEnglish(rate),
      rateFigure: rate.toString(),
    },
    claim: moneyGrouped(claim),
    discountOffers,
    replyDeadline: letterDate(deadline, lang),
    replyBusinessDays: String(input.replyBusinessDays),
    replyBusinessDaysWords: countInWords(input.replyBusinessDays, lang),
  };
  return {
    data,
    customerKey: key,
    customerName: name,
    currency,
    tier: c.account.tier,
    overdue: unitsString(c.overdueUnits, scale),
    fee: unitsString(feeUnits, feeScale),
    claim: claim.toFixed(2),
    replyDeadline: deadline,
    profile,
  };
}

// ---------------------------------------------------------------------------------------------
// Manifest

/**
 * Every mailing manifest (letters, statements) is laid out alike: the document's id, then who it
 * goes to, what it says, and where it is, with an empty tracking_number for the post office's
 * receipt. `ar log import-manifest` reads the columns by name.
 */
export const ADDRESS_COLUMNS = ["customer_id", "customer_name", "contact_name", "address", "postcode", "phone", "lang", "currency"] as const;
export const FILE_COLUMNS = ["pages", "file", "first_page", "sha256", "tracking_number"] as const;

/** A document written into the output folder. */
export interface MailedFile {
  /** File name inside the output folder. */
  file: string;
  sha256: string;
  pages: number;
  /** 1 for a document of its own; its first page in a combined PDF. */
  firstPage: number;
}

/** The ADDRESS_COLUMNS cells of a document. */
export function addressCells(customerId: string, name: string, recipient: LetterRecipient, lang: Lang, currency: string): string[] {
  return [customerId, name, recipient.contactName ?? "", recipient.address ?? "", recipient.postcode ?? "", recipient.phone ?? "", lang, currency];
}

/** The FILE_COLUMNS cells of a written document (tracking_number empty). */
export function fileCells(w: MailedFile): string[] {
  return [String(w.pages), w.file, String(w.firstPage), w.sha256, ""];
}

/** manifest.csv, the registered-mail batch; `ar log import-manifest` also reads letter_id and overdue_amount. */
export const MANIFEST_HEADER = ["letter_id", "level", ...ADDRESS_COLUMNS, "overdue_amount", "accrued_fee", "items", ...FILE_COLUMNS] as const;

export interface WrittenLetter extends MailedFile {
  letter: PlannedLetter;
}

export function manifestRow(w: WrittenLetter): string[] {
  const { letter } = w;
  const d = letter.data;
  return [d.letterId, d.level, ...addressCells(letter.customerKey, letter.customerName, d.recipient, d.lang, letter.currency), letter.overdue, letter.fee, String(d.items.length), ...fileCells(w)];
}

export function manifestCsv(written: readonly WrittenLetter[]): string {
  return csvTable(MANIFEST_HEADER, written.map(manifestRow));
}

// ---------------------------------------------------------------------------------------------
// Writing the batch

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Pages in a PDF pdfkit wrote: its page tree's /Count. */
export function pdfPageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * Files of one batch, staged in a hidden folder inside the output folder and moved into place
 * only when every one has been written, then the manifest last: a failure part-way leaves the
 * folder as it was. Memory holds one PDF at a time, whatever the batch size.
 */
export class BatchWriter {
  readonly dir: string;
  private readonly staging: string;
  private readonly staged: { name: string; from: string; to: string }[] = [];

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    this.staging = path.join(this.dir, `.ar-letters.${process.pid}.staging`);
  }

  /** Creates the output folder (and its parents) and the staging folder. */
  open(): void {
    mkdirSync(this.dir, { recursive: true });
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging);
  }

  /** Names must be unique and safe (safeFileName); each is checked to land inside the folder. */
  stage(name: string, data: Uint8Array | string): void {
    const to = resolveInside(this.dir, name);
    const from = resolveInside(this.staging, name);
    writeFileAtomic(from, data);
    this.staged.push({ name, from, to });
  }

  /** Moves every staged file into place; a target that is a folder is refused before any move. */
  commit(): void {
    for (const s of this.staged) {
      let isDir = false;
      try {
        isDir = statSync(s.to).isDirectory();
      } catch {
        isDir = false;
      }
      if (isDir) throw new Error(`${s.to} is a folder; nothing was written`);
    }
    for (const s of this.staged) renameSync(s.from, s.to);
    this.staged.length = 0;
    this.discard();
  }

  /** Removes the staging folder and whatever it holds. */
  discard(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}
