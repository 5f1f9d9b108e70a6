/**
 * The extension's log: one output channel. Everything written to it goes through `redact` first,
 * so a server's message that echoes a token or an API key reaches the log without it.
 */
import * as vscode from 'vscode';
import { redact } from '../../common/redaction';

let channel: vscode.LogOutputChannel | undefined;

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function redacted(arg: unknown): unknown {
  if (typeof arg === 'string') return redact(arg);
  if (arg instanceof Error) return redact(arg.stack ?? `${arg.name}: ${arg.message}`);
  return arg;
}

/** The channel wrapped so that every message and argument written to it is redacted. */
function redacting(target: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof prop === 'string' && WRITERS.has(prop) && typeof value === 'function') return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(t, args.map(redacted));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

export function log(): vscode.LogOutputChannel {
  channel ??= redacting(vscode.window.createOutputChannel('ZenML Projects', { log: true }));
  return channel;
}
