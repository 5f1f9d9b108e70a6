/**
 * The drift warnings: a member whose role differs in the workspace (and the other findings of
 * driftFindings.ts) as a warning at its line, in a collection of their own next to the language
 * server's. Only while connected: a disconnect, a closed file or a file with errors clears them.
 */
import * as vscode from 'vscode';
import type { DriftTracker } from './driftTracker';

export const DRIFT_COLLECTION = 'zenml-projects-drift';
/** The source the language server's diagnostics carry too: people filter the Problems panel by it. */
const SOURCE = 'zenml-projects';
/** Typing is compared again once it pauses this long. */
const TYPING_PAUSE_MS = 300;

export class DriftDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DRIFT_COLLECTION);
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly tracker: DriftTracker) {
    this.disposables.push(
      tracker.onDidChange(() => this.updateAll()),
      // Another connection: what was said about the previous workspace no longer holds.
      tracker.snapshots.onDidChange((projectId) => {
        if (projectId !== undefined) return;
        this.collection.clear();
        this.updateAll();
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => this.update(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cancel(doc.uri);
        this.collection.delete(doc.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length) return;
        const key = e.document.uri.toString();
        this.cancel(e.document.uri);
        this.pending.set(
          key,
          setTimeout(() => {
            this.pending.delete(key);
            this.update(e.document);
          }, TYPING_PAUSE_MS),
        );
      }),
    );
    this.updateAll();
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.delete(key);
  }

  private updateAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.update(doc);
  }

  private update(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    if (!this.tracker.projectFiles.isProjectFile(doc)) {
      this.collection.delete(doc.uri);
      return;
    }
    const drift = this.tracker.driftOf(doc);
    if (drift.kind !== 'compared') {
      // While a snapshot is read again, the warnings of the last one stay.
      if (drift.kind !== 'loading') this.collection.delete(doc.uri);
      return;
    }
    this.collection.set(
      doc.uri,
      drift.findings.map((f) => {
        const d = new vscode.Diagnostic(new vscode.Range(f.place.start.line, f.place.start.character, f.place.end.line, f.place.end.character), f.message, vscode.DiagnosticSeverity.Warning);
        d.source = SOURCE;
        d.code = f.code;
        return d;
      }),
    );
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}
