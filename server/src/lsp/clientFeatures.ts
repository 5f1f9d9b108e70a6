/**
 * What the connected editor said it can do, read once from `initialize` and held in one place.
 * Every feature answers in VS Code's richest form; the adapters beside this file bring the answer
 * down to what this client accepts (snippets, Markdown, position encoding, code action literals),
 * so a feature never asks "which editor is this?".
 *
 * Source: LSP 3.17, "initialize" (ClientCapabilities) and "Position Encoding"
 * (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/).
 */
import { InsertTextMode, MarkupKind, type ClientCapabilities, type InitializeParams } from 'vscode-languageserver-protocol';

/** The position encodings this server can speak, as named by LSP 3.17's PositionEncodingKind. */
export type PositionEncoding = 'utf-16' | 'utf-8' | 'utf-32';

export interface ClientFeatures {
  /** Completion items may use snippet syntax (`${1:name}`, `$0`). */
  snippets: boolean;
  /** The client honours `insertTextMode: adjustIndentation` (else multi-line text is indented by us). */
  adjustIndentation: boolean;
  /** The format of completion documentation the client renders. */
  completionDocumentation: MarkupKind;
  /** The format of hover contents the client renders. */
  hoverContent: MarkupKind;
  /** How `Position.character` counts: negotiated, UTF-16 unless the client prefers another. */
  positionEncoding: PositionEncoding;
  /** The client pulls diagnostics (`textDocument/diagnostic`) instead of being sent them. */
  pullDiagnostics: boolean;
  /** The client accepts `workspace/diagnostic/refresh` (so pulled diagnostics follow other files). */
  diagnosticRefresh: boolean;
  /** Code actions may be `CodeAction` literals; otherwise they are `Command`s the server executes. */
  codeActionLiterals: boolean;
  /** The client watches files for us (`workspace/didChangeWatchedFiles` by dynamic registration). */
  watchesFiles: boolean;
  /** The client answers `workspace/configuration`. */
  pullsConfiguration: boolean;
  /** The client tells us about workspace folders being added or removed. */
  workspaceFolders: boolean;
  /** Code lens titles may carry `$(icon)` syntax and name client-side commands (our own VS Code client). */
  vscodeCommands: boolean;
}

/** The options our own VS Code client sends in `initializationOptions`. */
export interface ZenmlInitializationOptions {
  projectFiles?: string[];
  /** Set by the extension: it implements the client-side commands code lenses name. */
  vscodeClient?: boolean;
  /** 'push' keeps diagnostics pushed even to a client that could pull them. */
  diagnosticMode?: 'push' | 'pull';
}

/** The formats a client lists, best first; LSP says the order is the client's preference. */
function preferredMarkup(formats: readonly string[] | undefined): MarkupKind {
  // A client that lists nothing is one from before MarkupContent: plain text is the safe answer.
  for (const f of formats ?? []) if (f === MarkupKind.Markdown || f === MarkupKind.PlainText) return f;
  return MarkupKind.PlainText;
}

/**
 * Picks the position encoding: the client's first listed encoding this server speaks; UTF-16 when
 * the client lists none (LSP: "If omitted it defaults to ['utf-16']").
 */
export function negotiateEncoding(capabilities: ClientCapabilities): PositionEncoding {
  for (const e of capabilities.general?.positionEncodings ?? []) if (e === 'utf-16' || e === 'utf-8' || e === 'utf-32') return e;
  return 'utf-16';
}

/** Reads the capabilities of `initialize` into the facts the features' adapters need. */
export function clientFeatures(params: Pick<InitializeParams, 'capabilities' | 'initializationOptions'>): ClientFeatures {
  const c = params.capabilities;
  const completion = c.textDocument?.completion?.completionItem;
  const options = (params.initializationOptions ?? {}) as ZenmlInitializationOptions;
  return {
    snippets: completion?.snippetSupport === true,
    adjustIndentation: completion?.insertTextModeSupport?.valueSet?.includes(InsertTextMode.adjustIndentation) === true,
    completionDocumentation: preferredMarkup(completion?.documentationFormat),
    hoverContent: preferredMarkup(c.textDocument?.hover?.contentFormat),
    positionEncoding: negotiateEncoding(c),
    pullDiagnostics: c.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: c.workspace?.diagnostics?.refreshSupport === true,
    codeActionLiterals: c.textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
    watchesFiles: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    pullsConfiguration: c.workspace?.configuration === true,
    workspaceFolders: c.workspace?.workspaceFolders === true,
    vscodeCommands: options.vscodeClient === true,
  };
}

/** VS Code's answers are the features' native form: nothing to adapt. */
export const VSCODE_FEATURES: ClientFeatures = {
  snippets: true,
  adjustIndentation: true,
  completionDocumentation: MarkupKind.Markdown,
  hoverContent: MarkupKind.Markdown,
  positionEncoding: 'utf-16',
  pullDiagnostics: false,
  diagnosticRefresh: false,
  codeActionLiterals: true,
  watchesFiles: true,
  pullsConfiguration: true,
  workspaceFolders: true,
  vscodeCommands: true,
};
