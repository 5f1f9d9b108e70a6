/**
 * Positions count what the editor shows: no byte order mark, a lone CR is a line break (as in
 * YAML 1.2 and LSP), and a duplicate key is underlined whole wherever it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorText } from '../../../core/engine/fileText';
import { ProjectDocument, validateText } from '../../../core/engine/projectDocument';
import { summary, withoutAdvice } from './helpers';

const HEAD = 'id: p\ndescription: d\n';
const ADMIN = 'members:\n  - user: root@acme.com\n    role: admin\n';

const cases: { name: string; text: string; expect: string[]; message?: string }[] = [
  { name: 'a file read with a BOM: columns as in the editor', text: editorText('\ufeffid: Bom Project\ndescription: d\n' + ADMIN), expect: ['invalid-project-id@0:4-0:15'] },
  { name: 'lone CR line endings are line breaks', text: `${HEAD}${ADMIN}  - user: b\n    role: owner\n`.replace(/\n/g, '\r'), expect: ['unknown-role@6:10-6:15'] },
  { name: 'lone CR, LF and CRLF mixed', text: `id: p\rdescription: d\r\n${ADMIN}  - user: b\r    role: owner\n`, expect: ['unknown-role@6:10-6:15'] },
  { name: 'a lone CR file with a syntax error points at its line', text: 'id: p\rdescription: d\rmembers: [a\r', expect: ['no-admin@2:0-2:7', 'yaml-syntax@2:9-2:11'] },
  {
    name: 'a duplicate key inside a list entry is underlined whole',
    text: `${HEAD}${ADMIN}    role: viewer\n`,
    expect: ['yaml-syntax@5:4-5:8'],
    message: "The key 'role' appears twice in the same mapping; YAML keeps only one. Remove or rename one of them.",
  },
  { name: 'a quoted duplicate key, quotes included', text: `${HEAD}${ADMIN}    "role": viewer\n`, expect: ['yaml-syntax@5:4-5:10'] },
  { name: 'a duplicate in permissions', text: `${HEAD}${ADMIN}roles:\n  - id: r\n    permissions:\n      model: [read]\n      model: [update]\n`, expect: ['unused-role@6:8-6:9', 'yaml-syntax@9:6-9:11'] },
  { name: 'a duplicate in a flow mapping', text: `${HEAD}members:\n  - {user: a, role: admin, role: viewer}\n`, expect: ['yaml-syntax@3:27-3:31'] },
  { name: 'a duplicate top-level key', text: `${HEAD}${ADMIN}id: q\n`, expect: ['yaml-syntax@5:0-5:2'] },
  { name: 'a duplicate top-level key in a file read whole: reported once', text: `x-a: &a {role: admin}\n${HEAD}members:\n  - user: a\n    <<: *a\nid: q\n`, expect: ['yaml-syntax@6:0-6:2'] },
];

for (const c of cases) {
  test(c.name, () => {
    const ds = withoutAdvice(validateText(c.text, 'file:///p/project.yaml'));
    assert.deepEqual(summary(ds), c.expect);
    if (c.message) assert.equal(ds[c.expect.findIndex((e) => e.startsWith('yaml-syntax'))].message, c.message);
  });
}

test('a lone-CR document keeps its own text and takes edits at LSP positions', () => {
  const text = `${HEAD}${ADMIN}`.replace(/\n/g, '\r');
  const doc = new ProjectDocument(text);
  assert.equal(doc.text, text);
  doc.update([{ range: { start: { line: 4, character: 10 }, end: { line: 4, character: 15 } }, text: 'owner' }]);
  assert.equal(doc.text, text.replace('role: admin', 'role: owner'));
  assert.deepEqual(summary(doc.diagnostics()), ['no-admin@2:0-2:7', 'unknown-role@4:10-4:15']);
});

test('editorText drops a byte order mark and nothing else', () => {
  assert.equal(editorText('\ufeffid: p\n'), 'id: p\n');
  assert.equal(editorText('id: p\ufeff\n'), 'id: p\ufeff\n');
  assert.equal(editorText(''), '');
});
