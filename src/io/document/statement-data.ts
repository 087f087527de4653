/**
 * The data contract between `ar statement` and the statement templates
 * (templates/statements/{zh,en}/statement.hbs): every field a built-in statement template uses.
 * As for letters, money, dates and words arrive as display strings, so templates never compute;
 * a field that is `null` prints as nothing (test it with {{#if}}), an absent field is an error.
 */
import type { BucketDef } from "../../engine/aging.js";
import type { CustomerProfile } from "../../engine/customers.js";
import { isoDate, ymdOf, type Day } from "../../engine/dates.js";
import { daxieRmb } from "../../engine/daxie.js";
import { fromMinor, unitsGrouped } from "../../engine/money.js";
import type { Statement, StatementLineType } from "../../engine/statement.js";
import type { Ledger } from "../../engine/ledger.js";
import type { Company } from "../config.js";
import { countInWords, currencyName, currencyUnit, letterDate } from "../letters.js";
import { companyBlock, recipientBlock, titledDocument, type LetterCompany, type LetterRecipient } from "./letter-data.js";
import type { DocumentModel, Lang } from "./model.js";
import { offerData, type OfferData } from "./offer-data.js";
import type { Template } from "./template.js";

/** One document of the period, all display strings. */
export interface StatementLineData {
  date: string; // "2025-06-05"
  /** The document type in words: "销售发票" / "Invoice". */
  type: string;
  /** The canonical type: invoice, debit_note, payment, credit_note. */
  typeCode: string;
  docNo: string;
  /** "" for receipts and credit notes. */
  dueDate: string;
  /** "" when the line is a credit. */
  debit: string;
  /** "" when the line is a debit. */
  credit: string;
  /** Running balance after the line, "80,850.00". */
  balance: string;
  /** An invoice marked disputed in the ledger. */
  disputed: boolean;
  /** An invoice still inside its early-payment discount period: the offer; else null. */
  discount: OfferData | null;
}

export interface StatementAgingData {
  key: string; // "1-30"
  /** "1–30天" / "1–30 days". */
  label: string;
  amount: string;
}

export interface StatementData {
  lang: Lang;
  /** The as-of date: the end of the period and the PDF's creation date. */
  asOf: Day;
  statementId: string;
  /** The statement's date as printed (the as-of date): "2025年6月30日" / "30 June 2025". */
  date: string;
  period: {
    from: string; // "2025年6月1日"
    to: string;
    /** ISO dates, for the table. */
    fromIso: string;
    toIso: string;
  };
  company: LetterCompany;
  recipient: LetterRecipient;
  currency: string;
  /** "人民币" / "CNY". */
  currencyName: string;
  /** The unit written after an amount in Chinese text: "元" for CNY, "" otherwise (美元 12,450.00). */
  currencyUnit: string;
  opening: string;
  debits: string;
  credits: string;
  closing: {
    /** Signed, "82,180.00" or "-20,000.00". */
    figures: string;
    /** Without the sign: the amount the customer owes, or the credit it holds with us. */
    absolute: string;
    /** The customer owes us the closing balance (it is above zero). */
    owedByCustomer: boolean;
    /** The closing balance is in the customer's favour (prepayment, overpayment): below zero. */
    inCustomersFavour: boolean;
    /** Capital numerals of the absolute amount with the currency, "人民币捌万贰仟壹佰捌拾元整"; null unless Chinese and CNY. */
    daxie: string | null;
  };
  lines: StatementLineData[];
  /** Whether the period has any document (the table then holds only the balances). */
  hasLines: boolean;
  /** Whether any line is a disputed invoice (the template then explains the mark). */
  hasDisputed: boolean;
  aging: StatementAgingData[];
  /** Credit on account not yet matched to an invoice, "1,600.00"; null when none. */
  unapplied: string | null;
  /**
   * Early-payment discounts on offer at the statement's date, on the period's invoices and those
   * brought forward, the one that ends first first; empty (false for {{#if}}) when none.
   */
  discountOffers: OfferData[];
  replyDeadline: string;
  replyBusinessDays: string;
  replyBusinessDaysWords: string;
}

/** How a statement is named in errors. */
export function statementLabel(data: Pick<StatementData, "statementId" | "recipient">): string {
  return `statement ${data.statementId} (customer ${data.recipient?.customerId ?? "?"})`;
}

/** The document for one statement; throws TemplateError naming a missing field and the statement. */
export function statementDocument(data: StatementData, template: Template): DocumentModel {
  const meta = { author: data.company.name, subject: `${data.statementId} ${data.recipient.company}`, keywords: `statement ${data.recipient.customerId} ${data.currency}`, creationDate: data.asOf, lang: data.lang };
  return titledDocument(template, data, data.statementId, meta, statementLabel(data));
}

