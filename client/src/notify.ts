/**
 * VS Code's notifications with their text redacted: the extension shows every message through
 * these, never through `vscode.window.show…Message` directly, because a message may carry a
 * server's text, a URL or a file's content.
 */
import * as vscode from 'vscode';
import { redact } from '../../common/redaction';

type Show = typeof vscode.window.showErrorMessage;

function redacting(pick: () => Show): Show {
  return ((message: string, ...rest: unknown[]) =>
    (pick() as (...a: unknown[]) => Thenable<unknown>)(
      redact(message),
      ...rest.map((r) => (r && typeof r === 'object' && typeof (r as vscode.MessageOptions).detail === 'string' ? { ...r, detail: redact((r as vscode.MessageOptions).detail!) } : r)),
    )) as Show;
}

export const showErrorMessage: Show = redacting(() => vscode.window.showErrorMessage);
export const showWarningMessage: typeof vscode.window.showWarningMessage = redacting(() => vscode.window.showWarningMessage);
export const showInformationMessage: typeof vscode.window.showInformationMessage = redacting(() => vscode.window.showInformationMessage);
