/**
 * Substring filters over many projects: the trigram index, the scan in sort order and a plain
 * reference (every project, filtered here) agree on totals and on every page.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalWorkspace, type RunningWorkspace } from '../../local-workspace/src/index';
import { bulkSeed } from '../../local-workspace/src/seed/bulk';
import { Client } from './helpers';

let dir: string;
let server: RunningWorkspace;
let api: Client;
let all: { name: string; display: string; created: string }[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zenml-lw-search-'));
  bulkSeed(dir, { projects: 4000, runs: 2000, busyProjects: 10 });
  server = await startLocalWorkspace({ port: 0, dataDir: dir, log: () => undefined });
  api = new Client(server.url, server.adminApiKey);
  const everything = await api.get('/api/v1/projects?size=10000&sort_by=desc:created');
  all = everything.body.items.map((p: any) => ({ name: p.name, display: p.body.display_name, created: p.body.created }));
  assert.equal(all.length, 4001);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('contains, startswith and endswith agree with a reference on totals and pages', async () => {
  const cases: [string, (d: string) => boolean][] = [];
  const lower = (s: string) => s.toLowerCase();
  for (const term of ['fraud', 'FRAUD', 'Project 001', '0123', 'ch', 'a', 'zz-none', 'project 03', 'speech music']) {
    cases.push([`contains:${term}`, (d) => lower(d).includes(lower(term))]);
  }
  cases.push(['startswith:Project 012', (d) => lower(d).startsWith('project 012')]);
  cases.push(['endswith:ads', (d) => lower(d).endsWith('ads')]);
  cases.push(['endswith:rAnKiNg', (d) => lower(d).endsWith('ranking')]);
  for (const [filter, keep] of cases) {
    const expected = all.filter((p) => keep(p.display)).map((p) => p.name);
    const pages = Math.max(1, Math.ceil(expected.length / 50));
    for (const page of [1, 2, pages].filter((p, i, a) => p <= pages && a.indexOf(p) === i)) {
      const r = await api.get(`/api/v1/projects?display_name=${encodeURIComponent(filter)}&sort_by=desc:created&size=50&page=${page}`);
      assert.equal(r.status, 200, `${filter}: ${r.text}`);
      assert.equal(r.body.total, expected.length, `${filter} total`);
      assert.deepEqual(r.body.items.map((p: any) => p.name), expected.slice((page - 1) * 50, page * 50), `${filter} page ${page}`);
    }
  }
});

test('a write is reflected in the next total (totals are memoized only until a write)', async () => {
  const before = (await api.get('/api/v1/projects?display_name=contains:unique-marker')).body.total;
  assert.equal(before, 0);
  await api.post('/api/v1/projects', { name: 'marked', display_name: 'Has unique-marker inside' });
  assert.equal((await api.get('/api/v1/projects?display_name=contains:unique-marker')).body.total, 1);
  await api.delete('/api/v1/projects/marked');
  assert.equal((await api.get('/api/v1/projects?display_name=contains:unique-marker')).body.total, 0);
});
