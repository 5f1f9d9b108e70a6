/** The pure parts of the local workspace: list queries, rights, timestamps, the data folder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProjectRights } from '../../local-workspace/src/access/rights';
import { parseListQuery, type FieldTable } from '../../local-workspace/src/api/listQuery';
import { now, parseTimestamp } from '../../local-workspace/src/api/time';
import { defaultDataDir } from '../../local-workspace/src/dataDir';
import { isLoopback, parseServeArgs } from '../../local-workspace/src/cli';
import { ApiError } from '../../local-workspace/src/http/errors';

const FIELDS: FieldTable = {
  name: { column: 'x.name', type: 'string', sortable: true },
  created: { column: 'x.created', type: 'datetime', sortable: true },
  number: { column: 'x.number', type: 'int' },
};
const q = (s: string) => parseListQuery(new URLSearchParams(s), FIELDS, { tiebreak: 'x.rowid' });

test('list queries become bound SQL; request text never reaches the SQL string', () => {
  const r = q("name=contains:a'b%_&created=gte:2025-01-31 12:00:00&sort_by=desc:name&page=2&size=5&logical_operator=or");
  assert.equal(r.where, "(x.name LIKE ? ESCAPE '\\' OR x.created >= ?)");
  assert.deepEqual(r.params, ["%a'b\\%\\_%", '2025-01-31T12:00:00.000000']);
  assert.equal(r.orderBy, 'x.name DESC, x.rowid DESC');
  assert.equal(r.page, 2);
  assert.equal(r.size, 5);
  assert.equal(q('').orderBy, 'x.created ASC, x.rowid ASC');
  assert.deepEqual(q('number=oneof:[1,2]').params, [1, 2]);
  assert.equal(q('name=weird:value').params[0], 'weird:value', 'an unknown prefix is part of the value');
});

test('invalid list parameters are ApiErrors with status 422', () => {
  for (const s of ['page=0', 'size=10001', 'sort_by=number', 'sort_by=desc:nope', 'number=contains:1', 'number=gt:x', 'created=lt:soon', 'name=gt:a', 'name=oneof:[]']) {
    assert.throws(() => q(s), (e: unknown) => e instanceof ApiError && e.status === 422, s);
  }
});

test('rights add up across roles; creators keep rights only as members', () => {
  const viewer = ProjectRights.fromRoles([{ systemRole: 'viewer', permissions: [] }]);
  assert.ok(viewer.can('pipeline', 'read'));
  assert.ok(!viewer.can('pipeline', 'create'));
  assert.ok(!viewer.manages);
  const both = ProjectRights.fromRoles([
    { systemRole: 'viewer', permissions: [] },
    { systemRole: null, permissions: [{ resourceType: 'model', action: 'delete' }] },
  ]);
  assert.ok(both.can('model', 'delete') && both.can('model', 'read') && !both.can('pipeline', 'delete'));
  const contributor = ProjectRights.fromRoles([{ systemRole: 'contributor', permissions: [] }]);
  assert.ok(!contributor.canOn('pipeline', 'update', 'someone-else', 'me'));
  assert.ok(contributor.canOn('pipeline', 'update', 'me', 'me'));
  assert.ok(!ProjectRights.NONE.canOn('pipeline', 'read', 'me', 'me'), 'a non-member creator has no rights');
  assert.ok(ProjectRights.fromRoles([{ systemRole: 'admin', permissions: [] }]).manages);
  assert.ok(!ProjectRights.fromRoles([{ systemRole: 'developer', permissions: [] }]).manages);
  assert.ok(ProjectRights.WORKSPACE_ADMIN.can('run_template', 'share'));
});

test('timestamps: strictly increasing, ZenML format; filter dates parse in their usual forms', () => {
  const a = now();
  const b = now();
  assert.match(a, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  assert.ok(b > a);
  assert.equal(parseTimestamp('2025-01-31 12:00:00'), '2025-01-31T12:00:00.000000');
  assert.equal(parseTimestamp('2025-01-31T12:00:00.5Z'), '2025-01-31T12:00:00.500000');
  assert.equal(parseTimestamp('2025-01-31T14:00:00+02:00'), '2025-01-31T12:00:00.000000');
  assert.equal(parseTimestamp('2025-01-31'), '2025-01-31T00:00:00.000000');
  assert.equal(parseTimestamp('yesterday'), undefined);
  assert.equal(parseTimestamp('2025-13-45'), undefined);
});

test('the default data folder follows each platform', () => {
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, 'linux', '/home/u'), '/x/data/zenml-projects/workspace');
  assert.equal(defaultDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.local/share/zenml-projects/workspace');
  assert.equal(defaultDataDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/zenml-projects/workspace');
  assert.match(defaultDataDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), /zenml-projects.workspace$/);
});

test('serve options', () => {
  const o = parseServeArgs(['--host', '0.0.0.0', '--port=0', '--data', '/tmp/x', '--seed', 'demo', '--allow-host', 'ws.internal', '--allow-host=dev.lan']);
  assert.deepEqual(o, { edition: 'pro', host: '0.0.0.0', allowHosts: ['ws.internal', 'dev.lan'], port: 0, dataDir: '/tmp/x', seed: 'demo' });
  assert.throws(() => parseServeArgs(['--allow-host', 'http://x/']), /host name/);
  assert.deepEqual(parseServeArgs(['--edition', 'oss', '--pro-port', '9000']), { ...parseServeArgs([]), edition: 'oss', proPort: 9000 });
  assert.throws(() => parseServeArgs(['--edition', 'enterprise']), /--edition is 'pro' or 'oss'/);
  assert.throws(() => parseServeArgs(['--pro-port', 'x']), /--pro-port/);
  assert.equal(parseServeArgs([]).port, 8237);
  assert.equal(parseServeArgs([]).host, '127.0.0.1');
  assert.throws(() => parseServeArgs(['--port', '70000']), /--port/);
  assert.throws(() => parseServeArgs(['--data']), /needs a value/);
  assert.throws(() => parseServeArgs(['--verbose']), /Unknown option/);
});

test('only loopback hosts go without a warning', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) assert.ok(!isLoopback(h), h);
});
