/**
 * The ZenML Projects language server: LSP wiring around the engine in ./engine. It keeps each
 * open project file as a ProjectDocument, applies incremental changes to it, and publishes its
 * diagnostics after every change. It never touches the network.
 */
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { complete } from './features/completion';
import { offsetByLines, Position, ProjectDocument } from './engine/projectDocument';
import { ProjectFileMatcher } from './projectFiles';

interface OpenFile {
  uri: string;
  path: string | undefined;
  version: number;
  /** Present while the file is a project file by name; plain text is kept otherwise. */
  doc: ProjectDocument | undefined;
  text: string;
}

const connection = createConnection(ProposedFeatures.all);
const files = new Map<string, OpenFile>();
let roots: string[] = [];
let matcher = new ProjectFileMatcher([], []);
let canPullConfiguration = false;

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  roots = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri)).filter((p): p is string => !!p);
  if (!roots.length && params.rootUri) roots = [pathOf(params.rootUri)].filter((p): p is string => !!p);
  const globs = (params.initializationOptions as { projectFiles?: string[] } | undefined)?.projectFiles;
  if (globs) matcher = new ProjectFileMatcher(globs, roots);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [':', ' '] },
    },
    serverInfo: { name: 'zenml-projects', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'zenmlProjects' });
    await refreshSettings();
  }
});

async function refreshSettings(pushed?: unknown): Promise<void> {
  let globs: unknown = (pushed as { zenmlProjects?: { projectFiles?: unknown } } | undefined)?.zenmlProjects?.projectFiles;
  if (globs === undefined && canPullConfiguration) {
    const section = (await connection.workspace.getConfiguration('zenmlProjects').catch(() => undefined)) as { projectFiles?: unknown } | undefined;
    globs = section?.projectFiles;
  }
  matcher = new ProjectFileMatcher(Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string') : [], roots);
  for (const f of files.values()) classify(f);
}

connection.onDidChangeConfiguration((params) => refreshSettings(params.settings));

/** (Re)decides whether an open file is a project file by name, then publishes. */
function classify(f: OpenFile): void {
  const byName = f.path !== undefined && matcher.isProjectFile(f.path);
  if (byName && !f.doc) f.doc = new ProjectDocument(f.text);
  if (!byName && f.doc) {
    f.text = f.doc.text;
    f.doc = undefined;
  }
  publish(f);
}

function publish(f: OpenFile): void {
  const doc = f.doc;
  const explicit = f.path !== undefined && matcher.matchesSetting(f.path);
  const diagnostics = doc && (explicit || doc.isProjectContent()) ? doc.diagnostics(f.uri) : [];
  void connection.sendDiagnostics({ uri: f.uri, version: f.version, diagnostics });
}

connection.onDidOpenTextDocument(({ textDocument }) => {
  const f: OpenFile = { uri: textDocument.uri, path: pathOf(textDocument.uri), version: textDocument.version, doc: undefined, text: textDocument.text };
  files.set(f.uri, f);
  classify(f);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const f = files.get(textDocument.uri);
  if (!f) return;
  f.version = textDocument.version;
  if (f.doc) {
    f.doc.update(contentChanges);
    publish(f);
  } else {
    for (const c of contentChanges) f.text = 'range' in c && c.range ? applyPlain(f.text, c.range, c.text) : c.text;
  }
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  if (files.get(textDocument.uri)?.doc) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  files.delete(textDocument.uri);
});

connection.onCompletion(({ textDocument, position }) => {
  const doc = files.get(textDocument.uri)?.doc;
  return doc ? complete(doc, position) : [];
});

/** Applies a ranged change to a document we only hold as text (not a project file). */
function applyPlain(text: string, range: { start: Position; end: Position }, insert: string): string {
  return text.slice(0, offsetByLines(text, range.start)) + insert + text.slice(offsetByLines(text, range.end));
}

connection.listen();
