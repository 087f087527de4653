/**
 * A small CSV reader for the tests' checks of ar's CSV output (RFC 4180: quoted cells, doubled
 * quotes, line breaks inside quotes; CRLF or LF). Independent of src/io/csv.ts on purpose: the
 * tests read the output with a reader of their own.
 */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (ch !== "\r") cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The rows after the header as records by header name (a missing cell is ""). */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...body] = csvRows(text);
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}
