/**
 * The key or value under the cursor on a line of a project file, and what it means: a key of
 * some mapping, a member's role, a custom role's ID, the project ID, an action, ... Shared by
 * hover, go to definition, references and rename.
 */
import { Range } from 'vscode-languageserver-types';
import { cursorContext, lineShape, lineText } from '../../../core/engine/cursorContext';
import { ProjectDocument, Position } from '../../../core/engine/projectDocument';

export interface Token {
  text: string;
  range: Range;
  /** The path of the mapping the token belongs to. */
  path: string[];
  /** A key, or the value of `key`. */
  kind: 'key' | 'value';
  key: string;
}

const WORD = /[^\s:\[\],#'"{}]+/g;

export function tokenAt(doc: ProjectDocument, position: Position): Token | undefined {
  const text = lineText(doc, position.line);
  let word: { text: string; start: number } | undefined;
  for (const m of text.matchAll(WORD)) {
    if (m.index! <= position.character && position.character <= m.index! + m[0].length) {
      if (m[0] === '-' || m[0].startsWith('#')) continue;
      word = { text: m[0], start: m.index! };
      break;
    }
  }
  if (!word || text.slice(0, word.start).includes('#')) return undefined;
  const range = { start: { line: position.line, character: word.start }, end: { line: position.line, character: word.start + word.text.length } };
  const shape = lineShape(text);
  if (shape.key !== undefined && word.start === shape.keyColumn + (text[shape.keyColumn] === '"' || text[shape.keyColumn] === "'" ? 1 : 0)) {
    const ctx = cursorContext(doc, { line: position.line, character: shape.keyColumn });
    return { text: word.text, range, path: ctx.path, kind: 'key', key: shape.key };
  }
  const ctx = cursorContext(doc, { line: position.line, character: word.start + word.text.length });
  if (ctx.kind !== 'value' || ctx.key === undefined) return undefined;
  return { text: word.text, range, path: ctx.path, kind: 'value', key: ctx.key };
}

export function isMemberRole(t: Token): boolean {
  return t.kind === 'value' && t.key === 'role' && t.path.length === 2 && t.path[0] === 'members';
}

export function isRoleDefinition(t: Token): boolean {
  return t.kind === 'value' && t.key === 'id' && t.path.length === 2 && t.path[0] === 'roles';
}

export function isProjectId(t: Token): boolean {
  return t.kind === 'value' && t.key === 'id' && t.path.length === 0;
}
