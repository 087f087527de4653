/**
 * The chart model of the month-end pack (SPEC "Month-end pack (月结报告, `ar pack`)": "Each chart
 * has a title, labelled axes with units and a legend, and reads in greyscale. Same inputs, same
 * bytes."). One model, two drawings: `chartSvg` (svg.ts) for the HTML, and the same SVG drawn as
 * vectors into the PDF (io/pdf/svg.ts).
 *
 * A Chart is data only, made by the pack's table layer from report data: numbers already rounded
 * for display (amounts to whole units or cents, ratios to the places shown), every word already
 * in the output language. The renderer computes nothing but positions.
 */

/**
 * - `line`: one line per series over the categories (months), e.g. DSO and best possible DSO, or CEI;
 *   `target` draws a horizontal rule with its label.
 * - `stackedBar`: one bar per category split by series (aging buckets at each month end).
 * - `bar`: one bar per category and series, side by side; `horizontal` puts the categories on the
 *   vertical axis (top debtors); a single series gets its value written at the end of each bar.
 * - `weeks`: stacked bars per week; series with `dashed` (promises and plans) are drawn light with
 *   a dashed outline, so the part that rests on a customer's word stands apart from what is merely due.
 */
export type ChartKind = "line" | "stackedBar" | "bar" | "weeks";

export interface ChartSeries {
  /** The legend entry, in the output language. */
  name: string;
  /** One value per category, in the categories' order; null = no value (a gap, not zero). */
  values: (number | null)[];
  /** Drawn with a dashed stroke (lines) or a light fill with a dashed outline (weeks, bars). */
  dashed?: boolean;
}

export interface ChartTarget {
  value: number;
  /** E.g. 「目标 45 天」 / "Target 45 days". */
  label: string;
}

/** A note on one category, drawn as a thin vertical rule with its label (e.g. a festival week). */
export interface ChartMarker {
  category: string;
  label: string;
}

export interface Chart {
  kind: ChartKind;
  title: string;
  /** Axis titles with their units, e.g. 「月末」, 「金额（元）」, "Days". */
  xLabel: string;
  yLabel: string;
  /** The x axis (or, for a horizontal bar chart, the vertical axis), in display order; unique. */
  categories: string[];
  series: ChartSeries[];
  target?: ChartTarget;
  markers?: ChartMarker[];
  /** `bar` only: categories down the vertical axis, values along the horizontal one. */
  horizontal?: boolean;
}

/** A model error is a programming error of the pack's table layer, not bad input. */
export function checkChart(chart: Chart): void {
  const where = `chart "${chart.title}"`;
  if (chart.series.length === 0) throw new Error(`${where}: no series`);
  if (new Set(chart.categories).size !== chart.categories.length) throw new Error(`${where}: categories repeat`);
  if (new Set(chart.series.map((s) => s.name)).size !== chart.series.length) throw new Error(`${where}: series names repeat`);
  for (const s of chart.series) {
    if (s.values.length !== chart.categories.length) {
      throw new Error(`${where}: series "${s.name}" has ${s.values.length} values for ${chart.categories.length} categories`);
    }
    for (const v of s.values) if (v !== null && !Number.isFinite(v)) throw new Error(`${where}: series "${s.name}" has a value that is not a finite number`);
  }
  if (chart.horizontal && chart.kind !== "bar") throw new Error(`${where}: only a bar chart can be horizontal`);
  for (const m of chart.markers ?? []) {
    if (!chart.categories.includes(m.category)) throw new Error(`${where}: marker on unknown category "${m.category}"`);
  }
}
