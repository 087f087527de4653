/**
 * CSV output: UTF-8, header row, RFC 4180 quoting. A cell that begins with `=`, `+`, `-`, `@`, tab
 * or CR and is not a number gets a leading `'` so that a spreadsheet shows it instead of running it.
 */
const NUMBER = /^[-+]?\d+(\.\d+)?$/;

export function formulaSafe(cell: string): string {
  if (cell.length === 0) return cell;
  const c = cell.charCodeAt(0);
  // = + - @ TAB CR
  if ((c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) && !NUMBER.test(cell)) return `'${cell}`;
  return cell;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = formulaSafe(String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(",") + "\n";
}

export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  let out = csvLine(header);
  for (const r of rows) out += csvLine(r);
  return out;
}
