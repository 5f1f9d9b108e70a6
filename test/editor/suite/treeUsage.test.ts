/**
 * Usage counts on the tree's project rows, against the real local workspace with its demo content
 * through a proxy that counts the requests (and fails some on cue): each row's description and
 * tooltip say what the workspace itself lists (asked here over HTTP, item by item), a project
 * without runs says it is idle, the counts are read once per project however often the rows are
 * drawn and again on Refresh, and a read that fails leaves the row without counts, says why in the
 * tooltip (redacted) and in the log once. On a plain ZenML server with a page of many projects,
 * behind a slow network, only a few projects are read at a time.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HostileProxy } from '../../lib/hostileProxy';
import type { TreeNode } from '../../../client/src/views/treeNodes';
import { waitFor } from './editorState';
import { USAGE_READS_IN_FLIGHT } from '../../../client/src/views/projectUsages';
import {
  children,
  EXTENSION_ID,
  harness,
  labelOf,
  ok,
  removeAfterRun,
  setWorkspaceUrl,
  signIn,
  signInAs,
  signInAsAdmin,
  startWorkspace,
  tearDownAfterRun,
  tooltipOf,
  withoutUsage,
  type Harness,
} from './projectsHarness';

tearDownAfterRun();

const RECENT_DAYS = 30;

interface Expected {
  name: string;
  pipelines: number;
  runs: number;
  artifacts: number;
  artifactVersions: number;
  models: number;
  recentRuns: number;
  /** The newest run's creation time as the API sends it. */
  newestRun?: string;
}

/** Every item of a list, read page after page (never a total: the items are counted here). */
async function listAll(h: Harness, route: string, project: string, token = h.adminApiKey): Promise<{ body?: { created?: string } }[]> {
  const items: { body?: { created?: string } }[] = [];
  for (let page = 1; ; page++) {
    const res = await fetch(`${h.url}/api/v1/${route}?project=${encodeURIComponent(project)}&size=100&page=${page}&hydrate=false`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `${route} of ${project}: ${await res.clone().text()}`);
    const body = (await res.json()) as { items: { body?: { created?: string } }[]; total_pages: number };
    items.push(...body.items);
    if (page >= body.total_pages || !body.items.length) return items;
  }
}

/** ZenML's times are UTC, sent without an offset. */
const utc = (iso: string) => new Date(/Z$|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);

