/**
 * Telling a project UUID from a project name, in the forms the ZenML client accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalUuid, projectIdOfUuid, uuidOfProjectId } from '../../../common/zenml/projectUuid';

const UUID = '7c0e0b9c-1b7e-4d7e-9a8e-1f2b3c4d5e6f';

test('the accepted forms all give the canonical lowercase hyphenated UUID', () => {
  for (const form of [UUID, UUID.toUpperCase(), UUID.replace(/-/g, ''), `{${UUID}}`, `urn:uuid:${UUID}`, `URN:UUID:${UUID.toUpperCase()}`]) {
    assert.equal(canonicalUuid(form), UUID, form);
  }
});

test('names and near-misses are not UUIDs', () => {
  for (const text of ['fraud-detection', 'default', '', '7c0e0b9c-1b7e-4d7e-9a8e-1f2b3c4d5e6', '7c0e0b9c-1b7e-4d7e-9a8e-1f2b3c4d5e6g', `${UUID} `, `{${UUID}`, '7c0e0b9c1b7e-4d7e-9a8e-1f2b3c4d5e6f']) {
    assert.equal(canonicalUuid(text), undefined, JSON.stringify(text));
  }
});

test('looking up the connected workspace map works whatever case its keys are in', () => {
  const map = new Map([[UUID.toUpperCase(), 'fraud-detection']]);
  assert.equal(projectIdOfUuid(UUID, map), 'fraud-detection');
  assert.equal(projectIdOfUuid('00000000-0000-0000-0000-000000000000', map), undefined);
  assert.equal(uuidOfProjectId('fraud-detection', map), UUID);
  assert.equal(uuidOfProjectId('other', map), undefined);
});
