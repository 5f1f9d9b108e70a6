/**
 * Projects as code in VS Code, against the real local workspace: the drift lens of a new project
 * file ("N changes to apply"), the apply command, the lens once in sync; a role changed on the
 * workspace through the API becoming a warning at the member's line; refusals (a file with errors,
 * a change that leaves no admin unless forced); a failure half-way reported exactly; the access
 * report and its CSV export; import into a new file, into a commented file and into an open one;
 * and a workspace that stops answering. Commands get their answers as arguments (`confirm: false`)
 * as automation would, so that no modal waits for a person.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ZenmlApi } from '../../../common/api/zenmlApi';
import type { ImportOutcome } from '../../../client/src/projectsAsCode/importCommand';
import type { ApplyOutcome, PlanOutcome } from '../../../client/src/projectsAsCode/planCommands';
import type { ReportOutcome } from '../../../client/src/projectsAsCode/accessReportCommand';
import { codeOf, describeDiagnostics, open, replaceText, revertAndCloseAll, waitFor, withCode } from './editorState';
import { failure, harness, ok, setWorkspaceUrl, signIn, signInAs, signInAsAdmin, signInToPro, tearDownAfterRun, tokenOf, type Harness } from './projectsHarness';

tearDownAfterRun();

const PLAN = 'zenmlProjects.planProjectFile';
const APPLY = 'zenmlProjects.applyProjectFile';
const IMPORT = 'zenmlProjects.importProject';
const REPORT = 'zenmlProjects.showAccessReport';

const PROJECT = 'as-code-demo';
const DEMO = `# The demo project, kept as code.
id: ${PROJECT}
name: As Code Demo
description: Kept in project.yaml by the extension-host suite
roles:
  - id: reviewer
    description: Reviews data
    permissions:
      artifact: [read, share]
members:
  - user: ada@example.com   # the lead
    role: admin
  - team: analysts
    role: reviewer
`;

const DRIFT_CODES = new Set(['role-drift', 'member-not-in-workspace', 'member-not-granted', 'member-not-in-file', 'custom-role-drift', 'project-field-drift']);

describe('projects as code in VS Code', () => {
  let h: Harness;
  let file: vscode.Uri;
  const admin = () => new ZenmlApi({ url: h.url, credentials: { apiKey: h.adminApiKey }, proCredential: () => h.proApiKey });

  /** Writes a file under the suite's scratch folder and returns its URI. */
  const write = (relative: string, text: string): vscode.Uri => {
    const full = path.join(h.scratch, 'as-code', relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    return vscode.Uri.file(full);
  };

  /** The drift lens's title (the language server's active-project lens is left out). */
  const driftLens = async (uri: vscode.Uri): Promise<string | undefined> => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    return lenses.map((l) => l.command?.title ?? '').find((t) => !/active project/i.test(t) && t !== '');
  };
  const lensIs = (uri: vscode.Uri, title: string) => {
    let last: string | undefined;
    return waitFor(
      `the drift lens to say '${title}'`,
      async () => (last = await driftLens(uri)) === title,
      () => String(last),
    );
  };
  const driftWarnings = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'zenml-projects' && DRIFT_CODES.has(codeOf(d) ?? ''));
  /** Edits and saves the file: saving reads the workspace again. */
  const touchAndSave = async (doc: vscode.TextDocument) => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), `${doc.getText().endsWith('\n') ? '' : '\n'}# saved again\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'the file was not saved');
  };
  const lineOf = (doc: vscode.TextDocument, text: string) => {
    const offset = doc.getText().indexOf(text);
    assert.ok(offset >= 0, `no '${text}' in ${doc.uri.fsPath}`);
    return doc.positionAt(offset).line;
  };

  before(async () => {
    h = await harness();
    file = write('demo/project.yaml', DEMO);
  });

  afterEach(async () => {
    await revertAndCloseAll();
    const state = h.api.connectionState();
    if (state.kind !== 'connected' || state.user.name !== 'admin' || state.location.url !== h.url) {
      await setWorkspaceUrl(h.url);
      await signInAsAdmin(h);
    }
  });

  it('a new project file shows "5 changes to apply"; after the apply command it is in sync', async () => {
    await open(file);
    await lensIs(file, '$(diff) 5 changes to apply');
    // The language status item says the same, with the project and the workspace it targets.
    await waitFor('the language status item of the file', () => h.api.languageStatus()?.detail === '5 changes to apply', () => JSON.stringify(h.api.languageStatus()));
    assert.deepEqual(h.api.languageStatus(), { uri: file.toString(), text: `$(diff) ${PROJECT} · local`, detail: '5 changes to apply', severity: 'warning' });
    const plan = await ok<PlanOutcome>(PLAN, { uri: file.toString() });
    assert.deepEqual(plan.changes, [
      `+ create project ${PROJECT} ("As Code Demo")`,
      `+ create role reviewer as '${PROJECT}:reviewer' (artifact: read, share)`,
      '+ add user ada@example.com as admin',
      '+ add team analysts as reviewer',
      '- remove user admin (admin): made admin as the project’s creator, not in project.yaml',
    ]);
    const planText = (await vscode.workspace.openTextDocument(vscode.Uri.parse(plan.document))).getText();
    assert.match(planText, new RegExp(`^Project '${PROJECT}' \\(scratch-projects/as-code/demo/project\\.yaml\\) on workspace 'local' at ${h.url.replace(/[.]/g, '\\.')}:\n`, 'm'), planText);
    assert.match(planText, /4 to add, 0 to change, 1 to remove\./);
    // The plan document stands for its file (its title bar's Apply passes the plan's URI).
    assert.equal((await ok<PlanOutcome>(PLAN, vscode.Uri.parse(plan.document))).file, file.toString());

    const applied = await ok<ApplyOutcome>(APPLY, { uri: file.toString(), confirm: false });
    assert.deepEqual(applied.applied, plan.changes);
    assert.equal(applied.failed, undefined);
    assert.deepEqual(applied.notApplied, []);
    await lensIs(file, '$(check) In sync with local');
    // The plan document's new content reaches the editor's copy of it asynchronously.
    const appliedDoc = await vscode.workspace.openTextDocument(vscode.Uri.parse(applied.document));
    await waitFor('the plan document to say what was applied', () => /Applied 5 changes\.\n$/.test(appliedDoc.getText()), () => appliedDoc.getText());
    await open(file);
    await waitFor('the language status item in sync', () => h.api.languageStatus()?.detail === 'in sync', () => JSON.stringify(h.api.languageStatus()));
    assert.equal(h.api.languageStatus()?.text, `$(check) ${PROJECT} · local`);

    // Running it twice changes nothing the second time.
    const again = await ok<ApplyOutcome>(APPLY, { uri: file.toString(), confirm: false });
    assert.deepEqual([again.changes, again.applied], [[], []]);
  });

  it('a member who manages no one sees the file in sync, though it names its admin by e-mail', async () => {
    // edsger holds the custom reviewer role here through the analysts team; to him ZenML shows
    // no one's e-mail, so ada@example.com is found by looking that whole address up. ZenML Pro
    // first, so that the new connection reads everything as edsger.
    assert.ok((await signInToPro(h.pats.get('edsger')!)).ok);
    assert.equal((await signIn(await tokenOf(h, 'edsger'))).kind, 'connected');
    await open(file);
    await lensIs(file, '$(check) In sync with local');
    assert.deepEqual(driftWarnings(file).map((d) => d.message), []);
  });

  it('signing out of ZenML Pro and in again reads members and roles again: the lens follows', async () => {
    // Without the periodic re-read, so that only the change of credential can bring the lens along.
    const settings = vscode.workspace.getConfiguration('zenmlProjects');
    await settings.update('drift.refreshSeconds', 0, vscode.ConfigurationTarget.Global);
    try {
      await open(file);
      await lensIs(file, '$(check) In sync with local');
      assert.ok((await vscode.commands.executeCommand<{ ok: boolean }>('zenmlProjects.signOutOfPro'))?.ok);
      let last: string | undefined;
      await waitFor('the lens to say members and roles cannot be read', async () => /ZenML Pro|cannot/i.test((last = await driftLens(file)) ?? ''), () => String(last));
      assert.ok((await signInToPro(h.proApiKey)).ok);
      await lensIs(file, '$(check) In sync with local');
    } finally {
      await settings.update('drift.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Apply on the plan document applies what it shows, without asking again', async () => {
    const api = admin();
    await api.updateProject((await api.getProject(PROJECT)).id, { description: 'Changed elsewhere' });
    const plan = await ok<PlanOutcome>(PLAN, { uri: file.toString() });
    assert.deepEqual(plan.changes, ['~ description: "Changed elsewhere" → "Kept in project.yaml by the extension-host suite"']);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.parse(plan.document))) ?? [];
    const apply = lenses.find((l) => l.command?.command === APPLY)?.command;
    assert.equal(apply?.title, '$(cloud-upload) Apply 1 Change');
    // What the lens passes, as it passes it: no `confirm: false` — a confirmation would never be answered here.
    const applied = await ok<ApplyOutcome>(APPLY, apply!.arguments![0]);
    assert.deepEqual(applied.applied, plan.changes);
    await lensIs(file, '$(check) In sync with local');
  });

  it('a member whose role is changed on the workspace gets a warning at its line', async () => {
    const api = admin();
    const project = await api.getProject(PROJECT);
    const roles = await api.roles();
    const role = (name: string) => roles.find((r) => r.name === name)!.id;
    const ada = (await api.proUsers()).find((u) => u.email === 'ada@example.com')!;
    await api.assignRole(role('Project Developer'), { user_id: ada.id, project_id: project.id });
    await api.unassignRole(role('Project Admin'), { user_id: ada.id, project_id: project.id });

    const doc = await open(file);
    await touchAndSave(doc);
    const [warning] = await waitFor('a role-drift warning', () => withCode(file, 'role-drift').length === 1 && withCode(file, 'role-drift'), () => describeDiagnostics(file));
    assert.equal(warning.message, 'ada@example.com holds developer in the workspace, not admin.');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning.range.start.line, lineOf(doc, 'user: ada@example.com'));
    assert.equal(doc.getText(warning.range), 'ada@example.com');
    assert.deepEqual(driftWarnings(file).map(codeOf), ['role-drift']);
    await lensIs(file, '$(diff) 1 change to apply');

    const applied = await ok<ApplyOutcome>(APPLY, { uri: file.toString(), confirm: false });
    assert.deepEqual(applied.applied, ['~ user ada@example.com: developer → admin']);
    await lensIs(file, '$(check) In sync with local');
    await waitFor('the warning to go', () => driftWarnings(file).length === 0, () => describeDiagnostics(file));
  });

  it('a file with errors is not compared, and apply refuses it naming the line', async () => {
    const broken = write('broken/project.yaml', `id: ${PROJECT}\nmembers:\n  - user: ada@example.com\n    role: owner\n`);
    await open(broken);
    await lensIs(broken, '$(error) Fix the errors to compare with local');
    const error = await failure(APPLY, { uri: broken.toString(), confirm: false });
    assert.match(error, /^scratch-projects\/as-code\/broken\/project\.yaml has errors; fix them first \(the Problems panel lists them\): scratch-projects\/as-code\/broken\/project\.yaml:4:11: .*'owner'/);
    assert.deepEqual(driftWarnings(broken), []);
  });

  it('a file with a YAML syntax error keeps its lens, saying to fix the errors first', async () => {
    const broken = write('syntax/project.yaml', 'id: syntax-demo\nmembers: [\n');
    await open(broken);
    await lensIs(broken, '$(error) Fix the errors to compare with local');
  });

  it('a project file named by the projectFiles glob gets the drift lens and Plan, like a project.yaml', async () => {
    const settings = vscode.workspace.getConfiguration('zenmlProjects');
    // Another project: the same ID in two files of one workspace would be an error.
    const glob = write('teams/payments-demo.yaml', DEMO.replace(`id: ${PROJECT}`, 'id: glob-demo'));
    await settings.update('projectFiles', ['scratch-projects/as-code/teams/*.yaml'], vscode.ConfigurationTarget.Workspace);
    try {
      await open(glob);
      await lensIs(glob, '$(diff) 5 changes to apply');
      const plan = await ok<PlanOutcome>(PLAN, { uri: glob.toString() });
      assert.equal(plan.changes.length, 5);
      assert.equal(plan.file, glob.toString());
    } finally {
      await settings.update('projectFiles', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a failure half-way says what was applied, what failed and what was not, and leaves the rest untouched', async () => {
    // ada is Project Admin here but no workspace admin: she may describe the project, not create roles.
    const halfway = write(
      'halfway/project.yaml',
      DEMO.replace('Kept in project.yaml by the extension-host suite', 'Changed by ada').replace(
        '  - team: analysts\n',
        // By username: to ada (no workspace admin) the Pro API shows no one else's e-mail.
        '  - user: alan\n    role: auditor\n  - team: analysts\n',
      ).replace('roles:\n', 'roles:\n  - id: auditor\n    permissions:\n      model: [read]\n'),
    );
    const state = await signInAs(h, 'ada');
    assert.equal(state.kind, 'connected');
    const result = await ok<ApplyOutcome>(APPLY, { uri: halfway.toString(), confirm: false });
    assert.deepEqual(result.applied, ['~ description: "Kept in project.yaml by the extension-host suite" → "Changed by ada"']);
    assert.equal(result.failed?.change, `+ create role auditor as '${PROJECT}:auditor' (model: read)`);
    assert.match(result.failed!.error, /not allowed|does not allow/);
    assert.deepEqual(result.notApplied, ['+ add user alan as auditor']);
    const report = (await vscode.workspace.openTextDocument(vscode.Uri.parse(result.document))).getText();
    assert.match(report, /Stopped at the first failure: 1 applied, 1 failed, 1 not applied\.\n$/);

    await signInAsAdmin(h);
    const api = admin();
    assert.equal((await api.getProject(PROJECT)).metadata?.description, 'Changed by ada');
    assert.equal((await api.roles()).some((r) => r.name === `${PROJECT}:auditor`), false, 'the failed role must not exist');
    const plan = await ok<PlanOutcome>(PLAN, { uri: halfway.toString() });
    assert.deepEqual(plan.changes, [`+ create role auditor as '${PROJECT}:auditor' (model: read)`, '+ add user alan as auditor']);
    // Back to what the demo file says.
    await ok<ApplyOutcome>(APPLY, { uri: file.toString(), confirm: false });
  });

  it('the access report marks who differs from project.yaml, and exports as CSV', async () => {
    const doc = await open(file);
    await lensIs(file, '$(check) In sync with local');
    // Unsaved: the report reads the editor's text.
    await replaceText(doc, 'role: reviewer', 'role: viewer');
    const report = await ok<ReportOutcome>(REPORT, { uri: file.toString() });
    assert.equal(report.projectId, PROJECT);
    const byUser = new Map(report.rows.map((r) => [r.user, r]));
    assert.equal(byUser.get('ada@example.com')?.status, 'same');
    for (const user of ['edsger@example.com', 'ken@example.com']) {
      const row = byUser.get(user);
      assert.equal(row?.status, 'differs', JSON.stringify(report.rows));
      assert.deepEqual(row.declared, [{ role: 'viewer', via: 'analysts' }]);
      assert.deepEqual(row.actual, [{ role: 'reviewer', via: 'analysts' }]);
    }
    assert.equal(report.differences, 2);
    assert.match(report.markdown, /^\| edsger@example\.com \| viewer \(via analysts\) \| .* \| reviewer \(via analysts\) \| .* \| \*\*differs\*\* \|$/m);

    const csv = path.join(h.scratch, 'as-code', 'exports', 'access.csv');
    const exported = await ok<ReportOutcome>(REPORT, { uri: file.toString(), exportAs: 'csv', to: csv });
    assert.equal(exported.exported, vscode.Uri.file(csv).toString());
    const lines = readFileSync(csv, 'utf8').split('\n');
    assert.equal(lines[0], 'user,declared roles,declared rights,workspace roles,workspace rights,status');
    assert.match(lines.find((l) => l.startsWith('ken@example.com,'))!, /^ken@example\.com,viewer \(via analysts\),.*,reviewer \(via analysts\),.*,differs$/);
  });

  it('a change that leaves the project without an admin is refused unless forced', async () => {
    const noAdmin = write('no-admin/project.yaml', DEMO.replace('    role: admin\n', '    role: developer\n'));
    const error = await failure(APPLY, { uri: noAdmin.toString(), confirm: false });
    assert.match(error, new RegExp(`would leave the project '${PROJECT}' without a Project Admin`));
    const unchanged = await ok<PlanOutcome>(PLAN, { uri: noAdmin.toString() });
    assert.deepEqual(unchanged.changes, ['~ user ada@example.com: admin → developer']);
    const forced = await ok<ApplyOutcome>(APPLY, { uri: noAdmin.toString(), confirm: false, force: true });
    assert.deepEqual(forced.applied, ['~ user ada@example.com: admin → developer']);
    await open(noAdmin);
    await lensIs(noAdmin, '$(check) In sync with local');
  });

  it('import writes a new project file that plans in sync', async () => {
    const target = path.join(h.scratch, 'as-code', 'imported', 'recommendations', 'project.yaml');
    const result = await ok<ImportOutcome>(IMPORT, { project: 'recommendations', file: target });
    assert.deepEqual(result, { file: vscode.Uri.file(target).toString(), projectId: 'recommendations', created: true, changed: true });
    const text = readFileSync(target, 'utf8');
    assert.match(text, /^id: recommendations\nname: Recommendations\n/);
    assert.match(text, /- user: grace@example\.com\n {4}role: admin\n/);
    const plan = await ok<PlanOutcome>(PLAN, { uri: vscode.Uri.file(target).toString() });
    assert.deepEqual([plan.changes, plan.problems], [[], []]);
    await lensIs(vscode.Uri.file(target), '$(check) In sync with local');
  });

  it('import into an existing file keeps its comments; into an open file, through the editor', async () => {
    const existing = write(
      'commented/project.yaml',
      '# Recommendations, kept as code: review changes like code.\nid: recommendations\nname: Old Name # how the dashboard shows it\nmembers:\n  - user: grace@example.com # the owner\n    role: viewer\n',
    );
    const result = await ok<ImportOutcome>(IMPORT, { project: 'recommendations', file: existing.fsPath });
    assert.equal(result.created, false);
    assert.equal(result.changed, true);
    const text = readFileSync(existing.fsPath, 'utf8');
    for (const comment of ['# Recommendations, kept as code: review changes like code.\n', 'name: Recommendations # how the dashboard shows it\n', '  - user: grace@example.com # the owner\n    role: admin\n']) {
      assert.ok(text.includes(comment), `'${comment}' is missing from:\n${text}`);
    }
    assert.deepEqual((await ok<PlanOutcome>(PLAN, { uri: existing.toString() })).changes, []);

    // Open with unsaved edits: the import edits the buffer (undo works), the edits stay, disk is left alone.
    const doc = await open(existing);
    await replaceText(doc, 'role: admin', 'role: viewer');
    await replaceText(doc, 'id: recommendations\n', 'id: recommendations\n# an unsaved note\n');
    const again = await ok<ImportOutcome>(IMPORT, { project: 'recommendations', file: existing.toString() });
    assert.equal(again.changed, true);
    assert.ok(doc.isDirty, 'the unsaved edits stay unsaved');
    assert.ok(doc.getText().includes('# an unsaved note\n'), doc.getText());
    assert.ok(doc.getText().includes('  - user: grace@example.com # the owner\n    role: admin\n'), doc.getText());
    assert.equal(readFileSync(existing.fsPath, 'utf8'), text, 'the file on disk is left alone');
  });

  it('a workspace that stops answering: "Workspace unreachable", no warnings, validation goes on; then back', async () => {
    // A relay in front of the local workspace that the test can take away and bring back.
    const relay = await startRelay(h.url);
    // No timer: each save must read the workspace again by itself, and a save right after an
    // edit is compared as the saved text declares it (not as the previous reading did).
    const drift = vscode.workspace.getConfiguration('zenmlProjects');
    await drift.update('drift.refreshSeconds', 0, vscode.ConfigurationTarget.Global);
    try {
      await setWorkspaceUrl(relay.url);
      assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
      const doc = await open(file);
      await replaceText(doc, 'role: admin', 'role: viewer');
      await waitFor('a role-drift warning', () => withCode(file, 'role-drift').length === 1, () => describeDiagnostics(file));

      await relay.stop();
      await doc.save();
      await lensIs(file, '$(debug-disconnect) Workspace unreachable');
      assert.deepEqual(driftWarnings(file), [], 'no drift is claimed without the workspace');
      // The language server still checks the file.
      await replaceText(doc, 'role: viewer', 'role: owner');
      await waitFor('the unknown role reported while offline', () => withCode(file, 'unknown-role').length === 1, () => describeDiagnostics(file));
      await replaceText(doc, 'role: owner', 'role: viewer');

      await relay.start();
      await doc.save();
      await lensIs(file, '$(diff) 1 change to apply');
      await waitFor('the role-drift warning back', () => withCode(file, 'role-drift').length === 1, () => describeDiagnostics(file));
    } finally {
      await drift.update('drift.refreshSeconds', undefined, vscode.ConfigurationTarget.Global);
      await relay.stop();
    }
  });
});

/** An HTTP relay to `target` on a port of its own, which can be stopped (connections cut) and started again on that port. */
async function startRelay(target: string): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  const to = new URL(target);
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = async () => {
    const s = createServer((req, res) => {
      const forward = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', () => resolve()));
    port = (s.address() as { port: number }).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  await start();
  return { url: `http://127.0.0.1:${port}`, stop, start };
}
