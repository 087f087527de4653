/**
 * Every setting of the toolkit with its default, in one place (SPEC.md "Config" and the defaults
 * the command sections name). `io/config.ts` validates `ar.config.json` into a `Settings`; flags
 * override single fields in the commands. Nothing else in the code spells a default.
 */
import { ceilToUnits, Decimal } from "./money.js";
import type { TierLimits } from "./tiers.js";

export interface BankAccount {
  name: string;
  accountName: string;
  accountNumber: string;
}

export interface Company {
  name?: string;
  address?: string;
  postcode?: string;
  phone?: string;
  email?: string;
  bank?: Partial<BankAccount>;
  /**
   * The company as English documents print it (a Chinese company's English name, address and
   * bank details); each field it leaves out is the one above.
   */
  en?: Omit<Company, "en">;
}

export type WeekdayName = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface CallsConfig {
  weekdays: WeekdayName[];
  window: [string, string];
  perHour: number;
  cadenceDays: { A: number; B: number; C: number };
  festivalPushDays: number;
  avoid: { individualMonthEndDays: number; largeEnterpriseQuarterEndDays: number };
}

export interface Settings {
  company: Company;
  /** For rows that name no currency. */
  currency: string;
  lang?: "zh" | "en";
  timezone: string;
  /** Days, when a row has neither due date nor terms and the customer master gives none. */
  terms: number;
  /** Ascending day limits of the aging buckets (SPEC "Aging": 0–30, 31–60, 61–90, over 90). */
  buckets: number[];
  /** First day overdue of tier B and of tier C (SPEC: B if 31–90, C if over 90). */
  tiers: TierLimits;
  /** Open items below this amount do not make a customer's tier. */
  minAmount: Decimal;
  /** Late fees: 千分之三 a day, no grace, no cap. */
  fees: { rate: Decimal; graceDays: number; cap: Decimal | null };
  calls: CallsConfig;
  letters: { replyBusinessDays: number };
  /** PRC Civil Code art. 188: three years; `ar limitation` warns 180 days ahead (also `ar calls`' expiring_claim). */
  limitation: { years: number; warnDays: number };
  /** `ar kpi` (SPEC "KPIs"): targets (null: none) and the day basis of turnover days. */
  kpi: KpiSettings;
  /** `ar forecast` (SPEC "Collections forecast"): items more than this many days overdue are `uncertain`, not in the weeks. */
  forecast: { uncertainDays: number };
  /** Bad-debt provisions (SPEC "Bad-debt provisions"); the default rates are an example policy, not a rule. */
  provision: ProvisionSettings;
  /** Factoring candidates (SPEC "Factoring candidates"). */
  factoring: FactoringSettings;
  /** `ar credit` (SPEC "Credit review"): limit factor per risk class, the rounding of suggested limits, the window in months. */
  credit: CreditSettings;
  /** `ar commission` (SPEC "Collector commission"). */
  commission: CommissionSettings;
}

export interface KpiSettings {
  /** DSO above this misses (the playbook: 45 days). */
  dsoTarget: Decimal | null;
  /** Overdue ÷ the 12 periods' sales above this misses (the playbook: 3% of revenue). */
  overdueToRevenueMax: Decimal | null;
  /** CEI (percent) below this misses; none by default. */
  ceiMin: Decimal | null;
  /** Days in a year for turnover days (360: the banker's year). */
  yearDays: number;
  /** A payment this many days after a contact counts for that contact's channel. */
  followUpDays: number;
}

export interface ProvisionSettings {
  /** Aging method: `doc` (账龄, as-of − doc date) or `due` (days overdue). */
  basis: "doc" | "due";
  /** Ascending day limits of the aging method's bands. */
  bands: number[];
  /** One rate per band (one more than `bands`), fractions of the balance. */
  rates: Decimal[];
  /** Matrix method: ascending limits of days overdue (0 makes `current`). */
  matrixBands: number[];
  /** Matrix method: transitions between consecutive month ends read. */
  historyMonths: number;
  /** Matrix method: the loss rate of the last band. */
  lastBandLoss: Decimal;
  /** Matrix method: loss rates × (1 + this), capped at 1. */
  forwardLooking: Decimal;
}

export interface FactoringSettings {
  /** A customer whose items over 90 days exceed this share of the open book is flagged. */
  concentration: Decimal;
  /** Defaults of the flags: `--min-days`, `--advance`, `--recovery` (low and high). */
  minDays: number;
  advance: Decimal;
  recovery: [Decimal, Decimal];
}

export type RiskClass = "A" | "B" | "C" | "D" | "E" | "N";

export interface CreditSettings {
  window: number;
  factor: Record<RiskClass, Decimal>;
  /** Suggested limits are rounded down to a multiple of this amount (> 0). */
  roundTo: Decimal;
}

export interface CommissionTier {
  /** Days overdue at payment from which this rate applies (the highest tier reached wins). */
  minDays: number;
  rate: Decimal;
}

export interface CommissionSettings {
  rate: Decimal;
  base: "all" | "overdue";
  /** Ascending by minDays; empty for one flat rate. */
  tiers: CommissionTier[];
}

/** A fresh copy of the defaults (callers may change their copy). */
export function defaultSettings(): Settings {
  return {
    company: {},
    currency: "CNY",
    timezone: "Asia/Shanghai",
    terms: 30,
    buckets: [30, 60, 90],
    tiers: { b: 31, c: 91 },
    minAmount: new Decimal("0.01"),
    fees: { rate: new Decimal("0.003"), graceDays: 0, cap: null },
    calls: {
      weekdays: ["tue", "wed", "thu"],
      window: ["10:00", "11:00"],
      perHour: 8,
      cadenceDays: { A: 7, B: 3, C: 0 },
      festivalPushDays: 14,
      avoid: { individualMonthEndDays: 3, largeEnterpriseQuarterEndDays: 7 },
    },
    letters: { replyBusinessDays: 3 },
    limitation: { years: 3, warnDays: 180 },
    kpi: { dsoTarget: new Decimal(45), overdueToRevenueMax: new Decimal("0.03"), ceiMin: null, yearDays: 360, followUpDays: 14 },
    forecast: { uncertainDays: 365 },
    provision: {
      basis: "doc",
      // 1年以内, 1–2年, 2–3年, 3–4年, 4–5年, 5年以上 at a common published table: an example policy.
      bands: [365, 730, 1095, 1460, 1825],
      rates: ["0.05", "0.10", "0.20", "0.50", "0.80", "1.00"].map((r) => new Decimal(r)),
      matrixBands: [0, 30, 60, 90, 120, 150, 180],
      historyMonths: 12,
      lastBandLoss: new Decimal(1),
      forwardLooking: new Decimal(0),
    },
    factoring: { concentration: new Decimal("0.10"), minDays: 91, advance: new Decimal("0.8"), recovery: [new Decimal("0.6"), new Decimal("0.8")] },
    credit: {
      window: 24,
      factor: { A: new Decimal("1.5"), B: new Decimal("1.2"), C: new Decimal("1.0"), D: new Decimal("0.5"), E: new Decimal("0"), N: new Decimal("0.5") },
      roundTo: new Decimal(1000),
    },
    commission: { rate: new Decimal("0.015"), base: "all", tiers: [] },
  };
}

/** Calls: an invoice due within this many days raises `due_soon` (SPEC "Collector call list"; not configurable). */
export const DUE_SOON_DAYS = 7;

/** The minimum amount in the ledger's minor units, rounded up: an item of exactly the minimum counts. */
export function minAmountUnits(settings: Settings, scale: number): bigint {
  return ceilToUnits(settings.minAmount, scale);
}
