/**
 * The worker-thread half of the streaming .xlsx reader (xlsx-stream.ts): it inflates the worksheet
 * part and cuts it into rows, and the rows whose cells are all of a few plain shapes it hands over
 * already scanned, as numbers in shared memory, so that the main thread only builds their texts.
 *
 * Why: on the 1M-row bench workbook the main thread spent ~1.8 s scanning cell XML (a third of
 * `ar age`) while the second core only inflated. Scanning bytes here, beside the inflating, leaves
 * the main thread the texts and the ledger. The rule of each cell stays in one place: this side
 * only recognises shapes and says where their parts are; every decision SheetJS's rules make
 * (order of cells, shared-string range, numbers as shown, dates, unescaping) is still taken by the
 * main thread (SheetParser.compactRows), and any row not of these shapes is handed over as its XML
 * to the main thread's full scan (SheetParser.rows). So the worker can only make a row slower,
 * never different (test/io/xlsx-stream.test.ts reads every generated workbook both ways).
 *
 * `sheetWorker` runs in the worker from its source text (`String(sheetWorker)`), so it must not
 * refer to anything outside itself; the layout constants come in `workerData`.
 *
 * The ring: `slots` pieces of `slotSize` bytes after a control block of Int32s:
 *   [0] pieces written, [1] pieces read, [2] done, [3] failed,
 *   [4 + k] piece k's length (raw: bytes; rows: Int32s), [4 + slots + k] its text area's length,
 *   [4 + 2 slots + k] its kind (RAW or ROWS).
 * A RAW piece is sheet XML (latin1) read by the main thread as before: the part up to and with
 * `<sheetData ...>`, and everything after the last row read here (`</sheetData>` and the rest, or
 * from a row too big or odd to cut here). A ROWS piece holds Int32 records from its start and a
 * text area (the bytes of values, latin1) at its last `areaSize` bytes:
 *   row:      n, cell count, then per cell: column, kind | (style + 1) << 3, a, b
 *   XML row:  -1, a, b         (area[a, b) is the row's XML from `<row` to `</row>`)
 * with the cell kinds of CELL_KINDS in xlsx-stream.ts (EMPTY, SHARED a = index, INT a = value,
 * NUMBER / TEXT_ONCE / TEXT_TWICE area[a, b)).
 */

export interface SheetWorkerData {
  input: SharedArrayBuffer;
  start: number;
  length: number;
  ring: SharedArrayBuffer;
  slots: number;
  slotSize: number;
  areaSize: number;
}

