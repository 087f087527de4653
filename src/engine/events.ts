/**
 * The contact and evidence log (SPEC.md "Events log CSV"): what happened with a customer, when,
 * and what proves it. `ar calls` reads it for stages, cadence and promises; `ar limitation` for
 * interruptions; `ar plan --status` for instalment agreements.
 */
import type { Day } from "./dates.js";
import type { Decimal } from "./money.js";

export const EVENT_TYPES = ["call", "visit", "email", "wechat", "letter_sent", "statement_confirmed", "promise", "agreement", "dispute", "legal"] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface ContactEvent {
  date: Day;
  customerId: string;
  type: EventType;
  /** The document the event is about ("" when it concerns the customer as a whole). */
  docNo: string;
  /** For `promise` and `agreement`: the amount promised; else whatever the row says. */
  amount: Decimal | undefined;
  /** For `promise` and `agreement`: the day it is to be paid by. */
  dueDate: Day | undefined;
  note: string;
  /** Evidence references as written (`path` or `path#sha256`), split on `;` or `|`. */
  evidence: string[];
  file: string;
  line: number;
}

/**
 * What the creditor does to reach the customer, and what the customer says back in a
 * conversation: these count as contacts for the call cadence and the dunning stage.
 */
export const CONTACT_TYPES: ReadonlySet<EventType> = new Set<EventType>(["call", "visit", "email", "wechat", "letter_sent", "promise", "agreement"]);

export function isEventType(text: string): text is EventType {
  return (EVENT_TYPES as readonly string[]).includes(text);
}

const TYPE_WORDS: Record<string, EventType> = {
  电话: "call",
  致电: "call",
  phonecall: "call",
  拜访: "visit",
  上门: "visit",
  mail: "email",
  邮件: "email",
  电子邮件: "email",
  微信: "wechat",
  letter: "letter_sent",
  lettersent: "letter_sent",
  催款函: "letter_sent",
  函件: "letter_sent",
  statementconfirmed: "statement_confirmed",
  对账确认: "statement_confirmed",
  对账单确认: "statement_confirmed",
  承诺: "promise",
  付款承诺: "promise",
  协议: "agreement",
  还款协议: "agreement",
  分期协议: "agreement",
  争议: "dispute",
  异议: "dispute",
  诉讼: "legal",
  法律: "legal",
  起诉: "legal",
};

/** An event type by its code or a common word for it, ignoring case, spaces, `_` and `-`. */
export function parseEventType(text: string): EventType | undefined {
  const t = text.trim().toLowerCase();
  if (isEventType(t)) return t;
  const folded = t.replace(/[\s_\-]/g, "");
  for (const type of EVENT_TYPES) if (type.replace(/_/g, "") === folded) return type;
  return TYPE_WORDS[folded];
}

/** The events of one customer dated on or before as-of, oldest first (input order within a day). */
export function eventsByCustomer(events: readonly ContactEvent[], asOf: Day): Map<string, ContactEvent[]> {
  const byCustomer = new Map<string, ContactEvent[]>();
  for (const e of events) {
    if (e.date > asOf) continue;
    let list = byCustomer.get(e.customerId);
    if (!list) byCustomer.set(e.customerId, (list = []));
    list.push(e);
  }
  for (const list of byCustomer.values()) list.sort((a, b) => a.date - b.date);
  return byCustomer;
}
