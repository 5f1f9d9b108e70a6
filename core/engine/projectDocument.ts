/**
 * A project file being edited: its text, its segments (see segmenter.ts), and the index of what
 * they say. `update` applies LSP content changes by re-scanning and re-parsing only the affected
 * segments; `diagnostics` reads the result. `validateText` is the same engine as one call, for
 * the CLI and tests.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode } from '../../common/diagnosticCodes';
import { CheckOptions } from './checkOptions';
import { parseUnit } from './parseUnit';
import { projectDiagnostics } from './projectChecks';
import { AnalysedSegment, analyseUnit, ProjectIndex } from './projectIndex';
import { diagnostic } from './schemaCheck';
import { hasLoneCr, utf16ByteOrder, withLoneCrAsLf } from './fileText';
import { INITIAL_STATE, sameState, scan, Segment } from './segmenter';
import { EXPANSION_ALLOWANCE, ExternalAnchor, MAX_EXPANSION_FACTOR } from './yamlValue';

/** Larger files get one "too large" diagnostic instead of an analysis (about 100,000 members). */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;

export interface Position {
  line: number;
  character: number;
}

export type ContentChange = { range: { start: Position; end: Position }; text: string } | { text: string; range?: undefined };

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export class ProjectDocument {
  /** The text as analysed: the document's, with lone CRs read as LF (see withLoneCrAsLf). */
  private _text = '';
  /** The document's own text, kept only when it differs from `_text` (it has lone CRs). */
  private raw: string | undefined;
  private segments: AnalysedSegment[] = [];
  private index = new ProjectIndex();
  /** The whole-file analysis, when the file cannot be split (anchors, several documents, ...). */
  private whole: { index: ProjectIndex; text: string; seg: AnalysedSegment } | undefined;

  constructor(text: string) {
    this.setText(text);
  }

  /** The document's text, as given. */
  get text(): string {
    return this.raw ?? this._text;
  }

  get lineCount(): number {
    const last = this.segments[this.segments.length - 1];
    return last ? last.startLine + last.newlines + 1 : this._text.split('\n').length;
  }

  get tooLarge(): boolean {
    return this._text.length > MAX_FILE_CHARS;
  }

  setText(text: string): void {
    for (const seg of this.segments) this.index.remove(seg);
    const analysed = withLoneCrAsLf(text);
    this.raw = analysed === text ? undefined : text;
    this._text = analysed;
    this.whole = undefined;
    if (this.tooLarge) {
      this.segments = [];
      return;
    }
    // Slices of one text share it: at most this one extra copy stays alive after edits, while a
    // copy per segment would cost a file of 50,000 members 100,000 more strings.
    // In order, so that each segment's aliases find the anchors of the segments before it.
    this.segments = scan(analysed, 0, 0, INITIAL_STATE).segments.map((s) => {
      const seg = this.analyse(s, false);
      this.index.add(seg);
      return seg;
    });
  }

  update(changes: readonly ContentChange[]): void {
    for (const change of changes) {
      if (!change.range) this.setText(change.text);
      else this.applyEdit(this.offsetAt(change.range.start), this.offsetAt(change.range.end), change.text);
    }
  }

  /** `copy`: the segment's text must not keep the document's text alive (see flatCopy). */
  private analyse(seg: Segment, copy = true): AnalysedSegment {
    const slice = this._text.slice(seg.start, seg.start + seg.length);
    const text = copy ? flatCopy(slice) : slice;
    const shape = seg.kind === 'item' ? 'item' : 'top';
    const unit = parseUnit(text, seg.kind === 'prelude' ? 'whole' : shape, false, (name) => this.anchorBefore(name, seg.start));
    seg.analysis = analyseUnit(unit, seg.kind, seg.key);
    return seg as AnalysedSegment;
  }

  /**
   * The anchor `name` as the last segment before `start` that defines it left it — what YAML
   * resolves an alias to. A file whose members merge shared defaults (`<<: *viewer`) is then still
   * analysed piece by piece, and an edit in one member re-parses that member alone.
   */
  private anchorBefore(name: string, start: number): ExternalAnchor | undefined {
    let best: AnalysedSegment | undefined;
    for (const def of this.index.anchors.get(name) ?? []) if (def.start < start && (!best || def.start > best.start)) best = def;
    return best?.analysis.unit.aliases?.anchors.get(name);
  }

  private applyEdit(start: number, end: number, inserted: string): void {
    const oldText = this._text;
    const text = oldText.slice(0, start) + inserted + oldText.slice(end);
    if (this.raw !== undefined || hasLoneCr(inserted + oldText.charAt(end)) || (start > 0 && oldText.charCodeAt(start - 1) === 13)) {
      // A CR next to the edit may stop or start being a line break of its own: rare enough to
      // analyse the text afresh (offsets are the same in both texts).
      const raw = this.text;
      this.setText(raw.slice(0, start) + inserted + raw.slice(end));
      return;
    }
    if (this.tooLarge || text.length > MAX_FILE_CHARS || this.segments.length === 0) {
      this.setText(text);
      return;
    }
    this._text = text;
    this.whole = undefined;
    const delta = inserted.length - (end - start);
    const lineDelta = countNewlines(inserted, 0, inserted.length) - countNewlines(oldText, start, end);
    const segs = this.segments;
    // Re-scan from the segment before the one the edit starts in: the edit may join it to that one.
    const k = Math.max(0, this.segmentIndexAt(start) - 1);
    // Old segments that start after the edit are unchanged; scanning stops at the first of them
    // that it reaches in the same state.
    let firstAfter = this.segmentIndexAt(end) + 1;
    while (firstAfter < segs.length && segs[firstAfter].start <= end) firstAfter++;
    const editEnd = start + inserted.length;
    let resumeAt = -1;
    const result = scan(text, segs[k].start, segs[k].startLine, segs[k].before, (offset, state) => {
      if (offset <= editEnd) return false;
      const j = findStart(segs, offset - delta, firstAfter);
      if (j === -1 || !sameState(segs[j].before, state)) return false;
      resumeAt = j;
      return true;
    });
    const stop = resumeAt === -1 ? segs.length : resumeAt;
    const removed = segs.slice(k, stop);
    // A segment whose text did not change keeps its analysis (a re-scan often reproduces some).
    const reusable = new Map<string, AnalysedSegment>();
    for (const old of removed) reusable.set(`${old.kind}\u0000${old.key}\u0000${oldText.slice(old.start, old.start + old.length)}`, old);
    const fresh: AnalysedSegment[] = [];
    const added = result.segments.map((s) => {
      const old = reusable.get(`${s.kind}\u0000${s.key}\u0000${text.slice(s.start, s.start + s.length)}`);
      if (old && old.unsafe === s.unsafe) {
        reusable.delete(`${s.kind}\u0000${s.key}\u0000${text.slice(s.start, s.start + s.length)}`);
        this.index.remove(old);
        s.analysis = old.analysis;
        return s as AnalysedSegment;
      }
      const seg = this.analyse(s);
      fresh.push(seg);
      return seg;
    });
    const defines = (seg: AnalysedSegment) => !!seg.analysis.unit.aliases?.anchors.size;
    const anchorsChanged = fresh.some(defines) || [...reusable.values()].some(defines);
    for (const old of reusable.values()) this.index.remove(old);
    for (const seg of added) this.index.add(seg);
    segs.splice(k, stop - k, ...added);
    if (delta !== 0 || lineDelta !== 0) {
      for (let i = k + added.length; i < segs.length; i++) {
        segs[i].start += delta;
        segs[i].startLine += lineDelta;
      }
    }
    // Aliases resolve against the anchors as they are now: every segment that uses another's
    // anchors when those changed, else only the new ones (analysed while the index was mid-edit).
    const stale = anchorsChanged ? [...this.index.aliasUsers] : fresh.filter((seg) => this.index.aliasUsers.has(seg));
    for (const seg of stale) {
      this.index.remove(seg);
      this.analyse(seg);
      this.index.add(seg);
    }
  }

  /** Index of the segment that holds `offset` (the last one starting at or before it). */
  private segmentIndexAt(offset: number): number {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The segment that holds `offset`, with the offset relative to it. */
  segmentAt(offset: number): { segment: AnalysedSegment; offset: number } | undefined {
    if (!this.segments.length) return undefined;
    const segment = this.segments[this.segmentIndexAt(offset)];
    return { segment, offset: offset - segment.start };
  }

  offsetAt(p: Position): number {
    const segs = this.segments;
    if (!segs.length) return offsetByLines(this._text, p);
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].startLine <= p.line) lo = mid;
      else hi = mid - 1;
    }
    const seg = segs[lo];
    const rel = p.line - seg.startLine;
    if (rel > seg.newlines) return this._text.length;
    return seg.start + Math.min(seg.analysis.unit.lines.offset(rel, p.character), seg.length);
  }

  /** IDs of the custom roles the file defines. */
  customRoleIds(): string[] {
    return [...this.currentIndex().roleDefs.keys()];
  }

  /** What the file says, indexed (keys, members by subject and role, roles by ID). */
  facts(): ProjectIndex {
    return this.currentIndex();
  }

  /** Whether the file is analysed as one piece (anchors, several documents, ...). */
  get parsedWhole(): boolean {
    this.currentIndex();
    return this.whole !== undefined;
  }

  /** The analysed segments in document order (one, when the file had to be parsed whole). */
  orderedSegments(): readonly AnalysedSegment[] {
    this.currentIndex();
    return this.whole ? [this.whole.seg] : this.segments;
  }

  private currentIndex(): ProjectIndex {
    const index = this.index;
    // Expansion beyond the limit across segments: the whole file's analysis says where and how much.
    const overLimit = index.aliasExpanded > MAX_EXPANSION_FACTOR * index.aliasWritten + EXPANSION_ALLOWANCE;
    if (index.needsWhole === 0 && index.unsafe === 0 && !overLimit) {
      this.whole = undefined;
      return this.index;
    }
    if (!this.whole || this.whole.text !== this._text) {
      const unit = parseUnit(this._text, 'whole', true);
      const seg: AnalysedSegment = {
        start: 0,
        length: this._text.length,
        startLine: 0,
        newlines: 0,
        kind: 'key',
        key: null,
        before: INITIAL_STATE,
        unsafe: false,
        analysis: analyseUnit(unit, 'whole', null),
      };
      const index = new ProjectIndex();
      index.add(seg);
      this.whole = { index, text: this._text, seg };
    }
    return this.whole.index;
  }

  /** The file's diagnostics; `options` tunes the teaching checks (defaults: checkOptions.ts). */
  diagnostics(uri?: string, options?: CheckOptions): Diagnostic[] {
    if (this.tooLarge) {
      // Counted in characters, as the limit is (a file of multi-byte text has more bytes).
      const count = (n: number) => n.toLocaleString('en-US');
      return [
        // An error, not a warning: a file nothing was checked in must not pass CI or be applied.
        diagnostic(ZERO, DiagnosticSeverity.Error, DiagnosticCode.fileTooLarge, `This file has ${count(this._text.length)} characters; project files are analysed up to ${count(MAX_FILE_CHARS)} (about 5 MB), so it was not checked, and cannot be planned or applied. Split the members across teams to keep it smaller.`, {
          size: this._text.length,
          limit: MAX_FILE_CHARS,
        }),
      ];
    }
    if (this.index.binary > 0) {
      // A UTF-16 file read as UTF-8 is NULs too, but it is text in another encoding: say which.
      const byteOrder = utf16ByteOrder(this._text);
      if (byteOrder) {
        return [
          diagnostic(
            ZERO,
            DiagnosticSeverity.Error,
            DiagnosticCode.utf16,
            `This file is saved as UTF-16 (${byteOrder}${byteOrder === 'little-endian' ? ', as Windows PowerShell 5.1 writes with > and Out-File' : ''}); project files are read as UTF-8. Save it as UTF-8 (in PowerShell: Out-File -Encoding utf8, or Set-Content -Encoding utf8; in an editor: Save with Encoding → UTF-8).`,
            { encoding: byteOrder === 'little-endian' ? 'utf16le' : 'utf16be' },
          ),
        ];
      }
      return [diagnostic(ZERO, DiagnosticSeverity.Error, DiagnosticCode.notText, 'This file is not text (it contains NUL bytes), so it cannot be a project file. Was a binary file saved under this name?')];
    }
    const index = this.currentIndex();
    const wholeSeg = index === this.index ? undefined : this.whole?.seg;
    const tree = wholeSeg?.analysis.unit.tree;
    if (index.content === 0) {
      return [diagnostic(ZERO, DiagnosticSeverity.Error, DiagnosticCode.emptyFile, 'This project file is empty. Start with `id: my-project` (the Project ID), then `name:`, `description:` and `members:`.')];
    }
    if (wholeSeg && tree && tree.kind !== 'map') {
      const kind = tree.kind === 'seq' ? 'a list' : 'a single value';
      const lines = wholeSeg.analysis.unit.lines;
      const problems = wholeSeg.analysis.unit.problems;
      const d = diagnostic(
        { start: lines.position(tree.start), end: lines.position(Math.min(tree.end, lineEndAt(this._text, tree.start))) },
        DiagnosticSeverity.Error,
        DiagnosticCode.rootNotMapping,
        `A project file is a mapping of keys (id, name, description, members, ...), but this file's top level is ${kind}.`,
        { found: tree.kind },
      );
      return [...problems, d];
    }
    // When the values could not be built (an alias bomb, runaway nesting), checking them would
    // only add noise: report what stopped the analysis.
    const fatal = wholeSeg?.analysis.unit.problems.filter((p) => p.code === DiagnosticCode.aliasLimit || p.code === DiagnosticCode.tooDeep);
    if (fatal?.length) return fatal;
    const all = projectDiagnostics(index, uri, options);
    // What an unterminated quote or bracket swallowed was read as if it had been closed; what is
    // found inside the broken construct itself would only echo the break.
    const repairs = wholeSeg?.analysis.unit.repairs;
    if (!repairs) return all;
    return all.filter((d) => (d.data as { unterminated?: string } | undefined)?.unterminated || !repairs.some((r) => d.range.start.line === r.start.line && d.range.start.character >= r.start.character));
  }
}

/**
 * A copy of `s` that does not share memory with the string it was cut from. A plain slice keeps
 * the whole document alive, and every edit makes a new document string: without this, a long
 * editing session would pin one old copy of the file per edit (the text a whole-file analysis
 * slices stays shared, one copy at most).
 */
function flatCopy(s: string): string {
  return (' ' + s).slice(1);
}

function findStart(segs: Segment[], start: number, from: number): number {
  let lo = from;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].start === start) return mid;
    if (segs[mid].start < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

/** The offset of a position, counting lines from the start (for text without segments). */
export function offsetByLines(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + p.character, text.length);
}

/** The whole engine as one pure function: a project file's text → its diagnostics. */
export function validateText(text: string, uri?: string, options?: CheckOptions): Diagnostic[] {
  return new ProjectDocument(text).diagnostics(uri, options);
}
