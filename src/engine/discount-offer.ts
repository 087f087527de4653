/**
 * The early-payment discount still on offer (SPEC.md "Ledger: write-offs, instalment rows and
 * early-payment discounts": "Letters, statements and scripts for an invoice still inside its
 * discount period say how much may be deducted and by which date").
 *
 * It is the settlement rule read forwards (settle.ts `discountAllowed`): a payment naming the
 * invoice in `applies_to`, dated on or before doc date + discount days, that leaves at most
 * round(rate × amount) open closes the invoice. So on a day `on` (as-of, or the day of a call
 * after it), for an invoice with discount terms that is still open at as-of:
 *
 *   lastDay    = doc date + discount days            (the payment may be dated this day)
 *   deductible = round(rate × invoice amount), half-up to cents   (the discount limit)
 *   toPay      = outstanding − deductible            (the least payment that earns it)
 *
 * and there is an offer when `on` ≤ lastDay and toPay > 0. No offer is made for an invoice that
 * a discount already settled, for one exported as several payment terms (settlement never grants
 * those one), or when what is open is no more than the discount itself: then no payment is left
 * to earn it, and a letter saying "pay 0.00" would only confuse.
 */
import type { Day } from "./dates.js";
import { docNoOf, findCharge, oldestFirst, type Ledger } from "./ledger.js";
import { discountLimit, type Settled } from "./settle.js";

export interface DiscountOffer {
  /** The invoice's (or debit note's) document index. */
  invoice: number;
  /** The discount rate as an exact decimal fraction, "0.02" for 2%. */
  rate: string;
  /** The last day a payment may be dated to earn the discount: doc date + discount days. */
  lastDay: Day;
  /** Open at as-of, minor units at the ledger's scale. */
  outstanding: bigint;
  /** What may be deducted: round(rate × invoice amount), half-up to cents; minor units. */
  deductible: bigint;
  /** What a payment naming the invoice must bring to close it: outstanding − deductible (> 0). */
  toPay: bigint;
}

/**
 * The offer on `invoice` on day `on` (default: the settled ledger's as-of; a call planned for a
 * later day asks for that day), from what is open at as-of; null when there is none.
 */
export function discountOffer(settled: Settled, invoice: number, on: Day = settled.asOf): DiscountOffer | null {
  const l = settled.ledger;
  const terms = l.discounts.get(invoice);
  if (terms === undefined || l.docDate[invoice]! > settled.asOf) return null;
  const lastDay = l.docDate[invoice]! + terms.days;
  if (on > lastDay || settled.discounts.has(invoice) || !oneTerm(l, invoice)) return null;
  const outstanding = settled.outstanding.get(invoice);
  const deductible = discountLimit(terms.rate, l.amount.get(invoice), l.scale);
  if (outstanding <= deductible) return null;
  return { invoice, rate: terms.rate, lastDay, outstanding, deductible, toPay: outstanding - deductible };
}

/**
 * Every offer on day `on`, by invoice, in the order a customer reads them: the one that ends
 * first first, then the open-item order (due date, doc date, doc_no).
 */
export function discountOffers(settled: Settled, on: Day = settled.asOf): Map<number, DiscountOffer> {
  const l = settled.ledger;
  const offers: DiscountOffer[] = [];
  for (const invoice of l.discounts.keys()) {
    const offer = discountOffer(settled, invoice, on);
    if (offer !== null) offers.push(offer);
  }
  offers.sort((a, b) => a.lastDay - b.lastDay || oldestFirst(l, a.invoice, b.invoice));
  return new Map(offers.map((o) => [o.invoice, o]));
}

/**
 * The one offer a call script mentions (SPEC: scripts "say how much may be deducted and by which
 * date"): of `offers` (at as-of), those of the customer's account in `currency` on undisputed
 * invoices still open on the call's day `on`; the one on invoice `about` (what the call is about)
 * if it has one, else the one that ends first. Undefined when none.
 */
export function offerToMention(ledger: Ledger, offers: ReadonlyMap<number, DiscountOffer>, call: { customer: number; currency: string; on: Day; about: number }): DiscountOffer | undefined {
  const usable = (o: DiscountOffer) => o.lastDay >= call.on && ledger.disputed[o.invoice] === 0 && ledger.customer[o.invoice] === call.customer && ledger.currencies[ledger.currency[o.invoice]!] === call.currency;
  const focus = offers.get(call.about);
  if (focus !== undefined && usable(focus)) return focus;
  for (const o of offers.values()) if (usable(o)) return o;
  return undefined;
}

/** Whether the invoice was exported as one row (settlement grants discounts only to those). */
function oneTerm(l: Ledger, invoice: number): boolean {
  const next = l.nextInstalment;
  if (next === undefined) return true;
  // The charge table names an invoice's first term; a later term, or a first with a next, is one of several.
  return next[invoice] === -1 && findCharge(l.charges, l.customer[invoice]!, docNoOf(l, invoice)) === invoice;
}
