/**
 * Parses one piece of a project file (a top-level key, or one entry of a top-level list — see
 * segmenter.ts) or, when the file cannot be taken apart safely, the whole file. The result is
 * relative to the piece's own text, so it stays valid when edits elsewhere move the piece.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { isAlias, isScalar, parseAllDocuments, visit, YAMLError } from 'yaml';
import { DiagnosticCode, DIAGNOSTIC_SOURCE } from '../../common/diagnosticCodes';
import { fastParse, UnitShape } from './fastParse';
import { fromYaml, LineIndex, TooDeepError, TreeNode } from './yamlTree';

/** More aliases than any hand-written project file needs; a "billion laughs" bomb needs far more. */
export const MAX_ALIAS_COUNT = 100;
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

function problem(lines: LineIndex, start: number, end: number, code: string, message: string, severity: DiagnosticSeverity = DiagnosticSeverity.Error): Diagnostic {
  return {
    range: { start: lines.position(start), end: lines.position(Math.max(end, start)) },
    severity,
    code,
    source: DIAGNOSTIC_SOURCE,
    message,
    data: { code },
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
    tree = fromYaml(doc.contents, text, MAX_DEPTH);
    value = doc.errors.length ? partialValue(doc) : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message)) {
      const at = firstAlias(doc) ?? [0, 0];
      needsWholeDocument = true;
      problems.push(
        problem(lines, at[0], at[1], DiagnosticCode.aliasLimit, `These aliases expand to more than ${MAX_ALIAS_COUNT} copies, which looks like an alias bomb ("billion laughs"). A project file does not need nested aliases: write the values out.`),
      );
    } else if (err instanceof TooDeepError || err instanceof RangeError) {
      const at = err instanceof TooDeepError ? err.offset : 0;
      tree = null;
      needsWholeDocument = true;
      problems.push(problem(lines, at, at + 1, DiagnosticCode.tooDeep, `Nesting deeper than ${MAX_DEPTH} levels: a project file never needs this much. Flatten the structure here.`));
    } else throw err;
    value = undefined;
  }
  return { text, tree, value, problems, needsWholeDocument, binary: false, lines };
}

/** With syntax errors, still build what parsed, so that the rest of the file gets checked. */
function partialValue(doc: ReturnType<typeof parseAllDocuments>[number] & object): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof Error && /alias/i.test(err.message)) throw err;
    return undefined;
  }
}

function firstAlias(doc: { contents: unknown }): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc as never, {
    Alias(_k, node) {
      if (!found && node.range) found = [node.range[0], node.range[1]];
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
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

