/**
 * The data contract between `ar plan --agreement` and the repayment-agreement templates
 * (templates/agreements/{zh,en}/agreement.hbs): the debts covered, the amount agreed, the
 * schedule, the payment account and both parties. As for letters and statements, every figure
 * arrives formatted; a `null` field prints as nothing, an absent one is an error.
 */
import type { CustomerProfile } from "../../engine/customers.js";
import { isoDate, weekdayOf, ymdOf, type Day } from "../../engine/dates.js";
import { daxieRmb, rateInChinese, rateInEnglish } from "../../engine/daxie.js";
import { fromMinor, unitsGrouped, type Decimal } from "../../engine/money.js";
import type { Schedule } from "../../engine/plan.js";
import type { Company } from "../config.js";
import { countInWords, currencyName, currencyUnit, letterDate } from "../letters.js";
import { companyBlock, recipientBlock, titledDocument, type LetterCompany, type LetterRecipient } from "./letter-data.js";
import type { DocumentModel, Lang } from "./model.js";
import type { Template } from "./template.js";

/** One debt the agreement covers: an overdue, undisputed invoice or debit note. */
export interface AgreementDebt {
  docNo: string;
  docDate: string;
  dueDate: string;
  amount: string;
  outstanding: string;
  daysOverdue: string;
  /** Accrued late fee of the item, "1,234.56"; null unless the fee is included in the plan. */
  fee: string | null;
}

export interface AgreementPayment {
  /** 0 for the down payment, then 1 … */
  n: string;
  /** "首付款" / "Down payment", "第1期" / "Instalment 1". */
  label: string;
  /** Printed date, "2025年7月3日" / "3 July 2025"; `dueDateIso` "2025-07-03". */
  dueDate: string;
  dueDateIso: string;
  amount: string;
  /** "2025-08-15 is a Sunday: due the business day before" in words, else null. */
  moved: string | null;
}

export interface AgreementData {
  lang: Lang;
  asOf: Day;
  agreementId: string;
  /** The agreement's date as printed (as-of). */
  date: string;
  /** The creditor (甲方). */
  company: LetterCompany;
  /** The debtor (乙方). */
  debtor: LetterRecipient;
  currency: string;
  currencyName: string;
  /** "元" for CNY in Chinese, else "". */
  currencyUnit: string;
  debts: AgreementDebt[];
  hasDebts: boolean;
  /** Sums of the debts: outstanding, fee (null unless included), and their total. */
  debtTotals: { outstanding: string; fee: string | null; total: string };
  /** The amount the plan schedules. */
  amount: { figures: string; daxie: string | null };
  /** True when the amount was given with --amount rather than taken from the debts. */
  amountGiven: boolean;
  includesFee: boolean;
  /** The down payment, or null with a down share of 0. */
  down: { share: string; amount: string; dueDate: string; businessDays: string; businessDaysWords: string } | null;
  instalments: AgreementPayment[];
  /** Down payment (if any) and instalments, in order. */
  schedule: AgreementPayment[];
  /** Whether any due date was moved to the business day before (the table then explains it). */
  anyMoved: boolean;
  instalmentCount: string;
  instalmentCountWords: string;
  /** The day of the month instalments fall due: "15". */
  day: string;
  /** Late fee rate for a missed instalment, in words ("千分之三" / "0.3%") and as configured. */
  feeRateWords: string;
  feeRateFigure: string;
}

export function agreementLabel(data: Pick<AgreementData, "agreementId" | "debtor">): string {
  return `agreement ${data.agreementId} (customer ${data.debtor?.customerId ?? "?"})`;
}

/** The document for one agreement; throws TemplateError naming a missing field. */
export function agreementDocument(data: AgreementData, template: Template): DocumentModel {
  const meta = {
    author: data.company.name,
    subject: `${data.agreementId} ${data.debtor.company}`,
    keywords: `agreement ${data.debtor.customerId} ${data.currency}`,
    creationDate: data.asOf,
    lang: data.lang,
  };
  return titledDocument(template, data, data.agreementId, meta, agreementLabel(data));
}

/** `PA-20250630-C023`. */
export function agreementIdOf(asOf: Day, customerKey: string): string {
  const { y, m, d } = ymdOf(asOf);
  // eslint-disable-next-line no-control-regex
  return `PA-${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}-${customerKey.replace(/[\u0000-\u001f\u007f]/g, "_")}`;
}

