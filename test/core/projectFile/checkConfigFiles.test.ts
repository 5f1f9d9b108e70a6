/**
 * CheckConfigFiles (core/projectFile/checkConfigFiles.ts): settings that amount to the options
 * already in use change nothing — the language server analyses every project file again when
 * they change, which for a large workspace is seconds and, with large files kept analysed, memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckConfigFiles } from '../../../core/projectFile/checkConfigFiles';

const configs = () => new CheckConfigFiles({ readFile: () => '', problem: () => undefined });

test('settings equal to the defaults, however written, are no change', () => {
  const c = configs();
  assert.equal(c.setBase({ teamThreshold: 5 }), false);
  assert.equal(c.setBase({ teamThreshold: 5, projectIdPattern: undefined, projectNamePattern: '' }), false);
  assert.equal(c.setBase(undefined), false);
});

test('a setting that changes a check is a change, once', () => {
  const c = configs();
  assert.equal(c.setBase({ teamThreshold: 3 }), true);
  assert.equal(c.setBase({ teamThreshold: 3 }), false);
  assert.equal(c.optionsFor(undefined).teamThreshold, 3);
  assert.equal(c.setBase({ teamThreshold: 3, projectIdPattern: '^ml-' }), true);
  assert.equal(c.optionsFor(undefined).projectIdPattern?.source, '^ml-');
});
