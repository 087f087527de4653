/**
 * Statements of account (对账单, SPEC.md "Statements of account"): per customer and currency, the
 * balance brought forward, every document of the period with a running balance, the closing
 * balance and the aging of that closing balance.
 *
 *   opening = Σ debits − Σ credits over the account's documents dated before `from`
 *   closing = opening + period debits − period credits
 *           = Σ debits − Σ credits over everything dated on or before as-of
 *           = open outstanding − unapplied credit            (the control total, per account)
 *           = the account's `balance` in `ar age` at the same as-of
 *
 * The statement is the ledger seen from the customer's side: it is the same whatever `--apply`
 * says (settlement decides which invoice a receipt paid, never how much was received), and
 * disputed invoices are on it like any other document.
 *
 * A document is what the customer sees as one: the rows that share (type, doc_no, date) within
 * an account are one line. A receipt that settles seven invoices is exported as seven rows with
 * the same number; the customer paid once. Invoices and debit notes never share a number.
 *
 * Lines are in date order; on one day, invoices and debit notes come before receipts and credit
 * notes (a running balance that dips below zero only because a same-day receipt was listed first
 * would confuse the reader), then input order.
 *
 * An invoice still inside its early-payment discount period at as-of carries the offer (SPEC
 * "Ledger: write-offs, instalment rows and early-payment discounts": statements "say how much may
 * be deducted and by which date"; engine/discount-offer.ts): on its line, and in the statement's
 * `offers`, which also holds those of invoices brought forward (dated before the period).
 */
import { compareText } from "./order.js";
import { bucketDefs, type Aging, type BucketDef } from "./aging.js";
import type { Day } from "./dates.js";
import { docNoOf, isCharge, KIND_NAMES, type KindCode } from "./ledger.js";
import type { DocKind } from "./values.js";
import type { Settled } from "./settle.js";
import { discountOffers, type DiscountOffer } from "./discount-offer.js";

/** A statement line's type: the document's kind, or `discount` for a discount allowed (no document of its own). */
export type StatementLineType = DocKind | "discount";

export interface StatementLine {
  date: Day;
  type: StatementLineType;
  docNo: string;
  /** Invoices and debit notes only. */
  dueDate: Day | null;
  /** Minor units at the ledger's scale; one of debit and credit is 0. */
  debit: bigint;
  credit: bigint;
  /** Running balance after this line. */
  balance: bigint;
  /** An invoice or debit note marked disputed in the ledger. */
  disputed: boolean;
  /** Ledger row indices behind the line (several for a receipt split over invoices). */
  rows: number[];
  /** An invoice or debit note still inside its early-payment discount period at as-of: the offer. */
  offer?: DiscountOffer;
}

export interface Statement {
  customerId: string;
  /** The ledger's customer index, -1 for a customer the ledger does not know (all zero). */
  customer: number;
  /** The first non-empty customer_name of the ledger ("" when none). */
  name: string;
  currency: string;
  opening: bigint;
  debits: bigint;
  credits: bigint;
  closing: bigint;
  lines: StatementLine[];
  /** The aging of the closing balance: open amounts by bucket (`ar age`'s buckets, by due date). */
  aging: bigint[];
  /** Credit on account that no invoice has absorbed; closing = Σ aging − unapplied. */
  unapplied: bigint;
  /**
   * Early-payment discounts on offer at as-of on the account's open invoices, lines or brought
   * forward, the one that ends first first (engine/discount-offer.ts); usually empty.
   */
  offers: DiscountOffer[];
}

export interface StatementReport {
  asOf: Day;
  from: Day;
  scale: number;
  buckets: BucketDef[];
  statements: Statement[];
}

export interface StatementOptions {
  /** First day of the period (inclusive); the period ends at the settled ledger's as-of. */
  from: Day;
  /**
   * Customers by key, in the order wanted. null (`--all`): every account with a balance at either
   * end of the period or a document in it, sorted by (customer key, currency).
   */
  customers: readonly string[] | null;
  /** For a named customer with no document on or before as-of: the currency of its (empty) statement. */
  defaultCurrency: string;
}

