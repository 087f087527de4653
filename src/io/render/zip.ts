/**
 * A deterministic ZIP container for the xlsx writer (SPEC "Excel in and out": same inputs, same
 * bytes). Entries are deflated by Node's zlib (the measured fast path: 20,000 aging rows in
 * ~80 ms, where the JavaScript deflaters took 0.15-0.5 s and SheetJS's wrote 2.6× the bytes) and
 * every entry carries the one timestamp given, so nothing of the clock reaches the file.
 * No ZIP64: an xlsx part over 4 GiB is refused (a sheet of Excel's 1,048,576 rows is far smaller).
 */
import * as zlib from "node:zlib";

const { deflateRawSync } = zlib;
/** Node's own CRC-32 (20.15 and later), else the table below. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  if (nativeCrc32 !== undefined) return nativeCrc32(data) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time of a calendar day at midnight (the format has no year before 1980). */
function dosStamp(y: number, m: number, d: number): { date: number; time: number } {
  if (y < 1980) return { date: (0 << 9) | (1 << 5) | 1, time: 0 };
  if (y > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: 0 };
  return { date: ((y - 1980) << 9) | (m << 5) | d, time: 0 };
}

/** The ZIP file of `entries`, in the order given, each stamped with the day `stamp`. */
export function zipDeterministic(entries: readonly ZipEntry[], stamp: { y: number; m: number; d: number }): Uint8Array {
  const { date, time } = dosStamp(stamp.y, stamp.m, stamp.d);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const packed = deflateRawSync(e.data, { level: 6 });
    if (e.data.length > 0xfffffffe || packed.length > 0xfffffffe || offset > 0xfffffffe) throw new Error(`${e.name}: too large for a workbook part (4 GiB)`);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(time, 12);
    dir.writeUInt16LE(date, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal attributes, external attributes: 0
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, packed);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const dirSize = central.reduce((s, c) => s + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
