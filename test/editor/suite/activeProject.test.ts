/**
 * The active project as the extension follows it in VS Code: the language server resolves the
 * fixture folder's `.zen/config.yaml`, announces it (zenmlProjects/activeProjectChanged), and the
 * extension's API reports it. One test rewrites that file on disk, as `zenml project set` does,
 * and puts it back; the original text is restored whatever happens.
 *
 * The runner (code-server-exec) keeps the machine's ZENML_* settings away from the extension host,
 * so the fixture's repository config is what decides, and no workspace is connected.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ZenmlProjectsApi } from '../../../client/src/extension';
import type { ActiveProjectInfo } from '../../../common/protocol';
import { fixture, open, revertAndCloseAll, waitFor } from './editorState';

const EXTENSION_ID = 'zenml-projects.zenml-projects';
/** The UUID test/fixtures/editor-workspace/.zen/config.yaml holds. */
const FIXTURE_UUID = '6f1c2b7e-3d4a-4f5b-8c9d-0e1f2a3b4c5d';
/** What the test writes in its place, as if another project had been made active. */
const OTHER_UUID = '0b9d4e3c-2a1f-4e6d-8c7b-5a4f3e2d1c0b';

function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'VS Code opened no workspace folder; the runner must open test/fixtures/editor-workspace');
  return f;
}

/** The fixture folder's entry in a list of resolutions. */
function forFolder(projects: readonly ActiveProjectInfo[]): ActiveProjectInfo | undefined {
  return projects.find((p) => p.folderUri === folder().uri.toString());
}

function show(projects: readonly ActiveProjectInfo[]): string {
  return JSON.stringify(projects, null, 2);
}

/** Writes through a temporary file and a rename, as the ZenML client's config writes do. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

describe('the active project in VS Code', () => {
  const configUri = () => fixture('.zen', 'config.yaml');
  let api: ZenmlProjectsApi;
  let original: string;

  /** Puts the fixture's config back if a test left it changed. */
  const restore = () => {
    if (original !== undefined && readFileSync(configUri().fsPath, 'utf8') !== original) writeAtomically(configUri().fsPath, original);
  };

  before(async () => {
    const extension = vscode.extensions.getExtension<ZenmlProjectsApi>(EXTENSION_ID);
    assert.ok(extension, 'the extension under development is not loaded');
    api = await extension.activate();
    assert.equal(typeof api?.activeProjects, 'function', 'activate() returned no API with activeProjects()');
    await api.clientReady;
    // The language server inherits the extension host's environment: a ZENML_* variable of the
    // machine would override the fixture or connect a workspace. Names only: values may be keys.
    const leaked = Object.keys(process.env).filter((name) => name.startsWith('ZENML_') && name !== 'ZENML_CONFIG_PATH');
    assert.deepEqual(leaked, [], "the extension host has the machine's ZenML settings; the runner must not pass them on");
    original = readFileSync(configUri().fsPath, 'utf8');
    assert.ok(original.includes(`active_project_id: ${FIXTURE_UUID}`), `${configUri().fsPath} no longer holds active_project_id: ${FIXTURE_UUID}:\n${original}`);
  });

  afterEach(async () => {
    restore();
    await revertAndCloseAll();
  });

  after(restore);

  it("reports the folder's active project from its .zen/config.yaml", async () => {
    const info = await waitFor('the fixture folder in the API', () => forFolder(api.activeProjects()), () => show(api.activeProjects()));
    assert.equal(info.source, 'repository', show([info]));
    assert.equal(info.value, FIXTURE_UUID);
    assert.equal(info.uuid, FIXTURE_UUID);
    assert.equal(info.origin, configUri().fsPath);
    assert.equal(info.repositoryRoot, folder().uri.fsPath);
    assert.equal(info.projectId, undefined, 'no workspace is connected in this run, so nothing should map the UUID to a project ID');
    assert.deepEqual(info.problems, []);
  });

  it('announces a change of .zen/config.yaml on disk through onDidChangeActiveProjects', async () => {
    const announced: (readonly ActiveProjectInfo[])[] = [];
    const subscription = api.onDidChangeActiveProjects((projects) => announced.push(projects));
    const seen = () => (announced.length ? announced.map(show).join('\n') : '(no announcement)');
    const announcedValue = (value: string) => () => announced.map(forFolder).find((info) => info?.value === value);
    try {
      await waitFor('the fixture UUID in the API', () => forFolder(api.activeProjects())?.value === FIXTURE_UUID, () => show(api.activeProjects()));

      writeAtomically(configUri().fsPath, original.replace(FIXTURE_UUID, OTHER_UUID));
      const changed = await waitFor(`an announcement of ${OTHER_UUID}`, announcedValue(OTHER_UUID), seen);
      assert.equal(changed.source, 'repository');
      assert.equal(changed.uuid, OTHER_UUID);
      assert.equal(changed.origin, configUri().fsPath);
      assert.equal(forFolder(api.activeProjects())?.value, OTHER_UUID, 'activeProjects() lags behind the announcement');

      // Back to the fixture's text: the server follows that too.
      announced.length = 0;
      writeAtomically(configUri().fsPath, original);
      await waitFor(`an announcement of ${FIXTURE_UUID} after the restore`, announcedValue(FIXTURE_UUID), seen);
    } finally {
      subscription.dispose();
      restore();
    }
  });

  it('offers "Set as active project" in a code lens above the ID of a project file that is not active', async () => {
    const uri = fixture('valid', 'project.yaml');
    const doc = await open(uri);
    const idLine = doc.getText().split('\n').findIndex((l) => l.startsWith('id: '));
    assert.equal(doc.lineAt(idLine).text, 'id: fraud-detection');

    const lenses = await waitFor(
      'a code lens on valid/project.yaml',
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found.length > 0 && found;
      },
      () => '(no code lens)',
    );
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, JSON.stringify(l.command?.arguments)]),
      [[idLine, 'Set as active project', 'zenmlProjects.setActiveProject', JSON.stringify([{ projectId: 'fraud-detection', uri: uri.toString() }])]],
    );
  });
});
