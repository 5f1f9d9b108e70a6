/**
 * An unterminated quote, [ or { is reported where it opens, saying what is unclosed, and nothing
 * that the break caused is reported besides: the rest of the file is checked as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProjectDocument, validateText } from '../../../core/engine/projectDocument';
import { summary, withoutAdvice } from './helpers';

const ADMIN = 'members:\n  - user: root@acme.com\n    role: admin\n';
const MANY = Array.from({ length: 495 }, (_, i) => `  - user: u${i}@acme.com\n    role: viewer\n`).join('');
const message = (what: string, closer: string, where: string) => `${what} is never closed: the closing ${closer} is missing, so YAML reads on past the end of this line. Add ${closer} ${where}.`;

const cases: { name: string; text: string; expect: string[]; messages?: string[] }[] = [
  {
    name: 'an unclosed " on line 2 of a 1,000-line file: one error, at the quote',
    text: `id: p\nname: "Unclosed Name\ndescription: d\n${ADMIN}${MANY}`,
    expect: ['yaml-syntax@1:6-1:20'],
    messages: [message('This "quoted" text', '"', 'where the text ends')],
  },
  { name: "an unclosed '", text: `id: p\nname: 'Unclosed\ndescription: d\n${ADMIN}`, expect: ['yaml-syntax@1:6-1:15'], messages: [message("This 'quoted' text", "'", 'where the text ends')] },
  {
    name: 'an unclosed [ in permissions',
    text: `id: p\ndescription: d\nroles:\n  - id: r\n    permissions:\n      model: [read, update\n${ADMIN}  - user: b\n    role: r\n`,
    expect: ['yaml-syntax@5:13-5:26'],
    messages: [message('This [ list', ']', 'after its last entry')],
  },
  { name: 'an unclosed {', text: `id: p\ndescription: d\nroles:\n  - id: r\n    permissions: {model: [read]\n${ADMIN}  - user: b\n    role: r\n`, expect: ['yaml-syntax@4:17-4:31'], messages: [message('This { mapping', '}', 'after its last entry')] },
  { name: 'an unclosed quote inside an unclosed [', text: `id: p\ndescription: d\nx-a: [a, "b\n${ADMIN}`, expect: ['yaml-syntax@2:5-2:11', 'yaml-syntax@2:9-2:11'] },
  { name: 'a comment after an unclosed [ stays a comment', text: `id: p\ndescription: d\nx-a: [a, b # note\n${ADMIN}`, expect: ['yaml-syntax@2:5-2:10'] },
  { name: 'the broken value itself is not judged', text: `id: "Bad Id\ndescription: d\n${ADMIN}`, expect: ['yaml-syntax@0:4-0:11'] },
  { name: 'on the last line, without a line break', text: `id: p\ndescription: d\n${ADMIN}  - user: b\n    role: "admin`, expect: ['yaml-syntax@6:10-6:16'] },
  { name: 'two on two lines', text: `id: p\nname: "a\ndescription: 'd\n${ADMIN}`, expect: ['yaml-syntax@1:6-1:8', 'yaml-syntax@2:13-2:15'] },
  { name: 'an escaped quote does not close', text: `id: p\nname: "a\\"\ndescription: d\n${ADMIN}`, expect: ['yaml-syntax@1:6-1:10'] },
  { name: "a doubled '' does not close", text: `id: p\nname: 'it''\ndescription: d\n${ADMIN}`, expect: ['yaml-syntax@1:6-1:11'] },
  { name: 'what is after the break is still checked', text: `id: p\nname: "a\ndescription: d\n${ADMIN}  - user: b\n    role: owner\n`, expect: ['yaml-syntax@1:6-1:8', 'unknown-role@7:10-7:15'] },
  { name: 'closed on a later line is not unterminated', text: `id: p\ndescription: "two\n  lines"\n${ADMIN}`, expect: [] },
];

for (const c of cases) {
  test(c.name, () => {
    const ds = withoutAdvice(validateText(c.text, 'file:///p/project.yaml'));
    assert.deepEqual(summary(ds), c.expect);
    c.messages?.forEach((m, i) => assert.equal(ds[i].message, m));
  });
}

test('typing the closing quote clears the error, and the file splits into pieces again', () => {
  const text = `id: p\nname: "Unclosed Name\ndescription: d\n${ADMIN}${MANY}`;
  const doc = new ProjectDocument(text);
  assert.equal(withoutAdvice(doc.diagnostics()).length, 1);
  assert.equal(doc.parsedWhole, true);
  doc.update([{ range: { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } }, text: '"' }]);
  assert.deepEqual(withoutAdvice(doc.diagnostics()), []);
  assert.equal(doc.parsedWhole, false);
});
