/**
 * Limitation periods (诉讼时效, SPEC.md "Limitation periods"), per open invoice.
 *
 * The period runs from the due date and lasts `years` (3 under PRC Civil Code art. 188). Each
 * interruption before the period ends restarts it from the interruption's date (art. 195):
 *   - the creditor's demand: a `letter_sent`, `call`, `visit`, `email` or `wechat` event with
 *     evidence (one without evidence is listed and warned about, but interrupts nothing: it could
 *     not be proved);
 *   - the debtor's agreement to perform: `promise`, `agreement`, `statement_confirmed`, and every
 *     payment or credit the ledger applies to the invoice, partial ones included;
 *   - proceedings: `legal`.
 * An event with a `doc_no` concerns that invoice; one without, every invoice of the customer open
 * at its date. An interruption dated on or before the due date changes nothing.
 * After the period has ended a demand or proceedings revive nothing, but the debtor's own
 * acknowledgement starts a new period from its date (`revived`): the debtor has waived the defence
 * (art. 192).
 * The last day of a period is the same month and day `years` later, the month's last day when that
 * month has no such day (art. 202), moved to the next working day when it is not one (art. 203);
 * and never later than 20 years after the due date (art. 188), a bound that is not moved.
 */
import { compareText } from "./order.js";
import { addMonthsClamped, ymdOf, type Day } from "./dates.js";
import { DOC_KINDS, docNoOf, isCharge, KIND_PAYMENT } from "./ledger.js";
import type { Settled } from "./settle.js";

export type InterruptionRole = "demand" | "acknowledgement" | "proceedings";

/** What an event type does to the period; undefined: nothing (`dispute`). */
export function roleOf(type: string): InterruptionRole | undefined {
  switch (type) {
    case "letter_sent":
    case "call":
    case "visit":
    case "email":
    case "wechat":
      return "demand";
    case "promise":
    case "agreement":
    case "statement_confirmed":
    case "payment":
    case "credit_note":
      return "acknowledgement";
    case "legal":
      return "proceedings";
    default:
      return undefined;
  }
}

/** The fields of a ContactEvent (src/engine/events.ts) that limitation reads. */
export interface LimitationEvent {
  date: Day;
  customerId: string;
  type: string;
  docNo: string;
  evidence: readonly string[];
  file: string;
  line: number;
}

/** A payment or credit the ledger applied to the invoice. */
export interface AppliedSettlement {
  date: Day;
  type: "payment" | "credit_note";
  docNo: string;
  file: string;
  line: number;
}

export interface OpenClaim {
  customerId: string;
  name: string;
  docNo: string;
  currency: string;
  /** Open amount at as-of, minor units at the report's scale. */
  outstanding: bigint;
  docDate: Day;
  dueDate: Day;
  disputed: boolean;
  settlements: readonly AppliedSettlement[];
  file: string;
  line: number;
}

/** The working-day rule of art. 203; BusinessCalendar fits. */
export interface WorkingDays {
  nextBusinessDayOnOrAfter(day: Day): Day;
}

export interface LimitationOptions {
  asOf: Day;
  /** Length of the period in years (default 3). */
  years: number;
  /** A claim expiring within this many days is `expiring` (default 180). */
  warnDays: number;
  calendar: WorkingDays;
  /** Upper bound in years from the due date (default 20, art. 188). */
  boundYears?: number;
}

/**
 * What an interruption did: `interrupted` (restarted a running period), `revived` (started a new
 * period after the old one ended: the debtor's acknowledgement), `before_due` (on or before the
 * due date: nothing), `after_expiry` (a demand or proceedings after the period ended: nothing),
 * `no_evidence` (a demand without evidence: nothing), `beyond_bound` (after the 20-year bound).
 */
export type InterruptionEffect = "interrupted" | "revived" | "before_due" | "after_expiry" | "no_evidence" | "beyond_bound";

export interface Interruption {
  date: Day;
  /** The event type, or `payment` / `credit_note` for the ledger's settlements. */
  type: string;
  source: "log" | "ledger";
  /** The event's evidence (`path#sha256`, `;`-joined), or for the ledger `DOC_NO (FILE:LINE)`. */
  evidence: string;
  file: string;
  line: number;
  effect: InterruptionEffect;
  /** The period's last day after this interruption (for `interrupted` and `revived`). */
  expiryAfter: Day | undefined;
}

export type LimitationStatus = "ok" | "expiring" | "expired";

export interface ExpiryDetail {
  /** The same month and day `years` after the start (month-end when there is no such day). */
  nominal: Day;
  /** True when the start's day of month does not exist in the expiry month (29-31 → month end). */
  monthEnd: boolean;
  /** `nominal` moved to the next working day (art. 203); equals nominal on a working day. */
  rolled: Day;
  /** The 20-year bound from the due date. */
  bound: Day;
  /** min(rolled, bound): the period's last day. */
  expiry: Day;
}