/** Statements at the settled ledger's as-of; `aging` is `age(settled, …)` by due date at the same as-of. */
export function buildStatements(settled: Settled, aging: Aging, options: StatementOptions): StatementReport {
  const l = settled.ledger;
  const asOf = settled.asOf;
  const { from } = options;
  if (from > asOf) throw new RangeError("the period starts after as-of");
  const buckets = aging.buckets.length > 0 ? aging.buckets : bucketDefs([30, 60, 90], "due");
  const aged = new Map<string, { buckets: bigint[]; unapplied: bigint }>();
  for (const a of aging.accounts) aged.set(`${a.customer}/${a.currency}`, a);

  const discountsByAccount = new Map<string, { invoice: number; date: Day; units: bigint }[]>();
  for (const [invoice, d] of settled.discounts) {
    const key = `${l.customer[invoice]}/${l.currency[invoice]}`;
    let list = discountsByAccount.get(key);
    if (!list) discountsByAccount.set(key, (list = []));
    list.push({ invoice, date: d.date, units: d.units });
  }
  for (const list of discountsByAccount.values()) list.sort((a, b) => a.date - b.date || a.invoice - b.invoice);

  const offersByAccount = new Map<string, DiscountOffer[]>();
  for (const offer of discountOffers(settled).values()) {
    const key = `${l.customer[offer.invoice]}/${l.currency[offer.invoice]}`;
    let list = offersByAccount.get(key);
    if (!list) offersByAccount.set(key, (list = []));
    list.push(offer);
  }

  const customerIndex = new Map<string, number>();
  l.customers.forEach((c, i) => customerIndex.set(c.key, i));

  const statementOf = (account: Settled["accounts"][number]): Statement => {
    const docs = [...account.events].filter((i) => l.docDate[i]! <= asOf);
    let opening = 0n;
    const inPeriod: number[] = [];
    for (const i of docs) {
      const signed = isCharge(l.kind[i]!) ? l.amount.get(i) : -l.amount.get(i);
      if (l.docDate[i]! < from) opening += signed;
      else inPeriod.push(i);
    }
    // Discounts allowed on the account's invoices: credits without a document, on the payment's date.
    const discountLines = discountsByAccount.get(`${account.customer}/${account.currency}`) ?? [];
    for (const d of discountLines) if (d.date < from) opening -= d.units;
    inPeriod.sort((a, b) => l.docDate[a]! - l.docDate[b]! || (isCharge(l.kind[a]!) ? 0 : 1) - (isCharge(l.kind[b]!) ? 0 : 1) || a - b);
    // Group rows into documents first, so a receipt's rows make one line wherever they sort.
    const documents: number[][] = [];
    const byDocument = new Map<string, number[]>();
    for (const i of inPeriod) {
      if (isCharge(l.kind[i]!)) {
        documents.push([i]);
        continue;
      }
      const key = `${l.kind[i]}\u0000${docNoOf(l, i)}\u0000${l.docDate[i]}`;
      const rows = byDocument.get(key);
      if (rows !== undefined) rows.push(i);
      else {
        const fresh = [i];
        byDocument.set(key, fresh);
        documents.push(fresh);
      }
    }
    const offers = offersByAccount.get(`${account.customer}/${account.currency}`) ?? [];
    const offerOf = new Map(offers.map((o) => [o.invoice, o]));
    const lines: StatementLine[] = [];
    let balance = opening;
    let debits = 0n;
    let credits = 0n;
    for (const rows of documents) {
      const i = rows[0]!;
      const kind = l.kind[i]! as KindCode;
      const charge = isCharge(kind);
      let amount = 0n;
      for (const r of rows) amount += l.amount.get(r);
      if (charge) debits += amount;
      else credits += amount;
      balance += charge ? amount : -amount;
      const line: StatementLine = {
        date: l.docDate[i]!,
        type: KIND_NAMES[kind]!,
        docNo: docNoOf(l, i),
        dueDate: charge ? l.dueDate[i]! : null,
        debit: charge ? amount : 0n,
        credit: charge ? 0n : amount,
        balance,
        disputed: charge && l.disputed[i] === 1,
        rows,
      };
      const offer = charge ? offerOf.get(i) : undefined;
      if (offer !== undefined) line.offer = offer;
      lines.push(line);
    }
    for (const d of discountLines) {
      if (d.date < from) continue;
      // After the payment that earned it (and any other document of that day).
      let at = lines.length;
      while (at > 0 && lines[at - 1]!.date > d.date) at--;
      lines.splice(at, 0, { date: d.date, type: "discount", docNo: docNoOf(l, d.invoice), dueDate: null, debit: 0n, credit: d.units, balance: 0n, disputed: false, rows: [] });
      credits += d.units;
    }
    if (discountLines.length > 0) {
      let running = opening;
      for (const line of lines) line.balance = running += line.debit - line.credit;
    }
    const a = aged.get(`${account.customer}/${account.currency}`);
    const c = l.customers[account.customer]!;
    return {
      customerId: c.key,
      customer: account.customer,
      name: c.name,
      currency: l.currencies[account.currency]!,
      opening,
      debits,
      credits,
      closing: opening + debits - credits,
      lines,
      aging: a ? [...a.buckets] : buckets.map(() => 0n),
      unapplied: a ? a.unapplied : 0n,
      offers,
    };
  };

  const statements: Statement[] = [];
  if (options.customers === null) {
    for (const account of settled.accounts) {
      const s = statementOf(account);
      if (s.opening !== 0n || s.closing !== 0n || s.lines.length > 0) statements.push(s);
    }
    statements.sort((a, b) => compareText(a.customerId, b.customerId) || compareText(a.currency, b.currency));
  } else {
    const seen = new Set<string>();
    for (const key of options.customers) {
      if (seen.has(key)) continue;
      seen.add(key);
      const index = customerIndex.get(key) ?? -1;
      const own = settled.accounts.filter((a) => a.customer === index).map(statementOf);
      own.sort((a, b) => compareText(a.currency, b.currency));
      if (own.length === 0) {
        own.push({
          customerId: key,
          customer: index,
          name: index >= 0 ? l.customers[index]!.name : "",
          currency: options.defaultCurrency,
          opening: 0n,
          debits: 0n,
          credits: 0n,
          closing: 0n,
          lines: [],
          aging: buckets.map(() => 0n),
          unapplied: 0n,
          offers: [],
        });
      }
      statements.push(...own);
    }
  }
  return { asOf, from, scale: l.scale, buckets, statements };
}
