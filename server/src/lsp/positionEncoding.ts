/**
 * Positions in the negotiated encoding. The engine counts characters in UTF-16 code units, as
 * JavaScript strings do; a client that negotiated UTF-8 or UTF-32 (LSP 3.17 "Position Encoding")
 * counts bytes or code points instead. Everything that crosses the wire goes through here: the
 * positions and ranges of requests and edits coming in, and every range going out — for the
 * document a message is about and for the other documents it names (related information,
 * locations, workspace edits).
 *
 * Only lines with characters outside ASCII differ between encodings, so ASCII lines cost nothing
 * but a scan; with UTF-16 nothing is converted at all.
 */
import type { PositionEncoding } from './clientFeatures';

export interface Position {
  line: number;
  character: number;
}

/** The text of a line (without its line break) of a document, or undefined when unknown. */
export type LineSource = (uri: string, line: number) => string | undefined;

/** Characters of `line` before UTF-16 offset `utf16`, counted in `encoding`. */
export function fromUtf16(line: string, utf16: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return utf16;
  const end = Math.min(utf16, line.length);
  let count = 0;
  for (let i = 0; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x80) count += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      // A surrogate pair: one code point, four bytes.
      count += encoding === 'utf-8' ? 4 : 1;
      i++;
    } else count += encoding === 'utf-8' ? (c < 0x800 ? 2 : 3) : 1;
  }
  // Past the end of the line: LSP lets clients point there; keep the overshoot as it is.
  return count + Math.max(0, utf16 - line.length);
}

/** The UTF-16 offset in `line` of `units` characters counted in `encoding`. */
export function toUtf16(line: string, units: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return units;
  let count = 0;
  let i = 0;
  while (i < line.length) {
    if (count >= units) return i;
    const c = line.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < line.length;
    const size = encoding === 'utf-32' ? 1 : c < 0x80 ? 1 : pair ? 4 : c < 0x800 ? 2 : 3;
    // A position inside a character's bytes points at that character (LSP: "must not split").
    if (count + size > units) return i;
    count += size;
    i += pair ? 2 : 1;
  }
  // Past the end of the line: LSP lets clients point there; keep the overshoot as it is.
  return i + (units - count);
}

function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number' && Object.keys(v).length === 2;
}

/**
 * Converts every `Position` inside `value` (in place) between UTF-16 and `encoding`. The URI a
 * position belongs to is the nearest enclosing `uri` (or `textDocument.uri`, or a key of a
 * WorkspaceEdit's `changes`), else `uri`. Returns `value`.
 */
export function convertPositions<T>(value: T, uri: string, encoding: PositionEncoding, lines: LineSource, direction: 'in' | 'out'): T {
  if (encoding === 'utf-16') return value;
  // An answer may hold one range object in two places (a fix's edit and its diagnostic): convert once.
  const seen = new Set<Position>();
  const convert = (p: Position, at: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    const text = lines(at, p.line);
    if (text === undefined) return;
    p.character = direction === 'out' ? fromUtf16(text, p.character, encoding) : toUtf16(text, p.character, encoding);
  };
  const walk = (v: unknown, at: string, depth: number): void => {
    if (typeof v !== 'object' || v === null || depth > 32) return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, at, depth + 1);
      return;
    }
    if (isPosition(v)) {
      convert(v, at);
      return;
    }
    const o = v as Record<string, unknown>;
    let here = at;
    if (typeof o.uri === 'string') here = o.uri;
    const doc = o.textDocument as { uri?: unknown } | undefined;
    if (doc && typeof doc.uri === 'string') here = doc.uri;
    for (const [key, child] of Object.entries(o)) {
      // A WorkspaceEdit's `changes` is keyed by URI.
      if (key === 'changes' && typeof child === 'object' && child !== null && !Array.isArray(child)) {
        for (const [u, edits] of Object.entries(child)) walk(edits, u, depth + 1);
      } else if (key !== 'data') walk(child, here, depth + 1);
    }
  };
  walk(value, uri, 0);
  return value;
}
