/**
 * The events log CSV (SPEC.md "Events log CSV"): `date, customer_id, type, doc_no, amount,
 * due_date, note, evidence`, and, in logs written by `ar log`, `prev_hash, hash`.
 *
 * Every row is validated; a bad row is rejected as `{file, line, reason}` like a ledger row and
 * reading goes on. Sealed and unsealed logs are read alike: a log that carries hash columns with
 * some rows lacking a hash gets one warning with the count (a hand-added row, or a log not yet
 * sealed). The chain itself is `ar log verify`'s business, not the readers'.
 */
import type { Readable } from "node:stream";
import { parseEventType, type ContactEvent } from "../engine/events.js";
import { Decimal } from "../engine/money.js";
import { Invalid, parseAmount, parseDate, type DateFormat } from "../engine/values.js";
import type { EncodingOption } from "./decode.js";
import { UsageProblem } from "./headers.js";
import type { Diagnostic, Rejected } from "./read-ledger.js";
import { at, cellAt, columnOf, dateAt, readTable } from "./read-table.js";

export interface EventsReadOptions {
  encoding: EncodingOption;
  stdin: Readable;
  /** Path to open (the name stays as given, for diagnostics); default: the name. */
  path?: string;
  dateFormat?: DateFormat;
  decimalComma?: boolean;
  /** Customers the other inputs know (ledger, customer master): an event for anyone else is warned about. */
  knownCustomers?: ReadonlySet<string>;
}

export interface EventsRead {
  /** Accepted events in file order (all dates: callers ignore those after their as-of). */
  events: ContactEvent[];
  rejected: Rejected[];
  warnings: Diagnostic[];
  /** One-line notes for stderr (e.g. the unsealed rows of a sealed log). */
  notes: string[];
  /** Whether the file has `hash` columns, and how many accepted rows carry a hash. */
  hashColumns: boolean;
  sealedRows: number;
  unsealedRows: number;
}

export const EVENT_COLUMNS = {
  date: ["date", "event date", "日期", "时间"],
  customerId: ["customer_id", "customer", "customer code", "客户编号", "客户编码", "客户"],
  type: ["type", "event", "event type", "类型", "事件类型"],
  docNo: ["doc_no", "invoice", "invoice no", "单据号", "单据编号", "发票号"],
  amount: ["amount", "金额"],
  dueDate: ["due_date", "due", "promised date", "到期日", "承诺日期"],
  note: ["note", "notes", "memo", "备注", "说明"],
  evidence: ["evidence", "证据", "附件"],
  prevHash: ["prev_hash"],
  hash: ["hash"],
} as const;

/** Evidence cell → references: split on `;` or `|`, trimmed, empty parts dropped. */
export function splitEvidence(text: string): string[] {
  return text
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export async function readEvents(name: string, options: EventsReadOptions): Promise<EventsRead> {
  const table = await readTable(name, options.encoding, options.stdin, options.path ?? name);
  const rejected: Rejected[] = table.broken.map((b) => at(table, { file: name, line: b.line, reason: b.reason }));
  const warnings: Diagnostic[] = [];
  const notes: string[] = [];
  const col = Object.fromEntries(Object.entries(EVENT_COLUMNS).map(([k, names]) => [k, columnOf(table, ...names)])) as Record<keyof typeof EVENT_COLUMNS, number>;
  const result: EventsRead = { events: [], rejected, warnings, notes, hashColumns: col.hash >= 0, sealedRows: 0, unsealedRows: 0 };
  if (table.headerLine === 0) {
    notes.push(`${name}: empty events log`);
    return result;
  }
  const missing = (["date", "customerId", "type"] as const).filter((k) => col[k] < 0).map((k) => (k === "customerId" ? "customer_id" : k));
  if (missing.length > 0) throw new UsageProblem(`${name}: missing required column ${missing.join(", ")} (an events log has date, customer_id, type, doc_no, amount, due_date, note, evidence)`);

  for (const row of table.rows) {
    const problems: string[] = [];
    const dateText = dateAt(table, row, col.date);
    const date = parseDate(dateText, options.dateFormat);
    if (date === null) problems.push("missing date");
    else if (date instanceof Invalid) problems.push(date.reason);
    const customerId = cellAt(row, col.customerId);
    if (customerId === "") problems.push("missing customer_id");
    const typeText = cellAt(row, col.type);
    const type = typeText === "" ? undefined : parseEventType(typeText);
    if (typeText === "") problems.push("missing type");
    else if (type === undefined) problems.push(`type "${typeText}" is not one of call, visit, email, wechat, letter_sent, statement_confirmed, promise, agreement, dispute, legal`);
    let amount: Decimal | undefined;
    const amountText = cellAt(row, col.amount);
    if (amountText !== "") {
      const a = parseAmount(amountText, options.decimalComma === true);
      if (a instanceof Invalid) problems.push(`amount: ${a.reason}`);
      else if (a !== null) {
        if (a.units < 0n) problems.push(`amount "${amountText}" is negative`);
        else amount = new Decimal(`${a.units}e-${a.scale}`);
      }
    }
    let dueDate: number | undefined;
    const dueText = dateAt(table, row, col.dueDate);
    if (dueText !== "") {
      const d = parseDate(dueText, options.dateFormat);
      if (d instanceof Invalid) problems.push(`due_date: ${d.reason}`);
      else if (d !== null) dueDate = d;
    }
    if (problems.length > 0 || typeof date !== "number" || type === undefined) {
      rejected.push(at(table, { file: name, line: row.line, reason: problems.join("; ") }));
      continue;
    }
    if ((type === "promise" || type === "agreement") && dueDate === undefined) {
      warnings.push(at(table, { file: name, line: row.line, message: `${type} without due_date: it cannot be checked for a broken promise` }));
    }
    if (dueDate !== undefined && dueDate < date && (type === "promise" || type === "agreement")) {
      warnings.push(at(table, { file: name, line: row.line, message: `${type} due_date ${dueText} is before the event's date ${dateText}` }));
    }
    if (options.knownCustomers !== undefined && !options.knownCustomers.has(customerId)) {
      warnings.push(at(table, { file: name, line: row.line, message: `customer ${customerId} is in neither the ledger nor the customer master` }));
    }
    if (result.hashColumns) {
      if (cellAt(row, col.hash) === "") result.unsealedRows++;
      else result.sealedRows++;
    }
    result.events.push({
      date,
      customerId,
      type,
      docNo: cellAt(row, col.docNo),
      amount,
      dueDate,
      note: cellAt(row, col.note),
      evidence: splitEvidence(cellAt(row, col.evidence)),
      file: name,
      line: row.line,
    });
  }
  if (result.hashColumns && result.unsealedRows > 0) {
    notes.push(`${name}: ${result.unsealedRows} unsealed row(s) without a hash (accepted; \`ar log seal\` chains them, \`ar log verify\` checks the chain)`);
  }
  return result;
}
