/**
 * Parses one piece of a project file (a top-level key, or one entry of a top-level list — see
 * segmenter.ts) or, when the file cannot be taken apart safely, the whole file. The result is
 * relative to the piece's own text, so it stays valid when edits elsewhere move the piece.
 */
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { Document as YamlDocument, isCollection, isMap, isPair, isScalar, Node as YamlNode, parseAllDocuments, Scalar, visit, YAMLError } from 'yaml';
import { AliasProblem, EXPANSION_ALLOWANCE, ExternalAnchor, MAX_EXPANSION_FACTOR, yamlValue } from './yamlValue';
import { DiagnosticCode, DIAGNOSTIC_SOURCE } from '../../common/diagnosticCodes';
import { fastParse, UnitShape } from './fastParse';
import { ANY_INVISIBLE, findInvisible } from './invisibleCharacters';
import { diagnostic } from './schemaCheck';
import { fromYaml, LineIndex, MapNode, ScalarNode, TooDeepError, TreeNode } from './yamlTree';

/** Nesting deeper than this is refused before anything recurses over it. */
export const MAX_DEPTH = 64;

export interface ParsedUnit {
  text: string;
  /** The content of the (first) document, or null when it is empty. */
  tree: TreeNode | null;
  /** The JavaScript value of the content; undefined when it could not be built. */
  value: unknown;
  /** Syntax and structure problems, with ranges relative to `text`. */
  problems: Diagnostic[];
  /** Anchors, aliases, merge keys, several documents or unterminated constructs: this piece
   * cannot be understood apart from the rest of the file. */
  needsWholeDocument: boolean;
  /** The bytes are not text (NUL characters). */
  binary: boolean;
  lines: LineIndex;
  /** Where an unterminated quote or bracket was closed at the end of its line to read the rest
   * of the file (`text` holds the closers): diagnostics there would only echo the break. */
  repairs?: Range[];
  /** Anchors and aliases, when the piece has any (see yamlValue.ts). */
  aliases?: { outside: Set<string>; anchors: Map<string, ExternalAnchor>; written: number; expanded: number };
}

/** Finds an anchor of an earlier piece of the file by name. */
export type AnchorLookup = (name: string) => ExternalAnchor | undefined;

/**
 * `shape`: what the piece is (see fastParse), or 'whole' for text parsed in one piece; `document`
 * when that text is the entire file, whose unterminated constructs are then repaired (see
 * parseWithYaml) — a piece's are left to the entire file's analysis.
 */
export function parseUnit(text: string, shape: UnitShape | 'whole', document = false, external?: AnchorLookup): ParsedUnit {
  const unit = ANY_INVISIBLE.test(text) ? parseWithInvisible(text, shape, document, external) : parsePlain(text, shape, document, new LineIndex(text), external);
  if (text.includes(REPLACEMENT_CHARACTER)) unit.problems = [...lostCharacters(text), ...unit.problems];
  return unit;
}

const REPLACEMENT_CHARACTER = '\ufffd';

/**
 * Every U+FFFD REPLACEMENT CHARACTER, wherever it is — a comment and a description too: it is
 * what a UTF-8 reader (the CLI, the server's scan, an editor) puts where the bytes were not UTF-8,
 * typically a file saved as Latin-1 or Windows-1252 ("café" as 0x63 0x61 0x66 0xE9). The
 * character meant there is gone, and applying the file would send the replacement to ZenML.
 */
function lostCharacters(text: string): Diagnostic[] {
  const lines = new LineIndex(text);
  const found: Diagnostic[] = [];
  for (let at = text.indexOf(REPLACEMENT_CHARACTER); at !== -1; at = text.indexOf(REPLACEMENT_CHARACTER, at + 1)) {
    const start = lines.position(at);
    found.push(
      diagnostic(
        { start, end: { line: start.line, character: start.character + 1 } },
        DiagnosticSeverity.Error,
        DiagnosticCode.notUtf8,
        'U+FFFD REPLACEMENT CHARACTER here: the file has bytes that are not UTF-8 (it was probably saved as Latin-1 or Windows-1252), so the character written here was lost when it was read. Reopen the file with its encoding, save it as UTF-8, and check the character.',
      ),
    );
  }
  return found;
}

