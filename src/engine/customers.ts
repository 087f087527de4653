/**
 * The customer master (optional): who to write to and call, and each customer's own terms.
 */
import type { Day } from "./dates.js";
import type { DiscountTerms } from "./values.js";
import { fromMinor, type Decimal } from "./money.js";

export type Segment = "individual" | "enterprise" | "large_enterprise";

export interface CustomerProfile {
  id: string;
  name: string;
  contactName: string;
  contactTitle: string;
  phone: string;
  email: string;
  address: string;
  postcode: string;
  segment: Segment | undefined;
  creditLimit: Decimal | undefined;
  /** Default payment terms in days, for rows with neither due date nor terms. */
  terms: number | undefined;
  /** Early-payment discount of those terms (`2/10 net 30`), for the same rows. */
  discount?: DiscountTerms | undefined;
  /** The contract's daily late-fee rate, if it differs from the config's. */
  lateFeeRate: Decimal | undefined;
  lang: "zh" | "en" | undefined;
  doNotContact: boolean;
  /**
   * Individually assessed (单项计提, SPEC "Bad-debt provisions"): the share of every open item
   * of this customer provisioned, and why; undefined for a customer provisioned by the bands.
   */
  provision?: { rate: Decimal; reason: string } | undefined;
  /** Who collects from this customer (`collector`; `ar commission`); "" when none. */
  collector?: string;
  /** The last credit review (`last_review`; `ar credit` dates the next one from it). */
  lastReview?: Day | undefined;
}

const SEGMENTS: Record<string, Segment> = {
  individual: "individual",
  个体工商户: "individual",
  个体户: "individual",
  个人: "individual",
  enterprise: "enterprise",
  企业: "enterprise",
  largeenterprise: "large_enterprise",
  大型企业: "large_enterprise",
  大企业: "large_enterprise",
};

export function parseSegment(text: string): Segment | undefined {
  return SEGMENTS[text.trim().toLowerCase().replace(/[\s_\-]/g, "")];
}

/**
 * The customer's display name, the same in every command and format (README "Rules decided"):
 * the first non-empty `customer_name` of the ledger, else the customer master's name, else the
 * key. The customer master never renames a ledger customer; it only names customers the ledger
 * knows by id alone.
 */
export function customerName(ledgerName: string | undefined, profile: Pick<CustomerProfile, "name"> | undefined, key: string): string {
  return ledgerName || profile?.name || key;
}

/**
 * The customer master's credit limit against a balance (SPEC "Customer master CSV", `over_limit`
 * in `ar age` and `ar calls`): null when the master gives no limit; over when the balance is
 * strictly above it.
 */
export function creditLimitCheck(balanceUnits: bigint, scale: number, profile: Pick<CustomerProfile, "creditLimit"> | undefined): { limit: Decimal; over: boolean } | null {
  if (profile?.creditLimit === undefined) return null;
  return { limit: profile.creditLimit, over: fromMinor(balanceUnits, scale).greaterThan(profile.creditLimit) };
}