export interface ClaimLimitation {
  claim: OpenClaim;
  /** The day the running period counts from: the due date or the last effective interruption. */
  start: Day;
  /** Every interruption found for the invoice, oldest first, with what it did. */
  interruptions: Interruption[];
  /** The last one that restarted the period (effect interrupted or revived), or null. */
  lastInterruption: Interruption | null;
  expiry: ExpiryDetail;
  daysLeft: number;
  status: LimitationStatus;
  /** The period ended once and the debtor's acknowledgement started a new one. */
  revived: boolean;
}

export interface LimitationTotal {
  status: LimitationStatus;
  currency: string;
  outstanding: bigint;
}

export interface LimitationReport {
  asOf: Day;
  years: number;
  warnDays: number;
  items: ClaimLimitation[];
  totals: LimitationTotal[];
  warnings: { file: string; line: number; message: string }[];
}

export const STATUS_ORDER: readonly LimitationStatus[] = ["ok", "expiring", "expired"];

/** The same month and day `years` later; the month's last day when it has no such day (art. 202). */
export function addYearsClamped(day: Day, years: number): Day {
  return addMonthsClamped(day, 12 * years);
}

/** The last day of a period that starts on `start`, for a claim due on `dueDate`. */
export function periodEnd(start: Day, dueDate: Day, years: number, calendar: WorkingDays, boundYears = 20): ExpiryDetail {
  const nominal = addYearsClamped(start, years);
  const monthEnd = ymdOf(nominal).d !== ymdOf(start).d;
  const rolled = calendar.nextBusinessDayOnOrAfter(nominal);
  const bound = addYearsClamped(dueDate, boundYears);
  return { nominal, monthEnd, rolled, bound, expiry: Math.min(rolled, bound) };
}

interface Candidate {
  date: Day;
  type: string;
  role: InterruptionRole;
  source: "log" | "ledger";
  evidence: string;
  hasEvidence: boolean;
  file: string;
  line: number;
  order: number;
}

/**
 * The limitation report: every open claim with its interruptions, expiry, days left and status,
 * sorted by expiry (then customer, doc no); totals of outstanding per status and currency.
 * Events dated after as-of are left out; so are `dispute` rows, which interrupt nothing.
 */
export function computeLimitation(claims: readonly OpenClaim[], events: readonly LimitationEvent[], options: LimitationOptions): LimitationReport {
  const { asOf, years, warnDays, calendar } = options;
  const boundYears = options.boundYears ?? 20;
  const warnings: LimitationReport["warnings"] = [];
  const byCustomer = new Map<string, OpenClaim[]>();
  for (const c of claims) {
    let list = byCustomer.get(c.customerId);
    if (!list) byCustomer.set(c.customerId, (list = []));
    list.push(c);
  }
  // Log events per claim, in file order.
  const fromLog = new Map<OpenClaim, Candidate[]>();
  events.forEach((e, order) => {
    if (e.date > asOf) return;
    const role = roleOf(e.type);
    if (role === undefined) return;
    const own = byCustomer.get(e.customerId) ?? [];
    const docNo = e.docNo.trim();
    const targets = docNo === "" ? own.filter((c) => c.docDate <= e.date) : own.filter((c) => c.docNo === docNo);
    const hasEvidence = e.evidence.some((x) => x.trim() !== "");
    const candidate: Candidate = { date: e.date, type: e.type, role, source: "log", evidence: e.evidence.join(";"), hasEvidence, file: e.file, line: e.line, order };
    for (const c of targets) {
      let list = fromLog.get(c);
      if (!list) fromLog.set(c, (list = []));
      list.push(candidate);
    }
    if (role === "demand" && !hasEvidence && targets.some((c) => e.date > c.dueDate)) {
      warnings.push({ file: e.file, line: e.line, message: `${e.type} without evidence: it is listed, but it does not interrupt the limitation period (a demand must be provable)` });
    }
  });
  const items: ClaimLimitation[] = claims.map((claim) => {
    const candidates: Candidate[] = [...(fromLog.get(claim) ?? [])];
    claim.settlements.forEach((s, k) => {
      if (s.date > asOf) return;
      candidates.push({ date: s.date, type: s.type, role: "acknowledgement", source: "ledger", evidence: `${s.docNo} (${s.file}:${s.line})`, hasEvidence: true, file: s.file, line: s.line, order: events.length + k });
    });
    candidates.sort((a, b) => a.date - b.date || a.order - b.order);
    return limitationOf(claim, candidates, asOf, years, warnDays, calendar, boundYears);
  });
  items.sort((a, b) => a.expiry.expiry - b.expiry.expiry || compareText(a.claim.customerId, b.claim.customerId) || compareText(a.claim.docNo, b.claim.docNo));
  const totals = new Map<string, LimitationTotal>();
  for (const it of items) {
    const key = `${STATUS_ORDER.indexOf(it.status)}\u0000${it.claim.currency}`;
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { status: it.status, currency: it.claim.currency, outstanding: 0n }));
    t.outstanding += it.claim.outstanding;
  }
  const sortedTotals = [...totals.entries()].sort(([a], [b]) => compareText(a, b)).map(([, t]) => t);
  warnings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return { asOf, years, warnDays, items, totals: sortedTotals, warnings };
}