function parsePlain(text: string, shape: UnitShape | 'whole', document: boolean, lines: LineIndex, external?: AnchorLookup): ParsedUnit {
  if (text.includes('\0')) {
    return { text, tree: null, value: undefined, problems: [], needsWholeDocument: false, binary: true, lines };
  }
  if (shape !== 'whole') {
    const tree = fastParse(text, shape, !!external);
    if (tree) {
      const entry = tree.kind === 'seq' && tree.items[0].kind === 'map' ? tree.items[0] : undefined;
      if (!entry?.pairs.some((p) => p.merge)) return { text, tree, value: valueOfFast(tree), problems: [], needsWholeDocument: false, binary: false, lines };
      const merged = mergedItem(entry, external!);
      if (merged) return { text, tree, value: [merged.value], problems: [], needsWholeDocument: false, binary: false, lines, aliases: merged.aliases };
      // An anchor it cannot resolve: the full parser says what is wrong.
    }
  }
  return parseWithYaml(text, shape === 'whole', lines, document, external);
}

/**
 * A piece holding characters an editor does not show (see invisibleCharacters.ts). Outside
 * comments and free text (a name or description), each is reported where it is, and the piece is
 * read as its author meant: spaces as spaces, zero-width characters gone — their width moved to
 * the end of their line, so that every line keeps its length and every other position is exact.
 */
function parseWithInvisible(text: string, shape: UnitShape | 'whole', document: boolean, external?: AnchorLookup): ParsedUnit {
  const original = parsePlain(text, shape, document, new LineIndex(text), external);
  const scalars = scalarsOf(original.tree);
  const found = findInvisible(text).filter((c) => !inCommentOrFreeText(scalars, text, c.offset));
  if (!found.length) return original;
  let repaired = '';
  let from = 0;
  const shifts = new Map<number, number[]>();
  let pending = 0;
  let removedOnLine: number[] = [];
  const endLine = (eol: number) => {
    if (!pending) return;
    const cut = eol > 0 && text[eol - 1] === '\r' ? eol - 1 : eol;
    repaired += text.slice(from, cut) + ' '.repeat(pending);
    from = cut;
    shifts.set(original.lines.position(cut).line, removedOnLine);
    pending = 0;
    removedOnLine = [];
  };
  for (const c of found) {
    // Close the previous line's padding when this character is on a later line.
    const eol = text.indexOf('\n', from);
    if (pending && eol !== -1 && eol < c.offset) endLine(eol);
    repaired += text.slice(from, c.offset) + c.replacement;
    from = c.offset + 1;
    if (c.replacement === '') {
      removedOnLine.push(original.lines.position(c.offset).character - removedOnLine.length);
      pending++;
    }
  }
  const nl = text.indexOf('\n', from);
  endLine(nl === -1 ? text.length : nl);
  repaired += text.slice(from);
  const unit = parsePlain(repaired, shape, document, new LineIndex(repaired, shifts), external);
  const reported = found.map((c) => {
    const at = original.lines.position(c.offset);
    const range = { start: at, end: { line: at.line, character: at.character + 1 } };
    const message =
      c.replacement === ' '
        ? `${c.codePoint} ${c.name} here looks like a space but is not one, so YAML reads this line differently from how it looks. Replace it with a space.`
        : `Invisible character ${c.codePoint} ${c.name} here: YAML keeps it as part of the text, which then differs from what it shows. Remove it.`;
    return diagnostic(range, DiagnosticSeverity.Error, DiagnosticCode.invisibleCharacter, message, { codePoint: c.codePoint, name: c.name, replacement: c.replacement });
  });
  unit.problems = [...reported, ...unit.problems];
  return unit;
}

/** Free text: the value of a name or description, where any character may be meant. */
const FREE_TEXT_KEYS = new Set(['name', 'description']);

interface ScalarSpan {
  start: number;
  end: number;
  /** The value of a name or description. */
  free: boolean;
}

