/** The CLI's count sentences agree in number: "1 user differs", not "1 users differ". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessReportMarkdown, type AccessRow } from '../../../core/sync/accessReport';
import { plural } from '../../../common/plural';

const row = (user: string, status: AccessRow['status']): AccessRow => ({ user, declared: [], actual: [], declaredRights: 'no access', actualRights: 'no access', status });
const report = (...rows: AccessRow[]) => accessReportMarkdown({ projectId: 'p', url: 'http://127.0.0.1:1', rows, unknownTeams: [] });

test('plural: one is singular, zero and many are plural', () => {
  assert.deepEqual([plural(0, 'error'), plural(1, 'error'), plural(2, 'error'), plural(1, 'entry', 'entries'), plural(3, 'entry', 'entries')], ['0 errors', '1 error', '2 errors', '1 entry', '3 entries']);
});

test('access report: one user matching, one of one differing, one of many, many of many', () => {
  assert.match(report(row('a', 'same')), /^The 1 user matches project\.yaml\.$/m);
  assert.match(report(row('a', 'differs')), /^1 of 1 user differs from project\.yaml\.$/m);
  assert.match(report(row('a', 'differs'), row('b', 'same')), /^1 of 2 users differs from project\.yaml\.$/m);
  assert.match(report(row('a', 'differs'), row('b', 'declared only'), row('c', 'same')), /^2 of 3 users differ from project\.yaml\.$/m);
  assert.match(report(row('a', 'same'), row('b', 'same')), /^All 2 users match project\.yaml\.$/m);
});
