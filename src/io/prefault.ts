/**
 * Memory for large ledgers, with its pages touched in advance by a helper thread.
 *
 * The first write to each 4 KiB page of fresh memory is a page fault: the kernel maps and zeroes
 * the page. On this project's reference machine that costs some 3 ms per MiB, and aging a
 * million rows writes some 110 MiB of ledger columns, hash tables and settlement state: a third
 * of a second of the run's single thread. The engine asks for those arrays through
 * engine/memory.ts; this source hands out SharedArrayBuffers and posts each one to a worker
 * thread that touches one word per page, front to back, while the main thread is still reading
 * the file, so that most faults are taken on the machine's other core. Settlement's arrays are
 * asked for only when reading ends, and written at once; so the reader's estimate of the rows
 * lets the edge prepare their memory early (`prepare`), and settlement cuts them from it.
 *
 * The worker touches a word with `Atomics.add(word, 0)`: an indivisible read-modify-write that
 * leaves the value as it is, so a write by the main thread to the same word at the same moment
 * is never lost. The buffers start zeroed as ArrayBuffers do; nothing read or computed depends
 * on the worker, which may lag, finish early or never start.
 */
import { Worker } from "node:worker_threads";
import { useMemorySource, type MemorySource } from "../engine/memory.js";

// CommonJS, evaluated by the worker: no file to find next to the compiled module.
const TOUCHER = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (buffer) => {
  const words = new Int32Array(buffer);
  for (let i = 0; i < words.length; i += 1024) Atomics.add(words, i, 0);
});
`;

/** Inputs at least this large (bytes in all) are worth a helper thread: it costs some 50 ms of the other core to start. */
export const PREFAULT_MIN_INPUT = 16 << 20;

export interface Prefaulter {
  /**
   * Sets aside `bytes` of shared memory and has the helper thread touch it now, for the arrays
   * asked for after `usePrepared`: memory the next stage (settlement) will write at once is then
   * touched while this stage (reading) still runs.
   */
  prepare(bytes: number): void;
  /** From now on, arrays are cut from the prepared memory while it lasts. */
  usePrepared(): void;
  /** Restores the engine's previous memory source and ends the helper thread. */
  stop(): void;
}

/**
 * Makes the engine's large arrays (`minBytes` and up) shared memory touched ahead by a helper
 * thread, until `stop`.
 */
export function startPrefaulter(minBytes?: number): Prefaulter {
  let worker: Worker;
  try {
    worker = new Worker(TOUCHER, { eval: true });
  } catch {
    // No thread to be had (resource limits): the run goes on with plain memory.
    return { prepare() {}, usePrepared() {}, stop() {} };
  }
  // Never keeps the process alive, and a failure to start only means no help.
  worker.unref();
  worker.on("error", () => undefined);
  let prepared: SharedArrayBuffer | undefined;
  let cutting = false;
  let used = 0;
  const source: MemorySource = (bytes) => {
    if (cutting && prepared !== undefined && used + bytes <= prepared.byteLength) {
      used += bytes;
      return { buffer: prepared, offset: used - bytes };
    }
    const buffer = new SharedArrayBuffer(bytes);
    worker.postMessage(buffer);
    return { buffer, offset: 0 };
  };
  const previous = useMemorySource(source, minBytes);
  return {
    prepare(bytes) {
      if (prepared !== undefined || bytes <= 0) return;
      prepared = new SharedArrayBuffer(Math.ceil(bytes / 8) * 8);
      worker.postMessage(prepared);
    },
    usePrepared() {
      cutting = true;
    },
    stop() {
      useMemorySource(...previous);
      void worker.terminate();
    },
  };
}
