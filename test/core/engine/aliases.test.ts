/**
 * Anchors, aliases and merge keys: every alias failure reported as what it is, at the alias; the
 * expansion limited by its size, not by how often an anchor is used; merges at every level.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../core/engine/projectDocument';
import { EXPANSION_ALLOWANCE, MAX_EXPANSION_FACTOR } from '../../../core/engine/yamlValue';
import { summary } from './helpers';

interface Case {
  name: string;
  text: string;
  /** `code@line:char-line:char`, in document order. */
  expect: string[];
  /** The messages of the diagnostics above, in the same order (when given). */
  messages?: (string | RegExp)[];
}

const HEAD = 'id: p\ndescription: d\n';
const ADMIN = 'members:\n  - team: root\n    role: admin\n';

/** An alias bomb: each level holds nine aliases of the one before. */
export function billionLaughs(levels = 9): string {
  let s = 'id: p\nx-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghijklmnopqrstuvwxyz'.slice(0, levels - 1)) {
    s += `x-${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = n;
  }
  return s;
}

const members = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('');

const cases: Case[] = [
  {
    name: 'an alias before its anchor, and one that names no anchor: each reported at the alias',
    text: `${HEAD}${ADMIN}  - user: b@acme.com\n    <<: *later\n  - user: c@acme.com\n    role: *nowhere\nx-later: &later\n  role: viewer\n`,
    expect: ['undefined-alias@6:8-6:14', 'undefined-alias@8:10-8:18'],
    messages: [
      "The alias '*later' comes before its anchor '&later' (line 10), and YAML needs the anchor first. Move the anchored value above this line.",
      "The alias '*nowhere' names no anchor: nothing before it in this file is marked '&nowhere', and YAML needs the anchor first. Define '&nowhere' above this line, or write the value out here.",
    ],
  },
  {
    name: 'an undefined alias as the project ID: no "missing id" besides',
    text: `id: *nowhere\ndescription: d\n${ADMIN}`,
    expect: ['undefined-alias@0:4-0:12'],
  },
  {
    name: 'an undefined merge at the root: no guesses about what it would have brought',
    text: '<<: *nowhere\nid: p\n',
    expect: ['undefined-alias@0:4-0:12'],
  },
  {
    name: 'an alias inside its own anchor',
    text: `${HEAD}x-a: &a\n  b: *a\n`,
    expect: ['alias-limit@3:5-3:7'],
    messages: ["The alias '*a' is inside the value its own anchor '&a' names, so it would repeat forever. Write the value out instead."],
  },
  {
    name: '150 members merging one shared default are not a bomb',
    text: `x-viewer: &viewer\n  role: viewer\n${HEAD}${ADMIN}${members(150, (i) => `  - <<: *viewer\n    user: u${i}@acme.com\n`)}`,
    expect: ['use-team@4:0-4:7'],
  },
  {
    name: 'a merged default is checked like a written one',
    text: `x-viewer: &viewer\n  role: veiwer\n${HEAD}${ADMIN}${members(3, (i) => `  - <<: *viewer\n    user: u${i}@acme.com\n`)}`,
    expect: ['unknown-role@7:8-7:15', 'unknown-role@9:8-9:15', 'unknown-role@11:8-11:15'],
    messages: [/^'veiwer' is not a role of this project\. Did you mean 'viewer'\?/],
  },
  {
    name: 'the billion laughs is cut off at the alias that expands the most',
    text: billionLaughs(),
    expect: ['alias-limit@9:9-9:11'],
    messages: [
      `These aliases would expand the file's 102 values to 490,329,066 (this one alone to 48,427,561), past the limit of ${(MAX_EXPANSION_FACTOR * 102 + EXPANSION_ALLOWANCE).toLocaleString('en-US')}: 10 times the values written, plus 10,000. Aliases of aliases that multiply like this are an alias bomb ("billion laughs"); write the values out.`,
    ],
  },
  { name: 'a bomb of 25 levels is refused as fast', text: billionLaughs(25), expect: ['alias-limit@25:9-25:11'] },
  { name: 'a few nested aliases stay within the limit', text: `${billionLaughs(4)}description: d\n${ADMIN}`, expect: [] },
  {
    name: 'a merge of something that is not a mapping',
    text: `${HEAD}x-a: &a viewer\n${ADMIN}  - user: u\n    <<: *a\n    role: admin\n`,
    expect: ['wrong-type@7:8-7:10'],
    messages: ["A merge key '<<' takes a mapping, an alias of one (`<<: *defaults`) or a list of them; this is a single value."],
  },
  { name: 'a list of merges', text: `${HEAD}x-a: &a {role: admin}\nx-b: &b {team: platform}\nmembers:\n  - <<: [*a, *b]\n`, expect: [] },
  { name: 'an anchor defined twice: the alias takes the nearer one', text: `${HEAD}x-r: &r {role: viewer}\nx-r2: &r {role: admin}\nmembers:\n  - user: a\n    <<: *r\n`, expect: ['single-admin@5:10-5:11'] },
  {
    name: 'merge keys at the root bring their keys in',
    text: `x-common: &common {description: Shared by all teams, workspace: acme}\n<<: *common\nid: p\n${ADMIN}`,
    expect: [],
  },
  {
    name: 'a merged top-level key that does not exist is reported at the merge',
    text: `x-c: &c {description: d, owner: bob}\n<<: *c\nid: p\n${ADMIN}`,
    expect: ['unknown-key@1:4-1:6'],
    messages: ["Unknown key 'owner' at the top level of the project file. Allowed keys: id, name, description, workspace, roles, members."],
  },
  { name: 'a merged value is checked where it is written', text: `x-c: &c\n  description: ${'d'.repeat(300)}\n<<: *c\nid: p\n${ADMIN}`, expect: ['too-long@1:15-1:315'] },
  { name: 'keys written at the root win over merged ones', text: `x-c: &c {id: Bad Id, description: d}\n<<: *c\nid: p\n${ADMIN}`, expect: [] },
  {
    name: 'members merged in at the root are checked entry by entry',
    text: `x-c: &c\n  members:\n    - user: a\n      role: admin\n    - user: a\n      role: owner\nid: p\ndescription: d\n<<: *c\n`,
    expect: ['single-admin@2:12-2:13', 'duplicate-member@4:12-4:13', 'unknown-role@5:12-5:17'],
  },
  {
    name: 'merge keys in roles and permissions',
    text: `x-perms: &perms {model: [read], artifact: [read]}\nx-role: &role\n  description: Reads\n  permissions:\n    <<: *perms\n    pipeline: [read]\n${HEAD}roles:\n  - <<: *role\n    id: reader\n${ADMIN}  - user: r\n    role: reader\n`,
    expect: [],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const ds = validateText(c.text, 'file:///p/project.yaml');
    assert.deepEqual(summary(ds), c.expect);
    c.messages?.forEach((m, i) => (typeof m === 'string' ? assert.equal(ds[i].message, m) : assert.match(String(ds[i].message), m)));
  });
}

