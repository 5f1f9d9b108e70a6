/**
 * Every text of the client that a user reads goes through `vscode.l10n.t`: a scan of client/src
 * with TypeScript's own parser for literal texts handed to VS Code where a user sees them —
 * notifications, input boxes and quick picks, Markdown tooltips, and the label, description,
 * detail, tooltip, title, prompt and placeholder of the items the client builds. The
 * pseudo-localized extension-host run proves the same at run time for what it can reach; this
 * scan also covers the notifications and error paths it cannot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', 'client', 'src');

/** Calls whose text arguments a user reads (VS Code's, and the client's redacting wrappers of them). */
const MESSAGE_CALLS = /(?:^|\.)(?:show(?:Information|Warning|Error)Message|showInputBox|showQuickPick|setStatusBarMessage|appendMarkdown|appendText)$/;
/** Properties and assignments whose text a user reads. */
const TEXT_PROPERTIES = new Set(['label', 'description', 'detail', 'tooltip', 'title', 'prompt', 'placeHolder', 'placeholder', 'message', 'validationMessage']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Literal words in an expression that are not inside a `vscode.l10n.t(...)` call. */
function literalWords(node: ts.Node): string[] {
  const words: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && /l10n\.t$/.test(n.expression.getText())) return;
    // Data flows: names, calls and property reads are not literal text.
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) words.push(...textWords(n.text));
    else if (ts.isTemplateExpression(n)) {
      words.push(...textWords(n.head.text));
      for (const span of n.templateSpans) {
        visit(span.expression);
        words.push(...textWords(span.literal.text));
      }
      return;
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      visit(n.left);
      visit(n.right);
      return;
    } else if (ts.isConditionalExpression(n)) {
      visit(n.whenTrue);
      visit(n.whenFalse);
      return;
    } else if (ts.isParenthesizedExpression(n) || ts.isBinaryExpression(n)) {
      ts.forEachChild(n, visit);
      return;
    }
  };
  visit(node);
  return words;
}

/** Words of a literal a user would read: letters, after codicons (`$(icon)`) are taken out. */
function textWords(text: string): string[] {
  return text.replace(/\$\([\w~-]+\)/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
}

test('no user-visible text of the client bypasses vscode.l10n.t', () => {
  const found: string[] = [];
  for (const file of files(ROOT)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const report = (n: ts.Node, words: string[]) => {
      if (!words.length) return;
      const { line } = source.getLineAndCharacterOfPosition(n.getStart());
      found.push(`${path.relative(ROOT, file)}:${line + 1}: ${n.getText().slice(0, 100)}`);
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && MESSAGE_CALLS.test(n.expression.getText())) {
        // The message, and the texts of its buttons; option objects are visited below.
        for (const arg of n.arguments) if (!ts.isObjectLiteralExpression(arg) && !ts.isArrayLiteralExpression(arg)) report(arg, literalWords(arg));
      }
      if (ts.isPropertyAssignment(n) && TEXT_PROPERTIES.has(n.name.getText())) report(n.initializer, literalWords(n.initializer));
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && TEXT_PROPERTIES.has(n.left.name.text)) {
        report(n.right, literalWords(n.right));
      }
      if (ts.isNewExpression(n) && /(?:TreeItem|CodeLens)$/.test(n.expression.getText()) && n.arguments?.[0]) report(n.arguments[0], literalWords(n.arguments[0]));
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  assert.deepEqual(found, [], `texts a user reads that are not localized:\n${found.join('\n')}`);
});
