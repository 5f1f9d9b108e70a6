/**
 * The ZenML Projects language server: LSP wiring only. The workspace model (open documents,
 * project files on disk, the active project) lives in ./workspace, the analysis in core/engine,
 * and each editor feature in ./features as a plain function of a document.
 */
import { PRODUCT_VERSION } from '../../common/productVersion';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readRegularFileSync } from '../../common/regularFile';
import {
  CodeActionKind,
  createConnection,
  DiagnosticRefreshRequest,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  WorkspaceDiagnosticRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeResult,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import {
  ActiveProjectChangedNotification,
  ActiveProjectRequest,
  ConfigTargetRequest,
  ProjectFileRequest,
  ProjectFilesChangedNotification,
  ProjectFilesRequest,
  ProjectUuidsNotification,
  SET_ACTIVE_PROJECT_COMMAND,
  SignedOutNotification,
} from '../../common/protocol';
import { readCheckOptions, type RawCheckOptions } from '../../core/engine/checkOptions';
import { codeActions, FIX_ALL_KIND } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { complete } from './features/completion';
import { hover } from './features/hover';
import { definition, documentSymbols, foldingRanges, prepareRename, references, rename } from './features/navigation';
import { adaptCodeActions, adaptCodeLenses, adaptCompletionItems, adaptHover, APPLY_EDIT_COMMAND } from './lsp/answerFallbacks';
import { clientFeatures, VSCODE_FEATURES, type ClientFeatures, type ZenmlInitializationOptions } from './lsp/clientFeatures';
import { DiagnosticsChannel } from './lsp/diagnosticsChannel';
import { convertPositions, type LineSource } from './lsp/positionEncoding';
import { ProjectFileWatcher } from './workspace/projectFileWatcher';
import { ProjectWorkspace } from './workspace/projectWorkspace';

const connection = createConnection(ProposedFeatures.all);
/** What the client can do; read at `initialize`. */
let client: ClientFeatures = VSCODE_FEATURES;
let diagnostics: DiagnosticsChannel | undefined;
const workspace = new ProjectWorkspace({
  publish: (uri, list, version) => diagnostics?.publish(uri, list, version),
  activeProjectsChanged: (projects) => void connection.sendNotification(ActiveProjectChangedNotification, { projects }),
  projectFilesChanged: (files) => void connection.sendNotification(ProjectFilesChangedNotification, { files }),
  log: (message) => connection.console.warn(message),
});
let initialGlobs: string[] | undefined;
let initialChecks: RawCheckOptions | undefined;
/** Set when the client cannot watch files for us. */
let watcher: ProjectFileWatcher | undefined;

/**
 * Line texts for converting positions: what the workspace holds, else the file on disk (read once
 * per message, only for clients whose position encoding is not UTF-16).
 */
function lineSource(): LineSource {
  const disk = new Map<string, string[] | undefined>();
  return (uri, line) => {
    const held = workspace.lineText(uri, line);
    if (held !== undefined) return held;
    if (!disk.has(uri)) {
      const p = folderOf(uri)?.path;
      let lines: string[] | undefined;
      try {
        lines = p ? readRegularFileSync(p).replace(/^\uFEFF/, '').split(/\r?\n/) : undefined;
      } catch {
        lines = undefined;
      }
      disk.set(uri, lines);
    }
    return disk.get(uri)?.[line];
  };
}

/** A request's positions, from the client's encoding into the engine's UTF-16. */
function incoming<T>(params: T, uri: string): T {
  if (client.positionEncoding === 'utf-16') return params;
  return convertPositions(params, uri, client.positionEncoding, lineSource(), 'in');
}

/** An answer's positions, from UTF-16 into the client's encoding (on a copy: answers may be cached). */
function outgoing<T>(result: T, uri: string): T {
  if (client.positionEncoding === 'utf-16' || result === null || result === undefined) return result;
  return convertPositions(structuredClone(result), uri, client.positionEncoding, lineSource(), 'out');
}

function folderOf(uri: string): { uri: string; path: string } | undefined {
  try {
    return { uri, path: fileURLToPath(uri) };
  } catch {
    return undefined;
  }
}

connection.onInitialize((params): InitializeResult => {
  client = clientFeatures(params);
  const options = (params.initializationOptions ?? {}) as ZenmlInitializationOptions;
  // Our VS Code client asks for push: its workspace pull would poll every file every few seconds.
  const pull = client.pullDiagnostics && options.diagnosticMode !== 'push';
  diagnostics = new DiagnosticsChannel(pull ? 'pull' : 'push', client.diagnosticRefresh, {
    push: (p) => void connection.sendDiagnostics(p),
    refresh: () => void connection.sendRequest(DiagnosticRefreshRequest.type).catch(() => undefined),
    encode: (uri, list) => outgoing(list, uri),
  });
  // Workspace folders, else the root the client names (LSP: rootUri, or the older rootPath).
  const rootUri = params.rootUri ?? (params.rootPath ? pathToFileURL(params.rootPath).href : null);
  const folders = (params.workspaceFolders ?? (rootUri ? [{ uri: rootUri, name: '' }] : [])).map((f) => folderOf(f.uri)).filter((f) => !!f);
  workspace.setFolders(folders);
  initialGlobs = options.projectFiles;
  initialChecks = (options as { checks?: RawCheckOptions }).checks;
  return {
    capabilities: {
      positionEncoding: client.positionEncoding,
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [':', ' ', '-', '[', ','] },
      hoverProvider: true,
      codeActionProvider: client.codeActionLiterals ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } : true,
      executeCommandProvider: client.codeActionLiterals ? undefined : { commands: [APPLY_EDIT_COMMAND] },
      diagnosticProvider: pull ? { identifier: 'zenml-projects', interFileDependencies: true, workspaceDiagnostics: true } : undefined,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'zenml-projects', version: PRODUCT_VERSION },
  };
});

