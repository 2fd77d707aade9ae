/**
 * Delimiter-separated records (RFC 4180 CSV, and Anki's text export which follows the same
 * quoting rules): a field in double quotes may hold the separator, newlines and `""` for a
 * quote; a quote inside an unquoted field is an ordinary character, as in Anki's reader.
 */
import type { Problem } from '../../errors.js';
import { problem } from '../problems.js';

export interface DelimitedRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

export interface DelimitedOptions {
  delimiter: string;
  /** Skip records whose first character is '#' (Anki's comment and header lines). */
  comments?: boolean;
  /** Line number of the first line of `text` (when a header was cut off before it). */
  firstLine?: number;
}

/** Splits text into records. An unterminated quote is an error at the line where it opened. */
export function parseDelimited(
  text: string,
  file: string,
  opts: DelimitedOptions,
): { records: DelimitedRecord[]; problems: Problem[] } {
  const records: DelimitedRecord[] = [];
  const problems: Problem[] = [];
  const d = opts.delimiter;
  const n = text.length;
  let i = 0;
  let line = opts.firstLine ?? 1;
  /** Index of the next separator, newline or end of text from `from` (fields are sliced, not built char by char). */
  const fieldEnd = (from: number) => {
    let j = from;
    while (j < n) {
      const c = text[j];
      if (c === d || c === '\n' || (c === '\r' && text[j + 1] === '\n')) return j;
      j++;
    }
    return n;
  };
  while (i < n) {
    const startLine = line;
    if (opts.comments && text[i] === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        // Quoted field: runs to the next quote not doubled.
        const quoteLine = line;
        const parts: string[] = [];
        let j = i + 1;
        let closed = false;
        while (j <= n) {
          const q = text.indexOf('"', j);
          if (q < 0) break;
          parts.push(text.slice(j, q));
          if (text[q + 1] === '"') {
            parts.push('"');
            j = q + 2;
            continue;
          }
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          problems.push(problem(file, quoteLine, 'error', 'problem.delimited.unclosed'));
          return { records, problems };
        }
        const raw = parts.join('');
        for (let k = raw.indexOf('\n'); k >= 0; k = raw.indexOf('\n', k + 1)) line++;
        // Anything between the closing quote and the separator is kept, as lenient readers do.
        const end = fieldEnd(j);
        field = raw.replace(/\r\n/g, '\n') + text.slice(j, end);
        i = end;
      } else {
        const end = fieldEnd(i);
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (i >= n) break;
      if (text[i] === d) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      // End of line (LF or CRLF).
      i += text[i] === '\r' ? 2 : 1;
      line++;
      break;
    }
    // Blank lines are not records.
    if (fields.length === 1 && (fields[0] as string).trim() === '') continue;
    records.push({ fields, line: startLine });
  }
  return { records, problems };
}
