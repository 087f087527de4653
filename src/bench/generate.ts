/**
 * Generates clean benchmark ledgers: ISO dates, plain amounts, ~20k customers, ~70% invoices, the
 * rest payments (mostly with applies_to) and some credit notes. Deterministic (seeded).
 */
import { createWriteStream } from "node:fs";
import { dayFromYmd, isoDate } from "../engine/dates.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateLedger(file: string, rows: number, customers = 20000, seed = 42): Promise<void> {
  const rand = rng(seed);
  const out = createWriteStream(file);
  const start = dayFromYmd(2022, 1, 1);
  const span = dayFromYmd(2025, 6, 30) - start;
  // Open invoices per customer, so payments can name a real one.
  const invoices: string[][] = Array.from({ length: customers }, () => []);
  const amounts: number[][] = Array.from({ length: customers }, () => []);
  let buf = "doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,currency,applies_to\n";
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(rand() * customers);
    const cid = `C${String(c).padStart(5, "0")}`;
    const name = `Customer ${c}`;
    const day = start + Math.floor((r / rows) * span);
    const currency = c % 10 === 0 ? "USD" : "CNY";
    const p = rand();
    if (p < 0.7 || invoices[c]!.length === 0) {
      const cents = 10000 + Math.floor(rand() * 5000000);
      const doc = `INV${String(r).padStart(8, "0")}`;
      invoices[c]!.push(doc);
      amounts[c]!.push(cents);
      const due = day + [30, 45, 60][r % 3]!;
      buf += `${doc},invoice,${cid},${name},${isoDate(day)},${isoDate(due)},${(cents / 100).toFixed(2)},${currency},\n`;
    } else if (p < 0.95) {
      const k = Math.floor(rand() * invoices[c]!.length);
      const withRef = rand() < 0.8;
      const cents = rand() < 0.7 ? amounts[c]![k]! : Math.floor(amounts[c]![k]! * rand());
      buf += `PMT${String(r).padStart(8, "0")},payment,${cid},${name},${isoDate(day)},,${(cents / 100).toFixed(2)},${currency},${withRef ? invoices[c]![k] : ""}\n`;
    } else {
      const k = Math.floor(rand() * invoices[c]!.length);
      const cents = Math.floor(amounts[c]![k]! * 0.1);
      buf += `CN${String(r).padStart(8, "0")},credit_note,${cid},${name},${isoDate(day)},,${(cents / 100).toFixed(2)},${currency},${invoices[c]![k]}\n`;
    }
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once("drain", () => res()));
      buf = "";
    }
  }
  out.write(buf);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}
