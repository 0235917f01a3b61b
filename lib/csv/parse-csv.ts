// A small RFC 4180 reader: fields separated by commas, optionally quoted with
// "", doubled quotes inside quotes, LF or CRLF line ends, line breaks inside
// quoted fields. Each record carries the file line it starts on, so problems
// can be reported by line number. Blank lines are skipped.
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`unterminated quoted field starting on line ${line}`);
  }
}

export function* readCsv(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not data
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let done = false;
    while (!done) {
      if (i >= text.length) {
        if (quoted) throw new CsvSyntaxError(start);
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i += 1;
          }
        } else {
          if (c === "\n") line += 1;
          field += c;
          i += 1;
        }
      } else if (c === '"' && field === "") {
        quoted = true;
        i += 1;
      } else if (c === ",") {
        fields.push(field);
        field = "";
        i += 1;
      } else if (c === "\n" || c === "\r") {
        fields.push(field);
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line += 1;
        done = true;
      } else {
        field += c;
        i += 1;
      }
    }
    if (fields.length === 1 && fields[0]!.trim() === "") continue;
    yield { line: start, fields };
  }
}

/** One CSV line from values, quoting only where needed. */
export function csvLine(values: readonly string[]): string {
  return values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(",");
}
