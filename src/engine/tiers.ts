/**
 * Collection tiers (分级): A routine contact, B twice a week, C immediate special recovery.
 * SPEC: tier A if 1–30 days overdue, B if 31–90, C if over 90; the limits are configurable as the
 * first day of B and of C.
 */
export type Tier = "A" | "B" | "C";

export interface TierLimits {
  /** First day overdue that is tier B. */
  b: number;
  /** First day overdue that is tier C. */
  c: number;
}

/** The tier of one open, undisputed item; null when it is not overdue. Limits: `Settings.tiers` (engine/settings.ts). */
export function tierOf(daysOverdue: number, limits: TierLimits): Tier | null {
  if (daysOverdue <= 0) return null;
  if (daysOverdue >= limits.c) return "C";
  if (daysOverdue >= limits.b) return "B";
  return "A";
}

const RANK: Record<Tier, number> = { A: 1, B: 2, C: 3 };

/** The worse of two tiers (C is worst); null counts as no tier. */
export function worseTier(a: Tier | null, b: Tier | null): Tier | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}
