/**
 * Words users read: column headers, totals, tiers, notes. Chinese and English. Codes for scripts
 * (JSON keys, CSV headers, flags) never change with the language; only what a person reads does.
 */
export type Lang = "zh" | "en";

const WORDS = {
  customerId: { en: "Customer", zh: "客户编号" },
  name: { en: "Name", zh: "客户名称" },
  currency: { en: "Cur", zh: "币种" },
  current: { en: "Current", zh: "未到期" },
  unapplied: { en: "Unapplied", zh: "未核销款" },
  balance: { en: "Balance", zh: "余额" },
  oldestDays: { en: "Oldest days", zh: "最长逾期天数" },
  tier: { en: "Tier", zh: "级别" },
  creditLimit: { en: "Credit limit", zh: "信用额度" },
  overLimit: { en: "Over limit", zh: "超额度" },
  total: { en: "Total", zh: "合计" },
  share: { en: "Share", zh: "占比" },
  docNo: { en: "Doc no", zh: "单据编号" },
  docDate: { en: "Doc date", zh: "单据日期" },
  dueDate: { en: "Due date", zh: "到期日" },
  amount: { en: "Amount", zh: "金额" },
  outstanding: { en: "Outstanding", zh: "未收金额" },
  daysOverdue: { en: "Days overdue", zh: "逾期天数" },
  bucket: { en: "Bucket", zh: "账龄段" },
  disputed: { en: "Disputed", zh: "争议" },
  yes: { en: "yes", zh: "是" },
  no: { en: "no", zh: "否" },
  agingTitle: { en: "Accounts receivable aging as of", zh: "应收账款账龄分析 截至" },
  basis: { en: "Basis", zh: "账龄基准" },
  basisDue: { en: "by due date", zh: "按到期日" },
  basisDoc: { en: "by document date", zh: "按单据日期" },
  noOpenItems: { en: "No open items.", zh: "没有未结清的单据。" },
  warning: { en: "warning", zh: "警告" },
  note: { en: "note", zh: "说明" },
  rejectedSummary: { en: "row(s) rejected", zh: "行被拒绝" },
  rejectedLeftOut: { en: "row(s) rejected and left out of this report (each is listed on stderr: FILE:LINE: reason)", zh: "行被拒绝，未计入本报表（逐行列在标准错误输出：文件:行号: 原因）" },
  days: { en: "days", zh: "天" },
  oldestShort: { en: "Days", zh: "逾期天数" },
  // ar fees
  feesTitle: { en: "Late fees as of", zh: "滞纳金计算 截至" },
  feeRate: { en: "Rate/day", zh: "日费率" },
  feeDays: { en: "Fee days", zh: "计费天数" },
  fee: { en: "Late fee", zh: "滞纳金" },
  feePerDay: { en: "Fee/day", zh: "每日滞纳金" },
  claim: { en: "Claim", zh: "应收合计" },
  paidOn: { en: "Paid on", zh: "结清日" },
  feeGrace: { en: "grace days", zh: "宽限天数" },
  feeCap: { en: "cap", zh: "上限" },
  feeNoCap: { en: "none", zh: "无" },
  noOverdueItems: { en: "No overdue invoices.", zh: "没有逾期的单据。" },
  // ar calls
  callsTitle: { en: "Call list as of", zh: "催收电话清单 截至" },
  callsDays: { en: "business day(s)", zh: "个工作日" },
  callsCount: { en: "call(s)", zh: "通电话" },
  callsSkippedCount: { en: "skipped", zh: "未安排" },
  callsNone: { en: "No calls due.", zh: "今日没有需要拨打的电话。" },
  callsSkipped: { en: "Due but not scheduled", zh: "应联系但未安排" },
  callsStage: { en: "stage", zh: "阶段" },
  callsScore: { en: "score", zh: "优先分" },
  callsOverdue: { en: "overdue", zh: "逾期" },
  callsOldest: { en: "oldest", zh: "最长逾期" },
  callsWhy: { en: "why", zh: "原因" },
  callsScript: { en: "script", zh: "话术" },
  callsFlags: { en: "flags", zh: "标记" },
  stageReminder: { en: "reminder", zh: "到期提醒" },
  stageFirst: { en: "first", zh: "首次催收" },
  stageSecond: { en: "second", zh: "二次催收" },
  stageEscalate: { en: "escalate", zh: "升级催收" },
  stageLegal: { en: "legal", zh: "法律程序" },
  // ar limitation
  limitationTitle: { en: "Limitation periods as of", zh: "诉讼时效 截至" },
  limitationYears: { en: "years", zh: "年" },
  limitationWarn: { en: "warn within", zh: "预警" },
  periodStart: { en: "Runs from", zh: "起算日" },
  lastInterruption: { en: "Last interruption", zh: "最近中断" },
  evidence: { en: "Evidence", zh: "证据" },
  expiry: { en: "Expires", zh: "届满日" },
  daysLeft: { en: "Days left", zh: "剩余天数" },
  status: { en: "Status", zh: "状态" },
  statusOk: { en: "ok", zh: "正常" },
  statusExpiring: { en: "expiring", zh: "即将届满" },
  statusExpired: { en: "expired", zh: "已届满" },
  revived: { en: "revived", zh: "届满后经确认重新起算" },
  noOpenInvoices: { en: "No open invoices.", zh: "没有未结清的发票。" },
  // ar letters
  letterReminder: { en: "Payment reminders", zh: "付款提醒函" },
  letterNotice: { en: "Overdue notices", zh: "催款通知书" },
  letterFinal: { en: "Final demands", zh: "催款函" },
  lettersCount: { en: "letter(s)", zh: "封" },
  lettersNone: { en: "No letters: no selected customer has overdue, undisputed invoices.", zh: "没有需要发出的函件：所选客户没有逾期且无争议的单据。" },
  letterId: { en: "Letter id", zh: "函件编号" },
  lettersOverdue: { en: "Overdue", zh: "逾期金额" },
  lettersPages: { en: "Pages", zh: "页数" },
  lettersFile: { en: "File", zh: "文件" },
  lettersSkipped: { en: "Skipped (do not contact)", zh: "已跳过（勿扰客户）" },
  // ar statement
  stmtTitle: { en: "Statement of account", zh: "对账单" },
  stmtTitles: { en: "Statements of account", zh: "对账单" },
  stmtPeriodTo: { en: "to", zh: "至" },
  stmtDate: { en: "Date", zh: "日期" },
  stmtDescription: { en: "Description", zh: "摘要" },
  stmtDebit: { en: "Debit", zh: "借方" },
  stmtCredit: { en: "Credit", zh: "贷方" },
  stmtOpening: { en: "Opening balance", zh: "期初余额" },
  stmtPeriodTotals: { en: "Period totals", zh: "本期合计" },
  stmtClosing: { en: "Closing balance", zh: "期末余额" },
  stmtAging: { en: "Aging", zh: "账龄" },
  stmtDisputed: { en: " (disputed)", zh: "（有争议）" },
  stmtNothing: { en: "No customer has a balance or a document in the period.", zh: "没有需要对账的客户。" },
  stmtNone: { en: "No statements.", zh: "没有对账单。" },
  stmtId: { en: "Statement", zh: "对账单编号" },
  stmtWritten: { en: "PDF(s) and manifest.csv written", zh: "个 PDF 和 manifest.csv 已写入" },
  // ar plan
  planTitle: { en: "Instalment plan", zh: "分期还款计划" },
  planAsOf: { en: "as of", zh: "截至" },
  planNo: { en: "No", zh: "期次" },
  planKind: { en: "Kind", zh: "类型" },
  planDown: { en: "down payment", zh: "首付款" },
  planPaid: { en: "Paid", zh: "已付" },
  planStatusTitle: { en: "Instalment agreements as of", zh: "分期还款协议履约情况 截至" },
  planAgreedOn: { en: "agreed on", zh: "协议日期" },
  planFulfilment: { en: "fulfilment", zh: "履约率" },
  planNothingDue: { en: "nothing due yet", zh: "尚无到期分期" },
  planNoAgreements: { en: "No agreement in the events log.", zh: "事件日志中没有分期还款协议。" },
  planPaidOnTime: { en: "paid on time", zh: "按期付清" },
  planPaidLate: { en: "paid late", zh: "逾期付清" },
  planPartlyPaid: { en: "partly paid", zh: "部分支付" },
  planMissed: { en: "missed", zh: "未付（违约）" },
  planNotDue: { en: "not yet due", zh: "未到期" },
  // ar rollforward
  rfTitle: { en: "Receivables roll-forward", zh: "应收账款变动表" },
  rfMovements: { en: "Movements", zh: "本期变动" },
  rfMigration: { en: "Migration of the opening buckets", zh: "账龄迁移" },
  rfMigrationSheet: { en: "Migration", zh: "账龄迁移" },
  rfUnapplied: { en: "Unapplied credit", zh: "未核销款变动" },
  rfPeriod: { en: "Period", zh: "期间" },
  rfBuckets: { en: "Buckets", zh: "账龄段" },
  rfApply: { en: "Apply", zh: "核销方式" },
  rfOpening: { en: "Opening", zh: "期初余额" },
  rfInvoices: { en: "Invoices", zh: "发票" },
  rfDebitNotes: { en: "Debit notes", zh: "借项" },
  rfCreditNotes: { en: "Credit notes", zh: "红字发票" },
  rfPayments: { en: "Payments", zh: "收款" },
  rfWriteOffs: { en: "Write-offs", zh: "坏账核销" },
  rfDiscounts: { en: "Discounts", zh: "现金折扣" },
  rfClosing: { en: "Closing", zh: "期末余额" },
  rfFrom: { en: "From", zh: "期初账龄" },
  rfNew: { en: "new", zh: "本期新增" },
  rfReallocated: { en: "reallocated", zh: "重新分配" },
  rfCollected: { en: "Collected", zh: "收回" },
  rfCredited: { en: "Credited", zh: "红冲" },
  rfWrittenOff: { en: "Written off", zh: "核销" },
  rfDiscounted: { en: "Discounted", zh: "折扣" },
  rfOpen: { en: "Open", zh: "未收" },
  rfRollRate: { en: "Roll rate", zh: "迁徙率" },
  rfCollectionRate: { en: "Collection rate", zh: "回收率" },
  rfReceived: { en: "Received", zh: "本期收到" },
  rfReallocatedCol: { en: "Reallocated", zh: "重新分配" },
  rfApplied: { en: "Applied", zh: "本期冲销" },
  rfNothing: { en: "Nothing open and nothing moved.", zh: "期初期末均无余额，本期无变动。" },
} as const;

export type WordKey = keyof typeof WORDS;

export function word(lang: Lang, key: WordKey): string {
  return WORDS[key][lang];
}

/**
 * The line under a table when input rows were rejected: without it an empty or short table reads
 * like a clean ledger, while the reasons scrolled past on stderr. Empty when nothing was rejected.
 */
export function rejectedNote(lang: Lang, rejected: number): string {
  return rejected === 0 ? "" : `${rejected} ${word(lang, "rejectedLeftOut")}\n`;
}

/** Bucket key as a column header: `1-30` → `1-30 days` / `1-30天`; `current` → 未到期. */
export function bucketLabel(lang: Lang, key: string): string {
  if (key === "current") return word(lang, "current");
  return lang === "zh" ? `${key}天` : key;
}

/** --lang, else config, else LANG (zh* gives zh), else en. */
export function resolveLang(flag: string | undefined, configLang: Lang | undefined, env: Record<string, string | undefined>): Lang {
  if (flag === "zh" || flag === "en") return flag;
  if (configLang) return configLang;
  const l = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return l.toLowerCase().startsWith("zh") ? "zh" : "en";
}
