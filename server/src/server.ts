/**
 * The ZenML Projects language server: LSP wiring only. The workspace model (open documents,
 * project files on disk, the active project) lives in ./workspace, the analysis in ./engine,
 * and each editor feature in ./features as a plain function of a document.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeResult,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { ActiveProjectChangedNotification, ActiveProjectRequest, ProjectUuidsNotification } from '../../common/protocol';
import { codeActions, FIX_ALL_KIND } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { complete } from './features/completion';
import { hover } from './features/hover';
import { definition, documentSymbols, foldingRanges, prepareRename, references, rename } from './features/navigation';
import { ProjectWorkspace } from './workspace/projectWorkspace';

const connection = createConnection(ProposedFeatures.all);
const workspace = new ProjectWorkspace({
  publish: (uri, diagnostics, version) => void connection.sendDiagnostics({ uri, version, diagnostics }),
  activeProjectsChanged: (projects) => void connection.sendNotification(ActiveProjectChangedNotification, { projects }),
  log: (message) => connection.console.warn(message),
});
let canPullConfiguration = false;
let canWatchFiles = false;
let initialGlobs: string[] | undefined;

function folderOf(uri: string): { uri: string; path: string } | undefined {
  try {
    return { uri, path: fileURLToPath(uri) };
  } catch {
    return undefined;
  }
}

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const folders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])).map((f) => folderOf(f.uri)).filter((f) => !!f);
  workspace.setFolders(folders);
  initialGlobs = (params.initializationOptions as { projectFiles?: string[] } | undefined)?.projectFiles;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [':', ' ', '-', '[', ','] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'zenml-projects', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{yaml,yml}' }],
    });
  }
  if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'zenmlProjects' });
  await refreshSettings(undefined, false);
  await workspace.scan();
  connection.workspace.onDidChangeWorkspaceFolders(async () => {
    const folders = ((await connection.workspace.getWorkspaceFolders()) ?? []).map((f) => folderOf(f.uri)).filter((f) => !!f);
    workspace.setFolders(folders);
    await workspace.scan();
  });
});

/** Reads `zenmlProjects.projectFiles` (pushed, pulled, or from initializationOptions) and rescans. */
async function refreshSettings(pushed?: unknown, rescan = true): Promise<void> {
  let globs: unknown = (pushed as { zenmlProjects?: { projectFiles?: unknown } } | undefined)?.zenmlProjects?.projectFiles;
  if (globs === undefined && canPullConfiguration) {
    const section = (await connection.workspace.getConfiguration('zenmlProjects').catch(() => undefined)) as { projectFiles?: unknown } | undefined;
    globs = section?.projectFiles;
  }
  if (globs === undefined) globs = initialGlobs;
  const list = Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string') : [];
  await workspace.setProjectFileGlobs(list, rescan);
}

connection.onDidChangeConfiguration((params) => refreshSettings(params.settings));
connection.onDidChangeWatchedFiles((params) => workspace.filesChanged(params.changes));
connection.onDidOpenTextDocument(({ textDocument: d }) => workspace.openDocument(d.uri, d.text, d.version));
connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => workspace.changeDocument(d.uri, contentChanges, d.version));
connection.onDidCloseTextDocument(({ textDocument: d }) => workspace.closeDocument(d.uri));

connection.onRequest(ActiveProjectRequest, (params) => workspace.activeProjects(params?.folderUri));
connection.onNotification(ProjectUuidsNotification, (params) => workspace.setProjectUuids(params.projects));

connection.onCompletion(({ textDocument, position }) => {
  const doc = workspace.document(textDocument.uri);
  return doc ? complete(doc, position, workspace) : [];
});
connection.onHover(({ textDocument, position }) => {
  const doc = workspace.document(textDocument.uri);
  return doc ? hover(doc, position, textDocument.uri, workspace) : null;
});
connection.onCodeAction(({ textDocument, context }) => codeActions(workspace.document(textDocument.uri), textDocument.uri, context.diagnostics, context.only));
connection.onDocumentSymbol(({ textDocument }) => {
  const doc = workspace.document(textDocument.uri);
  return doc ? documentSymbols(doc) : [];
});
connection.onFoldingRanges(({ textDocument }) => {
  const doc = workspace.document(textDocument.uri);
  return doc ? foldingRanges(doc) : [];
});
connection.onDefinition(({ textDocument, position }) => {
  const doc = workspace.document(textDocument.uri);
  return doc ? definition(doc, textDocument.uri, position) : [];
});
connection.onReferences(({ textDocument, position, context }) => {
  const doc = workspace.document(textDocument.uri);
  return doc ? references(doc, textDocument.uri, position, context.includeDeclaration) : [];
});
connection.onPrepareRename(({ textDocument, position }) => {
  const doc = workspace.document(textDocument.uri);
  return (doc && prepareRename(doc, position)) ?? null;
});
connection.onRenameRequest(({ textDocument, position, newName }) => {
  const doc = workspace.document(textDocument.uri);
  if (!doc) return null;
  try {
    return rename(doc, textDocument.uri, position, newName) ?? null;
  } catch (e) {
    return new ResponseError(-32803 /* RequestFailed */, (e as Error).message);
  }
});
connection.onCodeLens(({ textDocument }) => {
  const doc = workspace.document(textDocument.uri);
  return doc ? codeLenses(doc, textDocument.uri, workspace) : [];
});

connection.onShutdown(() => workspace.dispose());
connection.listen();
