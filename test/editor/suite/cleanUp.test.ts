/**
 * Clean Up Unused Artifact Versions… in VS Code, against the demo local workspace: run on a
 * project row of the tree, it asks which versions (by age), lists what it found with every one
 * checked, deletes those left checked and says what the user's role refused; with nothing to
 * clean it says so. The age choice and the versions are answered in the real quick pick (the
 * extension reports what it shows); the modal confirmation, which no test can click, is skipped
 * with `confirm: false`, as automation would. What was deleted is checked over HTTP.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CleanUpResult } from '../../../client/src/commands/cleanUpProject';
import type { CommandResult } from '../../../client/src/commands/commandSupport';
import type { TreeNode } from '../../../client/src/views/treeNodes';
import { waitFor } from './editorState';
import { child, children, harness, labelOf, signInAs, signInAsAdmin, tearDownAfterRun, type Harness } from './projectsHarness';

tearDownAfterRun();

const COMMAND = 'zenmlProjects.cleanUpProject';

interface Version {
  id: string;
  label: string;
  creator: string;
  ageDays: number;
}

describe('Clean Up Unused Artifact Versions… in VS Code', () => {
  let h: Harness;

  const get = async (path: string) => {
    const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${h.adminApiKey}` } });
    return { status: res.status, body: (await res.json()) as { items: { id: string; body: { version: string; created: string; artifact: { name: string } }; resources: { user?: { name: string } } }[] } };
  };
  /** The unused versions of a project as the workspace lists them (only_unused), oldest first. */
  const unused = async (project: string): Promise<Version[]> =>
    (await get(`/api/v1/artifact_versions?project=${project}&only_unused=true&sort_by=asc:created&size=1000`)).body.items.map((v) => ({
      id: v.id,
      label: `${v.body.artifact.name}:${v.body.version}`,
      creator: v.resources.user?.name ?? '',
      ageDays: Math.floor((Date.now() - Date.parse(v.body.created.endsWith('Z') ? v.body.created : `${v.body.created}Z`)) / 86_400_000),
    }));
  const exists = async (id: string) => (await fetch(`${h.url}/api/v1/artifact_versions/${id}`, { headers: { authorization: `Bearer ${h.adminApiKey}` } })).status === 200;
  const projectNode = async (label: string): Promise<TreeNode> => child(h, (await children(h))[0].node, label);
  const pickShown = (what: string, test: (p: NonNullable<ReturnType<Harness['api']['cleanUpPick']>>) => boolean) =>
    waitFor(what, () => {
      const p = h.api.cleanUpPick();
      return !!p && test(p) && p;
    }, () => JSON.stringify(h.api.cleanUpPick()));

  before(async () => {
    h = await harness();
  });
  after(async () => {
    if (h.api.connectionState().kind !== 'connected' || (h.api.connectionState() as { user?: { name?: string } }).user?.name !== 'admin') await signInAsAdmin(h);
  });

  it('on a project with nothing to clean, it says so after the age choice', async () => {
    const node = await projectNode('Recommendations');
    const pending = vscode.commands.executeCommand<CommandResult<CleanUpResult>>(COMMAND, node);
    const ages = await pickShown('the age choice', (p) => !p.canPickMany && p.items.length === 4);
    assert.equal(ages.title, 'Clean Up recommendations');
    assert.deepEqual(ages.items.map((i) => i.label), ['All unused artifact versions', 'Older than 30 days', 'Older than 90 days', 'Older than…']);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await pending;
    assert.ok(result?.ok, JSON.stringify(result));
    assert.deepEqual([result.value.found, result.value.deleted, result.value.olderThanDays], [[], [], null]);
    await waitFor(
      'the nothing-to-clean message',
      () => h.api.output().notifications.includes('No unused artifact versions to clean up in recommendations (all unused versions).'),
      () => h.api.output().notifications.join('\n'),
    );
  });

  it('lists and deletes in the one session the project was resolved in, though the user signs in as someone else meanwhile', async () => {
    assert.equal((await signInAs(h, 'grace')).kind, 'connected');
    const node = await waitFor('the Fraud Detection row', async () => (await children(h, (await children(h))[0]?.node)).find((c) => labelOf(c.item) === 'Fraud Detection')?.node, () => 'not listed');
    const pending = vscode.commands.executeCommand<CommandResult<CleanUpResult>>(COMMAND, { ...node, confirm: false });
    await pickShown('the age choice', (p) => !p.canPickMany && p.items.length === 4);
    // While grace chooses, the window signs in as the admin; this clean-up started as grace.
    await signInAsAdmin(h);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const listed = await pickShown('the versions to clean up', (p) => p.canPickMany && p.items.length > 0);
    const graces = (await unused('fraud-detection')).filter((v) => v.creator === 'grace' && listed.items.some((i) => i.label === v.label));
    assert.ok(graces.length > 0, JSON.stringify(listed.items));
    for (const v of graces) assert.match(listed.items.find((i) => i.label === v.label)?.description ?? '', /by you$/, `${v.label} listed as grace's own`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const result = await pending;
    assert.ok(result && !result.ok, JSON.stringify(result));
    for (const v of graces) assert.ok(await exists(v.id), 'nothing deleted');
  });

  it('run on a project row as a Contributor: deletes the versions left checked, and reports what the role refused', async () => {
    const old = (await unused('fraud-detection')).filter((v) => v.ageDays >= 100);
    const contributor = 'grace'; // Project Contributor of fraud-detection, through the team ml-platform
    assert.ok(old.some((v) => v.creator === contributor) && old.filter((v) => v.creator !== contributor).length >= 2, JSON.stringify(old));
    assert.equal((await signInAs(h, contributor)).kind, 'connected');
    const node = await waitFor('the Fraud Detection row', async () => (await children(h, (await children(h))[0]?.node)).find((c) => labelOf(c.item) === 'Fraud Detection')?.node, () => 'not listed');

    const pending = vscode.commands.executeCommand<CommandResult<CleanUpResult>>(COMMAND, { ...node, olderThanDays: 100, confirm: false });
    const listed = await pickShown('the versions to clean up', (p) => p.canPickMany && p.items.length > 0);
    // Every version found, every one checked, with its date, creator and age. The model-linked one
    // is not offered, but mentioned.
    const candidates = old.filter((v) => listed.items.some((i) => i.label === v.label));
    assert.deepEqual(listed.items.map((i) => i.label), candidates.map((v) => v.label));
    assert.deepEqual(listed.selected, listed.items.map((i) => i.label), 'all checked');
    for (const [i, v] of candidates.entries()) {
      // What is known before the workspace decides: the contributor's own versions are marked.
      assert.match(listed.items[i].description ?? '', new RegExp(`^created .+ by ${v.creator === contributor ? 'you' : v.creator}$`));
      assert.match(listed.items[i].detail ?? '', new RegExp(`^Created ${v.ageDays} days ago, older than (90|30) days$`));
    }
    const othersFound = candidates.filter((v) => v.creator !== contributor).length;
    assert.equal(
      listed.placeholder,
      `${candidates.length} unused artifact versions (older than 100 days); uncheck those to keep. Other users created ${othersFound} of them: a Contributor may delete only the versions they created, a Viewer none. 1 more is unused by runs but kept: it is linked to a model version, or its links could not be read.`,
    );
    assert.ok(candidates.length < old.length, 'the model-linked version is among the unused ones the workspace lists, and is kept');

    // Uncheck the first row (focused with the keyboard's Home), keep the rest checked.
    const unchecked = listed.items[0].label;
    await vscode.commands.executeCommand('quickInput.first');
    await pickShown('the first row focused', (p) => p.active[0] === unchecked);
    await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
    await pickShown('the first row unchecked', (p) => !p.selected.includes(unchecked));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await pending;
    assert.ok(result?.ok, JSON.stringify(result));

    const chosen = candidates.filter((v) => v.label !== unchecked);
    const mine = chosen.filter((v) => v.creator === contributor).map((v) => v.label);
    const others = chosen.filter((v) => v.creator !== contributor).map((v) => v.label);
    assert.ok(mine.length > 0 && others.length > 0, `the chosen versions include the contributor's and others': ${JSON.stringify(chosen)}`);
    assert.deepEqual(result.value.deleted, mine);
    assert.deepEqual(result.value.refused, others);
    assert.deepEqual(result.value.yours, candidates.filter((v) => v.creator === contributor).map((v) => v.label));
    assert.deepEqual([result.value.gone, result.value.inUse, result.value.unknown, result.value.failed, result.value.notAttempted, result.value.stopped], [[], [], [], [], [], null]);
    for (const v of candidates) assert.equal(await exists(v.id), !mine.includes(v.label), `${v.label} ${mine.includes(v.label) ? 'deleted' : 'kept'}`);

    const message = `${mine.length === 1 ? 'Deleted 1 unused artifact version' : `Deleted ${mine.length} unused artifact versions`} from fraud-detection. Your role refused ${others.length} — ask a project admin.`;
    await waitFor('the result message', () => h.api.output().notifications.includes(message), () => h.api.output().notifications.join('\n'));
    const log = h.api.output().log.join('\n');
    for (const label of others) assert.match(log, new RegExp(`Clean up fraud-detection: refused +${label} \\(created by \\w+\\): Your role in project 'fraud-detection' does not allow you to delete the artifact version ${label}\\.`));
    for (const label of mine) assert.match(log, new RegExp(`Clean up fraud-detection: deleted +${label}\\b`));
  });

  it('from the palette with the answers given, as an admin: deletes every unused version left, and the tree reads the project again', async () => {
    await signInAsAdmin(h);
    const treeVersions = async () => {
      const artifacts = await child(h, await projectNode('Fraud Detection'), 'Artifacts');
      return (await children(h, await child(h, artifacts, 'fraud_features'))).map((v) => labelOf(v.item));
    };
    const shownBefore = await treeVersions();
    const before = await unused('fraud-detection');
    assert.ok(before.every((v) => shownBefore.includes(`version ${v.label.split(':')[1]}`)), 'the tree lists them before');
    const result = await vscode.commands.executeCommand<CommandResult<CleanUpResult>>(COMMAND, { project: 'fraud-detection', olderThanDays: null, confirm: false, versions: before.map((v) => v.id) });
    assert.ok(result?.ok, JSON.stringify(result));
    assert.equal(result.value.kept.length, 1, 'the model-linked version is kept');
    assert.deepEqual(result.value.deleted, before.map((v) => v.label).filter((l) => !result.value.kept.includes(l)));
    assert.deepEqual((await unused('fraud-detection')).map((v) => v.label), result.value.kept);
    // The tree keeps its lists until told: the clean-up tells it to read the project again.
    const gone = result.value.deleted.map((l) => `version ${l.split(':')[1]}`);
    const shownAfter = await waitFor('the tree to read the versions again', async () => {
      const now = await treeVersions();
      return gone.every((g) => !now.includes(g)) && now;
    }, () => 'still listed');
    assert.deepEqual(shownAfter, shownBefore.filter((l) => !gone.includes(l)));
  });
});
