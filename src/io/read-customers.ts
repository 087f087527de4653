/**
 * Customer master CSV: `customer_id, customer_name, contact_name, contact_title, phone, email,
 * address, postcode, segment, credit_limit, terms, late_fee_rate, lang, do_not_contact,
 * provision_rate, provision_reason`, and for the management layer `collector` (`ar commission`)
 * and `last_review` (`ar credit`).
 * Unknown columns are ignored; bad rows are reported like ledger rows.
 */
import type { Readable } from "node:stream";
import { parseSegment, type CustomerProfile } from "../engine/customers.js";
import { parseIsoDate, type Day } from "../engine/dates.js";
import { Decimal } from "../engine/money.js";
import { Invalid, parseAmount, parseDisputed, discountTermsOf, parseTerms } from "../engine/values.js";
import type { EncodingOption } from "./decode.js";
import type { Rejected } from "./read-ledger.js";
import { at, cellAt, columnOf, dateAt, readTable } from "./read-table.js";
import { UsageProblem } from "./headers.js";

export interface CustomerMaster {
  byId: Map<string, CustomerProfile>;
  rejected: Rejected[];
}

export async function readCustomers(name: string, encoding: EncodingOption, stdin: Readable, filePath: string = name): Promise<CustomerMaster> {
  const table = await readTable(name, encoding, stdin, filePath);
  const rejected: Rejected[] = table.broken.map((b) => at(table, { file: name, line: b.line, reason: b.reason }));
  const col = {
    id: columnOf(table, "customer_id", "customer code", "客户编码", "客户编号"),
    name: columnOf(table, "customer_name", "customer", "客户名称", "客户"),
    contactName: columnOf(table, "contact_name", "contact", "联系人"),
    contactTitle: columnOf(table, "contact_title", "title", "职务"),
    phone: columnOf(table, "phone", "telephone", "电话", "联系电话"),
    email: columnOf(table, "email", "e-mail", "邮箱"),
    address: columnOf(table, "address", "地址"),
    postcode: columnOf(table, "postcode", "zip", "邮编"),
    segment: columnOf(table, "segment", "客户类型"),
    creditLimit: columnOf(table, "credit_limit", "信用额度"),
    terms: columnOf(table, "terms", "账期"),
    lateFeeRate: columnOf(table, "late_fee_rate", "滞纳金率"),
    lang: columnOf(table, "lang", "language", "语言"),
    doNotContact: columnOf(table, "do_not_contact", "勿扰"),
    provisionRate: columnOf(table, "provision_rate", "计提比例"),
    provisionReason: columnOf(table, "provision_reason", "计提理由"),
    collector: columnOf(table, "collector", "催收员", "业务员"),
    lastReview: columnOf(table, "last_review", "上次评审", "上次信用评估"),
  };
  if (table.headerLine !== 0 && col.id < 0 && col.name < 0) throw new UsageProblem(`${name}: missing required column customer_id`);
  const byId = new Map<string, CustomerProfile>();
  for (const row of table.rows) {
    const problems: string[] = [];
    const id = cellAt(row, col.id) || cellAt(row, col.name);
    if (id === "") problems.push("missing customer_id");
    const segText = cellAt(row, col.segment);
    const segment = segText === "" ? undefined : parseSegment(segText);
    if (segText !== "" && segment === undefined) problems.push(`segment: "${segText}" is not individual, enterprise or large_enterprise`);
    let creditLimit: Decimal | undefined;
    const limitText = cellAt(row, col.creditLimit);
    if (limitText !== "") {
      const a = parseAmount(limitText);
      if (a instanceof Invalid || a === null) problems.push(`credit_limit: "${limitText}" is not an amount`);
      else creditLimit = new Decimal(`${a.units}e-${a.scale}`);
    }
    let terms: number | undefined;
    const termsText = cellAt(row, col.terms);
    if (termsText !== "") {
      const t = parseTerms(termsText);
      if (t instanceof Invalid || t === null) problems.push(`terms: "${termsText}" is not a number of days`);
      else terms = t;
    }
    const discount = terms === undefined ? undefined : (discountTermsOf(termsText) ?? undefined);
    let lateFeeRate: Decimal | undefined;
    const rateText = cellAt(row, col.lateFeeRate);
    if (rateText !== "") {
      if (!/^\d+(\.\d+)?%?$/.test(rateText)) problems.push(`late_fee_rate: "${rateText}" is not a rate such as 0.003`);
      else lateFeeRate = rateText.endsWith("%") ? new Decimal(rateText.slice(0, -1)).div(100) : new Decimal(rateText);
    }
    const langText = cellAt(row, col.lang).toLowerCase();
    let lang: "zh" | "en" | undefined;
    if (langText !== "") {
      if (langText.startsWith("zh")) lang = "zh";
      else if (langText.startsWith("en")) lang = "en";
      else problems.push(`lang: "${langText}" is not zh or en`);
    }
    let doNotContact = false;
    const dnc = cellAt(row, col.doNotContact);
    if (dnc !== "") {
      const d = parseDisputed(dnc);
      if (d instanceof Invalid || d === null) problems.push(`do_not_contact: "${dnc}" is not yes or no`);
      else doNotContact = d;
    }
    // 单项计提: `1`, `100%`, `0.5`; a rate without a reason cannot be explained to an auditor.
    let provision: CustomerProfile["provision"];
    const provisionText = cellAt(row, col.provisionRate);
    const reason = cellAt(row, col.provisionReason);
    if (provisionText !== "") {
      const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(provisionText);
      const rate = m ? (m[2] === "%" ? new Decimal(m[1]!).div(100) : new Decimal(m[1]!)) : undefined;
      if (rate === undefined || rate.greaterThan(1)) problems.push(`provision_rate: "${provisionText}" is not a rate between 0 and 1 such as 0.5 or 100%`);
      else if (reason === "") problems.push("provision_rate: give the reason in provision_reason");
      else provision = { rate, reason };
    } else if (reason !== "") {
      problems.push("provision_reason: given without a provision_rate");
    }
    let lastReview: Day | undefined;
    const reviewText = dateAt(table, row, col.lastReview);
    if (reviewText !== "") {
      lastReview = parseIsoDate(reviewText);
      if (lastReview === undefined) problems.push(`last_review: "${reviewText}" is not a date YYYY-MM-DD`);
    }
    if (id !== "" && byId.has(id)) problems.push(`duplicate customer_id ${id} (the earlier row is used)`);
    if (problems.length > 0) {
      rejected.push(at(table, { file: name, line: row.line, reason: problems.join("; ") }));
      continue;
    }
    byId.set(id, {
      id,
      name: cellAt(row, col.name),
      contactName: cellAt(row, col.contactName),
      contactTitle: cellAt(row, col.contactTitle),
      phone: cellAt(row, col.phone),
      email: cellAt(row, col.email),
      address: cellAt(row, col.address),
      postcode: cellAt(row, col.postcode),
      segment,
      creditLimit,
      terms,
      discount,
      lateFeeRate,
      lang,
      doNotContact,
      provision,
      collector: cellAt(row, col.collector),
      lastReview,
    });
  }
  return { byId, rejected };
}
