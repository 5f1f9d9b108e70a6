/**
 * Brings the features' answers (written in VS Code's richest form) down to what the client said it
 * accepts: plain insert text instead of snippets, plain text instead of Markdown, commands instead
 * of code action literals, lenses without VS Code's icons and client-side commands. Each function
 * returns its input untouched when the client accepts the rich form, so VS Code pays nothing.
 */
import removeMarkdown from 'remove-markdown';
import {
  CodeAction,
  CodeLens,
  Command,
  CompletionItem,
  Hover,
  InsertTextFormat,
  InsertTextMode,
  MarkupContent,
  MarkupKind,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { ClientFeatures } from './clientFeatures';

/** The command a client without code action literals runs; the server applies the edit it carries. */
export const APPLY_EDIT_COMMAND = 'zenml-projects.applyWorkspaceEdit';

/**
 * The text a snippet inserts when every placeholder keeps its default: `${1:name}` → `name`,
 * `${2|a,b|}` → `a`, `$1`/`${1}`/`$0` → nothing, `\$` → `$`. Grammar: LSP 3.17 "Snippet Syntax".
 */
export function snippetToPlainText(snippet: string): string {
  let i = 0;
  // Reads until the `}` closing the current placeholder (or the end), expanding nested ones.
  const body = (closing: boolean): string => {
    let text = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) {
        text += snippet[i + 1];
        i += 2;
      } else if (c === '}' && closing) {
        i++;
        return text;
      } else if (c === '$') text += placeholder();
      else {
        text += c;
        i++;
      }
    }
    return text;
  };
  const placeholder = (): string => {
    i++; // $
    const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(snippet.slice(i));
    if (simple) {
      i += simple[0].length;
      return '';
    }
    if (snippet[i] !== '{') return '$';
    i++;
    const head = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(snippet.slice(i));
    if (!head) return '${' + body(true) + '}';
    i += head[0].length;
    if (snippet[i] === '}') {
      i++;
      return '';
    }
    if (snippet[i] === ':') {
      i++;
      return body(true);
    }
    if (snippet[i] === '|') {
      const end = snippet.indexOf('|}', i + 1);
      const choices = snippet.slice(i + 1, end < 0 ? snippet.length : end);
      i = end < 0 ? snippet.length : end + 2;
      return choices.split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
    }
    // A variable transform (`${TM_FILENAME/…/…/}`): we send none; keep the rest literal.
    return body(true);
  };
  return body(false);
}

/** Indents every line after the first by `indent`, as VS Code's `adjustIndentation` would. */
function indentFollowingLines(text: string, indent: string): string {
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}

/**
 * Completion items as the client accepts them. `lineIndent` is the leading white space of the
 * line being completed (used when the client does not adjust indentation itself).
 */
export function adaptCompletionItems(items: CompletionItem[], client: ClientFeatures, lineIndent: string): CompletionItem[] {
  for (const item of items) {
    if (!client.snippets && item.insertTextFormat === InsertTextFormat.Snippet) {
      if (item.textEdit) item.textEdit.newText = snippetToPlainText(item.textEdit.newText);
      if (item.insertText !== undefined) item.insertText = snippetToPlainText(item.insertText);
      item.insertTextFormat = InsertTextFormat.PlainText;
    }
    if (!client.adjustIndentation && item.insertTextMode === InsertTextMode.adjustIndentation) {
      if (item.textEdit) item.textEdit.newText = indentFollowingLines(item.textEdit.newText, lineIndent);
      if (item.insertText !== undefined) item.insertText = indentFollowingLines(item.insertText, lineIndent);
      delete item.insertTextMode;
    }
    if (item.documentation !== undefined) item.documentation = adaptMarkup(item.documentation, client.completionDocumentation);
  }
  return items;
}

/** Markdown rendered to readable plain text (lists, emphasis and code marks dropped, text kept). */
export function markdownToPlainText(markdown: string): string {
  return removeMarkdown(markdown, { stripListLeaders: false, gfm: true, useImgAltText: true })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A documentation or hover text in the format the client renders. */
export function adaptMarkup<T extends string | MarkupContent>(content: T, format: MarkupKind): T | MarkupContent {
  if (typeof content === 'string' || content.kind === format || format === MarkupKind.Markdown) return content;
  return { kind: MarkupKind.PlainText, value: markdownToPlainText(content.value) };
}

export function adaptHover(hover: Hover | null, client: ClientFeatures): Hover | null {
  if (!hover || !MarkupContent.is(hover.contents)) return hover;
  return { ...hover, contents: adaptMarkup(hover.contents, client.hoverContent) };
}

/** Code actions as literals, or as commands that make the server apply the same edit. */
export function adaptCodeActions(actions: CodeAction[], client: ClientFeatures): (CodeAction | Command)[] {
  if (client.codeActionLiterals) return actions;
  return actions.filter((a) => a.edit).map((a) => Command.create(a.title, APPLY_EDIT_COMMAND, a.edit as WorkspaceEdit));
}

/** Lenses without VS Code's `$(icon)` titles and without commands only our VS Code client has. */
export function adaptCodeLenses(lenses: CodeLens[], client: ClientFeatures, clientSideCommands: readonly string[]): CodeLens[] {
  if (client.vscodeCommands) return lenses;
  return lenses
    .filter((l) => !l.command || !clientSideCommands.includes(l.command.command))
    .map((l) => (l.command ? { ...l, command: { ...l.command, title: l.command.title.replace(/\$\([\w-]+\)\s*/g, '') } } : l));
}
