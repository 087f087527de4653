/**
 * The one order of texts every report sorts by (customer keys, doc numbers, currencies): UTF-16
 * code units, as `<` compares strings. Not `localeCompare`, whose order depends on the machine's
 * ICU data and locale: the same inputs must give the same bytes everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
