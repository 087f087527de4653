/**
 * Ledger column names: canonical fields, their English and Chinese aliases (including the header
 * names of 金蝶, 用友, QuickBooks, Xero and ERPNext exports), `--map` overrides, and finding the
 * header row under title rows.
 */

export type Field =
  | "doc_no"
  | "doc_type"
  | "customer_id"
  | "customer_name"
  | "doc_date"
  | "due_date"
  | "terms"
  | "amount"
  | "open_balance"
  | "currency"
  | "applies_to"
  | "disputed"
  | "line_item";

export const LEDGER_FIELDS: readonly Field[] = ["doc_no", "doc_type", "customer_id", "customer_name", "doc_date", "due_date", "terms", "amount", "currency", "applies_to", "disputed"];

/** Header text as matched: case, spaces (also full-width), `_`, `-`, `.` and `#` do not count. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[\s\u3000_\-.#:：]/g, "");
}

const ALIASES: Record<Field, string[]> = {
  doc_no: ["doc_no", "docno", "document no", "document number", "invoice", "invoice no", "invoice number", "invoicenumber", "inv no", "number", "num", "voucher no", "单据号", "单据编号", "发票号", "发票号码", "单号"],
  doc_type: ["doc_type", "document type", "type", "transaction type", "voucher type", "单据类型", "类型"],
  customer_id: ["customer_id", "customer code", "customer no", "customer number", "client id", "party", "客户编码", "客户编号", "客户代码", "往来单位编码"],
  customer_name: ["customer_name", "customer", "client", "client name", "contact name", "contactname", "客户", "客户名称", "往来单位", "往来单位名称"],
  doc_date: ["doc_date", "document date", "date", "invoice date", "invoicedate", "posting date", "transaction date", "单据日期", "业务日期", "日期", "开票日期", "发票日期"],
  due_date: ["due_date", "due", "duedate", "payment due date", "到期日", "到期日期"],
  terms: ["terms", "payment terms", "credit terms", "账期", "付款条件", "信用期"],
  amount: ["amount", "total", "invoiced amount", "invoice amount", "original amount", "金额", "本币金额", "原币金额", "价税合计", "应收金额"],
  open_balance: ["open balance", "outstanding amount", "outstanding", "amount due", "invoiceamountdue", "balance due", "尚未收款金额", "未收款金额", "未核销金额"],
  currency: ["currency", "currency code", "ccy", "curr", "币别", "币种", "货币"],
  applies_to: ["applies_to", "applied to", "apply to", "invoice ref", "against invoice", "核销单据", "对应发票", "关联单据", "核销发票号"],
  disputed: ["disputed", "dispute", "in dispute", "争议", "是否争议", "有争议"],
  line_item: ["line amount", "lineamount", "quantity", "qty", "unit amount", "unitamount"],
};

const ALIAS_INDEX: Map<string, Field> = (() => {
  const m = new Map<string, Field>();
  for (const [field, names] of Object.entries(ALIASES) as [Field, string[]][]) {
    for (const n of names) m.set(normalizeHeader(n), field);
  }
  return m;
})();

export class UsageProblem extends Error {}

/**
 * Parses `--map doc_no=Invoice #,amount=Gross` into field → header as written (matchHeader compares
 * it as it compares aliases, ignoring case, spaces, `_`, `-`, `.` and `#`).
 */
export function parseMap(spec: string | undefined): Map<Field, string> {
  const map = new Map<Field, string>();
  if (!spec) return map;
  for (const part of spec.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new UsageProblem(`--map: "${part}" is not field=Header`);
    const field = part.slice(0, eq).trim().toLowerCase().replace(/-/g, "_") as Field;
    if (!(LEDGER_FIELDS as readonly string[]).includes(field)) throw new UsageProblem(`--map: unknown field "${field}" (fields: ${LEDGER_FIELDS.join(", ")})`);
    const header = part.slice(eq + 1).trim();
    if (normalizeHeader(header) === "") throw new UsageProblem(`--map: "${part.trim()}" names no header`);
    map.set(field, header);
  }
  return map;
}

export interface Columns {
  /** Field → column index. */
  index: Partial<Record<Field, number>>;
  /** Header cells as written, for messages. */
  names: string[];
  /** The file carries one row per invoice line (Xero): rows of one invoice collapse to one document. */
  lineItems: boolean;
  /** The amount comes from an open-balance column: each row is an open document. */
  openItems: boolean;
}

export interface HeaderMatch {
  columns?: Columns;
  /** Fields the row lacks (empty when it is a header). */
  missing: string[];
  /** Two columns for one field: a usage error when this row is the header. */
  conflict?: string;
  /** `--map` entries (`field=Header`) whose header this row does not have. */
  unmatched: string[];
}

/** Interprets one row as a header; `missing` lists the required fields it does not name. */
export function matchHeader(cells: string[], overrides: Map<Field, string>): HeaderMatch {
  const index: Partial<Record<Field, number>> = {};
  const overridden = new Set<Field>();
  const byName = new Map<string, number>();
  cells.forEach((c, i) => {
    const n = normalizeHeader(c);
    if (n !== "" && !byName.has(n)) byName.set(n, i);
  });
  const unmatched: string[] = [];
  for (const [field, header] of overrides) {
    const i = byName.get(normalizeHeader(header));
    if (i !== undefined) index[field] = i;
    else unmatched.push(`${field}=${header}`);
    // A mapped field is never filled from a built-in alias: the user said which column it is.
    overridden.add(field);
  }
  const claimed = new Set(Object.values(index));
  let conflict: string | undefined;
  let lineItems = false;
  cells.forEach((c, i) => {
    if (claimed.has(i)) return;
    const field = ALIAS_INDEX.get(normalizeHeader(c));
    if (field === undefined || overridden.has(field)) return;
    if (field === "line_item") {
      lineItems = true;
      return;
    }
    const prev = index[field];
    if (prev !== undefined) {
      conflict ??= `columns "${cells[prev]}" and "${c}" both map to ${field}; say which one with --map ${field}=<header>`;
      return;
    }
    index[field] = i;
  });
  const missing: string[] = [];
  if (index.doc_no === undefined) missing.push("doc_no");
  if (index.doc_date === undefined) missing.push("doc_date");
  if (index.amount === undefined && index.open_balance === undefined) missing.push("amount");
  if (index.customer_id === undefined && index.customer_name === undefined) missing.push("customer_id or customer_name");
  const openItems = index.open_balance !== undefined;
  return { columns: { index, names: cells.slice(), lineItems, openItems }, missing, conflict, unmatched };
}
