/**
 * `zenml-projects prune` against the demo local workspace, whose `fraud-detection` holds
 * `fraud_features` versions no run made or read (old and recent, by ada, grace, alan, barbara),
 * one only a run consumes (used) and one only a model version holds (kept), beside the versions
 * its runs produced. Each deletion is checked over HTTP, as the workspace has it afterwards; the
 * tests run in order on one workspace, the narrower deletions first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runPrune } from '../../cli/src/pruneCommand';
import { CLEANUP } from '../../local-workspace/src/seed/demo';
import { cliAgainst } from '../lib/cliAgainst';
import { startTestWorkspace, type TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => cliAgainst(ws, args, process.cwd(), env);

/** fraud_features versions by number, as the demo describes them. */
const spec = (n: number) => CLEANUP.versions[n - 1];
/** The numbers of the versions no run made or read and no model version holds, in the demo. */
const unusedNumbers = CLEANUP.versions.flatMap((v, i) => (v.inputOf || v.modelVersion ? [] : [i + 1]));
const keptNumber = CLEANUP.versions.findIndex((v) => v.modelVersion) + 1;
const consumedNumber = CLEANUP.versions.findIndex((v) => v.inputOf) + 1;
const older = (days: number) => unusedNumbers.filter((n) => spec(n).ageDays >= days);

/** The `fraud_features` versions the workspace has now, by number. */
async function versionsNow(): Promise<number[]> {
  const r = await ws.admin.get(`/api/v1/artifact_versions?project=${CLEANUP.project}&size=1000`);
  assert.equal(r.status, 200, r.text);
  return (r.body.items as { body: { version: string; artifact: { name: string } } }[])
    .filter((v) => v.body.artifact.name === CLEANUP.artifact)
    .map((v) => Number(v.body.version))
    .sort((a, b) => a - b);
}

/** Environment for the CLI signed in as a demo user (an access token from their password). */
async function as(name: string): Promise<NodeJS.ProcessEnv> {
  const creds = JSON.parse(readFileSync(join(ws.dir, 'demo-credentials.json'), 'utf8')) as { users: { name: string; password: string }[] };
  const token = await ws.anonymous.login(name, creds.users.find((u) => u.name === name)!.password);
  return { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: token };
}

let all: number[];

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
  all = await versionsNow();
  assert.ok(unusedNumbers.length >= 4 && keptNumber > 0 && consumedNumber > 0, 'the demo has unused, kept and consumed versions');
});
after(() => ws.stop());

test('usage errors: no project, two projects, a bad DAYS, --dry-run with --yes, JSON that would ask, no terminal without --yes', async () => {
  const cases: [string[], RegExp][] = [
    [['prune'], /which project\? usage: zenml-projects prune PROJECT/],
    [['prune', 'a', 'b'], /prune takes one project, not 2/],
    [['prune', 'fraud-detection', '--older-than', 'ten', '--dry-run'], /--older-than takes a whole number of days from 0 to 36500, not 'ten'/],
    [['prune', 'fraud-detection', '--older-than', '99999', '--dry-run'], /not '99999'/],
    [['prune', 'fraud-detection', '--older-than', '-3', '--dry-run'], /--older-than needs a value|whole number of days/],
    [['prune', 'fraud-detection', '--older-than=1.5', '--dry-run'], /not '1\.5'/],
    [['prune', 'fraud-detection', '--dry-run', '--yes'], /pass --dry-run or --yes, not both/],
    [['prune', 'fraud-detection', '--format', 'json'], /--format json asks nothing: pass --dry-run to list, or --yes to delete/],
    [['prune', 'fraud-detection', '--format', 'yaml', '--dry-run'], /--format must be 'text' or 'json'/],
    [['prune', 'fraud-detection'], /refusing to delete without confirmation: pass --yes to delete, or --dry-run to list only/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message, args.join(' '));
    assert.equal(r.out, '', 'nothing listed before a usage error');
  }
  assert.deepEqual(await versionsNow(), all, 'nothing deleted');
});

