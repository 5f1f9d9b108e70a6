/**
 * YAML as people write it, over LSP against the bundled server: for each kind of input that once
 * got wrong diagnostics (aliases, root merges, a BOM, lone CRs, duplicate keys, unterminated
 * constructs, invisible characters), the workspace scan of the file on disk, the file opened as an
 * editor opens it, and the file reached by incremental edits all publish the same, exact answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TEACHING_CODES } from '../../../common/diagnosticCodes';
import { ServerHarness, type Published } from '../../lib/serverHarness';

const ADMIN = 'members:\n  - user: root@acme.com\n    role: admin\n';
const START = `id: start\ndescription: d\n${ADMIN}`;

interface Case {
  name: string;
  /** The file's bytes on disk. */
  disk: string;
  expect: string[];
}

const cases: Case[] = [
  { name: 'alias', disk: `id: alias\ndescription: d\n${ADMIN}  - user: b\n    <<: *later\n  - user: c\n    role: *nowhere\nx-later: &later\n  role: viewer\n`, expect: ['undefined-alias@6:8-6:14', 'undefined-alias@8:10-8:18'] },
  {
    name: 'merges',
    disk: `x-common: &common {description: Shared, workspace: acme}\nx-viewer: &viewer {role: viewer}\n<<: *common\nid: merges\n${ADMIN}${Array.from({ length: 150 }, (_, i) => `  - <<: *viewer\n    user: u${i}@acme.com\n`).join('')}`,
    expect: [],
  },
  { name: 'bom', disk: `\ufeffid: Bom Project\ndescription: d\n${ADMIN}`, expect: ['invalid-project-id@0:4-0:15'] },
  { name: 'cr', disk: `id: cr\rdescription: d\r${ADMIN.replace(/\n/g, '\r')}  - user: b\r    role: owner\r`, expect: ['unknown-role@6:10-6:15'] },
  { name: 'duplicate', disk: `id: dup\ndescription: d\n${ADMIN}    role: viewer\n`, expect: ['yaml-syntax@5:4-5:8'] },
  {
    name: 'unterminated',
    disk: `id: unterminated\nname: "Unclosed Name\ndescription: d\n${ADMIN}${Array.from({ length: 300 }, (_, i) => `  - user: u${i}@acme.com\n    role: viewer\n`).join('')}`,
    expect: ['yaml-syntax@1:6-1:20'],
  },
  { name: 'invisible', disk: `id: invisible\ndescription: d\nmem\u200bbers:\n  - user: a\n    role:\u00a0admin\n`, expect: ['invisible-character@2:3-2:4', 'invisible-character@4:9-4:10'] },
];

const rel = (c: Case, variant: string) => `${c.name}-${variant}/project.yaml`;
/** Without the teaching checks' advice (their own tests cover it): these files are about YAML. */
const summary = (p: Published) => p.diagnostics.filter((d) => !(TEACHING_CODES as readonly string[]).includes(d.code)).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
/** What an editor holds after opening the file: the bytes without their BOM. */
const editorText = (disk: string) => disk.replace(/^\ufeff/, '');

/** An LSP position: LF, CRLF and a lone CR each end a line. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** The one range edit that turns `from` into `to`. */
function edit(from: string, to: string) {
  let p = 0;
  while (p < from.length && p < to.length && from[p] === to[p]) p++;
  let s = 0;
  while (s < from.length - p && s < to.length - p && from[from.length - 1 - s] === to[to.length - 1 - s]) s++;
  return { range: { start: positionAt(from, p), end: positionAt(from, from.length - s) }, text: to.slice(p, to.length - s) };
}

let h: ServerHarness;

before(async () => {
  h = await ServerHarness.start(Object.fromEntries(cases.map((c) => [rel(c, 'disk'), c.disk])));
});

after(() => h.stop());

for (const c of cases) {
  test(`${c.name}: the workspace scan, an opened file and incremental edits agree, exactly`, async () => {
    const scanned = await h.diagnostics(rel(c, 'disk'));
    assert.deepEqual(summary(scanned), c.expect, 'the file on disk');
    const opened = await h.open(rel(c, 'disk'), editorText(c.disk));
    assert.deepEqual(summary(opened), c.expect, 'the same file opened');
    assert.deepEqual(opened.diagnostics, scanned.diagnostics, 'opening it changes nothing');

    await h.open(rel(c, 'edited'), START);
    const edited = await h.change(rel(c, 'edited'), [edit(START, editorText(c.disk))]);
    // The edited copy defines the same project ID as the file it copies: that, and only that, differs.
    const own = (p: Published) => p.diagnostics.filter((d) => d.code !== 'duplicate-project-id').map((d) => [d.code, d.range, d.message]);
    assert.deepEqual(own(edited), own(opened), 'reached by an edit');
  });
}

test('typing the closing quote of an unterminated text clears the error, one keystroke', async () => {
  const c = cases.find((x) => x.name === 'unterminated')!;
  const file = 'typing/project.yaml';
  assert.deepEqual(summary(await h.open(file, c.disk.replace('id: unterminated', 'id: typing-unt'))), ['yaml-syntax@1:6-1:20']);
  const fixed = await h.change(file, [{ range: { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } }, text: '"' }]);
  assert.deepEqual(summary(fixed), []);
  const broken = await h.change(file, [{ range: { start: { line: 1, character: 20 }, end: { line: 1, character: 21 } }, text: '' }]);
  assert.deepEqual(summary(broken), ['yaml-syntax@1:6-1:20']);
});

test('an alias defined by an edit above it resolves; removing the anchor brings the error back', async () => {
  const file = 'anchor-edit/project.yaml';
  const text = `id: p\ndescription: d\n${ADMIN}  - user: b\n    <<: *viewer\n`;
  assert.deepEqual(summary(await h.open(file, text)), ['undefined-alias@6:8-6:15']);
  const defined = await h.change(file, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x-viewer: &viewer {role: viewer}\n' }]);
  assert.deepEqual(summary(defined), []);
  const removed = await h.change(file, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
  assert.deepEqual(summary(removed), ['undefined-alias@6:8-6:15']);
});

interface Action {
  title: string;
  isPreferred?: boolean;
  edit: { changes: Record<string, { range: Published['diagnostics'][number]['range']; newText: string }[]> };
}

test('invisible characters: a quick fix for each, and "fix all" removes every one', async () => {
  const file = 'fix-invisible/project.yaml';
  const c = cases.find((x) => x.name === 'invisible')!;
  const published = await h.open(file, c.disk.replace('id: invisible', 'id: fix-invis'));
  const actions = await h.request<Action[]>('textDocument/codeAction', { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: published.diagnostics } }, file);
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Remove U+200B ZERO WIDTH SPACE'), titles.join(' | '));
  assert.ok(titles.includes('Replace U+00A0 NO-BREAK SPACE with a space'), titles.join(' | '));
  const remove = actions.find((a) => a.title === 'Remove U+200B ZERO WIDTH SPACE')!;
  assert.equal(remove.isPreferred, true);
  assert.deepEqual(remove.edit.changes[h.uri(file)], [{ range: { start: { line: 2, character: 3 }, end: { line: 2, character: 4 } }, newText: '' }]);
  const all = actions.find((a) => a.title.startsWith('Fix all'))!;
  const edits = [...all.edit.changes[h.uri(file)]].sort((a, b) => b.range.start.line - a.range.start.line);
  const after = await h.change(file, edits.map((e) => ({ range: e.range, text: e.newText })));
  assert.deepEqual(summary(after), []);
});
