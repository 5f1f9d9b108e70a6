/**
 * CheckConfigFiles (core/projectFile/checkConfigFiles.ts): settings that amount to the options
 * already in use change nothing — the language server analyses every project file again when
 * they change, which for a large workspace is seconds and, with large files kept analysed, memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckConfigFiles, checksOfConfigText } from '../../../core/projectFile/checkConfigFiles';

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

test('a misspelt key is an error that names the key and the nearest one, not a silent default', () => {
  assert.throws(() => checksOfConfigText('checks:\n  teamTreshold: 2\n', 'c.yaml'), /^CheckConfigError: 'teamTreshold' is not a check option in 'c\.yaml' \(did you mean 'teamThreshold'\?\); the options are teamThreshold, projectIdPattern, projectNamePattern$/);
  assert.throws(() => checksOfConfigText('check:\n  teamThreshold: 2\n', 'c.yaml'), /'check' is not a key of the config file 'c\.yaml' \(did you mean 'checks'\?\); it has 'checks:' only$/);
  assert.throws(() => checksOfConfigText('checks:\n  colour: blue\n', 'c.yaml'), /'colour' is not a check option in 'c\.yaml'; the options are/);
  assert.throws(() => checksOfConfigText('- a\n', 'c.yaml'), /must be a mapping with 'checks:'/);
  assert.deepEqual(checksOfConfigText('checks:\n  teamThreshold: 2\n', 'c.yaml'), { teamThreshold: 2 });
  assert.deepEqual(checksOfConfigText('# nothing yet\n', 'c.yaml'), {});
});

test("a config file that is not YAML says where, in one sentence that ends once", () => {
  assert.throws(() => checksOfConfigText('checks:\n  a: 1\n b: 2\n', 'c.yaml'), (e: Error) => /^the config file 'c\.yaml' is not valid YAML: .* at line 3, column 1$/.test(e.message));
});
