/**
 * The data contract between `ar letters` and the letter templates: every field any built-in
 * letter template uses. Money, dates and rates arrive as display strings formatted by the
 * caller (moneyGrouped, daxieRmb, rateInChinese…), so templates and the renderer never compute.
 * A field that is `null` is printed as nothing (the template may test it with {{#if}});
 * a field that is absent is an error.
 */
import type { CustomerProfile } from "../../engine/customers.js";
import type { Day } from "../../engine/dates.js";
import { companyFor, type Company } from "../config.js";
import type { DocumentMeta, DocumentModel, Lang } from "./model.js";
import type { OfferData } from "./offer-data.js";
import { documentFromTemplate, type Template } from "./template.js";

export type LetterLevel = "reminder" | "notice" | "final";

export interface LetterCompany {
  name: string;
  address: string;
  /** Optional (null when not configured): templates test them and leave their line out. */
  postcode: string | null;
  phone: string | null;
  email: string | null;
  bank: {
    name: string;
    accountName: string;
    accountNumber: string;
  };
}

export interface LetterRecipient {
  customerId: string;
  /** The customer's company name (客户名称). */
  company: string;
  contactName: string | null;
  contactTitle: string | null;
  address: string | null;
  postcode: string | null;
  phone: string | null;
}

/** One overdue, undisputed invoice, all display strings. */
export interface LetterItem {
  docNo: string;
  docDate: string; // "2025-05-16"
  dueDate: string;
  amount: string; // "80,000.00"
  outstanding: string;
  daysOverdue: string; // "45"
  /** The item is still inside its early-payment discount period: the offer; else null (the rule for overdue items). */
  discount: OfferData | null;
}

export interface LetterData {
  lang: Lang;
  level: LetterLevel;
  /** The as-of date; the PDF's creation date. */
  asOf: Day;
  letterId: string;
  /** The letter's date as printed: "2025年6月30日" / "30 June 2025". */
  date: string;
  company: LetterCompany;
  recipient: LetterRecipient;
  /** ISO code, "CNY". */
  currency: string;
  /** How the currency is written before amounts: "人民币" / "CNY". */
  currencyName: string;
  /** Written after an amount in running text: "元" for CNY in Chinese, else "". */
  currencyUnit: string;
  /** The unit in money column headings: "元", "美元", "USD". */
  amountUnit: string;
  items: LetterItem[];
  total: {
    /** Sum of the items' outstanding, "80,000.00". */
    figures: string;
    /** The same in capital numerals with the currency, "人民币捌万元整" (daxieRmb); null when not CNY. */
    daxie: string | null;
  };
  fee: {
    /** Late fee accrued to the as-of date, "1,234.56". */
    accrued: string;
    /** Late fee per day from now on, "240.00". */
    perDay: string;
    /** The daily rate in words: "千分之三" (rateInChinese) / "0.3%" (rateInEnglish). */
    rateWords: string;
    /** The daily rate as configured: "0.003". */
    rateFigure: string;
  };
  /** Outstanding plus accrued fee, "81,234.56". */
  claim: string;
  /**
   * Early-payment discounts on offer at the letter's date on the account's open, undisputed
   * invoices, overdue or not yet due (engine/discount-offer.ts), the one that ends first first;
   * empty (false for {{#if}}) when none, as for almost every letter.
   */
  discountOffers: OfferData[];
  /** The reply deadline as printed: "2025年7月3日". */
  replyDeadline: string;
  /** Business days given to reply: "3", and in words for Chinese letters: "三" / "three". */
  replyBusinessDays: string;
  replyBusinessDaysWords: string;
}

/**
 * The sender's block of every document (letters, statements, agreements). Required keys left out
 * of the config stay absent, so that strict rendering names them (company.address …); the optional
 * ones (postcode, phone, email) are null, which templates test with `{{#if}}` (strict mode lets a
 * test see null but not a missing key).
 */
export function companyBlock(configured: Company, lang: Lang): LetterCompany {
  const company = companyFor(configured, lang);
  return {
    name: company.name,
    address: company.address,
    postcode: company.postcode || null,
    phone: company.phone || null,
    email: company.email || null,
    bank: { name: company.bank?.name, accountName: company.bank?.accountName, accountNumber: company.bank?.accountNumber },
  } as LetterCompany;
}

/** The addressee's block: the customer's key and printed name, contact details from the customer master ("" is none). */
export function recipientBlock(customerId: string, name: string, profile: CustomerProfile | undefined): LetterRecipient {
  const blank = (v: string | undefined) => (v === undefined || v === "" ? null : v);
  return {
    customerId,
    company: name,
    contactName: blank(profile?.contactName),
    contactTitle: blank(profile?.contactTitle),
    address: blank(profile?.address),
    postcode: blank(profile?.postcode),
    phone: blank(profile?.phone),
  };
}

/**
 * A document from its template, with PDF metadata; a template that sets no title gets the
 * document's id. Throws TemplateError naming a missing field and `label`.
 */
export function titledDocument(template: Template, data: object, id: string, meta: Omit<DocumentMeta, "title">, label: string): DocumentModel {
  const model = documentFromTemplate(template, data, meta, label);
  if (model.meta.title === "") model.meta.title = id;
  return model;
}

/** How a letter is named in errors: its id and customer. */
export function letterLabel(data: Pick<LetterData, "letterId" | "recipient">): string {
  return `letter ${data.letterId} (customer ${data.recipient?.customerId ?? "?"})`;
}

/** The document for one letter; throws TemplateError naming a missing field and the letter. */
export function letterDocument(data: LetterData, template: Template): DocumentModel {
  const meta = { author: data.company.name, subject: `${data.letterId} ${data.recipient.company}`, keywords: `${data.level} ${data.recipient.customerId}`, creationDate: data.asOf, lang: data.lang };
  return titledDocument(template, data, data.letterId, meta, letterLabel(data));
}