export interface AgreementDebtInput {
  docNo: string;
  docDate: Day;
  dueDate: Day;
  amount: bigint;
  outstanding: bigint;
  daysOverdue: number;
  fee: bigint;
}

export interface AgreementContext {
  lang: Lang;
  asOf: Day;
  scale: number;
  company: Company;
  customerId: string;
  name: string;
  profile: CustomerProfile | undefined;
  currency: string;
  debts: AgreementDebtInput[];
  includesFee: boolean;
  amountGiven: boolean;
  feeRate: Decimal;
}

const WEEKDAYS: Record<Lang, string[]> = {
  zh: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};

/** Every figure and word of the agreement for a schedule. */
export function agreementData(schedule: Schedule, ctx: AgreementContext, isBusinessDay: (day: Day) => boolean): AgreementData {
  const { lang, scale } = ctx;
  const zh = lang === "zh";
  const money = (u: bigint) => unitsGrouped(u, scale);
  const payments: AgreementPayment[] = schedule.payments.map((p) => {
    const label = p.kind === "down" ? (zh ? "首付款" : "Down payment") : zh ? `第${p.n}期` : `Instalment ${p.n}`;
    let moved: string | null = null;
    if (p.dueDate !== p.nominalDate) {
      const nominal = letterDate(p.nominalDate, lang);
      const weekday = WEEKDAYS[lang][weekdayOf(p.nominalDate)]!;
      const why = isBusinessDay(p.nominalDate) ? "" : zh ? (weekday === "星期六" || weekday === "星期日" ? `为${weekday}` : "为节假日") : weekday === "Saturday" || weekday === "Sunday" ? ` is a ${weekday}` : " is a holiday";
      moved = zh ? `${nominal}${why}，提前至${letterDate(p.dueDate, lang)}` : `${nominal}${why}: due ${letterDate(p.dueDate, lang)}`;
    }
    return { n: String(p.n), label, dueDate: letterDate(p.dueDate, lang), dueDateIso: isoDate(p.dueDate), amount: money(p.amount), moved };
  });
  const instalments = payments.filter((p) => p.n !== "0");
  const downRow = schedule.payments.find((p) => p.kind === "down");
  let outstanding = 0n;
  let fee = 0n;
  for (const d of ctx.debts) {
    outstanding += d.outstanding;
    fee += d.fee;
  }
  const t = schedule.terms;
  const sharePercent = t.downShare.times(100);
  return {
    lang,
    asOf: ctx.asOf,
    agreementId: agreementIdOf(ctx.asOf, ctx.customerId),
    date: letterDate(ctx.asOf, lang),
    company: companyBlock(ctx.company, lang),
    debtor: recipientBlock(ctx.customerId, ctx.name, ctx.profile),
    currency: ctx.currency,
    currencyName: currencyName(ctx.currency, lang),
    currencyUnit: currencyUnit(ctx.currency, lang),
    debts: ctx.debts.map((d) => ({
      docNo: d.docNo,
      docDate: isoDate(d.docDate),
      dueDate: isoDate(d.dueDate),
      amount: money(d.amount),
      outstanding: money(d.outstanding),
      daysOverdue: String(d.daysOverdue),
      fee: ctx.includesFee ? money(d.fee) : null,
    })),
    hasDebts: ctx.debts.length > 0,
    debtTotals: { outstanding: money(outstanding), fee: ctx.includesFee ? money(fee) : null, total: money(outstanding + (ctx.includesFee ? fee : 0n)) },
    amount: { figures: money(t.amount), daxie: zh && ctx.currency === "CNY" ? daxieRmb(fromMinor(t.amount, scale)) : null },
    amountGiven: ctx.amountGiven,
    includesFee: ctx.includesFee,
    down:
      downRow === undefined
        ? null
        : {
            share: `${sharePercent.toFixed()}%`,
            amount: money(downRow.amount),
            dueDate: letterDate(downRow.dueDate, lang),
            businessDays: String(t.downDays),
            businessDaysWords: countInWords(t.downDays, lang),
          },
    instalments,
    schedule: payments,
    anyMoved: payments.some((p) => p.moved !== null),
    instalmentCount: String(t.instalments),
    instalmentCountWords: countInWords(t.instalments, lang),
    day: String(t.day),
    feeRateWords: zh ? rateInChinese(ctx.feeRate) : rateInEnglish(ctx.feeRate),
    feeRateFigure: ctx.feeRate.toString(),
  };
}
