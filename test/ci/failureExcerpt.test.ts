import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureExcerpt, failureLines } from '../failureExcerpt.mjs';

const noise = (n: number, what = 'passed') => Array.from({ length: n }, (_, i) => `    ✔ test ${i} ${what}`).join('\n');

test("mocha's failing list is kept, from both passes, and the passing noise is not", () => {
  const log = [
    noise(50),
    '  84 passing (3m)',
    '  1 failing',
    '',
    '  1) projects as code',
    '       a workspace that stops answering:',
    '     Error: Timed out after 90 s waiting for a role-drift warning.',
    noise(20, 'in the second pass'),
    '  2 failing',
    '  1) pseudo-localized run',
  ].join('\n');
  const excerpt = failureExcerpt(log);
  assert.match(excerpt, /^ {2}1 failing\n/);
  assert.match(excerpt, /Timed out after 90 s waiting for a role-drift warning/);
  assert.match(excerpt, /2 failing\n {2}1\) pseudo-localized run\n$/);
  assert.doesNotMatch(excerpt, /test 49 passed/);
});

test("the list Node's spec reporter ends with is kept", () => {
  const log = `${noise(30)}\nℹ fail 1\n\n\x1b[31m✖ failing tests:\x1b[39m\n\ntest at a.test.ts:2:38\n✖ inner fails\n  AssertionError: 1 == 2\n`;
  assert.equal(failureExcerpt(log), '✖ failing tests:\n\ntest at a.test.ts:2:38\n✖ inner fails\n  AssertionError: 1 == 2\n');
});

test("TAP's not-ok results keep their YAML block; ok results and the rest are left out", () => {
  const log = [
    'ok 1 - fine',
    '    not ok 2 - inner fails',
    '      ---',
    "      error: '1 == 2'",
    '      ...',
    '    ok 3 - inner ok',
    'not ok 4 - group',
    '  ---',
    "  error: '1 subtest failed'",
    '  ...',
    '# pass 2',
  ].join('\n');
  assert.equal(failureExcerpt(log), "    not ok 2 - inner fails\n      ---\n      error: '1 == 2'\n      ...\nnot ok 4 - group\n  ---\n  error: '1 subtest failed'\n  ...\n");
});

test('anything else: its last 40 lines', () => {
  const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
  const excerpt = failureExcerpt(lines.join('\n') + '\n\n');
  assert.equal(excerpt, lines.slice(60).join('\n') + '\n');
});

test('a long excerpt is cut, saying how much more there is', () => {
  const block = (n: number) => [`  ${n} failing`, ...Array.from({ length: 79 }, (_, i) => `detail ${n}.${i}`)].join('\n');
  const excerpt = failureExcerpt([block(1), block(2), block(3)].join('\n'));
  const lines = excerpt.trimEnd().split('\n');
  assert.equal(lines.length, 201);
  assert.equal(lines.at(-1), '… 40 more lines in the full output above');
});

test('a line per failed test: mocha, from both passes, titles joined, and not its inline marks', () => {
  const log = [
    '  projects as code',
    '    ✔ fine',
    '    1) stops answering',
    '  1 passing (2m)',
    '  1 failing',
    '',
    '  1) projects as code',
    '       a workspace that stops answering:',
    '     Error: Timed out after 90 s waiting for the lens. Last seen:',
    'zenml-projects no-admin Warning',
    '  \tat waitFor (index.js:64:13)',
    '',
    '  pseudo-localized run',
    '    ✔ the status bar',
    '    1) the tree',
    '  1 passing (5s)',
    '  1 failing',
    '',
    '  1) pseudo-localized run',
    '       the tree:',
    '',
    '      AssertionError [ERR_ASSERTION]: not localized: Refresh',
  ].join('\n');
  assert.equal(
    failureLines(log),
    'projects as code › a workspace that stops answering: Error: Timed out after 90 s waiting for the lens. Last seen:\n' +
      'pseudo-localized run › the tree: AssertionError [ERR_ASSERTION]: not localized: Refresh\n',
  );
});

test("a line per failed test: Node's spec list and TAP (not the parents that failed through a subtest)", () => {
  const spec = '▶ group\n  ✖ inner fails (1.0ms)\n    AssertionError: 1 == 2\nℹ fail 1\nℹ duration_ms 83\n\n✖ failing tests:\n\ntest at a.test.ts:2:38\n✖ inner fails (1.041443ms)\n  AssertionError: 1 == 2\n      at x\n';
  assert.equal(failureLines(spec), 'inner fails: AssertionError: 1 == 2\n');
  const tap = "    not ok 1 - inner fails\n      ---\n      error: '1 == 2'\n      ...\nnot ok 1 - group\n  ---\n  failureType: 'subtestsFailed'\n  error: '1 subtest failed'\n  ...\n";
  assert.equal(failureLines(tap), 'inner fails: 1 == 2\n');
});

test('a line per failed test: none recognised gives the last 3 lines; many are cut at ten, long lines at 240 characters', () => {
  assert.equal(failureLines('one\ntwo\nthree\nError: something broke\n\n'), 'two\nthree\nError: something broke\n');
  const many = Array.from({ length: 12 }, (_, i) => `not ok ${i + 1} - test ${i}\n  ---\n  error: '${'x'.repeat(i === 0 ? 300 : 3)}'\n  ...`).join('\n');
  const lines = failureLines(many).trimEnd().split('\n');
  assert.equal(lines.length, 11);
  assert.equal(lines[0].length, 240);
  assert.ok(lines[0].endsWith('…'));
  assert.equal(lines[10], '… and 2 more');
});
