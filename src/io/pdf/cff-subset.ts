/**
 * A fast subsetter for CID-keyed CFF fonts (the Noto Sans CJK / 思源黑体 family), used in place of
 * fontkit's own when pdfkit embeds a font.
 *
 * Why: fontkit keeps every subroutine slot of the original font in each subset (an unused one
 * becomes a one-byte `return`). Noto Sans Hans has 22,293 local subroutines in one font dict, so
 * every letter paid ~25 ms and ~40 KB to write an index of empty routines. Here each glyph's
 * charstring is flattened once per process (its subroutine calls inlined), so a subset is a
 * concatenation of cached byte strings with no subroutines at all: smaller and about 50x faster.
 *
 * The output is a bare CFF (CIDFontType0C) whose CIDs are the subset's glyph indices (charset =
 * identity), exactly what pdfkit's `EmbeddedFont` writes into content streams. Each used font
 * dict keeps its own Private dict (less `Subrs`), so widths and hints are unchanged.
 * Charstrings using the Type 2 arithmetic/storage operators (no CJK font we know does) throw
 * `UnsupportedCharstring`, and the caller falls back to fontkit's subsetter.
 */

export class UnsupportedCharstring extends Error {}

interface DictEntry {
  op: number; // escaped operators as 1200 + second byte
  operands: number[];
  raw: Uint8Array; // operands and operator, as written
}

interface Index {
  items: Uint8Array[];
  end: number; // offset just past the index
}

function readIndex(data: Uint8Array, pos: number): Index {
  const count = (data[pos]! << 8) | data[pos + 1]!;
  if (count === 0) return { items: [], end: pos + 2 };
  const offSize = data[pos + 2]!;
  const offsetsAt = pos + 3;
  const offset = (i: number): number => {
    let v = 0;
    for (let k = 0; k < offSize; k++) v = v * 256 + data[offsetsAt + i * offSize + k]!;
    return v;
  };
  const dataStart = offsetsAt + (count + 1) * offSize - 1;
  const items: Uint8Array[] = [];
  for (let i = 0; i < count; i++) items.push(data.subarray(dataStart + offset(i), dataStart + offset(i + 1)));
  return { items, end: dataStart + offset(count) };
}

function readDict(bytes: Uint8Array): DictEntry[] {
  const entries: DictEntry[] = [];
  let operands: number[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    if (b0 <= 21) {
      let op = b0;
      i++;
      if (b0 === 12) op = 1200 + bytes[i++]!;
      entries.push({ op, operands, raw: bytes.subarray(start, i) });
      operands = [];
      start = i;
    } else if (b0 === 28) {
      operands.push(((bytes[i + 1]! << 24) | (bytes[i + 2]! << 16)) >> 16);
      i += 3;
    } else if (b0 === 29) {
      operands.push((bytes[i + 1]! << 24) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 8) | bytes[i + 4]!);
      i += 5;
    } else if (b0 === 30) {
      // A real number; its value is never an offset, so only its extent matters here.
      i++;
      while (i < bytes.length) {
        const b = bytes[i++]!;
        if ((b & 0x0f) === 0x0f || (b >> 4) === 0x0f) break;
      }
      operands.push(NaN);
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      i++;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + bytes[i + 1]! + 108);
      i += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - bytes[i + 1]! - 108);
      i += 2;
    } else {
      throw new Error(`CFF: bad DICT byte ${b0}`);
    }
  }
  return entries;
}

