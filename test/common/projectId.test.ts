import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProjectId, deriveProjectId, describeIdProblem } from '../../common/projectId';

test('valid project IDs pass', () => {
  for (const id of ['default', 'fraud-detection', 'a', 'x_1-2', 'a'.repeat(50)]) assert.equal(checkProjectId(id), undefined, id);
});

test('invalid project IDs are explained', () => {
  assert.deepEqual(checkProjectId(''), { kind: 'empty' });
  assert.deepEqual(checkProjectId('a'.repeat(51)), { kind: 'tooLong', length: 51 });
  const p = checkProjectId('Fraud Detection');
  assert.deepEqual(p, { kind: 'characters', invalid: ['F', ' ', 'D'] });
  assert.equal(
    describeIdProblem('Project ID', 'Fraud Detection', p!),
    "Project ID may only contain lowercase letters, digits, '-' and '_' (ZenML only accepts lowercase); found 'Fraud Detection'.",
  );
});

test('derivation follows ZenML: lowercase, spaces to dashes, others dropped', () => {
  assert.equal(deriveProjectId('Fraud Detection'), 'fraud-detection');
  assert.equal(deriveProjectId('Café & Co. 2'), 'caf--co-2');
  assert.equal(deriveProjectId('X'.repeat(80)).length, 50);
});