function limitationOf(claim: OpenClaim, candidates: Candidate[], asOf: Day, years: number, warnDays: number, calendar: WorkingDays, boundYears: number): ClaimLimitation {
  let start = claim.dueDate;
  let period = periodEnd(start, claim.dueDate, years, calendar, boundYears);
  let revived = false;
  let last: Interruption | null = null;
  const interruptions: Interruption[] = [];
  for (const c of candidates) {
    const item: Interruption = { date: c.date, type: c.type, source: c.source, evidence: c.evidence, file: c.file, line: c.line, effect: "before_due", expiryAfter: undefined };
    interruptions.push(item);
    if (c.date <= claim.dueDate) continue;
    if (c.role === "demand" && !c.hasEvidence) {
      item.effect = "no_evidence";
      continue;
    }
    if (c.date > period.bound) {
      item.effect = "beyond_bound";
      continue;
    }
    const running = c.date <= period.expiry;
    if (!running && c.role !== "acknowledgement") {
      item.effect = "after_expiry";
      continue;
    }
    item.effect = running ? "interrupted" : "revived";
    if (!running) revived = true;
    start = c.date;
    period = periodEnd(start, claim.dueDate, years, calendar, boundYears);
    item.expiryAfter = period.expiry;
    last = item;
  }
  const daysLeft = period.expiry - asOf;
  const status: LimitationStatus = daysLeft < 0 ? "expired" : daysLeft <= warnDays ? "expiring" : "ok";
  return { claim, start, interruptions, lastInterruption: last, expiry: period, daysLeft, status, revived };
}

/**
 * The open invoices and debit notes of a settled ledger, each with the payments and credits applied
 * to it (the settlement record: settle with `record: true`), as limitation's claims.
 */
export function openClaimsFromLedger(settled: Settled): OpenClaim[] {
  const l = settled.ledger;
  const record = settled.settlements;
  if (record === undefined) throw new Error("openClaimsFromLedger needs the settlement record (settle with record: true)");
  const applied = new Map<number, AppliedSettlement[]>();
  for (let k = 0; k < record.invoice.length; k++) {
    const inv = record.invoice[k]!;
    const src = record.source[k]!;
    let list = applied.get(inv);
    if (!list) applied.set(inv, (list = []));
    // Only the debtor's own acts interrupt: a write-off is the creditor's, and a discount allowed
    // rides on the payment that earned it (recorded on its own).
    if (record.discount[k] || !DOC_KINDS[l.kind[src]!]!.acknowledges) continue;
    list.push({ date: record.date[k]!, type: l.kind[src] === KIND_PAYMENT ? "payment" : "credit_note", docNo: docNoOf(l, src), file: l.files[l.file[src]!]!, line: l.line[src]! });
  }
  const claims: OpenClaim[] = [];
  for (let i = 0; i < l.count; i++) {
    if (!isCharge(l.kind[i]!) || settled.outstanding.get(i) <= 0n) continue;
    const customer = l.customers[l.customer[i]!]!;
    claims.push({
      customerId: customer.key,
      name: customer.name,
      docNo: docNoOf(l, i),
      currency: l.currencies[l.currency[i]!]!,
      outstanding: settled.outstanding.get(i),
      docDate: l.docDate[i]!,
      dueDate: l.dueDate[i]!,
      disputed: l.disputed[i] === 1,
      settlements: (applied.get(i) ?? []).sort((a, b) => a.date - b.date),
      file: l.files[l.file[i]!]!,
      line: l.line[i]!,
    });
  }
  return claims;
}

// ---------------------------------------------------------------------------------------------
// For `ar calls`: customers whose claims are close to expiring

export interface ExpiringClaim {
  flag: "expiring_claim";
  customerId: string;
  /** The customer's expiring invoices, earliest expiry first. */
  items: ClaimLimitation[];
  /** The earliest expiry among them, and its days left. */
  expiry: Day;
  daysLeft: number;
}

/**
 * Per customer with at least one `expiring` claim: the flag for `ar calls` and the claims behind
 * it (a call that obtains a promise, a confirmed statement or a payment restarts the period; a
 * demand with evidence does too while the period runs). Expired claims are not flagged: a call
 * can only ask for the acknowledgement that revives them, which src/io/render/calls.ts (extraText) words.
 */
export function expiringClaims(report: LimitationReport): Map<string, ExpiringClaim> {
  const out = new Map<string, ExpiringClaim>();
  for (const it of report.items) {
    if (it.status !== "expiring") continue;
    const id = it.claim.customerId;
    const known = out.get(id);
    if (known) known.items.push(it);
    else out.set(id, { flag: "expiring_claim", customerId: id, items: [it], expiry: it.expiry.expiry, daysLeft: it.daysLeft });
  }
  return out;
}
