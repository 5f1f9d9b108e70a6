/**
 * Applying from the plan document a person has read applies without asking again only while the
 * workspace still plans exactly what it showed (core/sync/formatPlan.ts planIsAsReviewed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeChange, planIsAsReviewed } from '../../../core/sync/formatPlan';
import type { Change, Plan } from '../../../core/sync/plan';

const team = (role: string, from: string): Change => ({ kind: 'change-role', subject: { kind: 'team', id: 't1', display: 'ml-platform' }, from: [from], to: role } as Change);
const plan = (...changes: Change[]): Plan => ({ projectId: 'fraud-detection', url: 'http://127.0.0.1:8237', changes, problems: [], notes: [] });

test('the same changes in the same words: as reviewed', () => {
  const shown = plan(team('admin', 'contributor'));
  assert.equal(describeChange(shown.changes[0]), '~ team ml-platform: contributor → admin');
  assert.equal(planIsAsReviewed(plan(team('admin', 'contributor')), shown.changes.map(describeChange)), true);
});

test('the workspace moved: another starting role, one more change, one less, or another order is stale', () => {
  const reviewed = plan(team('admin', 'contributor'), { kind: 'update-project', field: 'description', from: 'a', to: 'b' } as Change).changes.map(describeChange);
  assert.equal(planIsAsReviewed(plan(team('admin', 'viewer'), { kind: 'update-project', field: 'description', from: 'a', to: 'b' } as Change), reviewed), false);
  assert.equal(planIsAsReviewed(plan(team('admin', 'contributor')), reviewed), false);
  assert.equal(planIsAsReviewed(plan({ kind: 'update-project', field: 'description', from: 'a', to: 'b' } as Change, team('admin', 'contributor')), reviewed), false);
  assert.equal(planIsAsReviewed(plan(), reviewed), false);
  assert.equal(planIsAsReviewed(plan(), []), true);
});
