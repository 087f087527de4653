#!/usr/bin/env node
// Re-makes the sample data in fixtures/ (see fixtures/README.md for the story each file tells).
//
//   node scripts/make-fixtures.mjs
//
// Deterministic: a fixed-seed PRNG fills in the paid-up history, no clock is read, and every
// output is byte-identical from run to run. The GBK/GB18030 exports need iconv-lite, which is
// deliberately not a project dependency: install it outside the repo and point at it with
// ICONV_LITE_DIR (default /tmp/fx):
//
//   mkdir -p /tmp/fx && cd /tmp/fx && npm init -y && npm i iconv-lite
//
// Money is handled as integer cents (exact in a JS number far beyond these amounts); dates as
// day numbers from Date.UTC, which is pure arithmetic and reads no clock.

import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = join(ROOT, "fixtures");
const ICONV_DIR = process.env.ICONV_LITE_DIR ?? "/tmp/fx";
const iconv = createRequire(join(ICONV_DIR, "package.json"))("iconv-lite");

const AS_OF = "2025-06-30";
// Paid-up history is settled by this date, so it never meets the unapplied credit that some
// customers' stories create later (FIFO would otherwise reach into it).
const HISTORY_PAID_BY = "2025-03-14";

// ---------------------------------------------------------------------------------------------
// Small exact helpers

const MS_PER_DAY = 86400000;
function dayOf(ymd) {
  const [y, m, d] = ymd.split("-").map(Number);
  const day = Date.UTC(y, m - 1, d) / MS_PER_DAY;
  if (isoOf(day) !== ymd) throw new Error(`impossible date ${ymd}`);
  return day;
}
function isoOf(day) {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
function addDays(ymd, n) {
  return isoOf(dayOf(ymd) + n);
}
function minDate(a, b) {
  return a < b ? a : b;
}
function maxDate(a, b) {
  return a > b ? a : b;
}
function weekday(ymd) {
  return new Date(dayOf(ymd) * MS_PER_DAY).getUTCDay(); // 0 = Sunday
}

function cents(text) {
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(text);
  if (!m) throw new Error(`amount must be written with 2 decimals: ${text}`);
  const c = Number(m[2]) * 100 + Number(m[3]);
  if (!Number.isSafeInteger(c)) throw new Error(`amount too large: ${text}`);
  return m[1] ? -c : c;
}
function plain(c) {
  const sign = c < 0 ? "-" : "";
  const a = Math.abs(c);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}
function grouped(c) {
  const [int, frac] = plain(Math.abs(c)).split(".");
  return `${c < 0 ? "-" : ""}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}

// mulberry32: tiny, well-known, and fully determined by its seed.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = prng(20250630);
const randIntOf = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const randInt = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));

function csvCell(v) {
  const s = v == null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csv(rows, eol = "\n") {
  return rows.map((r) => r.map(csvCell).join(",")).join(eol) + eol;
}
// Excel pads every row of a saved CSV to the widest row; the exports do the same.
function padRows(rows) {
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array(width - r.length).fill("")]);
}

// JSON with two-space indents, arrays of plain values kept on one line (as a person writes it).
function prettyJson(value, indent = "") {
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) return JSON.stringify(value).replace(/,/g, ", ");
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = indent + "  ";
  const entries = Array.isArray(value) ? value.map((v) => inner + prettyJson(v, inner)) : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner)}`);
  return `${Array.isArray(value) ? "[" : "{"}\n${entries.join(",\n")}\n${indent}${Array.isArray(value) ? "]" : "}"}`;
}

