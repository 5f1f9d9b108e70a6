/**
 * What every command shares: one outcome shape (returned to whoever ran it: a test, another
 * extension, a keybinding), errors shown as the API client's sentences, cancellation from input
 * boxes and progress notifications, and progress wired to the API's AbortSignal.
 */
import * as vscode from 'vscode';
import { redact } from '../../../common/redaction';
import { showErrorMessage } from '../notify';
import { ZenmlApiError } from '../../../common/api/apiError';
import { ProApiError } from '../../../common/api/proApi';
import { log } from '../log';

/** How a command ended: its value, the sentence of its error (already shown), or cancelled. */
export type CommandResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string } | { ok: false; cancelled: true };

/** Thrown when the user dismisses a prompt: the command ends without a message. */
export class Dismissed extends Error {
  constructor() {
    super('Dismissed');
    this.name = 'Dismissed';
  }
}

function isCancellation(e: unknown): boolean {
  return e instanceof Dismissed || e instanceof vscode.CancellationError || (e instanceof ZenmlApiError && e.failure === 'cancelled');
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs a command's work: shows its error, and returns the outcome. */
export async function runCommand<T>(name: string, work: () => Promise<T>): Promise<CommandResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    if (isCancellation(e)) {
      log().info(`${name}: cancelled`);
      return { ok: false, cancelled: true };
    }
    // Whatever threw it, the sentence may carry a server's text: redacted before anyone sees it.
    const error = redact(messageOf(e));
    log().warn(`${name}: ${error}`);
    if (e instanceof ProApiError && (e.proFailure === 'refused' || e.proFailure === 'no-credential')) {
      // The workspace works on; only the Pro credential needs renewing, one click away.
      const signIn = vscode.l10n.t('Sign In to ZenML Pro');
      void showErrorMessage(error, signIn).then((choice) => choice === signIn && vscode.commands.executeCommand('zenmlProjects.signInToPro'));
    } else {
      void showErrorMessage(error);
    }
    return { ok: false, error };
  }
}

/** A value the user typed or picked, or Dismissed when they pressed Escape. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Dismissed();
  return value;
}

/** Runs `work` with a cancellable progress notification whose Cancel button aborts its requests. */
export function withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return work(controller.signal).finally(() => subscription.dispose());
    }),
  );
}

/** An AbortSignal that aborts when the token is cancelled. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
