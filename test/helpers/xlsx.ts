/**
 * Reading back the workbooks `--format xlsx` writes: with SheetJS (the reader the toolkit uses
 * for input), and the raw parts of the ZIP for what SheetJS CE does not read (bold, frozen panes).
 */
import { inflateRawSync } from "node:zlib";
import * as XLSX from "@e965/xlsx";

export function readWorkbook(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { type: "buffer", cellNF: true, cellDates: false });
}

/** A part of the package as text, e.g. `xl/styles.xml` (read from the ZIP's central directory). */
export function part(bytes: Uint8Array, name: string): string {
  const b = Buffer.from(bytes);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  for (let k = 0; k < count; k++) {
    const nameLength = b.readUInt16LE(at + 28);
    const entry = b.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    if (entry === name) {
      const local = b.readUInt32LE(at + 42);
      const size = b.readUInt32LE(at + 20);
      const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      const data = b.subarray(start, start + size);
      return (b.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data).toString("utf8");
    }
    at += 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  throw new Error(`no ${name} in the workbook`);
}

/** A sheet's cells as rows (undefined for an empty cell), header row first. */
export function sheetCells(wb: XLSX.WorkBook, name: string): (XLSX.CellObject | undefined)[][] {
  const ws = wb.Sheets[name]!;
  const range = XLSX.utils.decode_range(ws["!ref"] ?? "A1:A1");
  const rows: (XLSX.CellObject | undefined)[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: (XLSX.CellObject | undefined)[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) row.push(ws[XLSX.utils.encode_cell({ r, c })]);
    rows.push(row);
  }
  return rows;
}

/** An Excel 1900-system serial as an ISO date. */
export function serialToIso(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** Style index → whether its font is bold, from styles.xml. */
export function boldStyles(bytes: Uint8Array): boolean[] {
  const styles = part(bytes, "xl/styles.xml");
  const fonts = [...styles.slice(styles.indexOf("<fonts"), styles.indexOf("</fonts>")).matchAll(/<font>(.*?)<\/font>/g)].map((m) => m[1]!.includes("<b/>"));
  const xfs = styles.slice(styles.indexOf("<cellXfs"), styles.indexOf("</cellXfs>"));
  return [...xfs.matchAll(/<xf [^>]*fontId="(\d+)"/g)].map((m) => fonts[Number(m[1])]!);
}

/** The style index of each cell of row `r` (1-based) of a sheet part. */
export function rowStyles(sheetXml: string, r: number): number[] {
  const row = new RegExp(`<row r="${r}"[^>]*>(.*?)</row>`).exec(sheetXml)?.[1] ?? "";
  return [...row.matchAll(/<c r="[A-Z]+\d+"(?: s="(\d+)")?/g)].map((m) => Number(m[1] ?? 0));
}
