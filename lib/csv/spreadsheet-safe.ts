// Text cells of an exported CSV must stay text when a spreadsheet opens the
// file: a cell starting with = + - @ (or a tab or carriage return before
// one) is read as a formula, so a description like "=HYPERLINK(...)" typed
// by anyone could run in the reader's spreadsheet ("CSV injection"). Such a
// cell gets a leading apostrophe, which spreadsheets show as nothing but
// which makes the cell text (OWASP's advice). Numbers the export writes
// itself (amounts, counts) are never passed through this: "-12.50" stays a
// number.
const FORMULA_START = /^[\s]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