/** Every scalar of a tree (keys included), in document order. */
function scalarsOf(tree: TreeNode | null): ScalarSpan[] {
  const scalars: ScalarSpan[] = [];
  const walk = (n: TreeNode | null, free: boolean) => {
    if (!n) return;
    if (n.kind === 'scalar') scalars.push({ start: n.start, end: n.end, free });
    else if (n.kind === 'seq') for (const i of n.items) walk(i, false);
    else
      for (const p of n.pairs) {
        scalars.push({ start: p.key.start, end: p.key.end, free: false });
        walk(p.value, FREE_TEXT_KEYS.has(p.keyText));
      }
  };
  walk(tree, false);
  return scalars;
}

function inCommentOrFreeText(scalars: ScalarSpan[], text: string, offset: number): boolean {
  const inside = scalars.find((s) => s.start <= offset && offset < s.end);
  if (inside) return inside.free;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (let p = lineStart; p < offset; p++) {
    if (text[p] === '#' && (p === lineStart || text[p - 1] === ' ' || text[p - 1] === '\t') && !scalars.some((s) => s.start <= p && p < s.end)) return true;
  }
  return false;
}

/**
 * The value of a fast-parsed list entry with `<<: *name` merges, when every anchor is one an
 * earlier piece defines as a mapping (as yamlValue.ts would build it: merged keys, then the keys
 * written in the entry over them); otherwise undefined, and the full parser decides.
 */