function subrBias(count: number): number {
  return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/** Growable byte buffer; charstrings are built once per glyph, so simplicity wins. */
class Bytes {
  buf = new Uint8Array(256);
  length = 0;
  push(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.length + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(src.subarray(from, to), this.length);
    this.length += n;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

interface FlattenState {
  out: Bytes;
  stack: { value: number; start: number }[];
  stems: number;
  ended: boolean;
  localSubrs: Uint8Array[];
  localBias: number;
}

// Type 2 operators that compute on the stack; with them the operand of a call is not a literal.
const ARITHMETIC = new Set([1203, 1204, 1205, 1209, 1210, 1211, 1212, 1214, 1215, 1218, 1220, 1221, 1222, 1223, 1224, 1226, 1227, 1228, 1229, 1230]);

export class CidCffSubsetter {
  private readonly data: Uint8Array;
  private readonly fontName: Uint8Array;
  private readonly topEntries: DictEntry[];
  private readonly charStrings: Uint8Array[];
  private readonly globalSubrs: Uint8Array[];
  private readonly globalBias: number;
  private readonly fontDicts: { entries: DictEntry[]; privateEntries: Uint8Array[]; localSubrs: Uint8Array[] }[];
  private readonly fdOfGlyph: Uint8Array;
  private readonly flat = new Map<number, Uint8Array>();

  constructor(cff: Uint8Array) {
    this.data = cff;
    const hdrSize = cff[2]!;
    const names = readIndex(cff, hdrSize);
    const tops = readIndex(cff, names.end);
    const strings = readIndex(cff, tops.end);
    const gsubrs = readIndex(cff, strings.end);
    this.fontName = names.items[0]!;
    this.topEntries = readDict(tops.items[0]!);
    const top = new Map(this.topEntries.map((e) => [e.op, e.operands]));
    if (!top.has(1230)) throw new UnsupportedCharstring("CFF font is not CID-keyed");
    if ((top.get(1206)?.[0] ?? 2) !== 2) throw new UnsupportedCharstring("CFF charstrings are not Type 2");
    this.globalSubrs = gsubrs.items;
    this.globalBias = subrBias(gsubrs.items.length);
    this.charStrings = readIndex(cff, top.get(17)![0]!).items;
    this.fontDicts = readIndex(cff, top.get(1236)![0]!).items.map((bytes) => {
      const entries = readDict(bytes);
      const priv = entries.find((e) => e.op === 18);
      if (!priv) return { entries, privateEntries: [], localSubrs: [] };
      const [size, offset] = priv.operands as [number, number];
      const privEntries = readDict(cff.subarray(offset, offset + size));
      const subrs = privEntries.find((e) => e.op === 19);
      return {
        entries,
        privateEntries: privEntries.filter((e) => e.op !== 19).map((e) => e.raw),
        localSubrs: subrs ? readIndex(cff, offset + subrs.operands[0]!).items : [],
      };
    });
    this.fdOfGlyph = this.readFdSelect(top.get(1237)![0]!, this.charStrings.length);
  }

  private readFdSelect(pos: number, glyphs: number): Uint8Array {
    const d = this.data;
    const fds = new Uint8Array(glyphs);
    if (d[pos] === 0) {
      fds.set(d.subarray(pos + 1, pos + 1 + glyphs));
    } else if (d[pos] === 3) {
      const ranges = (d[pos + 1]! << 8) | d[pos + 2]!;
      for (let r = 0; r < ranges; r++) {
        const at = pos + 3 + r * 3;
        const first = (d[at]! << 8) | d[at + 1]!;
        const next = (d[at + 3]! << 8) | d[at + 4]!; // the next range's first, or the sentinel
        fds.fill(d[at + 2]!, first, next);
      }
    } else {
      throw new UnsupportedCharstring(`CFF FDSelect format ${d[pos]}`);
    }
    return fds;
  }

  get glyphCount(): number {
    return this.charStrings.length;
  }

  /** The Private dict a glyph's charstring is read with (less `Subrs`): widths and hints. */
  privateDictOf(gid: number): Uint8Array {
    return concat(this.fontDicts[this.fdOfGlyph[gid]!]!.privateEntries);
  }

  /** The glyph's charstring with every subroutine call inlined (cached for the process). */
  flatCharString(gid: number): Uint8Array {
    let cs = this.flat.get(gid);
    if (cs) return cs;
    const fd = this.fontDicts[this.fdOfGlyph[gid]!]!;
    const state: FlattenState = {
      out: new Bytes(),
      stack: [],
      stems: 0,
      ended: false,
      localSubrs: fd.localSubrs,
      localBias: subrBias(fd.localSubrs.length),
    };
    this.flatten(this.charStrings[gid]!, state, 0);
    cs = state.out.result();
    this.flat.set(gid, cs);
    return cs;
  }

  private flatten(cs: Uint8Array, s: FlattenState, depth: number): void {
    if (depth > 10) throw new UnsupportedCharstring("CFF subroutines nest too deep");
    let i = 0;
    while (i < cs.length) {
      const b0 = cs[i]!;
      if (b0 >= 32 || b0 === 28) {
        let len: number;
        let value: number;
        if (b0 === 28) {
          len = 3;
          value = ((cs[i + 1]! << 24) | (cs[i + 2]! << 16)) >> 16;
        } else if (b0 <= 246) {
          len = 1;
          value = b0 - 139;
        } else if (b0 <= 250) {
          len = 2;
          value = (b0 - 247) * 256 + cs[i + 1]! + 108;
        } else if (b0 <= 254) {
          len = 2;
          value = -(b0 - 251) * 256 - cs[i + 1]! - 108;
        } else {
          len = 5;
          value = NaN; // 16.16 fixed: never a subroutine number
        }
        s.stack.push({ value, start: s.out.length });
        s.out.push(cs, i, i + len);
        i += len;
        continue;
      }
      const op = b0 === 12 ? 1200 + cs[i + 1]! : b0;
      const opLen = b0 === 12 ? 2 : 1;
      if (op === 10 || op === 29) {
        const n = s.stack.pop();
        if (!n || !Number.isInteger(n.value)) throw new UnsupportedCharstring("CFF subroutine number is not a literal");
        s.out.length = n.start;
        const subrs = op === 10 ? s.localSubrs : this.globalSubrs;
        const subr = subrs[n.value + (op === 10 ? s.localBias : this.globalBias)];
        if (!subr) throw new UnsupportedCharstring("CFF subroutine out of range");
        this.flatten(subr, s, depth + 1);
        if (s.ended) return;
        i += opLen;
        continue;
      }
      if (op === 11) return; // return from a subroutine: its caller goes on
      if (ARITHMETIC.has(op)) throw new UnsupportedCharstring(`CFF charstring operator 12 ${op - 1200}`);
      if (op === 1 || op === 3 || op === 18 || op === 23) s.stems += s.stack.length >> 1;
      s.out.push(cs, i, i + opLen);
      i += opLen;
      if (op === 19 || op === 20) {
        // hintmask/cntrmask: operands left before the first one are an implicit vstem.
        s.stems += s.stack.length >> 1;
        const maskBytes = (s.stems + 7) >> 3;
        s.out.push(cs, i, i + maskBytes);
        i += maskBytes;
      }
      s.stack.length = 0;
      if (op === 14) {
        s.ended = true;
        return;
      }
    }
  }

  /** A CFF holding `glyphs` (original glyph ids, .notdef first) as CIDs 0..n-1. */
  encode(glyphs: readonly number[]): Uint8Array {
    const n = glyphs.length;
    const charStrings = glyphs.map((gid) => this.flatCharString(gid));
    const usedFds: number[] = [];
    const fdIndex = new Map<number, number>();
    const fdSelect = new Uint8Array(n);
    glyphs.forEach((gid, k) => {
      const fd = this.fdOfGlyph[gid]!;
      let local = fdIndex.get(fd);
      if (local === undefined) {
        local = usedFds.length;
        usedFds.push(fd);
        fdIndex.set(fd, local);
      }
      fdSelect[k] = local;
    });

    const strings = [ascii("Adobe"), ascii("Identity")];
    const STD_STRINGS = 391;
    const DROP_FROM_TOP = new Set([0, 1, 2, 3, 4, 13, 14, 15, 16, 17, 18, 1200, 1221, 1222, 1230, 1234, 1235, 1236, 1237, 1238]);
    const keptTop = this.topEntries.filter((e) => !DROP_FROM_TOP.has(e.op)).map((e) => e.raw);
    const topSize = (ros: number[]) => ros.length + sum(keptTop.map((r) => r.length)) + 0;
    const ros = [...dictInt(STD_STRINGS), ...dictInt(STD_STRINGS + 1), ...dictInt(0), 12, 30, ...dictInt(n), 12, 34];
    // Four offsets written as 5-byte integers (29 + int32) so the dict's size is known up front.
    const topDictLength = topSize(ros) + 4 * 5 + 1 + 2 + 1 + 2;

    const header = [1, 0, 4, 4];
    const nameIndexLength = indexLength([this.fontName]);
    const topIndexLength = indexLengthOfSizes([topDictLength]);
    const stringIndexLength = indexLength(strings);
    const gsubrIndexLength = 2;
    const charset = n > 1 ? [2, 0, 1, (n - 2) >> 8, (n - 2) & 0xff] : [0];
    const fdSelectBytes = [0, ...fdSelect];
    const charStringsLength = indexLength(charStrings);

    const fontDictParts = usedFds.map((fd) => {
      const kept = this.fontDicts[fd]!.entries.filter((e) => e.op !== 18 && e.op !== 1238).map((e) => e.raw);
      return { kept, privateBytes: concat(this.fontDicts[fd]!.privateEntries) };
    });
    const fontDictLengths = fontDictParts.map((p) => sum(p.kept.map((r) => r.length)) + 5 + 5 + 1);
    const fdArrayLength = indexLengthOfSizes(fontDictLengths);

    let at = header.length + nameIndexLength + topIndexLength + stringIndexLength + gsubrIndexLength;
    const charsetAt = at;
    at += charset.length;
    const fdSelectAt = at;
    at += fdSelectBytes.length;
    const charStringsAt = at;
    at += charStringsLength;
    const fdArrayAt = at;
    at += fdArrayLength;
    const privateAt: number[] = [];
    for (const p of fontDictParts) {
      privateAt.push(at);
      at += p.privateBytes.length;
    }
    const total = at;

    const topDict = concat([
      Uint8Array.from(ros),
      ...keptTop,
      Uint8Array.from([...int5(charsetAt), 15, ...int5(fdSelectAt), 12, 37, ...int5(charStringsAt), 17, ...int5(fdArrayAt), 12, 36]),
    ]);
    if (topDict.length !== topDictLength) throw new Error("CFF: top dict size mismatch");
    const fontDicts = fontDictParts.map((p, k) =>
      concat([...p.kept, Uint8Array.from([...int5(p.privateBytes.length), ...int5(privateAt[k]!), 18])]),
    );

    const out = new Uint8Array(total);
    let w = 0;
    const put = (bytes: ArrayLike<number>) => {
      out.set(bytes, w);
      w += bytes.length;
    };
    put(header);
    put(writeIndex([this.fontName]));
    put(writeIndex([topDict]));
    put(writeIndex(strings));
    put([0, 0]);
    put(charset);
    put(fdSelectBytes);
    put(writeIndex(charStrings));
    put(writeIndex(fontDicts));
    for (const p of fontDictParts) put(p.privateBytes);
    if (w !== total) throw new Error("CFF: size mismatch");
    return out;
  }
}

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function sum(xs: number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(sum(parts.map((p) => p.length)));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function dictInt(v: number): number[] {
  if (v >= -107 && v <= 107) return [v + 139];
  if (v >= 108 && v <= 1131) return [((v - 108) >> 8) + 247, (v - 108) & 0xff];
  if (v >= -1131 && v <= -108) return [((-v - 108) >> 8) + 251, (-v - 108) & 0xff];
  if (v >= -32768 && v <= 32767) return [28, (v >> 8) & 0xff, v & 0xff];
  return int5(v);
}

function int5(v: number): number[] {
  return [29, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

function offSizeFor(maxOffset: number): number {
  return maxOffset < 0x100 ? 1 : maxOffset < 0x10000 ? 2 : maxOffset < 0x1000000 ? 3 : 4;
}

function indexLengthOfSizes(sizes: number[]): number {
  if (sizes.length === 0) return 2;
  const dataLength = sum(sizes);
  return 3 + (sizes.length + 1) * offSizeFor(dataLength + 1) + dataLength;
}

function indexLength(items: Uint8Array[]): number {
  return indexLengthOfSizes(items.map((i) => i.length));
}

function writeIndex(items: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(indexLength(items));
  const count = items.length;
  out[0] = count >> 8;
  out[1] = count & 0xff;
  if (count === 0) return out;
  const offSize = offSizeFor(sum(items.map((i) => i.length)) + 1);
  out[2] = offSize;
  let offset = 1;
  let w = 3;
  const writeOffset = (v: number) => {
    for (let k = offSize - 1; k >= 0; k--) out[w++] = (v >>> (8 * k)) & 0xff;
  };
  writeOffset(offset);
  for (const item of items) {
    offset += item.length;
    writeOffset(offset);
  }
  for (const item of items) {
    out.set(item, w);
    w += item.length;
  }
  return out;
}