// ---------------------------------------------------------------------------------------------
// Building the data of one statement

const TYPE_WORDS: Record<Lang, Record<StatementLineType, string>> = {
  zh: { invoice: "销售发票", debit_note: "借项通知单", payment: "收款", credit_note: "贷项通知单", write_off: "坏账核销", discount: "现金折扣" },
  en: { invoice: "Invoice", debit_note: "Debit note", payment: "Payment received", credit_note: "Credit note", write_off: "Write-off", discount: "Discount allowed" },
};

/** A document type as a statement names it. */
export function docTypeWord(type: StatementLineType, lang: Lang): string {
  return TYPE_WORDS[lang][type];
}

/** An aging bucket as a statement heads it: 未到期 / Not yet due, 1–30天 / 1–30 days, 91天以上 / Over 90 days. */
export function agingLabel(bucket: BucketDef, lang: Lang): string {
  if (bucket.to !== null && bucket.to <= 0 && bucket.from === null) return lang === "zh" ? "未到期" : "Not yet due";
  if (bucket.to === null) return lang === "zh" ? `${bucket.from}天以上` : `${bucket.from}+ days`;
  return lang === "zh" ? `${bucket.from}–${bucket.to}天` : `${bucket.from}–${bucket.to} days`;
}

/** `ST-20250630-C001`, or `ST-20250630-C004-USD` for one of a customer's several currencies. */
export function statementIdOf(asOf: Day, customerKey: string, currency: string | null): string {
  const { y, m, d } = ymdOf(asOf);
  const date = `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`;
  // eslint-disable-next-line no-control-regex
  const customer = customerKey.replace(/[\u0000-\u001f\u007f]/g, "_");
  return `ST-${date}-${customer}${currency === null ? "" : `-${currency}`}`;
}

export interface StatementContext {
  lang: Lang;
  /** The ledger the statement was built from (for the discount offers' invoices). */
  ledger: Ledger;
  statementId: string;
  from: Day;
  asOf: Day;
  scale: number;
  buckets: readonly BucketDef[];
  company: Company;
  /** The customer's name as printed (customer master, else ledger, else key). */
  name: string;
  profile: CustomerProfile | undefined;
  replyDeadline: Day;
  replyBusinessDays: number;
}

/** Every figure and word of one statement, ready for its template. */
export function statementData(s: Statement, ctx: StatementContext): StatementData {
  const { lang, scale } = ctx;
  const money = (u: bigint) => unitsGrouped(u, scale);
  const absolute = s.closing < 0n ? -s.closing : s.closing;
  const offer = (o: Statement["offers"][number]) => offerData(ctx.ledger, o, lang);
  return {
    lang,
    asOf: ctx.asOf,
    statementId: ctx.statementId,
    date: letterDate(ctx.asOf, lang),
    period: { from: letterDate(ctx.from, lang), to: letterDate(ctx.asOf, lang), fromIso: isoDate(ctx.from), toIso: isoDate(ctx.asOf) },
    company: companyBlock(ctx.company, lang),
    recipient: recipientBlock(s.customerId, ctx.name, ctx.profile),
    currency: s.currency,
    currencyName: currencyName(s.currency, lang),
    currencyUnit: currencyUnit(s.currency, lang),
    opening: money(s.opening),
    debits: money(s.debits),
    credits: money(s.credits),
    closing: {
      figures: money(s.closing),
      absolute: money(absolute),
      owedByCustomer: s.closing > 0n,
      inCustomersFavour: s.closing < 0n,
      daxie: lang === "zh" && s.currency === "CNY" ? daxieRmb(fromMinor(absolute, scale)) : null,
    },
    lines: s.lines.map((l) => ({
      date: isoDate(l.date),
      type: docTypeWord(l.type, lang),
      typeCode: l.type,
      docNo: l.docNo,
      dueDate: l.dueDate === null ? "" : isoDate(l.dueDate),
      debit: l.debit === 0n ? "" : money(l.debit),
      credit: l.credit === 0n ? "" : money(l.credit),
      balance: money(l.balance),
      disputed: l.disputed,
      discount: l.offer === undefined ? null : offer(l.offer),
    })),
    hasLines: s.lines.length > 0,
    hasDisputed: s.lines.some((l) => l.disputed),
    aging: ctx.buckets.map((b, k) => ({ key: b.key, label: agingLabel(b, lang), amount: money(s.aging[k] ?? 0n) })),
    unapplied: s.unapplied === 0n ? null : money(s.unapplied),
    discountOffers: s.offers.map(offer),
    replyDeadline: letterDate(ctx.replyDeadline, lang),
    replyBusinessDays: String(ctx.replyBusinessDays),
    replyBusinessDaysWords: countInWords(ctx.replyBusinessDays, lang),
  };
}
