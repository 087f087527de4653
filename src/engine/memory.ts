/**
 * Where the engine's large typed arrays (ledger columns, doc-number text, hash tables, settlement
 * state) get their memory. By default a plain ArrayBuffer; an edge may supply another source
 * (`useMemorySource`), such as shared memory whose pages a helper thread touches in advance (see
 * io/prefault.ts). The source only decides where the bytes live: every array starts zeroed and
 * no result depends on it.
 */

/** `bytes` zeroed bytes of `buffer` from `offset` (a multiple of 8). */
export interface Memory {
  buffer: ArrayBuffer | SharedArrayBuffer;
  offset: number;
}

/** Gives `bytes` zeroed bytes (a multiple of 8). */
export type MemorySource = (bytes: number) => Memory;

let source: MemorySource | undefined;
/** Arrays smaller than this come from a plain ArrayBuffer: not worth a source's trouble. */
let large = 1 << 20;

/**
 * Sets the source of arrays of at least `minBytes` bytes (undefined: plain ArrayBuffers again).
 * Returns the previous setting, to restore with `useMemorySource(...previous)`.
 */
export function useMemorySource(next: MemorySource | undefined, minBytes = 1 << 20): [MemorySource | undefined, number] {
  const previous: [MemorySource | undefined, number] = [source, large];
  source = next;
  large = minBytes;
  return previous;
}

function memory(bytes: number): Memory | undefined {
  return source !== undefined && bytes >= large ? source(Math.max(8, Math.ceil(bytes / 8) * 8)) : undefined;
}

export function int32Array(length: number): Int32Array {
  const m = memory(length * 4);
  return m === undefined ? new Int32Array(length) : new Int32Array(m.buffer, m.offset, length);
}

export function uint8Array(length: number): Uint8Array {
  const m = memory(length);
  return m === undefined ? new Uint8Array(length) : new Uint8Array(m.buffer, m.offset, length);
}

export function uint16Array(length: number): Uint16Array {
  const m = memory(length * 2);
  return m === undefined ? new Uint16Array(length) : new Uint16Array(m.buffer, m.offset, length);
}

export function float64Array(length: number): Float64Array {
  const m = memory(length * 8);
  return m === undefined ? new Float64Array(length) : new Float64Array(m.buffer, m.offset, length);
}

export function bigInt64Array(length: number): BigInt64Array {
  const m = memory(length * 8);
  return m === undefined ? new BigInt64Array(length) : new BigInt64Array(m.buffer, m.offset, length);
}

type Column = Int32Array | Uint8Array | Uint16Array | Float64Array | BigInt64Array;

/**
 * A copy of `a` in a new array of `length` (at least `a.length`), from the same source as any
 * other array of that size: the one way the engine grows a column, table or list.
 */
export function grown<T extends Column>(a: T, length: number): T {
  const next = (
    a instanceof Int32Array ? int32Array(length) : a instanceof Uint8Array ? uint8Array(length) : a instanceof Uint16Array ? uint16Array(length) : a instanceof Float64Array ? float64Array(length) : bigInt64Array(length)
  ) as T;
  (next as Int32Array).set(a as Int32Array);
  return next;
}
