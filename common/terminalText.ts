/**
 * Text from a workspace, a file or a URL, made safe for a terminal: control characters (C0 but
 * tab and line feed, DEL, C1 — which start escape sequences, move the cursor or rewrite a line)
 * and the bidirectional overrides that reorder what is shown (Unicode TR9 embeddings, overrides
 * and isolates) are shown as visible `\xNN` / `\u{NNNN}` escapes instead of acting on the terminal.
 */

/** The characters `printable` escapes (global: reset `lastIndex` before `test`). */
// eslint-disable-next-line no-control-regex
export const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every unsafe character shown as an escape; tab and line feed are kept. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * A CSV cell that no spreadsheet runs as a formula: a cell starting with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a leading `'` (OWASP's "CSV injection" advice), then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
