/**
 * A count and its noun, agreeing in number: "1 error", "0 errors", "2 artifact versions". English
 * only (the CLI's sentences); the editor's go through vscode.l10n.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