test('--help names the command, its flags and the exit codes', async () => {
  const r = await cli(['prune', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /prune PROJECT \[--older-than DAYS\] \[--dry-run\] \[--yes\] \[--format text\|json\] \[--workspace NAME\]/);
  assert.match(r.out, /2 {3}plan, report and prune --dry-run only/);
});

test('a dry run lists every unused version with its date and creator, says what is kept and why, deletes nothing, exits 2', async () => {
  const r = await cli(['prune', CLEANUP.project, '--dry-run']);
  assert.equal(r.code, 2, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.match(lines[0], new RegExp(`^Unused artifact versions in project 'fraud-detection' \\(workspace 'local' at ${ws.server.url.replace(/\./g, '\\.')}\\):$`));
  const listed = lines.filter((l) => l.startsWith('  - '));
  assert.deepEqual(
    listed.map((l) => l.replace(/\s+/g, ' ')),
    unusedNumbers.map((n) => {
      const day = new Date(Date.now() - spec(n).ageDays * 86_400_000).toISOString().slice(0, 10);
      return ` - fraud_features:${n} created ${day} by ${spec(n).creator}`;
    }),
    'oldest first, with the day each was made and by whom',
  );
  assert.ok(lines.includes("Kept: unused by runs, but linked to a model version (deleting them would take a model's artifact away):"), r.out);
  assert.match(r.out, new RegExp(`  = fraud_features:${keptNumber} +created \\S+ +by ${spec(keptNumber).creator} +— linked to model fraud-classifier version \\S+\\n`));
  assert.ok(!r.out.includes(`fraud_features:${consumedNumber} `), 'a version a run consumed is used');
  assert.ok(!/transactions:/.test(r.out), 'versions runs produced are used');
  assert.ok(lines.includes(`${unusedNumbers.length} artifact versions to delete, 1 kept.`), r.out);
  assert.ok(lines.includes('Other users created all of them: a Contributor may delete only the versions they created, a Viewer none.'), r.out);
  assert.equal(lines.at(-1), 'Dry run: nothing was deleted. Run again with --yes to delete them.');
  assert.deepEqual(await versionsNow(), all, 'nothing deleted');
});

test('--older-than selects only the versions made that many days ago or earlier', async () => {
  const r = await cli(['prune', CLEANUP.project, '--older-than', '150', '--dry-run']);
  assert.equal(r.code, 2, r.err);
  assert.deepEqual(
    [...r.out.matchAll(/^ {2}- (fraud_features:\d+)/gm)].map((m) => m[1]),
    older(150).map((n) => `fraud_features:${n}`),
  );
  assert.match(r.out, /^Unused artifact versions older than 150 days in project 'fraud-detection'/);
});

test('a dry run with nothing to delete exits 0', async () => {
  const r = await cli(['prune', 'recommendations', '--dry-run']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^No unused artifact versions to delete in project 'recommendations' \(workspace 'local' at .*\)\.\n0 artifact versions to delete, 0 kept\.\n$/);
});

test('--format json with --dry-run: the listing, for scripts', async () => {
  const r = await cli(['prune', CLEANUP.project, '--older-than', '100', '--dry-run', '--format', 'json']);
  assert.equal(r.code, 2, r.err);
  const doc = JSON.parse(r.out);
  assert.deepEqual(Object.keys(doc), ['project', 'workspace', 'url', 'olderThanDays', 'cutoff', 'dryRun', 'candidates', 'you', 'kept', 'result']);
  assert.equal(doc.you, 'admin');
  assert.equal(doc.project, 'fraud-detection');
  assert.equal(doc.workspace, 'local');
  assert.equal(doc.url, ws.server.url);
  assert.equal(doc.olderThanDays, 100);
  assert.ok(Math.abs(Date.parse(doc.cutoff) - (Date.now() - 100 * 86_400_000)) < 60_000, doc.cutoff);
  assert.equal(doc.dryRun, true);
  assert.equal(doc.result, null);
  assert.deepEqual(
    doc.candidates.map((c: Record<string, unknown>) => ({ ...c, id: typeof c.id, created: typeof c.created, creatorId: typeof c.creatorId })),
    older(100).map((n) => ({ id: 'string', artifact: 'fraud_features', version: String(n), created: 'string', creator: spec(n).creator, creatorId: 'string', createdByYou: false })),
  );
  assert.equal(doc.kept.length, 1);
  assert.equal(doc.kept[0].version, String(keptNumber));
  assert.match(doc.kept[0].reason, /^linked to model fraud-classifier version /);
  assert.equal(doc.kept[0].modelVersion.model, 'fraud-classifier');
});

test('at a terminal it asks; anything but yes deletes nothing', async () => {
  const stdin = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.ReadStream;
  let out = '';
  let err = '';
  const sink = (write: (s: string) => void) => Object.assign(new PassThrough(), { write: (chunk: string | Buffer) => (write(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const env = { ...process.env, ZENML_STORE_URL: ws.server.url, ZENML_STORE_API_KEY: ws.server.adminApiKey };
  const running = runPrune([CLEANUP.project, '--older-than', '100'], { out: sink((s) => (out += s)), err: sink((s) => (err += s)), stdin, cwd: process.cwd(), env });
  // The question comes after the listing; the answer is typed then.
  while (!out.includes('[y/N]')) await new Promise((r) => setTimeout(r, 20));
  assert.match(out, new RegExp(`Delete ${older(100).length} unused artifact versions from project fraud-detection\\? \\[y/N\\] $`));
  stdin.write('n\n');
  assert.equal(await running, 1, err);
  assert.match(out, /Nothing deleted\.\n$/);
  assert.deepEqual(await versionsNow(), all);
});

test('a dry run says whose versions these are before the workspace decides: a Viewer learns that others made them all, a Contributor sees theirs marked', async () => {
  const viewer = await cli(['prune', CLEANUP.project, '--older-than', '100', '--dry-run'], await as('ken'));
  assert.equal(viewer.code, 2, viewer.err);
  assert.match(viewer.out, /^Other users created all of them: a Contributor may delete only the versions they created, a Viewer none\.$/m);
  const grace = await cli(['prune', CLEANUP.project, '--older-than', '100', '--dry-run', '--format', 'json'], await as('grace'));
  const doc = JSON.parse(grace.out);
  assert.equal(doc.you, 'grace');
  assert.deepEqual(
    doc.candidates.filter((c: { createdByYou: boolean }) => c.createdByYou).map((c: { version: string }) => Number(c.version)),
    older(100).filter((n) => spec(n).creator === 'grace'),
  );
  const text = await cli(['prune', CLEANUP.project, '--older-than', '100', '--dry-run'], await as('grace'));
  const others = older(100).filter((n) => spec(n).creator !== 'grace').length;
  assert.match(text.out, new RegExp(`^ {2}- fraud_features:2 +created \\S+ +by grace \\(you\\)$`, 'm'));
  assert.match(text.out, new RegExp(`^Other users created ${others} of them: a Contributor may delete only the versions they created, a Viewer none\\.$`, 'm'));
});

test('a version that becomes used while the question is open is checked again, kept and reported', async () => {
  // A workspace of its own: this deletes what the tests below count on.
  const own = await startTestWorkspace({ seed: 'demo' });
  try {
    const stdin = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.ReadStream;
    let out = '';
    const sink = (write: (s: string) => void) => Object.assign(new PassThrough(), { write: (chunk: string | Buffer) => (write(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
    const env = { ...process.env, ZENML_STORE_URL: own.server.url, ZENML_STORE_API_KEY: own.server.adminApiKey };
    const [n, ...rest] = older(100);
    const running = runPrune([CLEANUP.project, '--older-than', '100'], { out: sink((s) => (out += s)), err: sink(() => undefined), stdin, cwd: process.cwd(), env });
    while (!out.includes('[y/N]')) await new Promise((r) => setTimeout(r, 20));
    // While the user reads the list, fraud_features:N is linked to a model version.
    const version = async (m: number) => (await own.admin.get(`/api/v1/artifact_versions?project=${CLEANUP.project}&artifact=${CLEANUP.artifact}&version=${m}`)).body;
    const v = (await version(n)).items[0];
    const mv = (await own.admin.get(`/api/v1/model_versions?project=${CLEANUP.project}&model=fraud-classifier&size=1`)).body.items[0];
    assert.equal((await own.admin.post('/api/v1/model_version_artifacts', { model_version: mv.id, artifact_version: v.id })).status, 200);
    stdin.write('y\n');
    assert.equal(await running, 0, out);
    assert.match(out, new RegExp(`(^|\\[y/N\\] )in use   fraud_features:${n}: now in use, kept: it was linked to a model version since it was listed$`, 'm'));
    assert.match(out, /1 was kept: now in use\./);
    assert.equal((await version(n)).total, 1, 'the version now linked stays');
    for (const m of rest) assert.equal((await version(m)).total, 0, `fraud_features:${m} deleted`);
  } finally {
    await own.stop();
  }
});

test("a Viewer's clean-up is refused entirely: every refusal reported, nothing deleted, exit 1", async () => {
  const viewer = 'ken'; // in the team analysts: Project Viewer of fraud-detection
  const r = await cli(['prune', CLEANUP.project, '--older-than', '100', '--yes'], await as(viewer));
  assert.equal(r.code, 1, r.out + r.err);
  for (const n of older(100)) {
    assert.match(r.out, new RegExp(`^refused  fraud_features:${n} \\(created by ${spec(n).creator}\\): Your role in project 'fraud-detection' does not allow you to delete the artifact version fraud_features:${n}\\.`, 'm'));
  }
  assert.match(r.out, new RegExp(`^Deleted 0 of ${older(100).length} unused artifact versions from project 'fraud-detection'\\. Your role refused ${older(100).length} — ask a project admin\\.$`, 'm'));
  assert.deepEqual(await versionsNow(), all);
});

test("a Contributor deletes what they created and gets the refusals for the others' (exit 1)", async () => {
  const contributor = 'grace'; // in the team ml-platform: Project Contributor of fraud-detection
  const mine = older(100).filter((n) => spec(n).creator === contributor);
  const others = older(100).filter((n) => spec(n).creator !== contributor);
  assert.ok(mine.length && others.length, 'the demo has both');
  const r = await cli(['prune', CLEANUP.project, '--older-than', '100', '--yes'], await as(contributor));
  assert.equal(r.code, 1, r.out + r.err);
  for (const n of mine) assert.match(r.out, new RegExp(`^deleted  fraud_features:${n}$`, 'm'));
  for (const n of others) assert.match(r.out, new RegExp(`^refused  fraud_features:${n} \\(created by ${spec(n).creator}\\): `, 'm'));
  assert.match(r.out, new RegExp(`^Deleted ${mine.length} of ${older(100).length} unused artifact versions from project 'fraud-detection'\\. Your role refused ${others.length} — ask a project admin\\. Only their metadata was deleted: the files in the artifact store stay\\.$`, 'm'));
  assert.deepEqual(await versionsNow(), all.filter((n) => !mine.includes(n)));
  all = await versionsNow();
});

test('--yes as an admin deletes every unused version, keeps the used and model-linked ones, and reports in JSON', async () => {
  const before = unusedNumbers.filter((n) => all.includes(n));
  const r = await cli(['prune', CLEANUP.project, '--yes', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.equal(doc.dryRun, false);
  assert.deepEqual(Object.keys(doc.result), ['deleted', 'refused', 'gone', 'inUse', 'unknown', 'failed', 'notAttempted', 'stopped']);
  assert.deepEqual(
    doc.result.deleted.map((v: { version: string }) => Number(v.version)),
    before,
  );
  assert.deepEqual([doc.result.refused, doc.result.gone, doc.result.inUse, doc.result.unknown, doc.result.failed, doc.result.notAttempted, doc.result.stopped], [[], [], [], [], [], [], null]);
  const left = await versionsNow();
  assert.deepEqual(left, all.filter((n) => !before.includes(n)));
  assert.ok(left.includes(keptNumber), 'the model-linked version stays');
  assert.ok(left.includes(consumedNumber), 'the version a run consumed stays');
  const everything = await ws.admin.get(`/api/v1/artifact_versions?project=${CLEANUP.project}&size=1000`);
  assert.equal(everything.body.items.filter((v: { body: { artifact: { name: string } } }) => v.body.artifact.name === 'transactions').length, 3, 'versions runs produced stay');
  const artifact = await ws.admin.get(`/api/v1/artifacts?project=${CLEANUP.project}&name=${CLEANUP.artifact}`);
  assert.equal(artifact.body.total, 1, 'the artifact stays');

  const again = await cli(['prune', CLEANUP.project, '--yes']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /^No unused artifact versions to delete in project 'fraud-detection'/);
  // Not a dry run: a result, with nothing in it (null is for --dry-run only).
  const json = await cli(['prune', CLEANUP.project, '--yes', '--format', 'json']);
  assert.equal(json.code, 0, json.err);
  const empty = JSON.parse(json.out);
  assert.equal(empty.dryRun, false);
  assert.deepEqual(empty.result, { deleted: [], refused: [], gone: [], inUse: [], unknown: [], failed: [], notAttempted: [], stopped: null });
});

test('credentials the workspace refuses: exit 1 with the sentence, nothing deleted', async () => {
  const r = await cli(['prune', CLEANUP.project, '--dry-run'], { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: 'not-a-valid-token' });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.err, /did not accept the access token from ZENML_STORE_API_TOKEN/);
  assert.doesNotMatch(r.err, /not-a-valid-token/);
});

test('a workspace that is not configured: nothing was listed or deleted', async () => {
  const r = await cli(['prune', CLEANUP.project, '--dry-run', '--workspace', 'nope']);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.err, /workspace 'nope'.*: nothing was listed or deleted\. /);
  assert.doesNotMatch(r.err, /compared or applied|file's workspace/);
  assert.equal(r.out, '');
});

test('an unknown project is an error that names it', async () => {
  const r = await cli(['prune', 'no-such-project', '--dry-run']);
  assert.equal(r.code, 1);
  assert.match(r.err, /no-such-project/);
});
