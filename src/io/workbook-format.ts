/**
 * What the readers need to know of a workbook before reading it, without loading an Excel
 * library: whether a file is one (by its first bytes) and how Excel's serial dates and numbers
 * read. `ar age` on a CSV ledger imports only this; workbook.ts (SheetJS, the streaming reader)
 * is imported when a workbook is actually read, since loading SheetJS costs some 50 ms.
 */
import { closeSync, openSync, readSync } from "node:fs";

export type WorkbookFormat = "xlsx" | "xls";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let k = 0; k < magic.length; k++) if (bytes[k] !== magic[k]) return false;
  return true;
}

/**
 * "xlsx" for a zip (Office Open XML), "xls" for a compound file (BIFF8, or an encrypted OOXML
 * package, which is a compound file too), undefined for anything else (a text file).
 */
export function workbookFormatOf(head: Uint8Array): WorkbookFormat | undefined {
  if (startsWith(head, ZIP_MAGIC)) return "xlsx";
  if (startsWith(head, CFB_MAGIC)) return "xls";
  return undefined;
}

/** The format of the file at `path` by its first bytes; undefined for a text file or one that cannot be read (the text reader reports that). */
export function sniffWorkbookFile(path: string): WorkbookFormat | undefined {
  try {
    return workbookFormatOf(readFileHead(path, 8));
  } catch {
    return undefined;
  }
}

function readFileHead(path: string, n: number): Uint8Array {
  // Small read through a file descriptor: a ledger CSV may be gigabytes.
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * A number as Excel shows it in a General cell wide enough: rounded to 15 significant digits, and
 * written out in full (no exponent), so that the amount grammar reads it exactly.
 */
export function excelNumberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return "0";
  // Shortest round-trip text of at most 15 characters and no exponent: already what Excel shows.
  const plain = String(n);
  if (plain.length <= 15 && plain.indexOf("e") < 0) return plain;
  const [mantissa, exp] = n.toExponential(14).split("e") as [string, string];
  const e = Number(exp);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "").replace(/0+$/, "") || "0";
  // digits d1 d2 ... with the decimal point after d1, scaled by 10^e.
  let text: string;
  if (e >= 0) {
    text = digits.length <= e + 1 ? digits + "0".repeat(e + 1 - digits.length) : `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  } else {
    text = `0.${"0".repeat(-e - 1)}${digits}`;
  }
  return negative ? `-${text}` : text;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30); // serial 0 when counted past the phantom day
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, Excel's last date, in each date system. */
const LAST_SERIAL_1900 = 2_958_465;
const LAST_SERIAL_1904 = 2_958_465 - 1462;

/**
 * The calendar date of an Excel serial (its time of day dropped). In the 1900 system serial 60 is
 * 1900-02-29, a day that never was (Lotus 1-2-3's leap-year bug, kept by Excel): it is given as
 * written so that the date rule rejects it; serials below it count from 1899-12-31. A serial
 * outside Excel's dates (negative, or past 9999-12-31, where Excel shows ####) is given as the
 * number Excel holds, which the date rule rejects as no date.
 */
export function isoOfSerial(serial: number, date1904: boolean): string {
  const whole = Math.floor(serial);
  if (!(whole >= 0 && whole <= (date1904 ? LAST_SERIAL_1904 : LAST_SERIAL_1900))) return excelNumberText(serial);
  if (!date1904) {
    if (whole === 60) return "1900-02-29";
    if (whole < 60) return new Date(EPOCH_1900 + (whole + 1) * DAY_MS).toISOString().slice(0, 10);
    return new Date(EPOCH_1900 + whole * DAY_MS).toISOString().slice(0, 10);
  }
  return new Date(EPOCH_1904 + whole * DAY_MS).toISOString().slice(0, 10);
}
