/**
 * Open-addressing hash tables over the text pool: customer keys (KeyTable) and the shared helpers
 * of every such table. Storage machinery of the ledger.
 */
import { int32Array } from "../memory.js";
import { hashAt, TextPool } from "./text-pool.js";

/**
 * Strings to dense ids, looked up by a region of a larger string (a CSV line) so that the hot path
 * finds a known customer without cutting a string for it. Open addressing over one typed array of
 * (hash, id + 1, offset of the key in a TextPool) triples: a probe compares hashes in the slot, and
 * a match reads the key's bytes from one place.
 */
export class KeyTable {
  private slots: Int32Array = new Int32Array(3 << 10);
  private mask = (1 << 10) - 1;
  private readonly texts = new TextPool();
  readonly keys: string[] = [];

  /** The id of `text.slice(s, e)`, or -1. */
  findAt(text: string, s: number, e: number): number {
    return this.findHashed(KeyTable.hash(text, s, e), text, s, e);
  }

  static hash(text: string, s: number, e: number): number {
    return hashAt(0x811c9dc5 | 0, text, s, e);
  }

  /** Reads the slot where a key of hash `h` would be (see LedgerBuilder.prefetch); returns anything. */
  touch(h: number): number {
    return this.slots[3 * (h & this.mask)]!;
  }

  /** `findAt` with the key's hash already computed. */
  findHashed(h: number, text: string, s: number, e: number): number {
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const id = slots[3 * slot + 1]! - 1;
      if (id < 0) return -1;
      if (slots[3 * slot] === h && this.texts.equalsAt(slots[3 * slot + 2]!, text, s, e)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  find(key: string): number {
    return this.findAt(key, 0, key.length);
  }

  /** Adds a key that is not there yet; returns its id. */
  add(key: string): number {
    const id = this.keys.length;
    this.keys.push(key);
    if (this.keys.length > (this.mask + 1) * MAX_LOAD) this.rehash((this.mask + 1) * 2);
    const h = KeyTable.hash(key, 0, key.length);
    let slot = h & this.mask;
    while (this.slots[3 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
    this.slots[3 * slot] = h;
    this.slots[3 * slot + 1] = id + 1;
    this.slots[3 * slot + 2] = this.texts.append(key, 0, key.length);
    return id;
  }

  private rehash(size: number): void {
    this.slots = rehashed(this.slots, 3, size);
    this.mask = size - 1;
  }
}

/**
 * The slots of an open-addressing table (KeyTable, ChargeIndex) moved into a table of `size`
 * slots: a slot is `width` integers, the first the entry's hash, the second 0 when the slot is
 * empty; each entry goes to the first free slot from its hash on.
 */
export function rehashed(old: Int32Array, width: number, size: number): Int32Array {
  const slots = int32Array(width * size);
  const mask = size - 1;
  for (let k = 0; k < old.length; k += width) {
    if (old[k + 1] === 0) continue;
    let slot = old[k]! & mask;
    while (slots[width * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots.set(old.subarray(k, k + width), width * slot);
  }
  return slots;
}

/**
 * How full a hash table may get. With the hash in the slot, a probe past other entries reads the
 * next slot of the same cache line, so a fuller table costs little per probe and saves memory (at
 * ten million rows, every halving of the charge table saves 128 MB that would be written all over).
 */
export const MAX_LOAD = 0.7;

