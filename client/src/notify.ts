/**
 * VS Code's notifications with their text redacted: the extension shows every message through
 * these, never through `vscode.window.show…Message` directly, because a message may carry a
 * server's text, a URL or a file's content.
 */
import * as vscode from 'vscode';
import { redact } from '../../common/redaction';

type Show = typeof vscode.window.showErrorMessage;

/** The latest notifications, as shown (redacted): what the extension's API tells its tests. */
const shown: string[] = [];
const KEEP = 50;

export function shownNotifications(): readonly string[] {
  return shown;
}

/** The modal questions on screen now, waiting for an answer (as shown). */
const waiting = new Set<string>();

export function openQuestions(): readonly string[] {
  return [...waiting];
}

function redacting(pick: () => Show): Show {
  return ((message: string, ...rest: unknown[]) => {
    const text = remember(redact(message));
    const answer = (pick() as (...a: unknown[]) => Thenable<unknown>)(
      text,
      ...rest.map((r) => (r && typeof r === 'object' && typeof (r as vscode.MessageOptions).detail === 'string' ? { ...r, detail: redact((r as vscode.MessageOptions).detail!) } : r)),
    );
    if (!rest.some((r) => r && typeof r === 'object' && (r as vscode.MessageOptions).modal)) return answer;
    waiting.add(text);
    const answered = () => waiting.delete(text);
    return Promise.resolve(answer).finally(answered);
  }) as Show;
}

function remember(message: string): string {
  shown.push(message);
  if (shown.length > KEEP) shown.shift();
  return message;
}

export const showErrorMessage: Show = redacting(() => vscode.window.showErrorMessage);
export const showWarningMessage: typeof vscode.window.showWarningMessage = redacting(() => vscode.window.showWarningMessage);
export const showInformationMessage: typeof vscode.window.showInformationMessage = redacting(() => vscode.window.showInformationMessage);
