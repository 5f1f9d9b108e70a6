/**
 * The fast path for plain `key: value` lines must yield exactly what the full YAML parser yields
 * (tree, ranges and value) wherever it answers at all: checked over generated variants of the
 * lines a project file is made of, spacing, quoting, comments and line ends included.
 * Where a mapping or list ends is left out of the comparison: diagnostics place a mapping at its
 * first key and a list on its first line (schemaCheck.ts), and the fast path ends both at their
 * last value while the parser may count trailing spaces, comments or the line break.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastParse } from '../../../core/engine/fastParse';
import { parseUnit } from '../../../core/engine/parseUnit';

const KEYS = ['id', 'members', 'role', 'user', 'a_b-c', '$schema'];
const VALUES = ['', 'x', 'bob@acme.com', 'Some text here', "'quoted'", "'it''s'", '"double"', '"a\\"b"', 'null', '~', 'true', '12', '1.5', 'a: b', 'a #b', '#c', '[a]', '{a: 1}', '&a x', '*a', '- x', '@x', '`x'];
const AFTER = ['', ' ', '   ', ' # note', '\t'];
const ENDS = ['', '\n', '\r\n', '\n\n', '\n# trailing\n', '\n  '];

function* tops(): Generator<string> {
  for (const key of KEYS) for (const value of VALUES) for (const after of AFTER) for (const end of ENDS) yield `${key}:${value ? ' ' : ''}${value}${after}${end}`;
}

function* items(): Generator<string> {
  for (const value of VALUES) {
    for (const after of AFTER) {
      for (const end of ENDS) {
        yield `  - user: ${value}${after}${end}`;
        yield `  - user: u@x.io\n    role: ${value}${after}${end}`;
        yield `- id: ${value}${after}\n  description: d${end}`;
      }
    }
  }
}

/** The tree without the ends of mappings and lists (see above). */
function scalarsAndStarts(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node), function (this: Record<string, unknown>, key, value) {
    return key === 'end' && (this.kind === 'map' || this.kind === 'seq') ? undefined : value;
  });
}

function check(text: string, shape: 'top' | 'item'): boolean {
  const fast = fastParse(text, shape);
  if (!fast) return false;
  const full = parseUnit(text, 'whole');
  assert.deepEqual(full.problems, [], `the fast path accepted text with problems: ${JSON.stringify(text)}`);
  assert.deepEqual(scalarsAndStarts(fast), scalarsAndStarts(full.tree), `tree of ${JSON.stringify(text)}`);
  assert.deepEqual(parseUnit(text, shape).value, full.value, `value of ${JSON.stringify(text)}`);
  return true;
}

test('top-level lines: the fast path agrees with the full parser wherever it answers', () => {
  let answered = 0;
  for (const text of tops()) if (check(text, 'top')) answered++;
  // It must answer the common shapes, or it is no fast path at all.
  assert.ok(answered > 500, `answered only ${answered}`);
  assert.ok(check('members:\n', 'top'));
  assert.ok(check('id: my-project\n', 'top'));
});

test('list entries: the fast path agrees with the full parser wherever it answers', () => {
  let answered = 0;
  for (const text of items()) if (check(text, 'item')) answered++;
  assert.ok(answered > 100, `answered only ${answered}`);
  assert.ok(check('  - user: bob@acme.com\n    role: developer\n', 'item'));
});
