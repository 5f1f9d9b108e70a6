/**
 * A failed call to a ZenML workspace, with a sentence a user can act on: what happened, in
 * terms of what they were doing, and what to do next. Tokens never appear in it: the message and
 * the server's detail are redacted when the error is made, whoever builds it.
 */
import { redact } from '../redaction';

export type Failure = 'http' | 'unreachable' | 'timeout' | 'cancelled' | 'invalid-response' | 'redirect';

/** What the caller was doing, so that an error can say it in the user's terms. */
export interface Intent {
  /** A verb phrase: "create the project", "list the projects". */
  action: string;
  /** The project concerned, by name (Project ID), when there is one. */
  project?: string;
  /** What a 409 collides with: "a project with ID 'x'". */
  conflict?: string;
}

export class ZenmlApiError extends Error {
  /** The server's own message, redacted. */
  readonly detail?: string;
  /**
   * The request may have reached the server though no answer came (the connection dropped or
   * timed out after it was sent): what it did is unknown. False when it surely was not sent
   * (connection refused, unknown host) or an answer came.
   */
  mayHaveArrived = false;

  constructor(
    readonly failure: Failure,
    message: string,
    readonly status?: number,
    /** ZenML's exception class name (`EntityExistsError`, ...), when the server sent one. */
    readonly exception?: string,
    detail?: string,
  ) {
    super(redact(message));
    this.detail = detail === undefined ? undefined : redact(detail);
    this.name = 'ZenmlApiError';
  }

  get isAuthentication(): boolean {
    return this.status === 401;
  }
}

/** ZenML's error bodies: `{"detail": [Class, message]}`, `{"detail": "text"}`, or `[Class, message]` (422). */
export function parseErrorBody(body: unknown): { exception?: string; detail?: string } {
  const pick = (v: unknown): { exception?: string; detail?: string } => {
    if (Array.isArray(v) && v.length >= 2 && typeof v[0] === 'string') return { exception: v[0], detail: String(v[1]) };
    if (Array.isArray(v) && v.length && typeof v[0] === 'object' && v[0] && 'msg' in v[0]) {
      // FastAPI's own validation errors: [{loc, msg, type}, ...]
      return { exception: 'ValidationError', detail: v.map((e: { loc?: unknown[]; msg?: string }) => `${(e.loc ?? []).slice(1).join('.')}: ${e.msg}`).join('; ') };
    }
    if (typeof v === 'string') return { detail: v };
    return {};
  };
  if (body && typeof body === 'object' && !Array.isArray(body) && 'detail' in body) return pick((body as { detail: unknown }).detail);
  return pick(body);
}

function clean(detail: string | undefined): string {
  return (detail ?? '').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

/**
 * The sentence for an HTTP error status. `notFoundHint` closes a 404's sentence with what to do
 * next, in the host's words (the editor's default: "Refresh and try again.").
 */
export function httpErrorMessage(status: number, intent: Intent, server: string, detail: string | undefined, notFoundHint = 'Refresh and try again.'): string {
  const d = clean(detail);
  const because = d ? ` The server said: ${d}.` : '';
  switch (status) {
    case 400:
      return `Could not ${intent.action}: the server refused the request.${because}`;
    case 401:
      return `Could not ${intent.action}: the workspace at ${server} did not accept your credentials (signed out, or the API key expired or was revoked). Sign in again.`;
    case 402:
      return `Could not ${intent.action}: this needs a ZenML Pro plan that the workspace does not have.${because}`;
    case 403:
      return intent.project
        ? `Your role in project '${intent.project}' does not allow you to ${intent.action}. Ask a project admin for a role that does.`
        : `You are not allowed to ${intent.action} in this workspace.${because}`;
    case 404:
      return `Could not ${intent.action}: ${intent.project ? `project '${intent.project}'` : 'it'} was not found on the workspace (deleted, renamed, or not visible to you).${because} ${notFoundHint}`;
    case 409:
      return `Could not ${intent.action}: ${intent.conflict ?? 'it'} already exists.${intent.conflict ? ' Choose another ID.' : because}`;
    case 413:
      return `Could not ${intent.action}: the request is larger than the server accepts.`;
    case 422:
      return `Could not ${intent.action}: ${d ? d.charAt(0).toLowerCase() + d.slice(1) : 'the server found a field invalid'}.`;
    case 429:
      return `Could not ${intent.action}: the workspace is receiving too many requests. Wait a moment and try again.`;
    default:
      return status >= 500
        ? `Could not ${intent.action}: the workspace at ${server} failed (HTTP ${status}).${because} Try again; if it persists, check the server's logs.`
        : `Could not ${intent.action}: HTTP ${status}.${because}`;
  }
}
