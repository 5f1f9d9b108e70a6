/**
 * Where the cursor is in a project file's structure — the path of keys from the root, and
 * whether a key, a value or a new list entry is being typed — worked out from indentation alone,
 * so that it holds for half-typed lines that do not parse. The upward walk stays inside the
 * cursor's segment (one top-level key or one list entry), never the whole file.
 */
import { ProjectDocument, Position } from './projectDocument';

export interface CursorContext {
  /** Keys, and `[]` for a list entry, from the root to the mapping or list at the cursor. */
  path: string[];
  /** 'key': typing a key of the mapping at `path`; 'value': the value of `key`; 'item': a new entry of the list at `path`. */
  kind: 'key' | 'value' | 'item';
  key?: string;
  /** The word typed so far, and where it starts on the line. */
  partial: string;
  partialStart: number;
  /** Column where the mapping's keys (or the list's dashes) start. */
  column: number;
  /** Inside `[...]` on the value side. */
  inFlowList: boolean;
  /** Whether the line already has `- ` before the cursor's key. */
  lineHasDash: boolean;
}

interface LineShape {
  blank: boolean;
  /** Column of the first character. */
  content: number;
  /** Column of the innermost `- ` (-1 without one). */
  dash: number;
  /** Column where the key (or value) after the dashes starts. */
  keyColumn: number;
  /** The key, when the line reads `key:` (with or without a value). */
  key?: string;
}

const KEY_LINE = /^([^\s:#'"][^:#]*?|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)/;

export function lineShape(text: string): LineShape {
  const m = /^( *)((?:- +)*)(.*)$/.exec(text.replace(/\r$/, ''))!;
  const rest = m[3];
  const content = m[1].length;
  if ((rest === '' && m[2] === '') || rest.startsWith('#')) return { blank: true, content, dash: -1, keyColumn: content };
  const dash = m[2] ? content + m[2].trimEnd().lastIndexOf('-') : -1;
  const keyColumn = content + m[2].length;
  const km = KEY_LINE.exec(rest);
  return { blank: false, content, dash, keyColumn, key: km ? km[1].replace(/^["']|["']$/g, '') : undefined };
}

/** Reads lines of a document by number, bounded below by the first line of the cursor's segment. */
class Lines {
  constructor(
    private readonly doc: ProjectDocument,
    readonly first: number,
    readonly itemKey: string | null,
  ) {}

  text(line: number): string {
    const start = this.doc.offsetAt({ line, character: 0 });
    const nl = this.doc.text.indexOf('\n', start);
    return this.doc.text.slice(start, nl === -1 ? this.doc.text.length : nl);
  }
}

export function lineText(doc: ProjectDocument, line: number): string {
  return new Lines(doc, 0, null).text(line);
}

export function cursorContext(doc: ProjectDocument, position: Position): CursorContext {
  const offset = doc.offsetAt({ line: position.line, character: 0 });
  const at = doc.segmentAt(offset);
  const seg = at?.segment;
  const lines = new Lines(doc, seg ? seg.startLine : 0, seg?.kind === 'item' ? seg.key : null);
  const full = lines.text(position.line);
  const before = full.slice(0, position.character);
  const m = /^( *)((?:- +)*)(.*)$/.exec(before)!;
  const indent = m[1].length;
  const dashes = m[2];
  const rest = m[3];
  const keyColumn = indent + dashes.length;
  const kv = /^([^\s:#'"][^:#]*?|"[^"]*"|'[^']*'):[ \t]+(.*)$/.exec(rest);
  if (kv) {
    const key = kv[1].replace(/^["']|["']$/g, '');
    const value = kv[2];
    const path = dashes ? [...listPath(lines, position.line, indent + dashes.trimEnd().lastIndexOf('-')), '[]'] : mappingPath(lines, position.line, keyColumn);
    const flow = value.startsWith('[');
    const word = flow ? /[^\s\[,]*$/.exec(value)![0] : value.replace(/^["']/, '');
    return { path, kind: 'value', key, partial: word, partialStart: position.character - word.length, column: keyColumn, inFlowList: flow && !value.includes(']'), lineHasDash: !!dashes };
  }
  const word = /[^\s:]*$/.exec(rest)![0];
  const base = { partial: word, partialStart: position.character - word.length, inFlowList: false, lineHasDash: !!dashes };
  if (dashes) {
    const dash = indent + dashes.trimEnd().lastIndexOf('-');
    return { ...base, path: [...listPath(lines, position.line, dash), '[]'], kind: 'key', column: keyColumn };
  }
  // A bare line: inside a mapping, or where a list continues (the previous entries' dashes are here).
  const list = listAtColumn(lines, position.line, keyColumn);
  if (list) return { ...base, path: list, kind: 'item', column: keyColumn };
  return { ...base, path: mappingPath(lines, position.line, keyColumn), kind: 'key', column: keyColumn };
}

/** The path of the mapping whose keys stand at `column`, for a line `line` inside it. */
function mappingPath(lines: Lines, line: number, column: number): string[] {
  if (column === 0) return [];
  for (let i = line - 1; i >= lines.first; i--) {
    const s = lineShape(lines.text(i));
    if (s.blank || s.content > column) continue;
    if (s.dash >= 0 && s.keyColumn === column) return [...listPath(lines, i, s.dash), '[]'];
    if (s.content === column && s.dash < 0) continue; // a sibling key
    if (s.keyColumn < column && s.key !== undefined) {
      // `key:` opening the block we are in, possibly as the first key of a list entry.
      return s.dash >= 0 ? [...listPath(lines, i, s.dash), '[]', s.key] : [...mappingPath(lines, i, s.content), s.key];
    }
    if (s.dash >= 0 && s.keyColumn > column) continue;
    return [];
  }
  return lines.itemKey !== null ? [lines.itemKey, '[]'] : [];
}

/** The path of the list whose dashes stand at `dash`, for a line `line` inside it. */
function listPath(lines: Lines, line: number, dash: number): string[] {
  for (let i = line - 1; i >= lines.first; i--) {
    const s = lineShape(lines.text(i));
    if (s.blank || s.content > dash) continue;
    if (s.content === dash && s.dash === dash) continue; // an earlier entry of the same list
    if (s.key !== undefined && (s.keyColumn < dash || (s.keyColumn === dash && s.dash < 0))) {
      return s.dash >= 0 ? [...listPath(lines, i, s.dash), '[]', s.key] : [...mappingPath(lines, i, s.content), s.key];
    }
    return [];
  }
  return lines.itemKey !== null ? [lines.itemKey] : [];
}

/** When the nearest line above at `column` is a list entry, the list's path. */
function listAtColumn(lines: Lines, line: number, column: number): string[] | undefined {
  for (let i = line - 1; i >= lines.first; i--) {
    const s = lineShape(lines.text(i));
    if (s.blank || s.content > column) continue;
    if (s.content === column && s.dash === column) return listPath(lines, i, column);
    return undefined;
  }
  // The segment's first line is an entry of the top-level list at this column.
  if (lines.itemKey !== null && lines.first <= line) {
    const s = lineShape(lines.text(lines.first));
    if (s.dash === column) return [lines.itemKey];
  }
  return undefined;
}
