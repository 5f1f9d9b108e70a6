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
 * `text` with every character `printable` escapes written as a `\uXXXX` escape, which JSON
 * (RFC 8259 §7) and YAML's double-quoted scalars (YAML 1.2 §5.7) read back as that character, so
 * `printable` leaves the text unchanged. Only for text where every such character stands inside a
 * JSON string or a double-quoted scalar (all of them lie in the Basic Multilingual Plane).
 */
export function unicodeEscaped(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `value` as JSON (indented by `indent`) that shows nothing raw in a terminal and still parses to
 * `value`: `JSON.stringify` escapes C0 controls itself but leaves DEL, C1 controls and bidi marks
 * raw, which `printable` would turn into escapes JSON does not have (`\u{202e}`, `\x9b`).
 */
export function printableJson(value: unknown, indent = 2): string {
  return unicodeEscaped(JSON.stringify(value, null, indent));
}

/**
 * A CSV cell that no spreadsheet runs as a formula: a cell starting with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a leading `'` (OWASP's "CSV injection" advice), then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