connection.onInitialized(async () => {
  if (client.watchesFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{yaml,yml}' }],
    });
  } else {
    watcher = new ProjectFileWatcher(
      (p) => workspace.isWatchedFile(p),
      (changes) => void workspace.filesChanged(changes),
      (message) => connection.console.warn(message),
    );
  }
  if (client.pullsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'zenmlProjects' });
  await refreshSettings(undefined, false);
  // Watch first, then scan: a file changed in between is seen by one or the other.
  await watcher?.watch(workspace.folderPaths());
  await workspace.scan();
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      const folders = ((await connection.workspace.getWorkspaceFolders()) ?? []).map((f) => folderOf(f.uri)).filter((f) => !!f);
      workspace.setFolders(folders);
      await watcher?.watch(workspace.folderPaths());
      await workspace.scan();
    });
  }
});

type Settings = { projectFiles?: unknown; checks?: RawCheckOptions };
const reportedSettingProblems = new Set<string>();

/**
 * Reads `zenmlProjects.projectFiles` and `zenmlProjects.checks` (pushed, pulled, or from
 * initializationOptions) and rescans what they change.
 */
async function refreshSettings(pushed?: unknown, rescan = true): Promise<void> {
  let section = (pushed as { zenmlProjects?: Settings } | undefined)?.zenmlProjects;
  if (section === undefined && client.pullsConfiguration) {
    section = (await connection.workspace.getConfiguration('zenmlProjects').catch(() => undefined)) as Settings | undefined;
  }
  const globs = section?.projectFiles ?? initialGlobs;
  const list = Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string') : [];
  const { options, problems } = readCheckOptions(section?.checks ?? initialChecks, 'The setting zenmlProjects.checks.');
  for (const p of problems) {
    if (reportedSettingProblems.has(p)) continue;
    reportedSettingProblems.add(p);
    void connection.window.showWarningMessage(p);
  }
  // What was valid of the settings; each file's nearest .zenml-projects.yaml goes on top of it.
  await workspace.setCheckOptions({ teamThreshold: options.teamThreshold, projectIdPattern: options.projectIdPattern?.source, projectNamePattern: options.projectNamePattern?.source }, rescan);
  await workspace.setProjectFileGlobs(list, rescan);
}

connection.onDidChangeConfiguration((params) => refreshSettings(params.settings));
connection.onDidChangeWatchedFiles((params) => workspace.filesChanged(params.changes));
connection.onDidOpenTextDocument(({ textDocument: d }) => workspace.openDocument(d.uri, d.text, d.version));
connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  if (client.positionEncoding === 'utf-16') return workspace.changeDocument(d.uri, contentChanges, d.version);
  // Each change's range counts in the text as the changes before it left it.
  for (const change of contentChanges) workspace.changeDocument(d.uri, [incoming(change, d.uri)], d.version);
});
connection.onDidCloseTextDocument(({ textDocument: d }) => workspace.closeDocument(d.uri));
connection.onRequest(DocumentDiagnosticRequest.type, (params) => diagnostics!.document(params));
connection.onRequest(WorkspaceDiagnosticRequest.type, (params) => diagnostics!.workspace(params));

