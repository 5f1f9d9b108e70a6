/**
 * Suppression comments, as YAML users know them from linters:
 *
 *   # zenml-projects-disable-next-line use-team          the next line (stacked comments share it)
 *   # zenml-projects-disable single-admin, use-team      the whole file, wherever the comment is
 *
 * Codes are separated by spaces or commas; `--` starts a free-text reason. Only advice can be
 * switched off (SUPPRESSIBLE_CODES): a comment naming an unknown code, an error's code, or no
 * code gets an `invalid-suppression` warning of its own. Comments are found per segment when the
 * segment is parsed, so an edit elsewhere costs nothing here.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode, SUPPRESSIBLE_CODES } from '../../common/diagnosticCodes';
import { nearest } from './nearest';
import { diagnostic } from './schemaCheck';

export const DISABLE_NEXT_LINE = 'zenml-projects-disable-next-line';
export const DISABLE_FILE = 'zenml-projects-disable';

/** One suppression comment, with lines relative to the text it was found in. */
export interface SuppressionComment {
  /** `unknown`: a misspelt directive such as `zenml-projects-disable-nextline`. */
  kind: 'next-line' | 'file' | 'unknown';
  /** The directive as written. */
  directive: string;
  line: number;
  /** The column where the comment's `#` is. */
  column: number;
  codes: { code: string; start: number; end: number }[];
  /** End of the directive (before any `-- reason`), for a diagnostic when no code is named. */
  end: number;
}

const MARKER = /^(\s*#\s*)(zenml-projects-disable[\w-]*)(.*)$/;

/** The suppression comments of a piece of text (full-line comments only), or none. */
export function findSuppressions(text: string): SuppressionComment[] | undefined {
  if (!text.includes(DISABLE_FILE)) return undefined;
  const out: SuppressionComment[] = [];
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const m = MARKER.exec(lines[line].replace(/\r$/, ''));
    if (!m) continue;
    const hash = m[1].indexOf('#');
    const restStart = m[1].length + m[2].length;
    const reason = m[3].indexOf('--');
    const directive = reason === -1 ? m[3] : m[3].slice(0, reason);
    const codes: SuppressionComment['codes'] = [];
    for (const c of directive.matchAll(/[^\s,]+/g)) codes.push({ code: c[0], start: restStart + c.index, end: restStart + c.index + c[0].length });
    const kind = m[2] === DISABLE_NEXT_LINE ? 'next-line' : m[2] === DISABLE_FILE ? 'file' : 'unknown';
    out.push({ kind, directive: m[2], line, column: hash, codes, end: restStart + directive.trimEnd().length });
  }
  return out.length ? out : undefined;
}

const SUPPRESSIBLE = new Set<string>(SUPPRESSIBLE_CODES);
const ALL_CODES = new Set<string>(Object.values(DiagnosticCode));

/**
 * Drops the diagnostics the comments switch off and adds a warning for each code that cannot be
 * switched off. `comments` carry absolute lines. Errors are never dropped.
 */
export function applySuppressions(diagnostics: Diagnostic[], comments: SuppressionComment[]): Diagnostic[] {
  if (!comments.length) return diagnostics;
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  const commentLines = new Set(comments.filter((c) => c.kind === 'next-line').map((c) => c.line));
  const problems: Diagnostic[] = [];
  for (const c of comments) {
    if (c.kind === 'unknown') {
      problems.push(
        diagnostic({ start: { line: c.line, character: c.column }, end: { line: c.line, character: c.end } }, DiagnosticSeverity.Warning, DiagnosticCode.invalidSuppression, `'${c.directive}' is not a suppression comment, so it switches nothing off. Write \`# ${DISABLE_NEXT_LINE} <code>\` (the next line) or \`# ${DISABLE_FILE} <code>\` (the whole file).`, {
          reason: 'unknown-directive',
          value: c.directive,
        }),
      );
      continue;
    }
    if (!c.codes.length) {
      problems.push(
        diagnostic({ start: { line: c.line, character: c.column }, end: { line: c.line, character: c.end } }, DiagnosticSeverity.Warning, DiagnosticCode.invalidSuppression, `Name the codes to switch off, e.g. \`# ${c.kind === 'file' ? DISABLE_FILE : DISABLE_NEXT_LINE} use-team\`; a comment without codes switches nothing off.`, {
          reason: 'no-code',
        }),
      );
      continue;
    }
    // Stacked next-line comments all apply to the first line below them that is not one.
    let target = c.line + 1;
    while (commentLines.has(target)) target++;
    for (const { code, start, end } of c.codes) {
      const range = { start: { line: c.line, character: start }, end: { line: c.line, character: end } };
      if (!ALL_CODES.has(code)) {
        const suggestions = nearest(code, SUPPRESSIBLE_CODES as string[]);
        const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
        problems.push(diagnostic(range, DiagnosticSeverity.Warning, DiagnosticCode.invalidSuppression, `'${code}' is not a code of zenml-projects, so this comment switches nothing off.${hint}`, { reason: 'unknown', value: code, suggestions }));
        continue;
      }
      if (!SUPPRESSIBLE.has(code)) {
        problems.push(
          diagnostic(range, DiagnosticSeverity.Warning, DiagnosticCode.invalidSuppression, `'${code}' cannot be switched off: it means ZenML would refuse or misread the file. Fix the problem instead. Only advice can be switched off (${SUPPRESSIBLE_CODES.join(', ')}).`, {
            reason: 'not-suppressible',
            value: code,
          }),
        );
        continue;
      }
      if (c.kind === 'file') fileWide.add(code);
      else {
        let set = byLine.get(target);
        if (!set) byLine.set(target, (set = new Set()));
        set.add(code);
      }
    }
  }
  const kept = diagnostics.filter((d) => {
    if (d.severity === DiagnosticSeverity.Error) return true;
    const code = String(d.code);
    return !fileWide.has(code) && !byLine.get(d.range.start.line)?.has(code);
  });
  if (!problems.length) return kept;
  return [...kept, ...problems].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
