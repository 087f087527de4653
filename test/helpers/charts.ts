/**
 * One chart of each kind the month-end pack draws (SPEC "Month-end pack"), in Chinese and in
 * English, with figures of the fixtures' size, for the chart, PDF and browser tests.
 */
import type { Lang } from "../../src/io/document/model.js";
import type { Chart } from "../../src/io/charts/model.js";

const MONTHS = ["2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05"];

export function sampleCharts(lang: Lang): Chart[] {
  const zh = lang === "zh";
  const w = (zhText: string, enText: string) => (zh ? zhText : enText);
  return [
    {
      kind: "line",
      title: w("应收账款周转天数（DSO）与最佳可能 DSO", "DSO and best possible DSO"),
      xLabel: w("月末", "Month end"),
      yLabel: w("天数（天）", "Days"),
      categories: MONTHS,
      series: [
        { name: "DSO", values: [52.1, 55.3, 49.8, 61.2, 58, 54.4, 50.2, 47.9, 53.3, 56.8, 59.1, 57.2] },
        { name: w("最佳可能 DSO", "Best possible DSO"), values: [38, 39.1, 37.5, 40.2, 41, 39.9, 38.3, 36.2, 37.8, 39.4, 40.1, 40] },
      ],
      target: { value: 45, label: w("目标 45 天", "Target 45 days") },
    },
    {
      kind: "line",
      title: w("回款有效指数（CEI）", "Collection effectiveness index (CEI)"),
      xLabel: w("月份", "Month"),
      yLabel: w("CEI（%）", "CEI (%)"),
      categories: MONTHS,
      series: [{ name: "CEI", values: [78.5, 81.2, 79.9, 74.3, 76.8, 80.1, 83.4, 85, null, 82.2, 79.7, 80.6] }],
      target: { value: 85, label: w("目标 85%", "Target 85%") },
    },
    {
      kind: "stackedBar",
      title: w("各月末账龄结构", "Aging at each month end"),
      xLabel: w("月末", "Month end"),
      yLabel: w("未收金额（万元）", "Open amount (CNY 10k)"),
      categories: MONTHS,
      series: [
        { name: w("未到期", "Current"), values: [98.2, 101.5, 99.1, 104.3, 102.2, 100.9, 97.4, 95.1, 99.9, 103.2, 106.4, 108.1] },
        { name: w("逾期 1-30 天", "1-30 days"), values: [41.3, 43.9, 39.5, 45.2, 47.1, 44.4, 40.2, 38.8, 42.6, 44.9, 46.3, 47.7] },
        { name: w("逾期 31-60 天", "31-60 days"), values: [18.4, 17.2, 19.9, 21.5, 20.3, 18.8, 17.1, 16.5, 18.2, 19.9, 21.4, 22.6] },
        { name: w("逾期 61-90 天", "61-90 days"), values: [8.1, 9.3, 7.7, 8.8, 10.2, 9.6, 8.4, 7.9, 8.5, 9.1, 9.9, 10.4] },
        { name: w("逾期 91 天以上", "Over 90 days"), values: [12.6, 12.9, 13.4, 13.1, 14.2, 14.8, 15.3, 15.1, 15.9, 16.4, 16.2, 17] },
      ],
    },
    {
      kind: "weeks",
      title: w("未来 13 周回款预测", "13-week collections forecast"),
      xLabel: w("周（起始日）", "Week (starting)"),
      yLabel: w("预计回款（万元）", "Expected collections (CNY 10k)"),
      categories: ["06-02", "06-09", "06-16", "06-23", "06-30", "07-07", "07-14", "07-21", "07-28", "08-04", "08-11", "08-18", "08-25"],
      series: [
        { name: w("按到期日", "By due date"), values: [22.4, 18.1, 25.6, 30.2, 19.8, 21.7, 24.3, 17.5, 28.9, 20.4, 22.8, 19.6, 23.1] },
        { name: w("承诺付款与分期计划", "Promises and plans"), values: [6.5, 0, 4.2, 8, 0, 3.1, 0, 2.4, 5.5, 0, 3.3, 0, 1.9], dashed: true },
      ],
      markers: [{ category: "06-30", label: w("季末", "Quarter end") }],
    },
    {
      kind: "bar",
      horizontal: true,
      title: w("前十大欠款客户", "Top 10 debtors"),
      xLabel: w("客户", "Customer"),
      yLabel: w("未收金额（元）", "Open amount (CNY)"),
      categories: ["华东机电设备有限公司", "Acme Trading Ltd", "深圳市星河电子科技", "北京远景科技", "Globex Corporation", "上海恒丰贸易", "广州南方物流", "Initech", "成都天府食品", "杭州西湖纺织"],
      series: [{ name: w("未收金额", "Open amount"), values: [812345, 701000, 650200, 500000, 410500, 390000, 301000, 250000, 200000, 180000] }],
    },
    {
      kind: "bar",
      title: w("本月滚动率", "Roll rates this month"),
      xLabel: w("账龄档（从 → 到）", "Bucket (from → to)"),
      yLabel: w("滚动率（%）", "Roll rate (%)"),
      categories: [w("未到期 → 1-30", "Current → 1-30"), "1-30 → 31-60", "31-60 → 61-90", w("61-90 → 91 以上", "61-90 → 90+")],
      series: [
        { name: w("本月", "This month"), values: [12.5, 30.2, 45, 60.1] },
        { name: w("上月", "Last month"), values: [11.8, 27.4, 48.3, 55.6], dashed: true },
      ],
    },
  ];
}