connection.onRequest(ActiveProjectRequest, (params) => workspace.activeProjects(params?.folderUri));
connection.onNotification(ProjectUuidsNotification, (params) => workspace.setProjectUuids(params.projects));
connection.onNotification(SignedOutNotification, () => workspace.signedOut());
connection.onRequest(ProjectFilesRequest, () => workspace.projectFiles());
connection.onRequest(ProjectFileRequest, async ({ uri, named, text }) => outgoing(await workspace.projectFileReading(uri, named, text), uri));
connection.onRequest(ConfigTargetRequest, (params) => workspace.configTarget(params?.folderUri));

/**
 * Registers a request about one document: positions converted in and out, the feature run on the
 * document's analysis (or `empty` when the server does not hold it as a project file).
 */
function onDocumentRequest<P extends { textDocument: { uri: string } }, R>(
  register: (handler: (params: P) => R | ResponseError<void>) => unknown,
  run: (doc: NonNullable<ReturnType<typeof workspace.document>>, params: P) => R | ResponseError<void>,
  empty: R,
): void {
  register((raw: P) => {
    const uri = raw.textDocument.uri;
    const params = incoming(raw, uri);
    const doc = workspace.document(uri);
    const result = doc ? run(doc, params) : empty;
    return result instanceof ResponseError ? result : outgoing(result, uri);
  });
}

onDocumentRequest(connection.onCompletion.bind(connection), (doc, { textDocument, position }) => {
  const items = complete(doc, position, workspace);
  if (client.snippets && client.adjustIndentation && client.completionDocumentation === 'markdown') return items;
  const indent = /^[ \t]*/.exec(workspace.lineText(textDocument.uri, position.line) ?? '')![0];
  return adaptCompletionItems(items, client, indent);
}, []);
onDocumentRequest(connection.onHover.bind(connection), (doc, { textDocument, position }) => adaptHover(hover(doc, position, textDocument.uri, workspace), client), null);
connection.onCodeAction((raw) => {
  const uri = raw.textDocument.uri;
  const { textDocument, context } = incoming(raw, uri);
  return outgoing(adaptCodeActions(codeActions(workspace.document(uri), textDocument.uri, context.diagnostics, context.only, workspace.registry.optionsFor(uri)), client), uri);
});
// Clients without code action literals run quick fixes as this command; the edit is already theirs.
connection.onRequest(ExecuteCommandRequest.type, async ({ command, arguments: args }) => {
  if (command !== APPLY_EDIT_COMMAND || !args?.[0]) return null;
  const result = await connection.workspace.applyEdit(args[0]);
  return result.applied ? null : new ResponseError(-32803 /* RequestFailed */, result.failureReason ?? 'The editor did not apply the change.');
});
onDocumentRequest(connection.onDocumentSymbol.bind(connection), (doc) => documentSymbols(doc), []);
onDocumentRequest(connection.onFoldingRanges.bind(connection), (doc) => foldingRanges(doc), []);
onDocumentRequest(connection.onDefinition.bind(connection), (doc, { textDocument, position }) => definition(doc, textDocument.uri, position), []);
onDocumentRequest(connection.onReferences.bind(connection), (doc, { textDocument, position, context }) => references(doc, textDocument.uri, position, context.includeDeclaration), []);
onDocumentRequest(connection.onPrepareRename.bind(connection), (doc, { position }) => prepareRename(doc, position) ?? null, null);
onDocumentRequest(connection.onRenameRequest.bind(connection), (doc, { textDocument, position, newName }) => {
  try {
    return rename(doc, textDocument.uri, position, newName) ?? null;
  } catch (e) {
    return new ResponseError(-32803 /* RequestFailed */, (e as Error).message);
  }
}, null);
onDocumentRequest(connection.onCodeLens.bind(connection), (doc, { textDocument }) => adaptCodeLenses(codeLenses(doc, textDocument.uri, workspace), client, [SET_ACTIVE_PROJECT_COMMAND]), []);

connection.onShutdown(() => {
  watcher?.dispose();
  diagnostics?.dispose();
  workspace.dispose();
});
connection.listen();
