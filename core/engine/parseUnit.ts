/**
 * Parses one piece of a project file (a top-level key, or one entry of a top-level list — see
 * segmenter.ts) or, when the file cannot be taken apart safely, the whole file. The result is
 * relative to the piece's own text, so it stays valid when edits elsewhere move the piece.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { isAlias, isScalar, parseAllDocuments, visit, YAMLError } from 'yaml';
import { AliasProblem, EXPANSION_ALLOWANCE, MAX_EXPANSION_FACTOR, yamlValue } from './yamlValue';
import { DiagnosticCode, DIAGNOSTIC_SOURCE } from '../../common/diagnosticCodes';
import { fastParse, UnitShape } from './fastParse';
import { fromYaml, LineIndex, TooDeepError, TreeNode } from './yamlTree';

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
}

export function parseUnit(text: string, shape: UnitShape | 'whole'): ParsedUnit {
  const lines = new LineIndex(text);
  if (text.includes('\0')) {
    return { text, tree: null, value: undefined, problems: [], needsWholeDocument: false, binary: true, lines };
  }
  if (shape !== 'whole') {
    const tree = fastParse(text, shape);
    if (tree) return { text, tree, value: valueOfFast(tree), problems: [], needsWholeDocument: false, binary: false, lines };
  }
  return parseWithYaml(text, shape === 'whole', lines);
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

function parseWithYaml(text: string, whole: boolean, lines: LineIndex): ParsedUnit {
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
  for (const e of doc.errors) {
    const d = syntaxProblem(lines, e, text);
    if (linesWithError.has(d.range.start.line)) continue;
    linesWithError.add(d.range.start.line);
    problems.push(d);
  }
  if (doc.errors.some((e) => e.code === 'MISSING_CHAR' || e.code === 'BAD_INDENT' || e.code === 'UNEXPECTED_TOKEN')) needsWholeDocument = true;
  if (doc.directives?.docStart || /^(?:---|\.\.\.)(?:\s|$)/m.test(text)) needsWholeDocument = true;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node) || (!isAlias(node) && (node as { anchor?: string }).anchor)) needsWholeDocument = true;
      if (isScalar(node) && node.value === '<<') needsWholeDocument = true;
      return undefined;
    },
  });
  let tree: TreeNode | null = null;
  let value: unknown;
  try {
    const built = yamlValue(doc.contents, text);
    if (!built.plain) needsWholeDocument = true;
    // Alone, a piece of the file cannot see the anchors of the others: only the whole file's
    // aliases are judged.
    if (whole) for (const p of built.problems) problems.push(aliasProblem(lines, text, p));
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
  return { text, tree, value, problems, needsWholeDocument, binary: false, lines };
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
  DUPLICATE_KEY: (e, text) => `The key '${keyAt(text, e.pos[0])}' appears twice in the same mapping; YAML keeps only one. Remove or rename one of them.`,
  MISSING_CHAR: (e) => `YAML syntax error: ${e.message.replace(/\.$/, '')}.`,
  BAD_INDENT: (e) => `YAML syntax error: ${e.message.replace(/\.$/, '')}. Check the indentation of this line (spaces only, consistent levels).`,
  TAB_AS_INDENT: () => 'YAML does not allow tabs for indentation; use spaces.',
  MULTILINE_IMPLICIT_KEY: () => 'YAML syntax error: a key must be on a single line; is a `:` or indentation missing on the line before?',
};

function keyAt(text: string, offset: number): string {
  const m = /^["']?([^:"'\n]*)/.exec(text.slice(offset, offset + 80));
  return m ? m[1].trim() : '';
}

function syntaxProblem(lines: LineIndex, e: YAMLError, text: string): Diagnostic {
  const [start, end] = e.pos;
  const friendly = FRIENDLY[e.code];
  const message = friendly ? friendly(e, text) : `YAML syntax error: ${e.message.replace(/\.$/, '')}.`;
  return problem(lines, start, Math.max(end, start + 1 <= text.length ? start + 1 : start), DiagnosticCode.yamlSyntax, message);
}

