/**
 * Every rule of the engine, each with a failing and a passing case, exact ranges asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEACHING_CODES } from '../../../common/diagnosticCodes';
import { validateText } from '../../../core/engine/projectDocument';
import { summary, VALID } from './helpers';

interface Case {
  name: string;
  text: string;
  /** `code@line:char-line:char`, in document order. */
  expect: string[];
  message?: RegExp;
}

const base = (extra: string) => VALID + extra;

const cases: Case[] = [
  { name: 'a complete valid file', text: VALID, expect: [] },
  { name: 'valid with custom role and team', text: `id: p\ndescription: d\nroles:\n  - id: data-reviewer\n    description: Reviews data\n    permissions:\n      artifact: [read, share]\n      model: [read, update]\nmembers:\n  - user: a@x.io\n    role: admin\n  - team: ml-platform\n    role: data-reviewer\n`, expect: [] },
  { name: 'project ID with spaces and capitals', text: VALID.replace('id: fraud-detection', 'id: Fraud Detection'), expect: ['invalid-project-id@0:4-0:19'], message: /^Project ID may only contain lowercase letters, digits, '-' and '_' \(ZenML only accepts lowercase\); found 'Fraud Detection'\.$/ },
  { name: 'project ID too long', text: VALID.replace('id: fraud-detection', `id: ${'a'.repeat(51)}`), expect: ['invalid-project-id@0:4-0:55'], message: /at most 50 characters/ },
  { name: 'project ID empty string', text: VALID.replace('id: fraud-detection', `id: ""`), expect: ['invalid-project-id@0:4-0:6'], message: /must not be empty/ },
  { name: 'project ID a number', text: VALID.replace('id: fraud-detection', 'id: 123'), expect: ['wrong-type@0:4-0:7'], message: /must be text; found the number 123 \(quote it/ },
  { name: 'project ID missing', text: VALID.replace('id: fraud-detection\n', ''), expect: ['missing-key@0:0-0:4'], message: /has no 'id' \(Project ID\)/ },
  { name: 'display name too long', text: VALID.replace('name: Fraud Detection', `name: ${'n'.repeat(256)}`), expect: ['too-long@1:6-1:262'], message: /at most 255 characters long; this one has 256/ },
  { name: 'description too long', text: VALID.replace('description: Detect fraudulent card transactions', `description: ${'d'.repeat(300)}`), expect: ['too-long@2:13-2:313'] },
  { name: 'unknown top-level key', text: base('owner: bob\n'), expect: ['unknown-key@6:0-6:5'], message: /Unknown key 'owner' at the top level/ },
  { name: 'x- keys hold anchors', text: `x-admin: &admin\n  role: admin\n${VALID.replace('    role: admin\n', '    <<: *admin\n')}`, expect: [] },
  { name: 'members not a list', text: VALID.replace(/members:[\s\S]*/, 'members: alice\n'), expect: ['no-admin@3:0-3:7', 'wrong-type@3:9-3:14'], message: /Members must be a list/ },
  { name: 'member with unknown key', text: base('    rol: x\n'), expect: ['unknown-key@6:4-6:7'], message: /Did you mean 'role'\?/ },
  { name: 'member without role', text: base('  - user: bob@acme.com\n'), expect: ['missing-key@6:4-6:8'], message: /This member has no 'role'/ },
  { name: 'member with user and team', text: base('  - user: bob\n    team: ops\n    role: viewer\n'), expect: ['member-subject@7:4-7:8'], message: /either a user or a team, not both/ },
  { name: 'member with neither user nor team', text: base('  - role: viewer\n'), expect: ['member-subject@6:4-6:8'], message: /needs a 'user'/ },
  { name: 'unknown role', text: base('  - user: bob\n    role: owner\n'), expect: ['unknown-role@7:10-7:15'], message: /'owner' is not a role of this project/ },
  { name: 'misspelt role suggests the nearest', text: base('  - user: bob\n    role: develper\n'), expect: ['unknown-role@7:10-7:18'], message: /Did you mean 'developer'\?/ },
  { name: 'role defined in the file is known', text: base('  - user: bob\n    role: reviewer\nroles:\n  - id: reviewer\n'), expect: [] },
  { name: 'duplicate user (case-insensitive)', text: base('  - user: Alice@acme.com\n    role: viewer\n'), expect: ['duplicate-member@6:10-6:24'], message: /already a member \(line 5, as admin\)/ },
  { name: 'same name as user and as team is fine', text: base('  - team: alice@acme.com\n    role: viewer\n'), expect: [] },
  { name: 'duplicate team', text: base('  - team: ops\n    role: viewer\n  - team: ops\n    role: developer\n'), expect: ['duplicate-member@8:10-8:13'] },
  { name: 'duplicate custom role', text: base('roles:\n  - id: r1\n  - id: r1\n  - id: r2\n  - user: x\n').replace('  - user: x\n', ''), expect: ['unused-role@7:8-7:10', 'duplicate-role@8:8-8:10', 'unused-role@9:8-9:10'] },
  { name: 'custom role shadows a default', text: base('roles:\n  - id: project-admin\n'), expect: ['role-shadows-default@7:8-7:21'], message: /names the default role Project Admin/ },
  { name: 'invalid role ID', text: base('roles:\n  - id: Data Reviewer\n'), expect: ['invalid-role-id@7:8-7:21', 'unused-role@7:8-7:21'], message: /^Role ID may only contain/ },
  { name: 'unknown resource type', text: base('roles:\n  - id: r\n    permissions:\n      pipelines: [read]\n'), expect: ['unused-role@7:8-7:9', 'unknown-key@9:6-9:15'], message: /'pipelines' is not a project resource type\. Did you mean 'pipeline'\?/ },
  { name: 'unknown action', text: base('roles:\n  - id: r\n    permissions:\n      model: [read, write]\n'), expect: ['unused-role@7:8-7:9', 'invalid-value@9:20-9:25'], message: /'write' is not an action/ },
  { name: 'action listed twice', text: base('roles:\n  - id: r\n    permissions:\n      model: [read, read]\n'), expect: ['unused-role@7:8-7:9', 'invalid-value@9:20-9:24'], message: /listed twice/ },
  { name: 'no admin', text: VALID.replace('role: admin', 'role: viewer'), expect: ['no-admin@3:0-3:7'], message: /nobody owns this project/ },
  { name: 'no members at all', text: 'id: p\ndescription: d\n', expect: ['no-admin@0:0-0:2'] },
  { name: 'missing description', text: VALID.replace('description: Detect fraudulent card transactions\n', ''), expect: ['missing-description@0:0-0:2'], message: /document the project's purpose/ },
  { name: 'custom role without an ID', text: base('roles:\n  - description: d\n'), expect: ['missing-key@7:4-7:15'], message: /^This custom role has no 'id' \(Role ID\)\. Add `id: my-role`\.$/ },
  { name: '.inf in YAML\'s words', text: 'id: .inf\ndescription: d\n', expect: ['no-admin@0:0-0:2', 'wrong-type@0:4-0:8'], message: /^Project ID must be text; found \.inf, which YAML reads as infinity \(quote it to make it text\)\.$/ },
  { name: 'an empty description: one diagnostic', text: VALID.replace('description: Detect fraudulent card transactions', 'description:'), expect: ['wrong-type@2:0-2:11'], message: /^Description must be text; found nothing \(the value is empty\)\.$/ },
  { name: 'a member without role: no echo of the key as its title', text: base('  - user: bob@acme.com\n'), expect: ['missing-key@6:4-6:8'], message: /^This member has no 'role'\. Add `role: viewer`\.$/ },
  { name: 'empty description', text: VALID.replace('description: Detect fraudulent card transactions', 'description: ""'), expect: ['missing-description@0:0-0:2'] },
  { name: 'duplicate top-level key', text: base('id: other\n'), expect: ['yaml-syntax@6:0-6:2'], message: /The key 'id' appears twice/ },
  { name: 'YAML syntax error', text: base('  - user: bob\n    role: viewer: x\n'), expect: ['yaml-syntax@7:10-7:11', 'wrong-type@7:10-7:16'], message: /^YAML syntax error: Nested mappings are not allowed in compact mappings\.$/ },
  { name: 'an unclosed [ is reported where it opens, alone', text: base('  - user: [unclosed\n    role: viewer\n'), expect: ['yaml-syntax@6:10-6:19'], message: /^This \[ list is never closed/ },
  { name: 'tab indentation', text: base('\t- user: bob\n'), expect: ['yaml-syntax@6:0-6:1', 'unknown-key@6:1-7:0'], message: /tab|YAML syntax error/i },
  { name: 'several documents', text: `${VALID}---\nid: other\n`, expect: ['multiple-documents@6:0-6:3'], message: /has 2 YAML documents/ },
  { name: 'empty file', text: '', expect: ['empty-file@0:0-0:0'] },
  { name: 'only comments', text: '# nothing yet\n\n', expect: ['empty-file@0:0-0:0'] },
  { name: 'a list at the root', text: '- id: p\n', expect: ['root-not-mapping@0:0-0:7'], message: /top level is a list/ },
  { name: 'a scalar at the root', text: 'hello\n', expect: ['root-not-mapping@0:0-0:5'], message: /top level is a single value/ },
  { name: 'binary content', text: 'id: p\u0000\u0001\u0002', expect: ['not-text@0:0-0:0'] },
  { name: 'alias bomb', text: bomb(), expect: ['alias-limit@'], message: /alias bomb/ },
  { name: 'deep flow nesting', text: `id: ${'['.repeat(200)}${']'.repeat(200)}\n`, expect: ['too-deep@0:68-0:69'] },
  { name: 'deep block nesting', text: `id: p\nx-deep:\n${Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`, expect: ['too-deep@'] },
  { name: 'merge keys bring a role in', text: `x-dev: &dev\n  role: developer\n${base('  - user: bob\n    <<: *dev\n')}`, expect: [] },
  { name: 'merged role is checked too', text: `x-dev: &dev\n  role: devloper\n${base('  - user: bob\n    <<: *dev\n')}`, expect: ['unknown-role@9:8-9:12'] },
  { name: 'block list at column 0', text: 'id: p\ndescription: d\nmembers:\n- user: a\n  role: admin\n- user: a\n  role: viewer\n', expect: ['duplicate-member@5:8-5:9'] },
  { name: 'quoted values and comments', text: `id: "p" # the id\ndescription: 'it''s ours'\nmembers:\n  # the owner\n  - user: "alice@acme.com"  # primary\n    role: 'admin'\n`, expect: [] },
  { name: 'CRLF line endings', text: VALID.replace(/\n/g, '\r\n').replace('role: admin', 'role: owner'), expect: ['no-admin@3:0-3:7', 'unknown-role@5:10-5:15'] },
];

function bomb(): string {
  let s = 'id: p\nx-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghi') {
    s += `x-${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = n;
  }
  return s;
}

/** The teaching checks have a table of their own (teaching.test.ts); here they are left out unless a case lists them. */
const TEACHING: readonly string[] = TEACHING_CODES;

for (const c of cases) {
  test(c.name, () => {
    const listed = (code: string) => c.expect.some((e) => e.startsWith(`${code}@`));
    const ds = validateText(c.text, 'file:///p/project.yaml').filter((d) => !TEACHING.includes(String(d.code)) || listed(String(d.code)));
    const got = summary(ds);
    assert.equal(got.length, c.expect.length, `got ${JSON.stringify(got)}`);
    c.expect.forEach((e, i) => {
      if (e.endsWith('@')) assert.ok(got[i].startsWith(e), `${got[i]} should start with ${e}`);
      else assert.equal(got[i], e);
    });
    if (c.message) assert.ok(ds.some((d) => c.message!.test(String(d.message))), `no message matches ${c.message}: ${ds.map((d) => String(d.message)).join(' | ')}`);
    for (const d of ds) {
      assert.equal(d.source, 'zenml-projects');
      assert.equal((d.data as { code: string }).code, d.code, 'data carries the code');
      assert.doesNotMatch(String(d.message), /must match pattern|must NOT have/);
    }
  });
}

test('diagnostics carry data a quick fix can use', () => {
  const ds = validateText(base('  - user: bob\n    role: develper\n'));
  const d = ds.find((x) => x.code === 'unknown-role')!;
  assert.deepEqual(d.data, { code: 'unknown-role', role: 'develper', suggestions: ['developer'] });
  const id = validateText(VALID.replace('id: fraud-detection', 'id: Fraud Detection')).find((x) => x.code === 'invalid-project-id')!;
  assert.deepEqual(id.data, { code: 'invalid-project-id', value: 'Fraud Detection', problem: 'characters' });
});

test('duplicates point at the first occurrence', () => {
  const ds = validateText(base('  - user: alice@acme.com\n    role: viewer\n'), 'file:///p/project.yaml');
  const d = ds.find((x) => x.code === 'duplicate-member')!;
  assert.equal(d.relatedInformation?.[0].location.uri, 'file:///p/project.yaml');
  assert.deepEqual(d.relatedInformation?.[0].location.range, { start: { line: 4, character: 10 }, end: { line: 4, character: 24 } });
});

test('a file over the size limit gets one notice, quickly', () => {
  const big = VALID + '  - user: x\n    role: viewer\n'.repeat(200_000);
  assert.ok(big.length > 5 * 1024 * 1024);
  const ds = validateText(big);
  assert.deepEqual(summary(ds), ['file-too-large@0:0-0:0']);
  assert.match(String(ds[0].message), /^This file has [\d,]+ characters; project files are analysed up to 5,242,880 \(about 5 MB\)/);
});

test('a file over the size limit is an error: nothing in it was checked, so it must not pass or be applied', () => {
  const big = VALID + '  - user: x\n    role: viewer\n'.repeat(200_000);
  const [d] = validateText(big);
  assert.equal(d.severity, 1);
  assert.match(String(d.message), /so it was not checked, and cannot be planned or applied/);
});
