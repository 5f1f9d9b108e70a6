/**
 * The extension's log: one output channel. Everything written to it goes through `redact` first,
 * so a server's message that echoes a token or an API key reaches the log without it.
 */
import * as vscode from 'vscode';
import { redact } from '../../common/redaction';

let channel: vscode.LogOutputChannel | undefined;

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** The latest lines written, as written (redacted): what the extension's API tells its tests. */
const recent: string[] = [];
const KEEP = 200;

export function recentLogLines(): readonly string[] {
  return recent;
}

function redacted(arg: unknown): unknown {
  const text = typeof arg === 'string' ? redact(arg) : arg instanceof Error ? redact(arg.stack ?? `${arg.name}: ${arg.message}`) : undefined;
  if (text === undefined) return arg;
  recent.push(text);
  if (recent.length > KEEP) recent.shift();
  return text;
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