function mergedItem(map: MapNode, external: AnchorLookup): { value: Record<string, unknown>; aliases: NonNullable<ParsedUnit['aliases']> } | undefined {
  const obj: Record<string, unknown> = {};
  const outside = new Set<string>();
  let written = 2;
  let expanded = 2;
  for (const p of map.pairs) {
    written += 2;
    if (!p.merge) {
      expanded += 2;
      Object.defineProperty(obj, p.keyText, { value: (p.value as ScalarNode).value, writable: true, enumerable: true, configurable: true });
      continue;
    }
    const name = (p.value as ScalarNode).alias!.name;
    const anchor = external(name);
    const v = anchor?.value;
    if (!anchor || !v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    outside.add(name);
    expanded += 1 + anchor.size;
    for (const [k, val] of Object.entries(v)) if (!Object.prototype.hasOwnProperty.call(obj, k)) obj[k] = val;
  }
  return { value: obj, aliases: { outside, anchors: new Map(), written, expanded } };
}

function valueOfFast(tree: TreeNode): unknown {
  const toObject = (n: TreeNode): unknown => {
    if (n.kind === 'scalar') return n.value;
    if (n.kind === 'seq') return n.items.map(toObject);
    const o: Record<string, unknown> = {};
    for (const p of n.pairs) o[p.keyText] = p.value ? toObject(p.value) : null;
    return o;
  };
  return toObject(tree);
}

function problem(lines: LineIndex, start: number, end: number, code: string, message: string, severity: DiagnosticSeverity = DiagnosticSeverity.Error, data: Record<string, unknown> = {}): Diagnostic {
  return {
    range: { start: lines.position(start), end: lines.position(Math.max(end, start)) },
    severity,
    code,
    source: DIAGNOSTIC_SOURCE,
    message,
    data: { code, ...data },
  };
}

/**
 * Parses `text`; in a whole file, an unterminated quote, [ or { is reported where it opens, then
 * closed at the end of its line so that the rest of the file is read as the author meant it,
 * instead of as one long broken value (which would bring "too long", "no admin", "no
 * description" and a syntax error at the last line).
 */
function parseWithYaml(text: string, whole: boolean, lines: LineIndex, document: boolean, external?: AnchorLookup): ParsedUnit {
  let unit = parseOnce(text, whole, lines, external);
  if (!document) return withoutDoc(unit);
  const reported: Diagnostic[] = [];
  const repairs: Range[] = [];
  let current = text;
  for (let round = 0; round < 8 && unit.doc && unit.doc.errors.length; round++) {
    const open = unterminated(unit.doc, current);
    if (!open.length) break;
    const currentLines = unit.lines;
    // Closers per line, innermost (latest opened) first, at the end of the line's text.
    const byLine = new Map<number, Unterminated[]>();
    for (const u of open) {
      const line = currentLines.position(u.start).line;
      byLine.set(line, [...(byLine.get(line) ?? []), u]);
    }
    const inserts: [number, string][] = [];
    for (const [line, list] of byLine) {
      list.sort((a, b) => b.start - a.start);
      const lineStart = currentLines.offset(line, 0);
      const at = closingPoint(current, lineStart, list[list.length - 1].start);
      inserts.push([at, list.map((u) => u.closer).join('')]);
      for (const u of list) {
        const range = { start: currentLines.position(u.start), end: currentLines.position(at) };
        repairs.push(range);
        reported.push(
          diagnostic(range, DiagnosticSeverity.Error, DiagnosticCode.yamlSyntax, `${u.what} is never closed: the closing ${u.closer} is missing, so YAML reads on past the end of this line. Add ${u.closer} ${u.where}.`, {
            unterminated: u.closer,
          }),
        );
      }
    }
    inserts.sort((a, b) => b[0] - a[0]);
    for (const [at, closers] of inserts) current = current.slice(0, at) + closers + current.slice(at);
    unit = parseOnce(current, whole, new LineIndex(current), external);
  }
  if (!repairs.length) return withoutDoc(unit);
  const inRepair = (d: Diagnostic) => repairs.some((r) => d.range.start.line === r.start.line && d.range.start.character >= r.start.character);
  unit.problems = [...reported, ...unit.problems.filter((d) => !inRepair(d))];
  unit.repairs = repairs;
  // The whole file is analysed again on every edit while it is broken like this.
  unit.needsWholeDocument = true;
  return withoutDoc(unit);
}

function withoutDoc(unit: ParsedUnit & { doc?: YamlDocument }): ParsedUnit {
  delete unit.doc;
  return unit;
}

interface Unterminated {
  start: number;
  closer: string;
  what: string;
  where: string;
}

/** Quoted texts and flow collections of `doc` whose source lacks its closing character. */
function unterminated(doc: YamlDocument, text: string): Unterminated[] {
  const out: Unterminated[] = [];
  visit(doc, {
    Node(_k, node) {
      const r = (node as YamlNode).range;
      if (!r) return undefined;
      const src = text.slice(r[0], r[1]).trimEnd();
      if (isScalar(node) && node.type === Scalar.QUOTE_DOUBLE) {
        const closed = src.length >= 2 && src.endsWith('"') && /(?:^|[^\\])(?:\\\\)*"$/.test(src.slice(1));
        if (!closed) out.push({ start: r[0], closer: '"', what: 'This "quoted" text', where: 'where the text ends' });
      } else if (isScalar(node) && node.type === Scalar.QUOTE_SINGLE) {
        const quotes = /'*$/.exec(src.slice(1))![0].length;
        if (src.length < 2 || quotes % 2 === 0) out.push({ start: r[0], closer: "'", what: "This 'quoted' text", where: 'where the text ends' });
      } else if (isCollection(node) && (node as { flow?: boolean }).flow && (text[r[0]] === '[' || text[r[0]] === '{')) {
        const closer = text[r[0]] === '[' ? ']' : '}';
        if (!src.endsWith(closer)) out.push({ start: r[0], closer, what: closer === ']' ? 'This [ list' : 'This { mapping', where: 'after its last entry' });
      }
      return undefined;
    },
  });
  return out;
}

/** Where closers go on the line starting at `lineStart`: after its text, before a comment. */
function closingPoint(text: string, lineStart: number, openedAt: number): number {
  let end = text.indexOf('\n', lineStart);
  if (end === -1) end = text.length;
  if (text[end - 1] === '\r') end--;
  const comment = text.slice(openedAt, end).search(/\s#/);
  if (comment !== -1 && text[openedAt] !== '"' && text[openedAt] !== "'") end = openedAt + comment;
  while (end > openedAt + 1 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

function parseOnce(text: string, whole: boolean, lines: LineIndex, external?: AnchorLookup): ParsedUnit & { doc?: YamlDocument } {
  const tooDeep = nestingTooDeep(text);
  if (tooDeep !== undefined) {
    return {
      text,
      tree: null,
      value: undefined,
      problems: [problem(lines, tooDeep, tooDeep + 1, DiagnosticCode.tooDeep, `Nesting deeper than ${MAX_DEPTH} levels: a project file never needs this much. Flatten the structure here.`)],
      // Reported for the whole file, which then gets no other check.
      needsWholeDocument: true,
      binary: false,
      lines,
    };
  }
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  const list = Array.isArray(docs) ? docs : [];
  const problems: Diagnostic[] = [];
  let needsWholeDocument = list.length > 1;
  if (whole && list.length > 1) {
    const second = list[1];
    const start = second.range[0];
    const lineEnd = text.indexOf('\n', start);
    problems.push(
      problem(lines, start, lineEnd === -1 ? text.length : lineEnd, DiagnosticCode.multipleDocuments, `A project file holds one project, but this file has ${list.length} YAML documents. Put each project in a file of its own.`),
    );
  }
  const doc = list[0];
  if (!doc) return { text, tree: null, value: null, problems, needsWholeDocument, binary: false, lines };
  // One syntax error per line: the first explains it, the rest are its echoes.
  const linesWithError = new Set<number>();
  // A top-level key given twice is reported with the rest of the project's checks, which point
  // at the first one too (projectChecks.ts).
  const rootKeys = doc.errors.some((e) => e.code === 'DUPLICATE_KEY') && isMap(doc.contents) ? new Set(doc.contents.items.map((p) => (isPair(p) ? (p.key as { range?: number[] } | null)?.range?.[0] : undefined))) : undefined;
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY' && rootKeys?.has(e.pos[0])) continue;
    const d = syntaxProblem(lines, e, text);
    if (linesWithError.has(d.range.start.line)) continue;
    linesWithError.add(d.range.start.line);
    problems.push(d);
  }
  if (doc.errors.some((e) => e.code === 'MISSING_CHAR' || e.code === 'BAD_INDENT' || e.code === 'UNEXPECTED_TOKEN')) needsWholeDocument = true;
  if (doc.directives?.docStart || /^(?:---|\.\.\.)(?:\s|$)/m.test(text)) needsWholeDocument = true;
  let tree: TreeNode | null = null;
  let value: unknown;
  let aliases: ParsedUnit['aliases'];
  try {
    const built = yamlValue(doc.contents, text, external);
    // A piece whose aliases all name anchors it can see (its own, or those of earlier pieces) is
    // understood on its own; any other alias problem is judged with the whole file in view.
    if (built.unresolved.size || built.problems.some((p) => p.kind === 'cycle' || p.kind === 'bomb')) needsWholeDocument = true;
    for (const p of built.problems) if (whole || p.kind === 'bad-merge') problems.push(aliasProblem(lines, text, p));
    if (!built.plain || built.anchors.size) aliases = { outside: built.outside, anchors: built.anchors, written: built.written, expanded: built.expanded };
    tree = fromYaml(doc.contents, text, MAX_DEPTH, built);
    value = built.value;
  } catch (err) {
    if (err instanceof TooDeepError || err instanceof RangeError) {
      const at = err instanceof TooDeepError ? err.offset : 0;
      tree = null;
      needsWholeDocument = true;
      problems.push(problem(lines, at, at + 1, DiagnosticCode.tooDeep, `Nesting deeper than ${MAX_DEPTH} levels: a project file never needs this much. Flatten the structure here.`));
    } else throw err;
    value = undefined;
  }
  return { text, tree, value, problems, needsWholeDocument, binary: false, lines, doc, aliases };
}

const count = (n: number) => n.toLocaleString('en-US');

function aliasProblem(lines: LineIndex, text: string, p: AliasProblem): Diagnostic {
  if (p.kind === 'bad-merge') {
    const [start, end] = p.node.range ?? [0, 0];
    return problem(lines, start, end, DiagnosticCode.wrongType, `A merge key '<<' takes a mapping, an alias of one (\`<<: *defaults\`) or a list of them; this is ${p.found}.`);
  }
  const [start, end] = p.alias.range ?? [0, 0];
  const name = p.alias.source;
  if (p.kind === 'undefined') {
    const later = anchorAfter(text, name, end);
    const message =
      later === undefined
        ? `The alias '*${name}' names no anchor: nothing before it in this file is marked '&${name}', and YAML needs the anchor first. Define '&${name}' above this line, or write the value out here.`
        : `The alias '*${name}' comes before its anchor '&${name}' (line ${lines.position(later).line + 1}), and YAML needs the anchor first. Move the anchored value above this line.`;
    return problem(lines, start, end, DiagnosticCode.undefinedAlias, message, DiagnosticSeverity.Error, { alias: name, ...(later === undefined ? {} : { anchorLine: lines.position(later).line }) });
  }
  if (p.kind === 'cycle') {
    return problem(lines, start, end, DiagnosticCode.aliasLimit, `The alias '*${name}' is inside the value its own anchor '&${name}' names, so it would repeat forever. Write the value out instead.`, DiagnosticSeverity.Error, { alias: name, cycle: true });
  }
  return problem(
    lines,
    start,
    end,
    DiagnosticCode.aliasLimit,
    `These aliases would expand the file's ${count(p.written)} values to ${count(p.expanded)} (this one alone to ${count(p.aliasSize)}), past the limit of ${count(p.limit)}: ${MAX_EXPANSION_FACTOR} times the values written, plus ${count(EXPANSION_ALLOWANCE)}. Aliases of aliases that multiply like this are an alias bomb ("billion laughs"); write the values out.`,
    DiagnosticSeverity.Error,
    { alias: name, expanded: p.expanded, written: p.written, limit: p.limit },
  );
}

/** Where an anchor `&name` is written after `from`, if it is. */
function anchorAfter(text: string, name: string, from: number): number | undefined {
  const re = new RegExp(`&${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![^\\s,\\[\\]{}])`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : undefined;
}

/** The offset where flow nesting (`[`, `{`) first exceeds MAX_DEPTH, if it does. Block nesting
 * costs at least a line per level and is bounded while the tree is built (see fromYaml). */
function nestingTooDeep(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

const FRIENDLY: Record<string, (e: YAMLError, text: string) => string> = {
  DUPLICATE_KEY: (e, text) => `The key '${keyAt(text, e.pos[0]).key}' appears twice in the same mapping; YAML keeps only one. Remove or rename one of them.`,
  MISSING_CHAR: (e) => `YAML syntax error: ${e.message.replace(/\.$/, '')}.`,
  BAD_INDENT: (e) => `YAML syntax error: ${e.message.replace(/\.$/, '')}. Check the indentation of this line (spaces only, consistent levels).`,
  TAB_AS_INDENT: () => 'YAML does not allow tabs for indentation; use spaces.',
  MULTILINE_IMPLICIT_KEY: () => 'YAML syntax error: a key must be on a single line; is a `:` or indentation missing on the line before?',
};

/** The key written at `offset`, as [start, end) of its source (quotes included) and its text. */
function keyAt(text: string, offset: number): { end: number; key: string } {
  const q = text[offset];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, offset + 1);
    const nl = text.indexOf('\n', offset);
    if (close !== -1 && (nl === -1 || close < nl)) return { end: close + 1, key: text.slice(offset + 1, close) };
  }
  const m = /^[^\n]*?(?=[ \t]*:(?:[ \t\r\n]|$))/.exec(text.slice(offset, offset + 1024));
  const key = m ? m[0] : '';
  return { end: offset + key.length, key: key.trim() };
}

function syntaxProblem(lines: LineIndex, e: YAMLError, text: string): Diagnostic {
  const start = e.pos[0];
  // A duplicate key is underlined whole, as it is at the top level (projectChecks.ts).
  const end = e.code === 'DUPLICATE_KEY' ? Math.max(keyAt(text, start).end, e.pos[1]) : e.pos[1];
  const friendly = FRIENDLY[e.code];
  const message = friendly ? friendly(e, text) : `YAML syntax error: ${e.message.replace(/\.$/, '')}.`;
  return problem(lines, start, Math.max(end, start + 1 <= text.length ? start + 1 : start), DiagnosticCode.yamlSyntax, message);
}

