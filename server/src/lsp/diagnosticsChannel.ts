/**
 * How diagnostics reach the client: pushed (`textDocument/publishDiagnostics`) to clients that do
 * not pull, or kept per document and answered on `textDocument/diagnostic` and
 * `workspace/diagnostic` (LSP 3.17 "Pull Diagnostics") to clients that do. The workspace model
 * publishes the same way in both cases; this is the only place that knows the difference.
 *
 * Pulling clients re-pull the document they edit by themselves; when a change reaches documents
 * they did not touch (a duplicate project ID in another file, a file changed on disk), the server
 * asks them to pull again with `workspace/diagnostic/refresh` where they support it.
 */
import type {
  Diagnostic,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  PublishDiagnosticsParams,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol';

interface Report {
  resultId: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface DiagnosticsTransport {
  /** Sends one `textDocument/publishDiagnostics`. */
  push(params: PublishDiagnosticsParams): void;
  /** Sends `workspace/diagnostic/refresh`. */
  refresh(): void;
  /** Diagnostics as the client counts positions (a copy when they must be converted). */
  encode(uri: string, diagnostics: Diagnostic[]): Diagnostic[];
}

/** How long to wait after a change before asking a pulling client to pull again. */
const REFRESH_DELAY_MS = 150;

export class DiagnosticsChannel {
  private readonly reports = new Map<string, Report>();
  /** The resultId the client last received for each URI. */
  private readonly delivered = new Map<string, string>();
  private next = 1;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly mode: 'push' | 'pull',
    private readonly canRefresh: boolean,
    private readonly transport: DiagnosticsTransport,
  ) {}

  /** The workspace model's diagnostics for `uri` (an empty list clears them). */
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (this.mode === 'push') {
      this.transport.push({ uri, version, diagnostics: this.transport.encode(uri, diagnostics) });
      return;
    }
    if (!diagnostics.length && !this.reports.has(uri)) return;
    this.reports.set(uri, { resultId: String(this.next++), version, diagnostics });
    if (this.canRefresh && !this.refreshTimer) this.refreshTimer = setTimeout(() => this.refreshIfStale(), REFRESH_DELAY_MS);
  }

  /** Asks for a pull when a report changed that the client has not pulled by itself meanwhile. */
  private refreshIfStale(): void {
    this.refreshTimer = undefined;
    for (const [uri, report] of this.reports) {
      if (this.delivered.get(uri) !== report.resultId) {
        this.transport.refresh();
        return;
      }
    }
  }

  /** `textDocument/diagnostic`. */
  document(params: DocumentDiagnosticParams): DocumentDiagnosticReport {
    const uri = params.textDocument.uri;
    const report = this.reports.get(uri);
    if (!report) return { kind: 'full', items: [] };
    this.delivered.set(uri, report.resultId);
    if (params.previousResultId === report.resultId) return { kind: 'unchanged', resultId: report.resultId };
    return { kind: 'full', resultId: report.resultId, items: this.transport.encode(uri, report.diagnostics) };
  }

  /** `workspace/diagnostic`: every document with diagnostics, unchanged ones as such. */
  workspace(params: WorkspaceDiagnosticParams): WorkspaceDiagnosticReport {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [uri, report] of this.reports) {
      this.delivered.set(uri, report.resultId);
      const version = report.version ?? null;
      if (previous.get(uri) === report.resultId) items.push({ kind: 'unchanged', uri, version, resultId: report.resultId });
      else items.push({ kind: 'full', uri, version, resultId: report.resultId, items: this.transport.encode(uri, report.diagnostics) });
    }
    return { items };
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }
}
