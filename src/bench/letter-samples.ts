/**
 * Sample letter data for the letter benchmark, the PDF tests and the preview images in docs/.
 * The figures are consistent by hand: outstanding sums to the total, fee = rate × Σ outstanding
 * per overdue day, claim = total + fee (see the comments at each sample).
 */
import { dayFromYmd, isoDate } from "../engine/dates.js";
import { Decimal, moneyGrouped } from "../engine/money.js";
import type { LetterData, LetterItem, LetterLevel } from "../io/document/letter-data.js";
import type { Lang } from "../io/document/model.js";

export const SAMPLE_AS_OF = dayFromYmd(2025, 6, 30);

const COMPANY_ZH: LetterData["company"] = {
  name: "上海明德商贸有限公司",
  address: "上海市静安区江宁路168号华通大厦8楼806室",
  postcode: "200041",
  phone: "021-62581234",
  email: "ar@mingde-trade.example.com",
  bank: { name: "中国工商银行上海市江宁路支行", accountName: "上海明德商贸有限公司", accountNumber: "1001 2345 0912 3456 789" },
};

const COMPANY_EN: LetterData["company"] = {
  name: "Mingde Trading (Shanghai) Co., Ltd.",
  address: "Room 806, Huatong Building, 168 Jiangning Road, Jing'an District, Shanghai",
  postcode: "200041",
  phone: "+86 21 6258 1234",
  email: "ar@mingde-trade.example.com",
  bank: { name: "Industrial and Commercial Bank of China, Shanghai Jiangning Road Sub-branch", accountName: "Mingde Trading (Shanghai) Co., Ltd.", accountNumber: "1001 2345 0912 3456 789" },
};

/**
 * Two invoices of 华东贸易 at as-of 2025-06-30, rate 0.003 per day:
 *   HD-2025-0311  50,000.00 due 2025-04-15, 76 days overdue → fee 0.003 × 50,000 × 76 = 11,400.00
 *   HD-2025-0418  30,000.00 due 2025-05-20, 41 days overdue → fee 0.003 × 30,000 × 41 =  3,690.00
 * total 80,000.00 (捌万元整), fee 15,090.00, per day 0.003 × 80,000 = 240.00, claim 95,090.00.
 */
export function sampleLetter(lang: Lang, level: LetterLevel, letterNo = 1): LetterData {
  const zh = lang === "zh";
  const letterId = `AR-20250630-${String(letterNo).padStart(4, "0")}`;
  return {
    lang,
    level,
    asOf: SAMPLE_AS_OF,
    letterId,
    date: zh ? "2025年6月30日" : "30 June 2025",
    company: zh ? COMPANY_ZH : COMPANY_EN,
    recipient: zh
      ? {
          customerId: "C001",
          company: "华东贸易有限公司",
          contactName: "王建国",
          contactTitle: "财务经理",
          address: "上海市浦东新区张杨路1588号华东大厦12楼1203室",
          postcode: "200122",
          phone: "021-58367712",
        }
      : {
          customerId: "C004",
          company: "Acme Trading Ltd",
          contactName: "Michael Chan",
          contactTitle: "Accounts Payable Manager",
          address: "Room 1805, 18/F, Harbour Commercial Building, 122 Connaught Road Central, Sheung Wan, Hong Kong",
          postcode: null,
          phone: "+852 2815 4471",
        },
    currency: "CNY",
    currencyName: zh ? "人民币" : "CNY",
    currencyUnit: zh ? "元" : "",
    amountUnit: zh ? "元" : "CNY",
    items: [
      { docNo: "HD-2025-0311", docDate: "2025-03-16", dueDate: "2025-04-15", amount: "50,000.00", outstanding: "50,000.00", daysOverdue: "76", discount: null },
      { docNo: "HD-2025-0418", docDate: "2025-04-20", dueDate: "2025-05-20", amount: "30,000.00", outstanding: "30,000.00", daysOverdue: "41", discount: null },
    ],
    total: { figures: "80,000.00", daxie: zh ? "人民币捌万元整" : null },
    fee: { accrued: "15,090.00", perDay: "240.00", rateWords: zh ? "千分之三" : "0.3%", rateFigure: "0.003" },
    claim: "95,090.00",
    discountOffers: [],
    replyDeadline: zh ? "2025年7月3日" : "3 July 2025",
    replyBusinessDays: "3",
    replyBusinessDaysWords: zh ? "三" : "three",
  };
}

/**
 * `count` invoices of 1,000.00 each, the k-th (from 0) due 2025-06-29 − k days, so k + 1 days
 * overdue: total count × 1,000.00; fee 0.003 × 1,000 × Σ(k + 1) = 3 × count(count + 1)/2.
 */
export function longLetter(lang: Lang, count: number): LetterData {
  const base = sampleLetter(lang, "final", 9000 + count);
  const items: LetterItem[] = [];
  const lastDue = dayFromYmd(2025, 6, 29);
  for (let k = 0; k < count; k++) {
    items.push({
      docNo: `INV-${String(k + 1).padStart(5, "0")}`,
      docDate: isoDate(lastDue - k - 30),
      dueDate: isoDate(lastDue - k),
      amount: "1,000.00",
      outstanding: "1,000.00",
      daysOverdue: String(k + 1),
      discount: null,
    });
  }
  const total = new Decimal(1000).times(count);
  const fee = new Decimal(3).times((count * (count + 1)) / 2);
  return {
    ...base,
    items,
    total: { figures: moneyGrouped(total), daxie: base.total.daxie === null ? null : "人民币（大写金额示例）" },
    fee: { ...base.fee, accrued: moneyGrouped(fee), perDay: moneyGrouped(new Decimal(3).times(count)) },
    claim: moneyGrouped(total.plus(fee)),
  };
}

/** Letters for many customers (the benchmark): names, addresses and invoices vary per letter. */
export function benchLetter(n: number, level: LetterLevel = "final"): LetterData {
  const base = sampleLetter("zh", level, n);
  const cities = ["上海市浦东新区张杨路", "广东省深圳市南山区科技园南区高新南七道", "江苏省苏州市工业园区星湖街", "浙江省杭州市西湖区文三路", "北京市朝阳区建国路"];
  const names = ["华东贸易有限公司", "鹏程电子有限公司", "张记五金店", "恒丰机电设备有限公司", "瑞祥食品有限公司", "新世纪建材有限公司"];
  const people = ["王建国", "李晓燕", "张德福", "陈志明", "刘芳", "赵磊"];
  const count = 1 + (n % 4);
  const items: LetterItem[] = [];
  for (let k = 0; k < count; k++) {
    items.push({
      docNo: `FP${2025000 + n * 10 + k}`,
      docDate: `2025-0${3 + (k % 3)}-${String(10 + k).padStart(2, "0")}`,
      dueDate: `2025-0${4 + (k % 2)}-${String(10 + k).padStart(2, "0")}`,
      amount: moneyGrouped(new Decimal((12 + (n % 50)) * 1000 + k * 17)),
      outstanding: moneyGrouped(new Decimal((12 + (n % 50)) * 1000 + k * 17)),
      daysOverdue: String(40 + k * 9 + (n % 30)),
      discount: null,
    });
  }
  return {
    ...base,
    recipient: {
      ...base.recipient,
      customerId: `C${String(n).padStart(4, "0")}`,
      company: `${["苏州", "杭州", "深圳", "北京", "南京"][n % 5]}${names[n % names.length]}`,
      contactName: people[n % people.length]!,
      address: `${cities[n % cities.length]}${100 + (n % 900)}号${1 + (n % 30)}楼`,
    },
    items,
  };
}
