/**
 * Splits a project file into pieces that can be parsed on their own: each top-level key, and each
 * entry of a top-level block list (a member, a role). An edit then re-scans only the lines around
 * it and re-parses only the pieces whose text changed, which keeps the work per keystroke
 * proportional to the edit rather than to a file of 50,000 members.
 *
 * The split is by lines and indentation only. Whatever it cannot split with certainty (document
 * markers, a list at the root, tabs) is flagged `unsafe`, and the file is then parsed whole.
 */

/** What the scanner knows before a line: the current top-level key and its list's indentation. */
import { ANY_INVISIBLE, withoutInvisible } from './invisibleCharacters';

export interface ScanState {
  top: string | null;
  /** The current top-level key had no inline value: its first content line decides what follows. */
  pending: boolean;
  /** Column of the `-` of the current top-level list's entries, or -1. */
  itemIndent: number;
}

export type SegmentKind = 'prelude' | 'key' | 'item';

export interface Segment<A = unknown> {
  /** Offset of the segment's first character in the document. */
  start: number;
  length: number;
  startLine: number;
  /** Number of line breaks inside the segment. */
  newlines: number;
  kind: SegmentKind;
  /** The top-level key (for an item: the key of the list it belongs to). */
  key: string | null;
  /** Scanner state before the segment's first line; re-scanning from here reproduces it. */
  before: ScanState;
  unsafe: boolean;
  /** What the document model computed for this segment's text. */
  analysis?: A;
}

export const INITIAL_STATE: ScanState = { top: null, pending: false, itemIndent: -1 };

export function sameState(a: ScanState, b: ScanState): boolean {
  return a.top === b.top && a.pending === b.pending && a.itemIndent === b.itemIndent;
}

const TOP_KEY = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s:#'"][^:#\n]*?))[ \t]*:(?:[ \t]|$)/;

interface LineClass {
  boundary?: SegmentKind;
  key?: string | null;
  state: ScanState;
  unsafe?: boolean;
}

function classify(text: string, pos: number, lineEnd: number, state: ScanState): LineClass {
  let i = pos;
  while (i < lineEnd && text.charCodeAt(i) === 32) i++;
  if (i === lineEnd || text[i] === '#' || (text[i] === '\r' && i + 1 === lineEnd)) return { state };
  const indent = i - pos;
  const c = text[i];
  const after = text[i + 1];
  const dash = c === '-' && (i + 1 === lineEnd || after === ' ' || after === '\t' || after === '\r');
  if (indent === 0) {
    if (c === '%' || c === '\t' || /^(?:---|\.\.\.)(?:\s|$)/.test(text.slice(i, Math.min(lineEnd, i + 4)))) return { state, unsafe: true };
    if (dash) {
      if (state.top !== null && (state.pending || state.itemIndent === 0)) {
        return { boundary: 'item', key: state.top, state: { top: state.top, pending: false, itemIndent: 0 } };
      }
      return { state, unsafe: true };
    }
    let line = text.slice(i, lineEnd);
    // `mem\u200bbers:` is the members key to its reader (and to parseUnit, which says so).
    if (ANY_INVISIBLE.test(line)) line = withoutInvisible(line);
    const m = TOP_KEY.exec(line);
    const key = m ? (m[1] ?? m[2] ?? m[3]) : null;
    let pending = false;
    if (m) {
      const rest = line.slice(m[0].length).trim();
      pending = rest === '' || rest.startsWith('#');
    }
    return { boundary: 'key', key, state: { top: key, pending, itemIndent: -1 } };
  }
  if (state.pending) {
    const next = { top: state.top, pending: false, itemIndent: dash ? indent : -1 };
    return dash ? { boundary: 'item', key: state.top, state: next } : { state: next };
  }
  if (dash && indent === state.itemIndent) return { boundary: 'item', key: state.top, state };
  return { state };
}

export interface ScanResult {
  segments: Segment[];
  /** Where scanning stopped because `stop` said so, or -1 when it reached the end. */
  stoppedAt: number;
}

/**
 * Scans from `from` (a segment start, with the state before it) to the end of `text`, or until
 * `stop(offset, state)` accepts a segment boundary (that boundary is not included).
 */
export function scan(text: string, from: number, fromLine: number, state0: ScanState, stop?: (offset: number, state: ScanState) => boolean): ScanResult {
  const segments: Segment[] = [];
  const n = text.length;
  let state = state0;
  let cur: Segment | undefined;
  let pos = from;
  let line = fromLine;
  const close = (at: number, atLine: number) => {
    if (!cur) return;
    cur.length = at - cur.start;
    cur.newlines = atLine - cur.startLine;
    segments.push(cur);
  };
  while (pos < n) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? n : nl;
    const cls = classify(text, pos, lineEnd, state);
    if (cls.boundary) {
      if (cur && stop && stop(pos, state)) {
        close(pos, line);
        return { segments, stoppedAt: pos };
      }
      close(pos, line);
      // `analysis` is declared up front so that setting it later does not grow the object.
      cur = { start: pos, length: 0, startLine: line, newlines: 0, kind: cls.boundary, key: cls.key ?? null, before: state, unsafe: false, analysis: undefined };
    } else if (!cur) {
      cur = { start: pos, length: 0, startLine: line, newlines: 0, kind: 'prelude', key: null, before: state, unsafe: false, analysis: undefined };
    }
    if (cls.unsafe) cur.unsafe = true;
    state = cls.state;
    if (nl === -1) {
      pos = n;
      break;
    }
    pos = nl + 1;
    line++;
  }
  close(pos, line);
  return { segments, stoppedAt: -1 };
}