/** What the workspace holds in a project, counted from its lists. */
async function workspaceCounts(h: Harness, name: string, token = h.adminApiKey): Promise<Expected> {
  const [pipelines, runs, artifacts, artifactVersions, models] = await Promise.all(['pipelines', 'runs', 'artifacts', 'artifact_versions', 'models'].map((r) => listAll(h, r, name, token)));
  const since = Date.now() - RECENT_DAYS * 24 * 3600 * 1000;
  const created = runs.map((r) => r.body?.created).filter((c): c is string => !!c).sort((a, b) => utc(b).getTime() - utc(a).getTime());
  return {
    name,
    pipelines: pipelines.length,
    runs: runs.length,
    artifacts: artifacts.length,
    artifactVersions: artifactVersions.length,
    models: models.length,
    recentRuns: created.filter((c) => utc(c).getTime() >= since).length,
    newestRun: created[0],
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** The row's counts; the tooltip's (`versions`) give the artifacts' versions too. */
const countsText = (e: Expected, versions = false) =>
  [plural(e.pipelines, 'pipeline'), plural(e.runs, 'run'), plural(e.artifacts, 'artifact') + (versions ? ` (${plural(e.artifactVersions, 'version')})` : ''), plural(e.models, 'model')].join(' · ');

describe('usage counts on the project rows', () => {
  let h: Harness;
  let proxy: HostileProxy;

  /** The workspace node (under the organization, when there is one). */
  async function workspaceNode(): Promise<TreeNode> {
    const roots = await children(h);
    const inner = roots[0]?.node.kind === 'organization' ? await children(h, roots[0].node) : roots;
    const ws = inner.find((r) => r.node.kind === 'workspace');
    assert.ok(ws, `no workspace node: ${inner.map((r) => labelOf(r.item)).join(', ')}`);
    return ws.node;
  }

  /** The project rows, drawn (each call is a drawing of every row, as the view makes). */
  async function projectRows() {
    return (await children(h, await workspaceNode())).filter((c) => c.node.kind === 'project');
  }

  /** Draws the rows until every one has its counts (or says why not). */
  async function rowsWithCounts() {
    return waitFor(
      'every project row to have its usage counts',
      async () => {
        const rows = await projectRows();
        return rows.length > 0 && rows.every((r) => !tooltipOf(r.item).includes('Usage: reading…')) && rows;
      },
      () => 'still reading',
    );
  }

  const statisticsRequests = (name: string) => proxy.seen.filter((s) => s.method === 'GET' && s.path.startsWith(`/api/v1/projects/${encodeURIComponent(name)}/statistics`)).length;
  const projectName = (node: TreeNode) => (node.kind === 'project' ? node.project.name! : '');

  /** Waits until no request has reached the workspace for a second. */
  async function settled(): Promise<void> {
    let last = -1;
    await waitFor(
      'the requests to end',
      async () => {
        const n = proxy.seen.length;
        if (n === last) return true;
        last = n;
        await new Promise((r) => setTimeout(r, 1_000));
        return false;
      },
      () => `${proxy.seen.length} so far`,
    );
  }

  before(async () => {
    h = await harness();
    proxy = await HostileProxy.start(h.url);
    await setWorkspaceUrl(proxy.url);
    assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
    // The view open, so that VS Code draws the rows too.
    await vscode.commands.executeCommand('zenmlProjects.projects.focus');
  });

  after(async () => {
    proxy.rules = [];
    await setWorkspaceUrl(h.url);
    await signInAsAdmin(h);
    await proxy.stop();
    // The view hidden again, as the suites after this one expect it.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it("each row's description and tooltip say what the workspace lists: pipelines, runs, artifacts (and their versions in the tooltip), models, recent runs, the newest run", async () => {
    const rows = await rowsWithCounts();
    assert.ok(rows.length >= 2, 'the demo has several projects');
    for (const row of rows) {
      const e = await workspaceCounts(h, projectName(row.node));
      const before = withoutUsage(row.item.description);
      assert.equal(row.item.description, `${before} · ${countsText(e)}${e.recentRuns === 0 ? ' · idle' : ''}`, `the row of ${e.name}`);
      const tip = tooltipOf(row.item);
      assert.ok(tip.includes(`Usage: ${countsText(e, true)}`), `the tooltip of ${e.name} has its counts, with the artifacts' versions:\n${tip}`);
      if (e.recentRuns) assert.ok(tip.includes(`${plural(e.recentRuns, 'run')} in the last ${RECENT_DAYS} days`), `the tooltip of ${e.name} has its recent runs:\n${tip}`);
      if (e.newestRun) assert.ok(tip.includes(`newest run: ${utc(e.newestRun).toLocaleString()}`), `the tooltip of ${e.name} has its newest run's date:\n${tip}`);
    }
    // What the row said before stays first: the folder's active project is still marked so.
    assert.ok(rows.some((r) => /^fraud-detection · active · \d+ pipelines? · /.test(String(r.item.description))), rows.map((r) => r.item.description).join('\n'));
  });

  it('a project without runs in the last 30 days says it is idle', async () => {
    const rows = await rowsWithCounts();
    const counted = await Promise.all(rows.map(async (r) => ({ row: r, e: await workspaceCounts(h, projectName(r.node)) })));
    const idle = counted.filter((c) => c.e.recentRuns === 0);
    assert.ok(idle.length > 0, `the demo has a project without runs (its default project): ${counted.map((c) => `${c.e.name}: ${c.e.recentRuns}`).join(', ')}`);
    for (const { row, e } of idle) {
      assert.match(String(row.item.description), / · idle$/, `the row of ${e.name}`);
      const tip = tooltipOf(row.item);
      assert.ok(tip.includes(`Idle: no runs in the last ${RECENT_DAYS} days`), `the tooltip of ${e.name}:\n${tip}`);
      if (!e.runs) assert.ok(tip.includes('no runs yet'), `the tooltip of ${e.name}:\n${tip}`);
    }
    for (const { row, e } of counted.filter((c) => c.e.recentRuns > 0)) assert.doesNotMatch(String(row.item.description) + tooltipOf(row.item), /idle/i, `${e.name} has recent runs`);
  });

  it('the counts are read once per project however often the rows are drawn, and again on Refresh', async () => {
    await settled();
    const names = (await rowsWithCounts()).map((r) => projectName(r.node));
    const earlier = names.map(statisticsRequests);
    /** Statistics requests per project since this test began. */
    const reads = () => names.map((n, i) => statisticsRequests(n) - earlier[i]);
    await ok('zenmlProjects.refresh');
    await rowsWithCounts();
    await settled();
    assert.deepEqual(reads(), names.map(() => 1), `statistics requests per project (${names.join(', ')})`);
    const before = proxy.seen.length;
    for (let i = 0; i < 5; i++) {
      const rows = await projectRows();
      assert.ok(rows.every((r) => tooltipOf(r.item).includes('Usage: ') && !tooltipOf(r.item).includes('reading…')), 'every row keeps its counts');
    }
    // The whole tree drawn again, as a change of the active project does: VS Code draws every row again.
    for (let i = 0; i < 3; i++) (h.api.projectTree as unknown as { redraw(): void }).redraw();
    await settled();
    assert.deepEqual(proxy.seen.slice(before).map((s) => `${s.method} ${s.path}`), [], 'drawing the rows again asks the workspace nothing');
    assert.deepEqual(reads(), names.map(() => 1));

    await ok('zenmlProjects.refresh');
    await rowsWithCounts();
    await settled();
    assert.deepEqual(reads(), names.map(() => 2), 'Refresh reads every shown project again');
  });

  it('a failed read: the row without counts, the tooltip says why (redacted), the log says it once; the other rows keep theirs', async () => {
    const rows = await rowsWithCounts();
    const failing = projectName(rows[0].node);
    // The workspace's error echoes the caller's bearer token, as a careless server's might.
    proxy.rules.push((r) =>
      r.path.startsWith(`/api/v1/projects/${encodeURIComponent(failing)}/statistics`) ? { status: 500, body: { detail: `statistics store down for ${r.headers.authorization?.slice(7)}` } } : undefined,
    );
    const logged = () => h.api.output().log.filter((l) => l.includes(`Usage counts of project '${failing}'`));
    const loggedBefore = logged().length;
    await ok('zenmlProjects.refresh');
    const after = await rowsWithCounts();
    const row = after.find((r) => projectName(r.node) === failing)!;
    assert.equal(row.item.description, withoutUsage(row.item.description), 'no counts on the failed row');
    assert.ok(row.item.description, 'the row keeps its description');
    const tip = tooltipOf(row.item);
    assert.match(tip, /Usage counts could not be read: Could not read the project statistics: the workspace at \S+ failed \(HTTP 500\)\. The server said: statistics store down for \\\*\\\*\\\*\./);
    assert.ok(tip.includes('Refresh to read them again.'), tip);
    const tokens = [...new Set(proxy.seen.map((s) => s.headers.authorization?.slice(7)).filter((t): t is string => !!t))];
    for (const t of tokens) assert.ok(!tip.includes(t) && !logged().some((l) => l.includes(t)), 'the token is not shown');
    for (const other of after.filter((r) => r !== row)) assert.match(String(other.item.description), / · \d+ pipelines? · /, `${labelOf(other.item)} keeps its counts`);

    // Drawn again and again: not read again, not logged again.
    await settled();
    const asked = statisticsRequests(failing);
    for (let i = 0; i < 5; i++) await projectRows();
    (h.api.projectTree as unknown as { redraw(): void }).redraw();
    await settled();
    assert.equal(statisticsRequests(failing), asked, 'the failed read is not tried again on drawing');
    assert.equal(logged().length - loggedBefore, 1, `logged once:\n${logged().join('\n')}`);
    proxy.rules = [];
  });

  /** The Pro API's answer to the admin (its Pro API key as the bearer token). */
  async function pro(method: string, route: string, body: unknown): Promise<{ id?: string }> {
    const info = (await (await fetch(`${h.url}/api/v1/info`)).json()) as { pro_api_url?: string };
    assert.ok(info.pro_api_url, 'the demo workspace is a ZenML Pro one');
    const res = await fetch(`${info.pro_api_url}${route}`, { method, headers: { authorization: `Bearer ${h.proApiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    assert.equal(res.status, 200, `${method} ${route}: ${text}`);
    return JSON.parse(text) as { id?: string };
  }

  /** An admin request to the workspace. */
  async function asAdmin(method: string, route: string, body?: unknown): Promise<{ id: string; name?: string; items?: { name: string }[]; metadata?: { external_user_id?: string } }> {
    const res = await fetch(`${h.url}${route}`, { method, headers: { authorization: `Bearer ${h.adminApiKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    assert.equal(res.status, 200, `${method} ${route}: ${text}`);
    return JSON.parse(text);
  }

  it('a member whose role reads only the runs they created: the row and tooltip count what their lists hold, and say so', async () => {
    const password = 'pw-run-blind-editor';
    const user = await asAdmin('POST', '/api/v1/users', { name: 'run-blind', password, active: true, full_name: 'Run Blind' });
    const role = await pro('POST', '/roles', {
      name: 'Pipeline Reader',
      description: 'reads pipelines, artifacts and models, makes runs, reads only its own',
      permissions: [...['pipeline', 'artifact', 'model'].map((resource_type) => ({ resource_type, action: 'read' })), { resource_type: 'pipeline_run', action: 'create' }],
    });
    const project = await asAdmin('GET', '/api/v1/projects/fraud-detection');
    const info = (await (await fetch(`${h.url}/api/v1/info`)).json()) as { id: string };
    await pro('POST', `/roles/${role.id}/assignments`, { workspace_id: info.id, project_id: project.id, user_id: user.metadata?.external_user_id });

    const login = await fetch(`${h.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: 'run-blind', password }).toString() });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const asMember = (method: string, route: string, body?: unknown) =>
      fetch(`${h.url}${route}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const pipeline = ((await (await asMember('GET', '/api/v1/pipelines?project=fraud-detection&size=1')).json()) as { items: { id: string }[] }).items[0].id;
    const made = await asMember('POST', '/api/v1/runs', { project: project.id, pipeline_id: pipeline, name: 'run-blind-editor-1', status: 'completed' });
    assert.equal(made.status, 200, await made.clone().text());
    const readable = await workspaceCounts(h, 'fraud-detection', token);
    assert.equal(readable.runs, 1, 'the member lists the one run they created');
    assert.ok(readable.runs < (await workspaceCounts(h, 'fraud-detection')).runs, 'of more in the project');

    try {
      assert.equal((await signIn(token)).kind, 'connected');
      const row = await waitFor(
        'the Fraud Detection row with its counts',
        async () => (await projectRows()).find((r) => projectName(r.node) === 'fraud-detection' && /^Usage: /m.test(tooltipOf(r.item)) && !tooltipOf(r.item).includes('Usage: reading…')),
        () => 'not shown with its counts',
      );
      assert.equal(row.item.description, `${withoutUsage(row.item.description)} · ${countsText(readable)}`, 'the counts of the lists, and no "idle"');
      const tip = tooltipOf(row.item);
      assert.ok(tip.includes(`Usage: ${countsText(readable, true)}`), tip);
      assert.ok(tip.includes(`1 run in the last ${RECENT_DAYS} days`) && tip.includes(`newest run: ${utc(readable.newestRun!).toLocaleString()}`), tip);
      assert.ok(tip.includes('The counts are what your role lets you read.'), tip);
    } finally {
      assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
    }
  });

  it('a project where your role reads only your own runs, and you made none lately, is not called idle: others may run it', async () => {
    // alan is no member of Recommendations, which others ran lately; a role that reads only one's own runs there.
    const role = await pro('POST', '/roles', {
      name: 'Own Runs Only',
      description: 'reads pipelines, artifacts and models; of the runs, only those it makes',
      permissions: [...['pipeline', 'artifact', 'model'].map((resource_type) => ({ resource_type, action: 'read' })), { resource_type: 'pipeline_run', action: 'create' }],
    });
    const project = await asAdmin('GET', '/api/v1/projects/recommendations');
    const info = (await (await fetch(`${h.url}/api/v1/info`)).json()) as { id: string };
    const alan = (await asAdmin('GET', '/api/v1/users/alan')) as { metadata?: { external_user_id?: string } };
    await pro('POST', `/roles/${role.id}/assignments`, { workspace_id: info.id, project_id: project.id, user_id: alan.metadata?.external_user_id });
    assert.ok((await workspaceCounts(h, 'recommendations')).recentRuns > 0, 'others ran Recommendations in the last 30 days');
    try {
      assert.equal((await signInAs(h, 'alan')).kind, 'connected');
      const row = await waitFor(
        'the Recommendations row with its counts',
        async () => (await projectRows()).find((r) => projectName(r.node) === 'recommendations' && /^Usage: /m.test(tooltipOf(r.item)) && !tooltipOf(r.item).includes('Usage: reading…')),
        () => 'not shown with its counts',
      );
      const tip = tooltipOf(row.item);
      assert.ok(tip.includes('Your role: Own Runs Only'), tip);
      assert.doesNotMatch(String(row.item.description), /idle/);
      assert.doesNotMatch(tip, /Idle/);
      assert.ok(tip.includes(`none of your runs in the last ${RECENT_DAYS} days`), tip);
      assert.ok(tip.includes('The counts are what your role lets you read: of the runs, only those you made, so whether others run anything here cannot be told.'), tip);
      // Where alan's role reads every run (developer of Fraud Detection), the row is as anyone's.
      const fraud = (await projectRows()).find((r) => projectName(r.node) === 'fraud-detection');
      assert.ok(fraud && tooltipOf(fraud.item).includes('The counts are what your role lets you read.'), fraud && tooltipOf(fraud.item));
    } finally {
      // As the suite had it: the admin on the workspace, no ZenML Pro session of this test left behind.
      await ok('zenmlProjects.signOutOfPro');
      assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
    }
  });

  it("a clean-up of the editor changes the project's tooltip: its artifact versions are counted again", async () => {
    const project = 'churn-prediction';
    const artifact = (await asAdmin('GET', `/api/v1/artifacts?project=${project}&size=1`)).items?.[0]?.name;
    assert.ok(artifact, `${project} has an artifact`);
    // Two versions no run made or read: what a clean-up deletes.
    const made = [];
    for (const uri of ['s3://usage/1', 's3://usage/2']) {
      made.push(
        (
          await asAdmin('POST', `/api/v1/artifact_versions?project=${project}`, {
            artifact_name: artifact,
            uri,
            type: 'DataArtifact',
            materializer: 'zenml.materializers.built_in_materializer.BuiltInMaterializer',
            data_type: 'builtins.dict',
            save_type: 'manual',
          })
        ).id,
      );
    }
    const tooltipWith = (e: Expected) =>
      waitFor(
        `the tooltip of ${project} with ${e.artifactVersions} artifact versions`,
        async () => {
          const row = (await projectRows()).find((r) => projectName(r.node) === project);
          return !!row && tooltipOf(row.item).includes(`Usage: ${countsText(e, true)}`) && row;
        },
        () => 'not this tooltip',
      );
    await ok('zenmlProjects.refresh');
    const before = await workspaceCounts(h, project);
    await tooltipWith(before);

    const result = await vscode.commands.executeCommand<{ ok: boolean; value?: { deleted: string[] } }>('zenmlProjects.cleanUpProject', { project, olderThanDays: null, confirm: false, versions: made });
    assert.ok(result?.ok && result.value?.deleted.length === made.length, JSON.stringify(result));
    const after = await workspaceCounts(h, project);
    assert.equal(after.artifactVersions, before.artifactVersions - made.length);
    // No Refresh: the clean-up reloads the project's row, counts included.
    await tooltipWith(after);
  });
});

describe('usage counts of a page of many projects (a plain ZenML server, a slow network)', () => {
  let h: Harness;
  let proxy: HostileProxy;
  let dir: string;
  const MANY = 24;

  before(async () => {
    h = await harness();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    dir = mkdtempSync(path.join(tmpdir(), 'zenml-editor-usage-'));
    const url = await startWorkspace(path.join(extension.extensionPath, 'dist', 'cli.js'), dir, 'oss');
    const key = readFileSync(path.join(dir, 'admin-api-key'), 'utf8').trim();
    for (let i = 0; i < MANY; i++) {
      const res = await fetch(`${url}/api/v1/projects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `usage-${String(i).padStart(2, '0')}`, display_name: `Usage ${i}` }),
      });
      assert.equal(res.status, 200, await res.text());
    }
    proxy = await HostileProxy.start(url);
    proxy.latencyMs = 150;
    await vscode.workspace.getConfiguration('zenmlProjects').update('tree.pageSize', 100, vscode.ConfigurationTarget.Global);
    await setWorkspaceUrl(proxy.url);
    assert.equal((await signIn(key)).kind, 'connected');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('zenmlProjects').update('tree.pageSize', undefined, vscode.ConfigurationTarget.Global);
    await setWorkspaceUrl(h.url);
    await signInAsAdmin(h);
    await proxy.stop();
    removeAfterRun(dir);
  });

  it(`reads at most ${USAGE_READS_IN_FLIGHT} projects at a time, and every row gets its counts`, async () => {
    const rows = await waitFor(
      'every row of the page to have its counts',
      async () => {
        const roots = await children(h);
        const rows = roots[0]?.node.kind === 'workspace' ? (await children(h, roots[0].node)).filter((c) => c.node.kind === 'project') : [];
        return rows.length > MANY && rows.every((r) => /^Usage: \d+ pipelines? · /m.test(tooltipOf(r.item))) && rows;
      },
      () => 'still reading',
    );
    assert.ok(rows.every((r) => / · \d+ models?( · idle)?$/.test(String(r.item.description))), rows.map((r) => r.item.description).join('\n'));
    // How many projects' statistics were being read at once, at most: each read asks for them first.
    const reads = proxy.seen.filter((s) => /^\/api\/v1\/projects\/[^/]+\/statistics/.test(s.path));
    assert.equal(reads.length, rows.length, 'one read per project');
    const events = reads.flatMap((r) => [
      { at: r.arrived, step: 1 },
      { at: r.answered ?? Infinity, step: -1 },
    ]);
    events.sort((a, b) => a.at - b.at || a.step - b.step);
    let inFlight = 0;
    let most = 0;
    for (const e of events) most = Math.max(most, (inFlight += e.step));
    assert.ok(most <= USAGE_READS_IN_FLIGHT, `${most} projects read at once`);
    assert.ok(most > 1, 'projects are read side by side, not one after another');
  });
});
