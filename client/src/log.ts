/** The extension's log: one output channel, never given a token or an API key. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('ZenML Projects', { log: true });
  return channel;
}