function write(rel, content) {
  const path = join(FIXTURES, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote fixtures/${rel} (${content.length} ${typeof content === "string" ? "chars" : "bytes"})`);
}

// ---------------------------------------------------------------------------------------------
// Customers (the master data, and the parameters of each one's paid-up history)
//
// hist: monthly invoices from `from` to `to` on day `day`, each paid in full by a payment that
// names it (some in two parts), amounts between lo and hi. `due` says how the invoice rows give
// their due date: "terms" (due_date empty), "date" (terms empty) or "both".

const CUSTOMERS = [
  { id: "C001", name: "华东贸易有限公司", contact: "王建国", title: "财务经理", phone: "021-58367712", email: "wangjg@huadong-trade.example.com", address: "上海市浦东新区张杨路1588号华东大厦12楼1203室", postcode: "200122", segment: "enterprise", limit: "200000.00", terms: 30, lang: "zh" },
  { id: "C002", name: "深圳市鹏程电子有限公司", contact: "李晓燕", title: "财务主管", phone: "0755-26718830", email: "lixy@pengcheng-elec.example.com", address: "广东省深圳市南山区科技园南区高新南七道18号鹏程电子大厦5楼", postcode: "518057", segment: "enterprise", limit: "300000.00", terms: 45, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 8, lo: 40000, hi: 95000, due: "terms" } },
  { id: "C003", name: "张记五金店", contact: "张德福", title: "店主", phone: "13916327458", email: "", address: "上海市普陀区长寿路612弄3号底层", postcode: "200060", segment: "individual", limit: "10000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2024-11", day: 12, lo: 900, hi: 4200, due: "terms" } },
  { id: "C004", name: "Acme Trading Ltd", contact: "Michael Chan", title: "Accounts Payable Manager", phone: "+852 2815 4471", email: "ap@acme-trading.example.com", address: "Room 1805, 18/F, Harbour Commercial Building, 122 Connaught Road Central, Sheung Wan, Hong Kong", postcode: "", segment: "enterprise", limit: "80000.00", terms: 30, lang: "en", cur: "USD", hist: { from: "2024-10", to: "2025-01", day: 14, lo: 6000, hi: 21000, due: "terms" } },
  { id: "C005", name: "Pacific Rim Imports Inc", contact: "Karen Whitfield", title: "Controller", phone: "+1 510-555-0148", email: "payables@pacificrim-imports.example.com", address: "1200 Embarcadero West, Suite 410, Oakland, CA, USA", postcode: "94607", segment: "large_enterprise", limit: "150000.00", terms: 60, lang: "en", cur: "USD", hist: { from: "2024-09", to: "2024-12", day: 20, lo: 12000, hi: 35000, due: "terms" } },
  { id: "C006", name: "北京中关村科技发展股份有限公司", contact: "赵敏", title: "应付账款主管", phone: "010-82617735", email: "ap@zgc-tech.example.com", address: "北京市海淀区中关村大街27号中关村大厦9层", postcode: "100080", segment: "large_enterprise", limit: "500000.00", terms: 60, lang: "zh", hist: { from: "2024-09", to: "2024-12", day: 5, lo: 150000, hi: 320000, due: "date" } },
  { id: "C007", name: "广州市白云区李氏服装批发部", contact: "李秀英", title: "老板", phone: "13802265139", email: "", address: "广东省广州市白云区三元里大道1045号白马商贸城二楼A218档", postcode: "510405", segment: "individual", limit: "30000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2024-11", day: 18, lo: 8000, hi: 26000, due: "terms" } },
  { id: "C008", name: "杭州西湖茶业有限公司", contact: "陈志强", title: "财务经理", phone: "0571-87963320", email: "chenzq@xihu-tea.example.com", address: "浙江省杭州市西湖区龙井路88号", postcode: "310013", segment: "enterprise", limit: "100000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 11, lo: 12000, hi: 38000, due: "terms" } },
  { id: "C009", name: "成都天府食品有限公司", contact: "刘洋", title: "财务总监", phone: "028-85236617", email: "liuyang@tianfu-food.example.com", address: "四川省成都市武侯区天府大道北段1700号环球中心W3区2单元1106室", postcode: "610041", segment: "enterprise", limit: "150000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 16, lo: 15000, hi: 42000, due: "terms" } },
  { id: "C010", name: "武汉长江物流有限公司", contact: "周文斌", title: "财务经理", phone: "027-84692251", email: "zhouwb@cj-logistics.example.com", address: "湖北省武汉市汉阳区龙阳大道特8号长江物流园3号楼", postcode: "430050", segment: "enterprise", limit: "200000.00", terms: 45, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 24, lo: 25000, hi: 70000, due: "date" } },
  { id: "C011", name: "南京金陵建材有限公司", contact: "吴海涛", title: "总经理助理", phone: "025-52417786", email: "wuht@jinling-jc.example.com", address: "江苏省南京市雨花台区软件大道119号", postcode: "210012", segment: "enterprise", limit: "300000.00", terms: 60, lang: "zh", hist: { from: "2024-09", to: "2024-11", day: 9, lo: 60000, hi: 140000, due: "terms" } },
  { id: "C012", name: "苏州工业园区恒信精密机械有限公司", contact: "孙丽华", title: "财务经理", phone: "0512-62583390", email: "sunlh@hengxin-precision.example.com", address: "江苏省苏州市苏州工业园区星湖街328号创意产业园二期B区17幢3层恒信精密机械有限公司财务部(请转孙丽华收)", postcode: "215123", segment: "enterprise", limit: "150000.00", terms: 30, lang: "zh" },
  { id: "C013", name: "重庆山城机电设备有限公司", contact: "何建平", title: "会计主管", phone: "023-68859102", email: "hejp@shancheng-me.example.com", address: "重庆市九龙坡区石桥铺科园一路6号", postcode: "400039", segment: "enterprise", limit: "100000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 27, lo: 18000, hi: 52000, due: "date" } },
  { id: "C014", name: "Northwind Supplies Ltd", contact: "Daniel Tan", title: "Finance Manager", phone: "+65 6221 4380", email: "finance@northwind-supplies.example.com", address: "80 Robinson Road, #10-01, Singapore", postcode: "068898", segment: "enterprise", limit: "40000.00", terms: 30, lang: "en", cur: "USD", hist: { from: "2024-09", to: "2024-12", day: 6, lo: 4000, hi: 11000, due: "terms" } },
  { id: "C015", name: "Blue Harbor Foods LLC", contact: "Emily Carter", title: "AP Specialist", phone: "+1 206-555-0177", email: "ap@blueharbor-foods.example.com", address: "1501 Fourth Avenue, Suite 2200, Seattle, WA, USA", postcode: "98101", segment: "enterprise", limit: "60000.00", terms: 45, lang: "en", cur: "USD", hist: { from: "2024-09", to: "2025-01", day: 22, lo: 5000, hi: 16000, due: "both" } },
  { id: "C016", name: "天津港通国际货运代理有限公司", contact: "马俊", title: "结算部经理", phone: "022-25761183", email: "majun@gangtong-freight.example.com", address: "天津市滨海新区塘沽新港二号路1560号港通大厦7层", postcode: "300456", segment: "large_enterprise", limit: "400000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 3, lo: 30000, hi: 90000, due: "terms" } },
  { id: "C017", name: "山东济南鲁信化工有限公司", contact: "高志远", title: "财务经理", phone: "0531-88167724", email: "gaozy@luxin-chem.example.com", address: "山东省济南市历城区工业北路188号", postcode: "250100", segment: "enterprise", limit: "150000.00", terms: 30, lang: "zh", hist: { from: "2024-10", to: "2025-01", day: 15, lo: 20000, hi: 65000, due: "terms" } },
  { id: "C018", name: "河北冀中纺织有限公司", contact: "郭建军", title: "财务部长", phone: "0311-87052216", email: "guojj@jizhong-textile.example.com", address: "河北省石家庄市长安区中山东路508号东胜广场B座1602室", postcode: "050011", segment: "enterprise", limit: "250000.00", terms: 60, lang: "zh", feeRate: "0.0005", hist: { from: "2024-09", to: "2024-10", day: 17, lo: 90000, hi: 180000, due: "terms" } },
  { id: "C019", name: "福建厦门鹭岛进出口有限公司", contact: "林美玲", title: "财务经理", phone: "0592-5186642", email: "linml@ludao-trade.example.com", address: "福建省厦门市思明区鹭江道2号厦门第一广场21层", postcode: "361001", segment: "enterprise", limit: "200000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 19, lo: 20000, hi: 60000, due: "date" } },
  { id: "C020", name: "陈记汽车修理厂", contact: "陈国强", title: "厂长", phone: "13671843260", email: "", address: "上海市闵行区七莘路3188号", postcode: "201101", segment: "individual", limit: "20000.00", terms: 30, lang: "zh", hist: { from: "2024-10", to: "2025-01", day: 10, lo: 1500, hi: 6500, due: "terms" } },
  { id: "C021", name: "浙江宁波甬港塑胶制品有限公司", contact: "郑海峰", title: "财务经理", phone: "0574-87713358", email: "zhenghf@yonggang-plastic.example.com", address: "浙江省宁波市北仑区新碶街道明州路288号", postcode: "315800", segment: "enterprise", limit: "150000.00", terms: 45, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 13, lo: 22000, hi: 56000, due: "terms" } },
  { id: "C022", name: "安徽合肥徽商电器有限公司", contact: "黄磊", title: "出纳", phone: "0551-63617720", email: "huanglei@huishang-dq.example.com", address: "安徽省合肥市蜀山区长江西路669号", postcode: "230088", segment: "enterprise", limit: "100000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 21, lo: 12000, hi: 36000, due: "date" } },
  { id: "C023", name: "湖南长沙湘江医药有限公司", contact: "谢芳", title: "财务总监", phone: "0731-84152269", email: "xiefang@xiangjiang-pharma.example.com", address: "湖南省长沙市岳麓区麓谷大道658号麓谷信息港A座8楼", postcode: "410205", segment: "large_enterprise", limit: "300000.00", terms: 60, lang: "zh", hist: { from: "2024-09", to: "2024-11", day: 4, lo: 70000, hi: 160000, due: "terms" } },
  { id: "C024", name: "辽宁大连海昌水产有限公司", contact: "于洪波", title: "总经理", phone: "0411-82795531", email: "yuhb@haichang-seafood.example.com", address: "辽宁省大连市中山区港湾街15号", postcode: "116001", segment: "enterprise", limit: "150000.00", terms: 30, lang: "zh", feeRate: "0.001", hist: { from: "2024-09", to: "2024-10", day: 2, lo: 30000, hi: 80000, due: "terms" }, provision: { rate: "50%", reason: "债务人停产，已起诉，预计可收回一半 (debtor has stopped production; suit filed; half expected back)" } },
  { id: "C025", name: "刘氏水果批发行", contact: "刘春生", title: "老板", phone: "15026781194", email: "", address: "上海市嘉定区曹安公路1388号江桥批发市场水果区A区56号", postcode: "201812", segment: "individual", limit: "15000.00", terms: 30, lang: "zh", doNotContact: true, hist: { from: "2024-09", to: "2025-01", day: 7, lo: 2500, hi: 9000, due: "terms" } },
  { id: "C026", name: "上海浦江物业管理有限公司", contact: "钱晓东", title: "财务经理", phone: "021-64370925", email: "qianxd@pujiang-pm.example.com", address: "上海市徐汇区漕溪北路398号汇智大厦15楼", postcode: "200030", segment: "enterprise", limit: "50000.00", terms: 30, lang: "zh" },
  { id: "C027", name: "江苏无锡太湖纺机配件有限公司", contact: "蒋卫东", title: "财务经理", phone: "0510-85216673", email: "jiangwd@taihu-parts.example.com", address: "江苏省无锡市滨湖区太湖西大道1号", postcode: "214125", segment: "enterprise", limit: "100000.00", terms: 60, lang: "zh", hist: { from: "2024-09", to: "2024-12", day: 26, lo: 10000, hi: 32000, due: "date" } },
  { id: "C028", name: "西安古城文具批发部", contact: "杨晓峰", title: "店主", phone: "18629037715", email: "", address: "陕西省西安市碑林区东大街端履门文具批发市场2楼208号", postcode: "710001", segment: "individual", limit: "8000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 23, lo: 800, hi: 3500, due: "terms" } },
  { id: "C029", name: "青岛海之蓝啤酒销售有限公司", contact: "韩冬梅", title: "财务经理", phone: "0532-85971146", email: "handm@haizhilan-beer.example.com", address: "山东省青岛市市南区香港中路76号颐和国际A座2505室", postcode: "266071", segment: "enterprise", limit: "150000.00", terms: 30, lang: "zh", hist: { from: "2024-09", to: "2025-01", day: 15, lo: 25000, hi: 60000, due: "terms" } },
  { id: "C030", name: "云南昆明春城花卉有限公司", contact: "段丽萍", title: "财务主管", phone: "0871-65328804", email: "duanlp@chuncheng-flowers.example.com", address: "云南省昆明市呈贡区斗南花卉市场交易中心3楼", postcode: "650500", segment: "enterprise", limit: "50000.00", terms: 30, lang: "zh" },
];
const BY_ID = new Map(CUSTOMERS.map((c) => [c.id, c]));

// ---------------------------------------------------------------------------------------------
// Ledger rows
//
// A row is written with a customer-local `key` (so payments, credits and events can name it
// before document numbers exist); numbers are given out at the end in date order, per document
// type and month, the way an ERP numbers them. Rows of one payment that settles several
// invoices share a `group`, and so a number.

const rows = [];
let inputSeq = 0;
function add(custId, r) {
  const c = BY_ID.get(custId);
  const row = {
    cust: custId,
    seq: inputSeq++,
    type: r.type,
    key: r.key,
    date: r.date,
    cents: cents(r.amount),
    cur: r.cur ?? c.cur ?? "CNY",
    terms: r.terms ?? "",
    due: r.due ?? "",
    applies: r.applies ?? "",
    group: r.group ?? "",
    disputed: !!r.disputed,
  };
  if ((row.type === "invoice" || row.type === "debit_note") && row.cents > 0 && !row.due && row.terms === "") {
    throw new Error(`${custId} ${r.date}: an invoice needs a due date or terms, so it never depends on defaults`);
  }
  rows.push(row);
  return row;
}
// Invoice with terms (due_date left empty) / with an explicit due date.
const inv = (cust, key, date, amount, terms, extra = {}) => add(cust, { type: "invoice", key, date, amount, terms, ...extra });
const invDue = (cust, key, date, amount, due, extra = {}) => add(cust, { type: "invoice", key, date, amount, due, ...extra });
const pay = (cust, date, amount, applies, extra = {}) => add(cust, { type: "payment", date, amount, applies, ...extra });
const credit = (cust, date, amount, applies, extra = {}) => add(cust, { type: "credit_note", date, amount, applies, ...extra });

// -- Paid-up history (generated; nets to zero per customer, so it never shows in the aging) --
function monthsBetween(from, to) {
  const out = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push([y, m]);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
function history(c) {
  const h = c.hist;
  if (!h) return;
  monthsBetween(h.from, h.to).forEach(([y, m], i) => {
    const date = `${y}-${String(m).padStart(2, "0")}-${String(h.day).padStart(2, "0")}`;
    const amount = plain(randInt(h.lo * 100, h.hi * 100));
    const due = addDays(date, c.terms);
    const key = `h${i + 1}`;
    if (h.due === "terms") inv(c.id, key, date, amount, c.terms);
    else if (h.due === "date") invDue(c.id, key, date, amount, due);
    else add(c.id, { type: "invoice", key, date, amount, terms: c.terms, due });
    const paidOn = minDate(maxDate(addDays(due, randInt(-8, 16)), addDays(date, 3)), HISTORY_PAID_BY);
    const total = cents(amount);
    if (rng() < 0.25) {
      // Paid in two parts: a round first part, the rest a week or two later.
      const first = Math.floor((total * (0.4 + rng() * 0.2)) / 100000) * 100000 || Math.floor(total / 2);
      pay(c.id, paidOn, plain(first), key);
      pay(c.id, minDate(addDays(paidOn, randInt(7, 20)), HISTORY_PAID_BY), plain(total - first), key);
    } else {
      pay(c.id, paidOn, amount, key);
    }
  });
}
for (const c of CUSTOMERS) history(c);

// -- Older paid-up history, 2023-12 … 2024-07 (issues 15 and 16: 18 months for the KPIs, paid
// history for the credit review). Its own PRNG, so the rows above keep their amounts; every row is
// dated before 2024-09, so no document number from 2024-09 on moves; everything is settled by
// OLD_PAID_BY, so the aging from 2024-09 on does not change.
const OLD_PAID_BY = "2024-08-31";
const oldRng = prng(20231201);
const oldInt = (lo, hi) => lo + Math.floor(oldRng() * (hi - lo + 1));
// Spring Festival 2024 is 02-10: collectors push in the 14 days before it, and customers pay then
// what they would otherwise have paid around the holiday.
const PUSH_2024 = ["2024-01-27", "2024-02-09"];
// Customers on 2/10 net 30 in that year (现金折扣): `take` is the share of invoices paid inside
// the discount period, net of the 2%.
const DISCOUNT = { C008: { take: 0.5 }, C022: { take: 0.4 }, C029: { take: 0.25 } };
const writeOff = (cust, date, amount, applies) => add(cust, { type: "write_off", date, amount, applies });
function olderHistory(c) {
  const h = c.hist;
  // C024 has a story of its own below; C028 keeps the short history of a stall (risk class D).
  if (!h || c.id === "C024" || c.id === "C028") return;
  const d = DISCOUNT[c.id];
  // C029 placed three big orders in the spring of 2023 and took the discount on each; they fall
  // out of the 24-month credit window between 2025-04-01 and 2025-06-30 (paydex_drop).
  const months = c.id === "C029" ? [[2023, 4], [2023, 5], [2023, 6], ...monthsBetween("2023-12", "2024-07")] : monthsBetween("2023-12", "2024-07");
  months.forEach(([y, m], i) => {
    const date = `${y}-${String(m).padStart(2, "0")}-${String(h.day).padStart(2, "0")}`;
    const big = y === 2023 && m < 12;
    const total = big ? oldInt(280000, 320000) * 100 : oldInt(h.lo * 100, h.hi * 100);
    const due = addDays(date, c.terms);
    const key = `o${i + 1}`;
    if (d) add(c.id, { type: "invoice", key, date, amount: plain(total), terms: "2/10 net 30" });
    else if (h.due === "terms") inv(c.id, key, date, plain(total), c.terms);
    else if (h.due === "date") invDue(c.id, key, date, plain(total), due);
    else add(c.id, { type: "invoice", key, date, amount: plain(total), terms: c.terms, due });
    if (c.id === "C003" && y === 2024 && m === 1) {
      // Written off in full: the shop denied the delivery and there was no signed receipt.
      writeOff(c.id, "2024-07-31", plain(total), key);
      return;
    }
    if (d && (big || oldRng() < d.take)) {
      const discount = Math.round((total * 2) / 100);
      pay(c.id, addDays(date, oldInt(4, 10)), plain(total - discount), key);
      return;
    }
    let paidOn = minDate(maxDate(addDays(due, oldInt(-8, 16)), addDays(date, 3)), OLD_PAID_BY);
    if (paidOn >= "2024-01-13" && paidOn <= "2024-02-25") {
      const pushed = addDays(PUSH_2024[0], oldInt(0, 13));
      if (addDays(date, 3) <= pushed) paidOn = pushed;
    }
    pay(c.id, paidOn, plain(total), key);
  });
}
for (const c of CUSTOMERS) olderHistory(c);
// C024: three invoices of spring 2024 paid three months late in the summer (its paydex is low:
// risk class E at 2025-06-30), and the January one settled at 70% and the rest written off.
inv("C024", "o1", "2024-01-03", "46200.00", 30);
pay("C024", "2024-05-20", "32340.00", "o1");
writeOff("C024", "2024-08-20", "13860.00", "o1");
inv("C024", "o2", "2024-03-04", "68000.00", 30);
pay("C024", "2024-07-15", "68000.00", "o2");
inv("C024", "o3", "2024-04-02", "72500.00", 30);
pay("C024", "2024-08-05", "72500.00", "o3");
inv("C024", "o4", "2024-05-06", "59800.00", 30);
pay("C024", "2024-08-26", "59800.00", "o4");

// -- The story rows: what is open at 2025-06-30, and why (fixtures/README.md tells it) --

// C001 balance-forward: no payment names an invoice; FIFO settles oldest first, and one
// payment larger than everything open waits as unapplied credit for the next invoice.
inv("C001", "a", "2024-10-15", "30000.00", 30);
inv("C001", "b", "2024-11-14", "28450.00", 30);
pay("C001", "2024-12-10", "70000.00");
inv("C001", "c", "2025-01-10", "48600.00", 30);
inv("C001", "d", "2025-02-12", "52380.50", 30);
pay("C001", "2025-03-05", "37050.00");
inv("C001", "e", "2025-03-11", "39870.00", 30);
pay("C001", "2025-04-08", "60000.00");
inv("C001", "f", "2025-04-15", "45210.80", 30);
inv("C001", "g", "2025-05-14", "41500.00", 30);
pay("C001", "2025-05-20", "32250.50");
inv("C001", "h", "2025-06-12", "36720.00", 30);
pay("C001", "2025-06-18", "20000.00");
pay("C001", "2025-07-08", "25210.80");

// C002 partial and full payments naming their invoices; one pays after the as-of date.
inv("C002", "a", "2025-04-20", "126800.00", 45);
inv("C002", "b", "2025-05-06", "58930.40", 45);
inv("C002", "c", "2025-05-28", "43215.60", 45);
pay("C002", "2025-06-10", "50000.00", "a");
inv("C002", "d", "2025-06-16", "67300.00", 45);
pay("C002", "2025-06-24", "58930.40", "b");
pay("C002", "2025-07-05", "76800.00", "a");

// C003 a small shop, tier C.
inv("C003", "a", "2024-12-05", "3860.00", 30);
inv("C003", "b", "2025-01-18", "2415.50", 30);
pay("C003", "2025-02-28", "2000.00", "a");
inv("C003", "c", "2025-03-20", "1280.00", 30);
inv("C003", "d", "2025-05-22", "965.80", 30);

// C004 USD (tier A) and one CNY invoice: two aging rows for one customer.
inv("C004", "a", "2025-05-09", "18450.00", 30);
inv("C004", "b", "2025-06-06", "9875.25", 30);
pay("C004", "2025-06-12", "6000.00", "a");
inv("C004", "cny", "2025-06-18", "5600.00", 30, { cur: "CNY" });

// C005 USD, terms 60, tier B.
inv("C005", "a", "2025-02-20", "24300.00", 60);
inv("C005", "b", "2025-03-18", "15760.50", 60);
inv("C005", "c", "2025-05-15", "31200.00", 60);
pay("C005", "2025-05-30", "10000.00", "a");

// C006 large amounts, nothing overdue, over its credit limit.
inv("C006", "a", "2025-04-10", "198000.00", 60);
inv("C006", "b", "2025-05-08", "286500.00", 60);
inv("C006", "c", "2025-06-05", "312480.00", 60);
pay("C006", "2025-06-06", "198000.00", "a");
inv("C006", "d", "2025-07-08", "175000.00", 60);

// C007 a deposit (预收) for an order shipped in July: only unapplied credit at 2025-06-30.
pay("C007", "2025-06-26", "20000.00");
inv("C007", "a", "2025-07-04", "36000.00", 30);

// C008 fully paid: no aging row.
inv("C008", "a", "2025-03-03", "27340.00", 30);
pay("C008", "2025-04-15", "27340.00", "a");
inv("C008", "b", "2025-05-12", "23680.00", 30);
pay("C008", "2025-06-09", "23680.00", "b");

// C009 a disputed invoice over 90 days (aged, not tiered) beside a tier-A one.
inv("C009", "a", "2025-02-26", "37900.00", 30, { disputed: true });
inv("C009", "b", "2025-03-24", "29615.00", 30);
pay("C009", "2025-04-22", "29615.00", "b");
inv("C009", "c", "2025-05-19", "22540.00", 30);
inv("C009", "d", "2025-06-09", "18760.00", 30);

// C010 credit notes: one naming its invoice, one (a rebate) left to FIFO.
inv("C010", "a", "2025-03-25", "64200.00", 45);
inv("C010", "b", "2025-04-22", "38750.00", 45);
credit("C010", "2025-04-30", "4200.00", "a");
inv("C010", "c", "2025-06-03", "29980.00", 45);
credit("C010", "2025-06-10", "2150.00");
pay("C010", "2025-06-25", "38750.00", "b");

// C011 a 红字发票: an invoice row with a negative amount, naming the invoice it reverses.
inv("C011", "a", "2024-12-20", "156000.00", 60);
add("C011", { type: "invoice", key: "red", date: "2025-01-15", amount: "-12000.00", applies: "a" });
inv("C011", "b", "2025-03-10", "98650.00", 60);
pay("C011", "2025-03-20", "80000.00", "a");
inv("C011", "c", "2025-05-06", "45300.00", 60);

// C012 a standing order invoiced every Tuesday (3,960.00) and Friday (5,148.00); the two
// 2024 batches were each paid by one receipt naming every invoice (rows sharing a doc_no);
// nothing since: 63 open invoices, a letter that runs over two pages.
{
  const holidays = new Set(["2024-09-17", "2024-10-01", "2024-10-04", "2025-01-28", "2025-01-31", "2025-02-04", "2025-04-04", "2025-05-02"]);
  const batches = [
    { from: "2024-09-01", to: "2024-09-30", paidOn: "2024-10-25", keys: [] },
    { from: "2024-10-01", to: "2024-11-01", paidOn: "2024-11-29", keys: [] },
  ];
  let n = 0;
  for (let d = "2024-09-01"; d <= "2025-06-30"; d = addDays(d, 1)) {
    const wd = weekday(d);
    if ((wd !== 2 && wd !== 5) || holidays.has(d)) continue;
    const key = `w${++n}`;
    inv("C012", key, d, wd === 2 ? "3960.00" : "5148.00", 30);
    batches.find((b) => d >= b.from && d <= b.to)?.keys.push([key, wd === 2 ? "3960.00" : "5148.00"]);
  }
  for (const [i, b] of batches.entries()) {
    for (const [key, amount] of b.keys) pay("C012", b.paidOn, amount, key, { group: `C012-batch${i + 1}` });
  }
  pay("C012", "2025-07-10", "30000.00");
}

// C013 debit notes (one with a due date, one with terms).
inv("C013", "a", "2025-03-28", "72800.00", 30);
add("C013", { type: "debit_note", key: "dn1", date: "2025-04-15", amount: "3640.00", due: "2025-05-15" });
inv("C013", "b", "2025-05-20", "26500.00", 30);
pay("C013", "2025-05-26", "40000.00", "a");
add("C013", { type: "debit_note", key: "dn2", date: "2025-06-16", amount: "1250.00", terms: 30 });

// C014 USD, tier C.
inv("C014", "a", "2025-01-20", "8640.00", 30);
inv("C014", "b", "2025-02-25", "12935.40", 30);
pay("C014", "2025-04-02", "3000.00", "a");
inv("C014", "c", "2025-04-28", "6210.00", 30);

// C015 USD, nothing overdue; rows give both terms and due date.
add("C015", { type: "invoice", key: "a", date: "2025-05-27", amount: "14380.00", terms: 45, due: "2025-07-11" });
add("C015", { type: "invoice", key: "b", date: "2025-06-20", amount: "7925.50", terms: 45, due: "2025-08-04" });

// C016 an overpayment whose excess waits for the next invoice; a payment dated before the
// invoice it names (settles on the invoice's date).
inv("C016", "a", "2025-04-10", "45000.00", 30);
pay("C016", "2025-05-08", "50000.00", "a");
inv("C016", "b", "2025-05-16", "30000.00", 30);
inv("C016", "c", "2025-06-12", "33480.00", 30);
pay("C016", "2025-06-13", "25000.00", "b");
pay("C016", "2025-06-25", "18000.00", "d");
inv("C016", "d", "2025-06-27", "18000.00", 30);

// C017 an overpayment whose excess stays unapplied: the only open invoice is disputed, and
// FIFO never pays a disputed invoice.
inv("C017", "a", "2025-03-14", "62400.00", 30);
pay("C017", "2025-04-11", "64000.00", "a");
inv("C017", "b", "2025-04-18", "9850.00", 30, { disputed: true });

// C018 large, tier C, contract late-fee rate 0.0005 in the customer master.
inv("C018", "a", "2024-11-18", "185600.00", 60);
inv("C018", "b", "2025-01-22", "132480.00", 60);
pay("C018", "2025-02-20", "85600.00", "a");
inv("C018", "c", "2025-04-16", "96720.00", 60);
pay("C018", "2025-06-28", "32480.00", "b");

// C019 explicit due dates; one invoice exactly 1 day overdue.
invDue("C019", "a", "2025-05-06", "54320.00", "2025-06-05");
invDue("C019", "b", "2025-05-23", "17645.75", "2025-06-22");
invDue("C019", "c", "2025-05-30", "6480.00", "2025-06-29");
invDue("C019", "d", "2025-06-13", "28900.00", "2025-07-13");
pay("C019", "2025-06-15", "20000.00", "a");

// C020 a repair shop, tier A; one invoice due on the as-of date itself (0 days: current).
inv("C020", "a", "2025-05-15", "4380.00", 30);
invDue("C020", "b", "2025-05-31", "1760.00", "2025-06-30");
inv("C020", "c", "2025-06-10", "2150.50", 30);

// C021 tier B with a broken promise (events.csv: promised 2025-06-03 to pay by 2025-06-20).
inv("C021", "a", "2025-03-12", "48760.00", 45);
inv("C021", "b", "2025-04-08", "36200.00", 45);
inv("C021", "c", "2025-05-29", "22415.00", 45);
pay("C021", "2025-07-02", "20000.00", "a");

// C022 a kept promise (promised 2025-05-12 to pay by 2025-05-30; paid 2025-05-28).
inv("C022", "a", "2025-03-26", "33600.00", 30);
pay("C022", "2025-05-28", "33600.00", "a");
inv("C022", "b", "2025-06-11", "19840.00", 30);

// C023 an instalment agreement of 2025-04-15 (events.csv): down payment and first
// instalment paid on time, the second (due 2025-06-13) missed.
inv("C023", "a", "2024-12-10", "120000.00", 60);
pay("C023", "2025-04-18", "36000.00", "a");
pay("C023", "2025-05-15", "28000.00", "a");
inv("C023", "b", "2025-05-20", "64850.00", 60);

// C024 tier C, sent to a lawyer (events.csv); contract late-fee rate 0.001.
inv("C024", "a", "2024-10-22", "78300.00", 30);
inv("C024", "b", "2024-11-26", "64150.00", 30);
pay("C024", "2025-01-10", "30000.00", "a");

// C025 tier B, do_not_contact=yes; one invoice exactly 31 days overdue.
inv("C025", "a", "2025-04-12", "8920.00", 30);
inv("C025", "b", "2025-04-30", "2735.00", 30);
inv("C025", "c", "2025-05-08", "5460.30", 30);

// C026 a monthly property-management fee billed on the 1st; May's is exactly 30 days overdue.
for (const m of ["2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]) {
  const date = `${m}-01`;
  inv("C026", m, date, "12000.00", 30);
  if (m <= "2025-04") pay("C026", addDays(date, 24), "12000.00", m);
}

// C027 terms 60; invoices exactly 90 and 60 days overdue (bucket and tier edges).
inv("C027", "a", "2025-01-31", "27350.00", 60);
inv("C027", "b", "2025-03-02", "15600.00", 60);
inv("C027", "c", "2025-04-25", "19480.00", 60);

// C028 a stationery stall; one invoice exactly 91 days overdue (tier C edge).
inv("C028", "a", "2025-03-01", "3275.00", 30);
invDue("C028", "b", "2025-04-02", "1860.00", "2025-05-02");
pay("C028", "2025-05-20", "1000.00", "a");

// C029 a busy June for the statement of account: payments without applies_to, a credit note.
inv("C029", "a", "2025-05-10", "42600.00", 30);
inv("C029", "b", "2025-05-24", "38250.00", 30);
pay("C029", "2025-06-05", "30000.00");
inv("C029", "c", "2025-06-07", "45180.00", 30);
credit("C029", "2025-06-18", "1250.00", "b");
pay("C029", "2025-06-27", "12600.00");

// C030 a new customer, first invoiced in July: no row at 2025-06-30.
inv("C030", "a", "2025-07-03", "8460.00", 30);
inv("C030", "b", "2025-07-10", "5200.00", 30);

// ---------------------------------------------------------------------------------------------
// Numbering and the ledger file

const ledgerRows = [...rows];
ledgerRows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.cust < b.cust ? -1 : a.cust > b.cust ? 1 : a.seq - b.seq));
const PREFIX = { invoice: "INV", payment: "RCV", credit_note: "CN", debit_note: "DN", write_off: "WO" };
const counters = new Map();
const groupNo = new Map();
const docNoOf = new Map(); // "C001:a" -> doc_no
for (const r of ledgerRows) {
  if (r.group && groupNo.has(r.group)) {
    r.docNo = groupNo.get(r.group);
  } else {
    const yymm = r.date.slice(2, 4) + r.date.slice(5, 7);
    const counterKey = `${PREFIX[r.type]}-${yymm}`;
    const n = (counters.get(counterKey) ?? 0) + 1;
    counters.set(counterKey, n);
    r.docNo = `${counterKey}-${String(n).padStart(3, "0")}`;
    if (r.group) groupNo.set(r.group, r.docNo);
  }
  if (r.key) {
    const k = `${r.cust}:${r.key}`;
    if (docNoOf.has(k)) throw new Error(`duplicate key ${k}`);
    docNoOf.set(k, r.docNo);
  }
}
function docNo(cust, key) {
  const no = docNoOf.get(`${cust}:${key}`);
  if (!no) throw new Error(`no document ${cust}:${key}`);
  return no;
}

const ledger = [["doc_no", "doc_type", "customer_id", "customer_name", "doc_date", "due_date", "terms", "amount", "currency", "applies_to", "disputed"]];
for (const r of ledgerRows) {
  ledger.push([
    r.docNo,
    r.type,
    r.cust,
    BY_ID.get(r.cust).name,
    r.date,
    r.due,
    r.terms === "" ? "" : String(r.terms),
    plain(r.cents),
    r.cur,
    r.applies ? docNo(r.cust, r.applies) : "",
    r.disputed ? "yes" : "",
  ]);
}
write("ledger.csv", csv(ledger));

// ---------------------------------------------------------------------------------------------
// Customer master

// Collectors (`ar commission`) by region, the English-speaking customers to one of their own;
// C007 (pays in advance), C025 (do not contact) and C030 (new) have none.
const COLLECTORS = {
  王丽: ["C001", "C003", "C008", "C011", "C012", "C020", "C021", "C026", "C027"],
  陈刚: ["C006", "C016", "C017", "C018", "C024", "C029"],
  赵婷: ["C002", "C009", "C010", "C013", "C019", "C022", "C023", "C028"],
  "Jenny Xu": ["C004", "C005", "C014", "C015"],
};
const collectorOf = new Map(Object.entries(COLLECTORS).flatMap(([name, ids]) => ids.map((id) => [id, name])));
// Last credit reviews (`ar credit`): the yearly review in December or January for most, recent
// ones for the watched accounts, none yet for C007, C017 and C030 (review due at once).
const LAST_REVIEW = {
  C001: "2025-01-15", C002: "2024-12-16", C003: "2025-03-10", C004: "2025-01-20", C005: "2025-01-20", C006: "2025-04-28",
  C008: "2024-12-16", C009: "2025-04-07", C010: "2024-12-16", C011: "2025-03-05", C012: "2025-05-15", C013: "2025-01-15",
  C014: "2025-02-24", C015: "2025-01-20", C016: "2024-06-28", C018: "2025-04-08", C019: "2024-12-16", C020: "2025-01-15",
  C021: "2025-01-15", C022: "2024-12-16", C023: "2025-04-15", C024: "2025-05-20", C025: "2024-11-11", C026: "2024-12-16",
  C027: "2025-01-15", C028: "2025-02-24", C029: "2024-12-16",
};
// No credit limit: C007 pays in advance, C030 is new and not yet reviewed.
const NO_LIMIT = new Set(["C007", "C030"]);
const master = [["customer_id", "customer_name", "contact_name", "contact_title", "phone", "email", "address", "postcode", "segment", "credit_limit", "terms", "late_fee_rate", "lang", "do_not_contact", "provision_rate", "provision_reason", "collector", "last_review"]];
for (const c of CUSTOMERS) {
  // provision_rate / provision_reason: 单项计提 (C024, individually assessed at 50%).
  master.push([c.id, c.name, c.contact, c.title, c.phone, c.email, c.address, c.postcode, c.segment, NO_LIMIT.has(c.id) ? "" : c.limit, String(c.terms), c.feeRate ?? "", c.lang, c.doNotContact ? "yes" : "no", c.provision?.rate ?? "", c.provision?.reason ?? "", collectorOf.get(c.id) ?? "", LAST_REVIEW[c.id] ?? ""]);
}
write("customers.csv", csv(master));

// ---------------------------------------------------------------------------------------------
// Config: a complete example of every key in SPEC.md's Config section

const config = {
  company: {
    name: "上海明德商贸有限公司",
    address: "上海市静安区江宁路168号华通大厦8楼806室",
    postcode: "200041",
    phone: "021-62581234",
    email: "ar@mingde-trade.example.com",
    bank: { name: "中国工商银行上海市江宁路支行", accountName: "上海明德商贸有限公司", accountNumber: "1001234509123456789" },
  },
  currency: "CNY",
  lang: "zh",
  timezone: "Asia/Shanghai",
  terms: 30,
  buckets: [30, 60, 90],
  tiers: { b: 31, c: 91 },
  minAmount: "0.01",
  fees: { rate: "0.003", graceDays: 0, cap: null },
  calls: {
    weekdays: ["tue", "wed", "thu"],
    window: ["10:00", "11:00"],
    perHour: 8,
    cadenceDays: { A: 7, B: 3, C: 0 },
    festivalPushDays: 14,
    avoid: { individualMonthEndDays: 3, largeEnterpriseQuarterEndDays: 7 },
  },
  letters: { replyBusinessDays: 3 },
};
write("ar.config.json", prettyJson(config) + "\n");

// ---------------------------------------------------------------------------------------------
// Events log: contact history up to the as-of date (doc_no filled from the ledger numbering)

const events = [
  ["2025-01-06", "C024", "call", "", "", "", "电话联系于洪波总经理催收10月22日发票余款，对方称渔季资金回笼慢，春节前无法付款", ""],
  ["2025-02-18", "C024", "letter_sent", docNo("C024", "a"), "", "", "寄送催款提醒函（普通挂号）", "evidence/letter-C024-20250218.pdf"],
  ["2025-02-20", "C012", "call", "", "", "", "电话联系孙丽华经理，对方称新ERP系统上线导致付款流程延迟", "recordings/C012-20250220.m4a"],
  ["2025-03-03", "C018", "call", "", "", "", "联系郭建军部长，对方确认11月发票余款10万元，称3月底前付一部分", "recordings/C018-20250303.m4a"],
  ["2025-03-05", "C011", "call", "", "", "", "联系吴海涛，对方确认收到12月发票及红字发票，称3月中旬安排部分付款", ""],
  ["2025-03-10", "C003", "visit", "", "", "", "上门拜访张老板，对方承诺清明前结清旧账", ""],
  ["2025-03-18", "C012", "email", "", "", "", "发送对账单及逾期发票明细至财务部邮箱", "evidence/email-C012-20250318.eml"],
  ["2025-03-20", "C023", "visit", "", "", "", "拜访谢芳总监，商议12月发票12万元分期还款方案", ""],
  ["2025-04-03", "C009", "dispute", docNo("C009", "a"), "37900.00", "", "客户称2月26日批次冻品到货温度超标，要求提供冷链记录及质检报告后再付款", "evidence/dispute-C009-20250403.pdf"],
  ["2025-04-08", "C018", "email", "", "", "", "发送逾期对账单，提醒合同约定每日万分之五滞纳金", "evidence/email-C018-20250408.eml"],
  ["2025-04-08", "C024", "letter_sent", "", "", "", "寄送最终催款函（EMS挂号），限期十五日内付清", "evidence/letter-C024-20250408.pdf"],
  ["2025-04-10", "C012", "visit", "", "", "", "上门拜访，对方总经理承诺二季度内逐步清偿", ""],
  ["2025-04-15", "C011", "visit", "", "", "", "拜访吴海涛，对方称工程款未回笼，希望延期至6月", ""],
  ["2025-04-15", "C023", "agreement", docNo("C023", "a"), "36000.00", "2025-04-18", "分期还款协议：首付款（协议签订后三个工作日内）", "evidence/plan-C023-20250415.pdf"],
  ["2025-04-15", "C023", "agreement", docNo("C023", "a"), "28000.00", "2025-05-15", "分期还款协议：第1期", "evidence/plan-C023-20250415.pdf"],
  ["2025-04-15", "C023", "agreement", docNo("C023", "a"), "28000.00", "2025-06-13", "分期还款协议：第2期（6月15日为星期日，提前至6月13日）", "evidence/plan-C023-20250415.pdf"],
  ["2025-04-15", "C023", "agreement", docNo("C023", "a"), "28000.00", "2025-07-15", "分期还款协议：第3期", "evidence/plan-C023-20250415.pdf"],
  ["2025-04-22", "C003", "call", "", "", "", "电话提醒张老板，对方称生意淡季，5月再付", ""],
  ["2025-05-05", "C014", "email", "", "", "", "向Daniel Tan发送英文逾期提醒及对账单", "evidence/email-C014-20250505.eml"],
  ["2025-05-06", "C022", "call", "", "", "", "提醒黄磊3月26日发票已逾期", ""],
  ["2025-05-12", "C022", "promise", docNo("C022", "a"), "33600.00", "2025-05-30", "黄磊承诺5月30日前付清3月26日发票款", "recordings/C022-20250512.m4a"],
  ["2025-05-15", "C012", "letter_sent", "", "", "", "寄送催款通知函（EMS挂号），附逾期发票清单", "evidence/letter-C012.pdf"],
  ["2025-05-20", "C001", "call", "", "", "", "王建国称4月发票已走付款流程，本周内付款", "recordings/C001-20250520.m4a"],
  ["2025-05-20", "C011", "letter_sent", "", "", "", "寄送催款函", "evidence/letter-C011-20250520.pdf"],
  ["2025-05-27", "C021", "call", "", "", "", "首次催收：提醒郑海峰3月12日发票已逾期一个月", ""],
  ["2025-06-03", "C021", "promise", docNo("C021", "a"), "48760.00", "2025-06-20", "郑海峰承诺6月20日前支付3月12日发票款48,760元", "recordings/C021-20250603.m4a"],
  ["2025-06-05", "C013", "statement_confirmed", "", "", "", "5月对账单回执已盖章寄回，余额确认无误", "evidence/statement-C013-202505.pdf"],
  ["2025-06-05", "C024", "legal", "", "", "", "委托律师事务所发出律师函，准备向大连市中山区人民法院起诉", "evidence/lawyer-letter-C024.pdf"],
  ["2025-06-10", "C002", "wechat", "", "", "", "微信对账，对方确认4月20日发票已付5万元，余款7月初付清", "evidence/wechat-C002-20250610.png"],
  ["2025-06-12", "C003", "letter_sent", "", "", "", "寄送催款通知函", "evidence/letter-C003-20250612.pdf"],
  ["2025-06-16", "C012", "call", "", "", "", "孙丽华称资金计划已报总经理审批，7月上旬先付3万元", "recordings/C012-20250616.m4a"],
  ["2025-06-17", "C023", "call", "", "", "", "6月13日应付第2期28,000元未到账，提醒协议加速到期条款", "recordings/C023-20250617.m4a"],
  ["2025-06-19", "C009", "email", "", "", "", "发送质检报告及冷链温度记录，请对方复核后安排付款", "evidence/email-C009-20250619.eml"],
  ["2025-06-20", "C001", "call", "", "", "", "提醒5月15日到期余款25,210.80元，对方称7月上旬付款", ""],
  ["2025-06-24", "C018", "call", "", "", "", "对方称资金紧张，月底先付1月22日发票的一部分", "recordings/C018-20250624.m4a"],
  ["2025-06-24", "C021", "call", "", "", "", "承诺付款日已过仍未收到款项，对方称付款审批延误", ""],
];
// Routine contacts 2024-07 … 2025-03 for the channel table of `ar kpi --events`: before each
// customer's earliest open due date (so no dunning episode and no limitation claim sees them).
// A contact is "followed" when the customer pays within 14 days; each channel has its own
// chance of that (WeChat and visits work better than e-mail).
{
  const CHANNELS = [
    ["wechat", 0.8, "微信提醒对方财务本月到期发票，对方回复已安排付款"],
    ["visit", 0.7, "上门拜访，核对往来余额并沟通付款计划"],
    ["call", 0.5, "电话提醒发票即将到期"],
    ["email", 0.3, "发送月度对账单及到期提醒邮件"],
  ];
  const evRng = prng(20240701);
  const firstOpenDue = { C002: "2025-06-04", C005: "2025-04-21", C006: "2025-07-07", C008: "9999-12-31", C010: "2025-05-09", C013: "2025-04-27", C015: "2025-07-11", C016: "2025-07-12", C017: "2025-05-18", C019: "2025-06-05", C020: "2025-06-14", C022: "2025-07-11", C027: "2025-04-01", C029: "2025-06-23" };
  const paysOf = (cust) => rows.filter((r) => r.cust === cust && r.type === "payment").map((r) => r.date);
  let k = 0;
  for (const cust of Object.keys(firstOpenDue)) {
    const pays = paysOf(cust);
    for (const paid of pays) {
      if (paid < "2024-07-15" || paid > "2025-03-14" || evRng() < 0.5) continue;
      const [type, chance, note] = CHANNELS[k++ % CHANNELS.length];
      const followed = evRng() < chance;
      const date = followed ? addDays(paid, -randIntOf(evRng, 1, 10)) : addDays(paid, -randIntOf(evRng, 20, 30));
      if (date >= firstOpenDue[cust] || date > "2025-03-14") continue;
      // Not followed means no payment at all in the 14 days after.
      if (!followed && pays.some((d) => d >= date && d <= addDays(date, 14))) continue;
      events.push([date, cust, type, "", "", "", note, type === "email" ? `evidence/email-${cust}-${date.replace(/-/g, "")}.eml` : ""]);
    }
  }
  events.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
for (const e of events) if (e[0] > AS_OF) throw new Error("events stop at the as-of date");
write("events.csv", csv([["date", "customer_id", "type", "doc_no", "amount", "due_date", "note", "evidence"], ...events]));

// ---------------------------------------------------------------------------------------------
// Export-shaped fixtures

// GBK is what 金蝶 writes; keep to GB2312's two-byte range so any GB decoder reads it.
function gb2312Bytes(text) {
  const buf = iconv.encode(text, "gbk");
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] < 0x80) continue;
    if (!(buf[i] >= 0xa1 && buf[i] <= 0xf7 && buf[i + 1] >= 0xa1 && buf[i + 1] <= 0xfe)) {
      throw new Error(`not GB2312 near byte ${i}`);
    }
    i++;
  }
  if (iconv.decode(buf, "gbk") !== text) throw new Error("GBK round trip failed");
  return buf;
}

// 金蝶 应收款账龄分析表 (open items): 尚未收款金额 is the open balance; negative rows are receipts
// not yet matched to an invoice.
{
  const K = (cust, no, date, due, type, total, open, days) => [cust, no, date, due, "人民币", type, total, open, days, "销售部"];
  const sub = (total, open) => ["小计", "", "", "", "", "", total, open, "", ""];
  const rowsK = [
    ["应收款账龄分析表"],
    ["公司：上海明德商贸有限公司"],
    ["截止日期：2025-06-30", "", "", "", "", "", "", "", "", "单位：元"],
    ["往来单位", "单据编号", "业务日期", "到期日", "币别", "单据类型", "价税合计", "尚未收款金额", "逾期天数", "部门"],
    K("华东贸易有限公司", "AR00000412", "2025-04-15", "2025-05-15", "销售发票", "45,210.80", "25,210.80", "46"),
    K("华东贸易有限公司", "AR00000498", "2025-05-14", "2025-06-13", "销售发票", "41,500.00", "41,500.00", "17"),
    K("华东贸易有限公司", "AR00000561", "2025-06-12", "2025-07-12", "销售发票", "36,720.00", "36,720.00", ""),
    sub("123,430.80", "103,430.80"),
    K("深圳市鹏程电子有限公司", "AR00000437", "2025-04-20", "2025-06-04", "销售发票", "126,800.00", "76,800.00", "26"),
    K("深圳市鹏程电子有限公司", "AR00000503", "2025-05-28", "2025-07-12", "销售发票", "43,215.60", "43,215.60", ""),
    K("深圳市鹏程电子有限公司", "QTYS00000031", "2025-06-03", "2025-07-03", "其他应收单", "1,850.00", "1,850.00", ""),
    K("深圳市鹏程电子有限公司", "SKD00000219", "2025-06-26", "", "收款单", "-10,000.00", "-10,000.00", ""),
    sub("161,865.60", "111,865.60"),
    K("张记五金店", "AR00000287", "2024-12-05", "2025-01-04", "销售发票", "3,860.00", "1,860.00", "177"),
    K("张记五金店", "AR00000322", "2025-01-18", "2025-02-17", "销售发票", "2,415.50", "2,415.50", "133"),
    K("张记五金店", "AR00000376", "2025-03-20", "2025-04-19", "销售发票", "1,280.00", "1,280.00", "72"),
    sub("7,555.50", "5,555.50"),
    K("重庆山城机电设备有限公司", "AR00000389", "2025-03-28", "2025-04-27", "销售发票", "72,800.00", "32,800.00", "64"),
    K("重庆山城机电设备有限公司", "QTYS00000027", "2025-04-15", "2025-05-15", "其他应收单", "3,640.00", "3,640.00", "46"),
    K("重庆山城机电设备有限公司", "AR00000517", "2025-05-20", "2025-06-19", "销售发票", "26,500.00", "26,500.00", "11"),
    K("重庆山城机电设备有限公司", "SKD00000231", "2025-06-28", "", "收款单", "-5,000.00", "-5,000.00", ""),
    sub("97,940.00", "57,940.00"),
    K("成都天府食品有限公司", "AR00000455", "2025-05-19", "2025-06-18", "销售发票", "22,540.00", "22,540.00", "12"),
    K("成都天府食品有限公司", "AR00000540", "2025-06-09", "2025-07-09", "销售发票", "18,760.00", "18,760.00", ""),
    sub("41,300.00", "41,300.00"),
    ["合计", "", "", "", "", "", "432,091.90", "320,091.90", "", ""],
    ["制表人：李会计", "", "", "审核人：周主管", "", "", "", "", "", ""],
    ["打印时间：2025-07-01 09:12:45"],
  ];
  write("exports/kingdee-aging.csv", gb2312Bytes(csv(padRows(rowsK), "\r\n")));
}

// 用友 应收明细账: every document (not open items), one signed 本币金额 column where the
// 单据类型 decides the direction; dates as 2025/5/16; no applies_to, so receipts settle FIFO.
{
  const Y = (code, name, date, due, type, no, memo, amount) => [code, name, date, due, type, no, memo, amount];
  const BS = ["010003", "上海宝山钢材贸易有限公司"];
  const OJ = ["010015", "浙江温州瓯江电器有限公司"];
  const SD = ["020002", "广东佛山顺德家具有限公司"];
  const rowsY = [
    ["应收明细账"],
    ["单位名称：上海明德商贸有限公司", "", "", "", "", "", "", "期间：2025.01-2025.07"],
    ["客户编码", "客户名称", "单据日期", "到期日期", "单据类型", "单据编号", "摘要", "本币金额"],
    Y(...OJ, "2025/1/15", "2025/2/14", "销售发票", "XS0000205", "空调压缩机配件", "45,600.00"),
    Y(...OJ, "2025/2/18", "2025/3/20", "销售发票", "XS0000247", "电机控制板", "38,900.00"),
    Y(...BS, "2025/3/5", "2025/4/4", "销售发票", "XS0000321", "螺纹钢 HRB400 Φ16", "128,500.00"),
    Y(...OJ, "2025/3/28", "", "收款单", "SK0000088", "收到货款(电汇)", "45,600.00"),
    Y(...BS, "2025/4/2", "2025/5/2", "销售发票", "XS0000358", "热轧卷板 Q235", "96,320.00"),
    Y(...BS, "2025/4/20", "", "收款单", "SK0000102", "收到货款(承兑汇票)", "100,000.00"),
    Y(...OJ, "2025/4/25", "2025/5/25", "其他应收单", "QT0000015", "代垫运费", "1,260.00"),
    Y(...BS, "2025/5/8", "2025/6/7", "销售发票", "XS0000401", "镀锌钢管 DN50", "74,880.00"),
    Y(...BS, "2025/5/12", "", "红字发票", "HZ0000007", "退货冲红 XS0000358 部分", "-6,320.00"),
    Y(...SD, "2025/5/20", "", "预收单", "YS0000004", "预收定金 经办人:刘䶮", "30,000.00"),
    Y(...OJ, "2025/6/5", "2025/7/5", "销售发票", "XS0000433", "空调压缩机配件", "52,150.00"),
    Y(...SD, "2025/6/10", "2025/7/10", "销售发票", "XS0000440", "实木板材 E0级", "82,400.00"),
    Y(...BS, "2025/6/16", "", "收款单", "SK0000137", "收到货款(电汇)", "50,000.00"),
    Y(...BS, "2025/6/20", "2025/7/20", "销售发票", "XS0000455", "螺纹钢 HRB400 Φ20", "58,600.00"),
    Y(...SD, "2025/7/2", "", "收款单", "SK0000141", "收到尾款", "52,400.00"),
    ["合计", "", "", "", "", "", "", ""],
  ];
  const text = csv(padRows(rowsY), "\r\n");
  const bytes = iconv.encode(text, "gb18030");
  if (iconv.decode(bytes, "gb18030") !== text) throw new Error("GB18030 round trip failed");
  write("exports/yonyou-ledger.csv", bytes);
}

// QuickBooks A/R Aging Detail: sections by days past due, subtotals, a TOTAL and a footer.
{
  const Q = (date, type, num, customer, due, amount, open) => ["", date, type, num, customer, due, amount, open];
  const section = (label) => [label];
  const total = (label, amount, open) => [label, "", "", "", "", "", amount, open];
  const rowsQ = [
    ["Mingde Trading USA Inc."],
    ["A/R Aging Detail"],
    ["As of June 30, 2025"],
    [],
    ["", "Date", "Transaction Type", "Num", "Customer", "Due Date", "Amount", "Open Balance"],
    section("Current"),
    Q("06/12/2025", "Invoice", "1187", "Blue Harbor Foods LLC", "07/12/2025", "7,925.50", "7,925.50"),
    Q("06/20/2025", "Invoice", "1192", "Acme Trading Ltd", "07/20/2025", "4,200.00", "4,200.00"),
    Q("06/30/2025", "Payment", "5521", "Acme Trading Ltd", "06/30/2025", "-1,500.00", "-1,500.00"),
    total("Total for Current", "10,625.50", "10,625.50"),
    section("1 - 30 days past due"),
    Q("05/09/2025", "Invoice", "1158", "Acme Trading Ltd", "06/08/2025", "18,450.00", "12,450.00"),
    Q("05/23/2025", "Invoice", "1166", "Pacific Rim Imports Inc", "06/22/2025", "3,640.00", "3,640.00"),
    Q("06/18/2025", "Credit Memo", "1190", "Blue Harbor Foods LLC", "06/18/2025", "-250.00", "-250.00"),
    total("Total for 1 - 30 days past due", "21,840.00", "15,840.00"),
    section("31 - 60 days past due"),
    Q("04/17/2025", "Invoice", "1141", "Pacific Rim Imports Inc", "05/17/2025", "15,760.50", "15,760.50"),
    Q("04/28/2025", "Invoice", "1149", "Northwind Supplies Ltd", "05/28/2025", "6,210.00", "6,210.00"),
    Q("05/05/2025", "Payment", "3307", "Northwind Supplies Ltd", "05/05/2025", "-300.00", "-300.00"),
    total("Total for 31 - 60 days past due", "21,670.50", "21,670.50"),
    section("61 - 90 days past due"),
    Q("03/22/2025", "Invoice", "1127", "Pacific Rim Imports Inc", "04/21/2025", "24,300.00", "14,300.00"),
    total("Total for 61 - 90 days past due", "24,300.00", "14,300.00"),
    section("91 or more days past due"),
    Q("01/20/2025", "Invoice", "1098", "Northwind Supplies Ltd", "02/19/2025", "8,640.00", "5,640.00"),
    Q("02/25/2025", "Invoice", "1109", "Northwind Supplies Ltd", "03/27/2025", "12,935.40", "12,935.40"),
    total("Total for 91 or more days past due", "21,575.40", "18,575.40"),
    total("TOTAL", "100,011.40", "81,011.40"),
    [],
    [],
    ["Monday, Jul 07, 2025 09:15:42 AM GMT-7"],
  ];
  write("exports/quickbooks-ar-aging-detail.csv", csv(padRows(rowsQ), "\r\n"));
}

// Xero invoice export: one row per line item, the invoice-level columns repeated on each line;
// credit notes (ACCRECCREDIT) carry positive amounts, the Type decides; AUD with 10% GST.
{
  const header = ["ContactName", "InvoiceNumber", "Reference", "InvoiceDate", "DueDate", "Total", "TaxTotal", "InvoiceAmountPaid", "InvoiceAmountDue", "Description", "Quantity", "UnitAmount", "LineAmount", "AccountCode", "TaxType", "Currency", "Type", "Status"];
  const invoices = [
    { contact: "Koala Office Supplies Pty Ltd", no: "INV-0039", ref: "PO 7702", date: "2025-04-02", due: "2025-05-02", paid: "842.60", type: "ACCREC", status: "PAID",
      lines: [["Whiteboard markers (pack of 10)", "30", "14.20"], ["Archive boxes", "50", "6.80"]] },
    { contact: "Southern Cross Freight Ltd", no: "INV-0043", ref: "April storage", date: "2025-04-10", due: "2025-05-10", paid: "0.00", type: "ACCREC", status: "AUTHORISED",
      lines: [["Warehouse storage - April", "1", "2400.00"], ["Pallet handling", "86", "12.50"], ["Forklift hire (hours)", "6", "85.00"]] },
    { contact: "Koala Office Supplies Pty Ltd", no: "INV-0041", ref: "PO 7781", date: "2025-05-06", due: "2025-06-05", paid: "1000.00", type: "ACCREC", status: "AUTHORISED",
      lines: [["A4 copy paper 80gsm (box of 5 reams)", "40", "32.50"], ["Toner cartridge TN-2450", "12", "68.90"], ["Delivery - metro", "1", "45.00"]] },
    { contact: "Wattle Creek Cafe", no: "INV-0042", ref: "June order", date: "2025-06-02", due: "2025-06-16", paid: "0.00", type: "ACCREC", status: "AUTHORISED",
      lines: [["Arabica beans 1kg", "24", "28.00"], ["Oat milk 1L (carton of 12)", "10", "36.00"]] },
    { contact: "Wattle Creek Cafe", no: "CN-0007", ref: "INV-0042", date: "2025-06-10", due: "", paid: "0.00", type: "ACCRECCREDIT", status: "AUTHORISED",
      lines: [["Damaged carton - oat milk", "1", "36.00"]] },
    { contact: "Southern Cross Freight Ltd", no: "INV-0044", ref: "June storage", date: "2025-06-25", due: "2025-07-25", paid: "0.00", type: "ACCREC", status: "AUTHORISED",
      lines: [["Warehouse storage - June", "1", "2400.00"]] },
  ];
  const out = [header];
  for (const x of invoices) {
    const lineCents = x.lines.map(([, q, u]) => Number(q) * cents(u));
    const subtotal = lineCents.reduce((a, b) => a + b, 0);
    const tax = Math.round(subtotal / 10); // whole cents here; checked below
    if (subtotal % 10 !== 0) throw new Error(`GST of ${x.no} is not whole cents`);
    const totalC = subtotal + tax;
    const due = totalC - cents(x.paid);
    const dt = (d) => (d ? `${d}T00:00:00` : "");
    x.lines.forEach(([desc, q, u], i) => {
      out.push([x.contact, x.no, x.ref, dt(x.date), dt(x.due), plain(totalC), plain(tax), x.paid, plain(due), desc, q, u, plain(lineCents[i]), "200", "GST on Income", "AUD", x.type, x.status]);
    });
  }
  write("exports/xero-invoices.csv", "\uFEFF" + csv(out, "\r\n"));
}

// ERPNext Accounts Receivable report, exported as CSV (Ageing Based On: Due Date): one row per open
// voucher, the Voucher Type in ERPNext's words (a Journal Entry is a debit or a credit by its sign),
// dates dd-mm-yyyy (ERPNext's default date format), amounts as the report's floats, and the
// report's own Total row with its label in the first column (Posting Date).
{
  const header = ["Posting Date", "Party", "Customer Name", "Receivable Account", "Voucher Type", "Voucher No", "Due Date", "Invoiced Amount", "Paid Amount", "Credit Note", "Outstanding Amount", "Age (Days)", "Currency", "Remarks"];
  const HL = ["CUST-00012", "Harbor Light Marine Supplies"];
  const GF = ["CUST-00019", "Greenfield Organic Grocers"];
  const NB = ["CUST-00023", "Northgate Builders Co"];
  const E = (date, party, type, no, due, invoiced, paid, credit, outstanding, age, remarks = "") => [date, ...party, "Debtors - PCD", type, no, due, invoiced, paid, credit, outstanding, age, "USD", remarks];
  const rowsE = [
    header,
    E("10-03-2025", HL, "Sales Invoice", "ACC-SINV-2025-00041", "09-04-2025", "8400.0", "3000.0", "0.0", "5400.0", "82"),
    E("30-04-2025", HL, "Journal Entry", "ACC-JV-2025-00007", "30-04-2025", "350.0", "0.0", "0.0", "350.0", "61", "Freight recharged"),
    E("05-06-2025", HL, "Sales Invoice", "ACC-SINV-2025-00077", "05-07-2025", "2960.0", "0.0", "0.0", "2960.0", "0"),
    E("20-06-2025", HL, "Payment Entry", "ACC-PAY-2025-00052", "20-06-2025", "0.0", "1000.0", "0.0", "-1000.0", "10", "Unallocated"),
    E("22-04-2025", GF, "Sales Invoice", "ACC-SINV-2025-00058", "22-05-2025", "4250.0", "0.0", "0.0", "4250.0", "39"),
    E("02-05-2025", GF, "Credit Note", "ACC-SINV-RET-2025-00003", "02-05-2025", "0.0", "0.0", "420.0", "-420.0", "59", "Return of damaged cases"),
    E("31-05-2025", GF, "Journal Entry", "ACC-JV-2025-00011", "31-05-2025", "0.0", "250.0", "0.0", "-250.0", "30", "Offset against supplier balance"),
    E("16-06-2025", GF, "Sales Invoice", "ACC-SINV-2025-00081", "16-07-2025", "1875.0", "0.0", "0.0", "1875.0", "0"),
    E("31-12-2024", NB, "Journal Entry", "ACC-JV-2024-00093", "30-01-2025", "12000.0", "0.0", "0.0", "12000.0", "151", "Opening balance"),
    E("15-05-2025", NB, "Sales Invoice", "ACC-SINV-2025-00066", "14-06-2025", "6780.0", "0.0", "0.0", "6780.0", "16"),
    ["Total", "", "", "", "", "", "", "36615.0", "4250.0", "420.0", "31945.0", "", "", ""],
  ];
  write("exports/erpnext-accounts-receivable.csv", csv(rowsE, "\n"));
}

// 用友 应收账龄分析 (open items by customer): each customer's rows end in a subtotal row whose
// label carries the customer's name and stands in the second column (客户名称), or, for one
// customer, no label at all (its code and the sums only); 未核销金额 is the open balance.
{
  const U = (code, name, type, no, date, due, amount, open) => [code, name, type, no, date, due, amount, open];
  const BS = ["010003", "上海宝山钢材贸易有限公司"];
  const OJ = ["010015", "浙江温州瓯江电器有限公司"];
  const SD = ["020002", "广东佛山顺德家具有限公司"];
  const WJ = ["010021", "江苏常州武进五金机电有限公司"];
  const rowsU = [
    ["应收账龄分析"],
    ["单位：上海明德商贸有限公司", "", "", "", "截止日期：2025-06-30"],
    ["客户编码", "客户名称", "单据类型", "单据编号", "单据日期", "到期日期", "本币金额", "未核销金额"],
    U(...BS, "销售发票", "XS0000358", "2025/4/2", "2025/5/2", "96,320.00", "68,500.00"),
    U(...BS, "销售发票", "XS0000401", "2025/5/8", "2025/6/7", "74,880.00", "74,880.00"),
    U(...BS, "销售发票", "XS0000455", "2025/6/20", "2025/7/20", "58,600.00", "58,600.00"),
    ["", "上海宝山钢材贸易有限公司(小计)", "", "", "", "", "229,800.00", "201,980.00"],
    U(...OJ, "销售发票", "XS0000247", "2025/2/18", "2025/3/20", "38,900.00", "38,900.00"),
    U(...OJ, "其他应收单", "QT0000015", "2025/4/25", "2025/5/25", "1,260.00", "1,260.00"),
    U(...OJ, "销售发票", "XS0000433", "2025/6/5", "2025/7/5", "52,150.00", "52,150.00"),
    U(...OJ, "收款单", "SK0000160", "2025/6/27", "", "-10,000.00", "-10,000.00"),
    ["", "小计：浙江温州瓯江电器有限公司", "", "", "", "", "82,310.00", "82,310.00"],
    U(...SD, "销售发票", "XS0000440", "2025/6/10", "2025/7/10", "82,400.00", "52,400.00"),
    ["020002", "", "", "", "", "", "82,400.00", "52,400.00"],
    U(...WJ, "销售发票", "XS0000298", "2025/3/12", "2025/4/11", "15,600.00", "15,600.00"),
    U(...WJ, "红字发票", "HZ0000011", "2025/4/18", "", "-1,600.00", "-1,600.00"),
    ["", "江苏常州武进五金机电有限公司 合计", "", "", "", "", "14,000.00", "14,000.00"],
    ["合计", "", "", "", "", "", "408,510.00", "350,690.00"],
    ["制单人：王出纳", "", "", "审核：周主管"],
    ["打印日期：2025-07-01"],
  ];
  const text = csv(padRows(rowsU), "\r\n");
  const bytes = iconv.encode(text, "gb18030");
  if (iconv.decode(bytes, "gb18030") !== text) throw new Error("GB18030 round trip failed");
  write("exports/yonyou-aging-subtotals.csv", bytes);
}

// A QuickBooks-style A/R Aging Detail whose section rows use wordings of their own ("Not due yet",
// "Due 1 to 30 days ago", "120+ days past due") and whose subtotal rows say "Total …", "Subtotal - …"
// or carry no label at all (the sums only).
{
  const Q = (date, type, num, customer, due, amount, open) => ["", date, type, num, customer, due, amount, open];
  const section = (label) => [label];
  const total = (label, amount, open) => [label, "", "", "", "", "", amount, open];
  const rowsQ = [
    ["Pacific Coast Distributors LLC"],
    ["A/R Aging Detail"],
    ["As of June 30, 2025"],
    [],
    ["", "Date", "Transaction Type", "Num", "Customer", "Due Date", "Amount", "Open Balance"],
    section("Not due yet"),
    Q("06/15/2025", "Invoice", "2041", "Lakeside Bistro Group", "07/15/2025", "3,200.00", "3,200.00"),
    Q("06/24/2025", "Invoice", "2044", "Summit Outdoor Gear", "07/24/2025", "5,450.00", "5,450.00"),
    total("Total Not due yet", "8,650.00", "8,650.00"),
    section("Due 1 to 30 days ago"),
    Q("05/20/2025", "Invoice", "2031", "Lakeside Bistro Group", "06/19/2025", "2,780.00", "1,780.00"),
    Q("06/25/2025", "Payment", "7712", "Summit Outdoor Gear", "06/25/2025", "-600.00", "-600.00"),
    total("Subtotal - Due 1 to 30 days ago", "2,180.00", "1,180.00"),
    section("Overdue 31 to 60 days"),
    Q("04/25/2025", "Invoice", "2019", "Summit Outdoor Gear", "05/25/2025", "4,100.00", "4,100.00"),
    total("", "4,100.00", "4,100.00"),
    section("Between 91 and 120 days"),
    Q("02/14/2025", "Invoice", "1987", "Redwood Dental Care", "03/16/2025", "1,950.00", "1,950.00"),
    total("Total Between 91 and 120 days", "1,950.00", "1,950.00"),
    section("120+ days past due"),
    Q("12/10/2024", "Invoice", "1962", "Redwood Dental Care", "01/09/2025", "2,300.00", "800.00"),
    Q("02/28/2025", "Credit Memo", "1990", "Redwood Dental Care", "02/28/2025", "-150.00", "-150.00"),
    total("Total 120+ days past due", "2,150.00", "650.00"),
    total("TOTAL", "19,030.00", "16,530.00"),
    [],
    [],
    ["Monday, Jul 07, 2025 09:15:42 AM GMT-7"],
  ];
  write("exports/quickbooks-aging-sections.csv", csv(padRows(rowsQ), "\r\n"));
}
