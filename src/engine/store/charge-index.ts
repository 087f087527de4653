/**
 * Invoices and debit notes by (customer, doc_no): the table behind `applies_to` and the duplicate
 * check. Storage machinery of the ledger.
 */
import { MAX_LOAD, rehashed } from "./key-table.js";
import { hashAt, type TextPool } from "./text-pool.js";

/**
 * Invoice and debit-note numbers by (customer, doc_no): an open-addressing hash table in one typed
 * array. A JS Map of millions of string keys costs seconds of garbage collection per million rows;
 * this table is invisible to the GC. An entry is a record in the ledger's TextPool (customer,
 * document index, doc number, side by side); a slot holds the entry's hash and record, 8 bytes:
 * at millions of entries every read is a cache miss and every fresh page a fault, so a claim
 * (almost never a hash match) reads one slot in a compact table, and a lookup that matches reads
 * the slot and one record.
 */
export class ChargeIndex {
  // Slot k at 2k: hash, record offset + 1 (0 = empty slot). An entry is named by its slot.
  private slots: Int32Array = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  private size = 0;

  constructor(readonly texts: TextPool) {}

  get count(): number {
    return this.size;
  }

  /** Room for `entries` entries without growing. */
  reserve(entries: number): void {
    let size = this.mask + 1;
    while (entries > size * MAX_LOAD) size *= 2;
    if (size > this.mask + 1) this.rehash(size);
  }

  /** The entry for (customer, docNo), or -1. */
  find(customer: number, docNo: string): number {
    return this.findAt(customer, docNo, 0, docNo.length);
  }

  static hash(customer: number, text: string, s: number, e: number): number {
    return hashAt(Math.imul(customer ^ 0x9e3779b9, 0x85ebca6b), text, s, e);
  }

  /**
   * Reads the slot where an entry of hash `h` would be and, if its hash matches, the start of its
   * record (see LedgerBuilder.prefetch); returns anything.
   */
  touch(h: number): number {
    const at = 2 * (h & this.mask);
    const record = this.slots[at + 1]!;
    return this.slots[at] === h && record !== 0 ? this.texts.touch(record - 1) : record;
  }

  /** The entry for (customer, `text.slice(s, e)`), or -1. */
  findAt(customer: number, text: string, s: number, e: number): number {
    const h = ChargeIndex.hash(customer, text, s, e);
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const record = slots[2 * slot + 1]!;
      if (record === 0) return -1;
      if (slots[2 * slot] === h && this.texts.recordMatches(record - 1, customer, text, s, e)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** An entry's document index (-1 when not stored). */
  docOf(entry: number): number {
    return this.texts.int(this.slots[2 * entry + 1]! - 1 + 4);
  }

  setDoc(entry: number, doc: number): void {
    this.texts.setInt(this.slots[2 * entry + 1]! - 1 + 4, doc);
  }

  /** An entry's doc number: its offset in `texts`. */
  textOf(entry: number): number {
    return this.slots[2 * entry + 1]! - 1 + 8;
  }

  /** Adds (customer, docNo) and returns its entry; -1 when it is already there (a duplicate). */
  claim(customer: number, docNo: string): number {
    return this.claimAt(customer, docNo, 0, docNo.length);
  }

  /** `claim` of (customer, `text.slice(s, e)`). An entry stays valid until the next claim. */
  claimAt(customer: number, text: string, s: number, e: number): number {
    if (this.size + 1 > (this.mask + 1) * MAX_LOAD) this.rehash((this.mask + 1) * 2);
    const h = ChargeIndex.hash(customer, text, s, e);
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const record = slots[2 * slot + 1]!;
      if (record === 0) break;
      if (slots[2 * slot] === h && this.texts.recordMatches(record - 1, customer, text, s, e)) return -1;
      slot = (slot + 1) & this.mask;
    }
    this.size++;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = this.texts.appendRecord(customer, -1, text, s, e) + 1;
    return slot;
  }

  private rehash(size: number): void {
    this.slots = rehashed(this.slots, 2, size);
    this.mask = size - 1;
  }
}