test('an undefined alias carries the anchor name (and the anchor line when it comes later)', () => {
  const ds = validateText(`${HEAD}${ADMIN}  - user: b\n    <<: *later\nx-later: &later\n  role: viewer\n`);
  assert.deepEqual(ds[0].data, { code: 'undefined-alias', alias: 'later', anchorLine: 7 });
});

test('a merge of nothing is reported at the merge key', () => {
  assert.deepEqual(summary(validateText(`${HEAD}${ADMIN}    <<:\n`)), ['wrong-type@5:4-5:6']);
});

test('members merging anchors: read piece by piece, the answer is the whole-file reading\'s', () => {
  const text = `x-viewer: &viewer\n  role: viewer\nx-bad: &bad\n  role: owner\n  extra: 1\n${HEAD}${ADMIN}${members(40, (i) => `  - <<: *${['viewer', 'bad'][i % 2]}\n    ${i % 7 ? 'user' : 'team'}: u${i % 13}\n${i % 5 ? '' : '    role: developer\n'}`)}`;
  const pieces = validateText(text);
  // A document marker makes the engine read the file whole (with one more line).
  const whole = validateText(`---\n${text}`).map((d) => ({ ...d, range: { start: { ...d.range.start, line: d.range.start.line - 1 }, end: { ...d.range.end, line: d.range.end.line - 1 } } }));
  assert.ok(pieces.length > 10);
  // Messages naming a line ("already a member (line 17, ...)") differ by the marker's line.
  const said = (d: { message: unknown }) => String(d.message).replace(/line \d+/g, 'line N');
  assert.deepEqual(
    pieces.map((d) => [d.code, d.range, said(d)]),
    whole.map((d) => [d.code, d.range, said(d)]),
  );
});
