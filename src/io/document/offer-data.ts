/**
 * An early-payment discount on offer (engine/discount-offer.ts) as letters, statements and their
 * table notes print it (SPEC "Ledger: write-offs, instalment rows and early-payment discounts":
 * "Letters, statements and scripts for an invoice still inside its discount period say how much
 * may be deducted and by which date"). All display strings, as every document field.
 */
import { isoDate } from "../../engine/dates.js";
import type { DiscountOffer } from "../../engine/discount-offer.js";
import { docNoOf, type Ledger } from "../../engine/ledger.js";
import { Decimal, unitsGrouped } from "../../engine/money.js";
import { letterDate } from "../letters.js";
import type { Lang } from "./model.js";

export interface OfferData {
  docNo: string;
  docDate: string; // "2025-06-25"
  dueDate: string;
  /** Open at as-of, "1,000.00". */
  outstanding: string;
  /** The discount rate, "2%". */
  rate: string;
  /** What may be deducted, "20.00". */
  amount: string;
  /** What a payment quoting the invoice must bring to close it, "980.00". */
  pay: string;
  /** The last day to pay: "2025年7月5日" / "5 July 2025", and "2025-07-05". */
  lastDay: string;
  lastDayIso: string;
}

/** "0.02" → "2%", "0.015" → "1.5%". */
export function ratePercent(rate: string): string {
  return `${new Decimal(rate).mul(100).toFixed()}%`;
}

export function offerData(ledger: Ledger, offer: DiscountOffer, lang: Lang): OfferData {
  const i = offer.invoice;
  const money = (u: bigint) => unitsGrouped(u, ledger.scale);
  return {
    docNo: docNoOf(ledger, i),
    docDate: isoDate(ledger.docDate[i]!),
    dueDate: isoDate(ledger.dueDate[i]!),
    outstanding: money(offer.outstanding),
    rate: ratePercent(offer.rate),
    amount: money(offer.deductible),
    pay: money(offer.toPay),
    lastDay: letterDate(offer.lastDay, lang),
    lastDayIso: isoDate(offer.lastDay),
  };
}

/**
 * One line under a statement's table on the terminal:
 * 「现金折扣：D1在2025年7月5日前付款可扣除现金折扣20.00（2%），实付980.00」 /
 * "Early-payment discount on D1: 2% (20.00) may be deducted if paid by 2025-07-05; pay 980.00".
 */
export function offerNote(o: OfferData, lang: Lang): string {
  return lang === "zh"
    ? `现金折扣：${o.docNo}在${o.lastDay}前付款可扣除现金折扣${o.amount}（${o.rate}），实付${o.pay}`
    : `Early-payment discount on ${o.docNo}: ${o.rate} (${o.amount}) may be deducted if paid by ${o.lastDayIso}; pay ${o.pay}`;
}
