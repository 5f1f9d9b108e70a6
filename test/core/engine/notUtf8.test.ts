/**
 * Bytes that are not UTF-8, read as UTF-8, become U+FFFD REPLACEMENT CHARACTER: the character
 * meant there is lost, wherever it was — a comment or a description too, which otherwise pass
 * any check and would be applied to ZenML as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProjectDocument, validateText } from '../../../core/engine/projectDocument';
import { summary, VALID, withoutAdvice } from './helpers';

const LOST = 'U+FFFD REPLACEMENT CHARACTER here: the file has bytes that are not UTF-8 (it was probably saved as Latin-1 or Windows-1252), so the character written here was lost when it was read. Reopen the file with its encoding, save it as UTF-8, and check the character.';
/** "café" saved as Latin-1 (0x63 0x61 0x66 0xE9), as a UTF-8 reader gives it back. */
const latin1 = (text: string) => Buffer.from(text, 'latin1').toString('utf8');

test('a Latin-1 description: reported at the lost character, which nothing else would flag', () => {
  const text = latin1('id: p\ndescription: Caf\u00e9 team\nmembers:\n  - user: a@x.io\n    role: admin\n');
  const ds = withoutAdvice(validateText(text));
  assert.deepEqual(summary(ds), ['not-utf8@1:16-1:17']);
  assert.equal(ds[0].message, LOST);
  assert.equal(ds[0].severity, 1);
});

test('in a comment, a key and a member list entry: each one, at its place', () => {
  const text = latin1(`# owner: Ren\u00e9e\n${VALID}  - user: jos\u00e9@acme.com\n    role: viewer\nnam\u00e9: x\n`);
  assert.deepEqual(
    summary(withoutAdvice(validateText(text)).filter((d) => d.code === 'not-utf8')),
    ['not-utf8@0:12-0:13', 'not-utf8@7:13-7:14', 'not-utf8@9:3-9:4'],
  );
});

test('UTF-8 text with accents and emoji is fine', () => {
  assert.deepEqual(summary(withoutAdvice(validateText('id: p\nname: Caf\u00e9 \u{1F680}\ndescription: \u00dcbersicht\nmembers:\n  - user: a@x.io\n    role: admin\n'))), []);
});

test('follows edits: typed in, then fixed', () => {
  const doc = new ProjectDocument(VALID);
  assert.deepEqual(summary(withoutAdvice(doc.diagnostics())), []);
  const at = VALID.indexOf('fraudulent');
  const pos = { line: 2, character: at - VALID.lastIndexOf('\n', at) - 1 };
  doc.update([{ range: { start: pos, end: pos }, text: '\ufffd' }]);
  assert.deepEqual(summary(withoutAdvice(doc.diagnostics())), [`not-utf8@2:${pos.character}-2:${pos.character + 1}`]);
  doc.update([{ range: { start: pos, end: { line: 2, character: pos.character + 1 } }, text: '' }]);
  assert.deepEqual(summary(withoutAdvice(doc.diagnostics())), []);
});