export function sheetWorker(data: SheetWorkerData, zlib: typeof import("node:zlib")): void {
  const { input, start, length, ring, slots, slotSize, areaSize } = data;
  const RAW = 0;
  const ROWS = 1;
  // Cell kinds (CELL_KINDS in xlsx-stream.ts).
  const EMPTY = 0;
  const SHARED = 1;
  const INT = 2;
  const NUMBER = 3;
  const TEXT_ONCE = 4;
  const TEXT_TWICE = 5;
  const control = new Int32Array(ring, 0, 4 + 3 * slots);
  const memoryOffset = 4 * (4 + 3 * slots);
  const memory = new Uint8Array(ring, memoryOffset);
  let written = 0;

  function freeSlot(): number {
    for (let read = Atomics.load(control, 1); written - read >= slots; read = Atomics.load(control, 1)) Atomics.wait(control, 1, read, 50);
    return written % slots;
  }
  function publish(slot: number, kind: number, size: number, area: number): void {
    Atomics.store(control, 4 + slot, size);
    Atomics.store(control, 4 + slots + slot, area);
    Atomics.store(control, 4 + 2 * slots + slot, kind);
    Atomics.store(control, 0, ++written);
    Atomics.notify(control, 0);
  }
  function putRaw(bytes: Uint8Array): void {
    for (let from = 0; from < bytes.length; from += slotSize) {
      const piece = bytes.subarray(from, Math.min(from + slotSize, bytes.length));
      const slot = freeSlot();
      memory.set(piece, slot * slotSize);
      publish(slot, RAW, piece.length, 0);
    }
  }

  // The ROWS piece being filled.
  const intCapacity = (slotSize - areaSize) >> 2;
  const ints = new Int32Array(intCapacity);
  const area = new Uint8Array(areaSize);
  let nInts = 0;
  let nArea = 0;
  function flush(): void {
    if (nInts === 0) return;
    const slot = freeSlot();
    new Int32Array(ring, memoryOffset + slot * slotSize, nInts).set(ints.subarray(0, nInts));
    memory.set(area.subarray(0, nArea), slot * slotSize + slotSize - areaSize);
    publish(slot, ROWS, nInts, nArea);
    nInts = 0;
    nArea = 0;
  }
  function keep(buf: Uint8Array, from: number, to: number): void {
    area.set(buf.subarray(from, to), nArea);
    ints[nInts++] = nArea;
    nArea += to - from;
    ints[nInts++] = nArea;
  }

  const isSpace = (ch: number): boolean => ch === 32 || ch === 10 || ch === 13 || ch === 9;
  const at = (buf: Uint8Array, p: number, text: string): boolean => {
    for (let k = 0; k < text.length; k++) if (buf[p + k] !== text.charCodeAt(k)) return false;
    return true;
  };

  /** The row `buf[open, end)` (end at its `</row>`, gt at its tag's `>`) as a record; false when it is not of the plain shapes. */
  function encodeRow(buf: Uint8Array, open: number, gt: number, end: number): boolean {
    if (!at(buf, open, '<row r="')) return false;
    let n = 0;
    let q = open + 8;
    for (; q < gt && buf[q] !== 34; q++) {
      const d = buf[q]! - 48;
      if (d < 0 || d > 9 || q - open - 8 >= 9) return false;
      n = n * 10 + d;
    }
    if (q === open + 8 || buf[q] !== 34) return false;
    ints[nInts++] = n;
    const countAt = nInts++;
    let count = 0;
    q = gt + 1;
    for (;;) {
      while (q < end && isSpace(buf[q]!)) q++;
      if (q >= end) break;
      if (buf[q] !== 60 || buf[q + 1] !== 99 || buf[q + 2] !== 32) return false; // `<c `
      let col = -1;
      let type = 0; // 0 none, 1 s, 2 n, 3 str, 4 inlineStr
      let style = -1;
      let i = q + 3;
      let tagEnd: number;
      let selfClosing = false;
      for (;;) {
        while (isSpace(buf[i]!) && i < end) i++;
        if (buf[i] === 62) {
          tagEnd = i;
          break;
        }
        if (buf[i] === 47 && buf[i + 1] === 62) {
          tagEnd = i + 1;
          selfClosing = true;
          break;
        }
        const nameStart = i;
        while (i < end && buf[i] !== 61 && !isSpace(buf[i]!) && buf[i] !== 62 && buf[i] !== 47 && buf[i] !== 34 && buf[i] !== 39) i++;
        if (i === nameStart || buf[i] !== 61 || buf[i + 1] !== 34) return false;
        const vs = i + 2;
        let ve = vs;
        while (ve < end && buf[ve] !== 34 && buf[ve] !== 60) ve++;
        if (ve >= end || buf[ve] !== 34) return false;
        if (i - nameStart === 1) {
          const name = buf[nameStart];
          if (name === 114) {
            // r: 1 to 3 capital letters, then the row's own number
            let c = 0;
            let k = vs;
            for (; k < ve && buf[k]! >= 65 && buf[k]! <= 90; k++) c = c * 26 + buf[k]! - 64;
            if (k === vs || k - vs > 3) return false;
            let r = 0;
            const digits = k;
            for (; k < ve; k++) {
              const d = buf[k]! - 48;
              if (d < 0 || d > 9) return false;
              r = r * 10 + d;
            }
            if (k === digits || ve - digits > 9 || r !== n) return false;
            col = c - 1;
          } else if (name === 116) {
            const len = ve - vs;
            if (len === 1 && buf[vs] === 115) type = 1;
            else if (len === 1 && buf[vs] === 110) type = 2;
            else if (len === 3 && at(buf, vs, "str")) type = 3;
            else if (len === 9 && at(buf, vs, "inlineStr")) type = 4;
            else return false;
          } else if (name === 115) {
            if (ve === vs || ve - vs > 9) return false;
            style = 0;
            for (let k = vs; k < ve; k++) {
              const d = buf[k]! - 48;
              if (d < 0 || d > 9) return false;
              style = style * 10 + d;
            }
          }
        }
        i = ve + 1;
      }
      if (col < 0) return false;
      const cellAt = nInts;
      ints[nInts++] = col;
      nInts++; // kind, below
      let kind: number;
      if (selfClosing) {
        if (type !== 0) return false;
        kind = EMPTY;
        ints[nInts++] = 0;
        ints[nInts++] = 0;
        q = tagEnd + 1;
      } else if (at(buf, tagEnd + 1, "<v>")) {
        if (type === 4) return false;
        const vs = tagEnd + 4;
        let ve = vs;
        let escaped = false;
        for (; ve < end && buf[ve] !== 60; ve++) if (buf[ve] === 38 || buf[ve] === 95) escaped = true;
        if (ve === vs || !at(buf, ve, "</v></c>")) return false;
        q = ve + 8;
        if (type === 1) {
          if (ve - vs > 9) return false;
          let k = 0;
          for (let j = vs; j < ve; j++) {
            const d = buf[j]! - 48;
            if (d < 0 || d > 9) return false;
            k = k * 10 + d;
          }
          kind = SHARED;
          ints[nInts++] = k;
          ints[nInts++] = 0;
        } else if (type === 3) {
          kind = escaped ? TEXT_TWICE : TEXT_ONCE;
          keep(buf, vs, ve);
        } else {
          if (escaped) return false;
          // A whole number written plainly (no sign, no leading zero) is passed as its value.
          let whole = ve - vs <= 9 && (buf[vs] !== 48 || ve - vs === 1);
          let v = 0;
          for (let j = vs; whole && j < ve; j++) {
            const d = buf[j]! - 48;
            if (d < 0 || d > 9) whole = false;
            else v = v * 10 + d;
          }
          if (whole) {
            kind = INT;
            ints[nInts++] = v;
            ints[nInts++] = 0;
          } else {
            kind = NUMBER;
            keep(buf, vs, ve);
          }
        }
      } else if (type === 4 && (at(buf, tagEnd + 1, "<is><t>") || at(buf, tagEnd + 1, '<is><t xml:space="preserve">'))) {
        const ts = buf.indexOf(62, tagEnd + 5) + 1;
        let te = ts;
        while (te < end && buf[te] !== 60) te++;
        if (!at(buf, te, "</t></is></c>")) return false;
        kind = TEXT_ONCE;
        keep(buf, ts, te);
        q = te + 13;
      } else return false;
      ints[cellAt + 1] = kind | ((style + 1) << 3);
      count++;
    }
    ints[countAt] = count;
    return true;
  }

  let state = 0; // 0: before <sheetData>, 1: rows, 2: the rest as XML
  let carry: Buffer = Buffer.alloc(0);

  /** Reads rows from `p` on; the offset of the first byte not read (a row not yet complete, or where state 2 begins). */
  function rowsFrom(buf: Buffer, p: number): number {
    for (;;) {
      while (p < buf.length && isSpace(buf[p]!)) p++;
      if (p + 5 > buf.length) return p;
      if (!at(buf, p, "<row") || !(buf[p + 4] === 32 || buf[p + 4] === 62 || buf[p + 4] === 47)) {
        state = 2;
        return p;
      }
      const gt = buf.indexOf(62, p);
      if (gt < 0) return p;
      if (buf[gt - 1] === 47) {
        // <row .../>: no cells, which the main thread skips too
        p = gt + 1;
        continue;
      }
      const end = buf.indexOf("</row>", gt + 1, "latin1");
      if (end < 0) return p;
      const size = end + 6 - p;
      if (nInts + 2 + size > intCapacity || nArea + size > areaSize) {
        flush();
        if (2 + size > intCapacity || size > areaSize) {
          state = 2;
          return p;
        }
      }
      const rowInts = nInts;
      const rowArea = nArea;
      if (!encodeRow(buf, p, gt, end)) {
        nInts = rowInts;
        nArea = rowArea;
        ints[nInts++] = -1;
        keep(buf, p, end + 6);
      }
      p = end + 6;
    }
  }

  function onData(chunk: Buffer): void {
    const buf = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    let p = 0;
    if (state === 0) {
      const open = buf.indexOf("<sheetData", 0, "latin1");
      const gt = open < 0 ? -1 : buf.indexOf(62, open);
      if (gt < 0) {
        if (buf.length > slotSize) state = 2;
        else {
          carry = buf;
          return;
        }
      } else {
        const after = buf[open + 10]!;
        const closed = buf.indexOf(60, open + 1);
        if (!(isSpace(after) || after === 62) || (closed >= 0 && closed < gt) || buf[gt - 1] === 47) state = 2;
        else {
          putRaw(buf.subarray(0, gt + 1));
          p = gt + 1;
          state = 1;
        }
      }
    }
    if (state === 1) p = rowsFrom(buf, p);
    if (state === 2) {
      flush();
      putRaw(buf.subarray(p));
      p = buf.length;
    }
    carry = Buffer.from(buf.subarray(p));
    flush();
  }

  const inflate = zlib.createInflateRaw({ chunkSize: slotSize });
  inflate.on("data", onData);
  inflate.on("end", () => {
    flush();
    putRaw(carry);
    Atomics.store(control, 2, 1);
    Atomics.notify(control, 0);
  });
  inflate.on("error", () => {
    Atomics.store(control, 3, 1);
    Atomics.notify(control, 0);
  });
  inflate.end(Buffer.from(input, start, length));
}
