/**
 * A text document the client keeps in step with a server: it sends didOpen, edits as
 * incremental or full changes (whichever the server asked for), and didClose, keeping
 * versions and text the way an editor does.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { InitializeResult, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { LspClient } from './lspClient';

/** LSP TextDocumentSyncKind. */
export const SyncKind = { None: 0, Full: 1, Incremental: 2 } as const;
export type SyncKind = (typeof SyncKind)[keyof typeof SyncKind];

/** How the server wants document changes, from its initialize result. */
export function syncKindOf(result: InitializeResult): SyncKind {
  const sync = result.capabilities.textDocumentSync;
  const kind = typeof sync === 'number' ? sync : sync?.change;
  return kind === SyncKind.Full || kind === SyncKind.Incremental ? kind : SyncKind.None;
}

export class SyncedDocument {
  private document: TextDocument;

  constructor(
    private readonly client: LspClient,
    readonly uri: string,
    readonly languageId: string,
    text: string,
    readonly syncKind: SyncKind,
  ) {
    this.document = TextDocument.create(uri, languageId, 1, text);
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  positionAt(offset: number): Position {
    return this.document.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.document.offsetAt(position);
  }

  open(): void {
    this.client.notify('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: this.languageId, version: this.version, text: this.text },
    });
  }

  /**
   * Replaces `length` characters at `offset` with `insert`; returns the new version. An
   * incremental change is sent before the local copy is updated, so that a benchmark timing
   * the server does not also time the client's bookkeeping on a large text.
   */
  edit(offset: number, length: number, insert: string): number {
    const range = { start: this.positionAt(offset), end: this.positionAt(offset + length) };
    const version = this.version + 1;
    const update = () => (this.document = TextDocument.update(this.document, [{ range, text: insert }], version));
    let change: TextDocumentContentChangeEvent;
    if (this.syncKind === SyncKind.Incremental) {
      change = { range, text: insert };
    } else {
      update();
      change = { text: this.text };
    }
    this.client.notify('textDocument/didChange', { textDocument: { uri: this.uri, version }, contentChanges: [change] });
    if (this.syncKind === SyncKind.Incremental) update();
    return version;
  }

  close(): void {
    this.client.notify('textDocument/didClose', { textDocument: { uri: this.uri } });
  }
}
