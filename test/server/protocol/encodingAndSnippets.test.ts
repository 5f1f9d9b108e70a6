/** The pure pieces behind the fallbacks: position encodings and snippet-to-text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snippetToPlainText, markdownToPlainText } from '../../../server/src/lsp/answerFallbacks';
import { fromUtf16, toUtf16 } from '../../../server/src/lsp/positionEncoding';

test('positions: UTF-16 ↔ UTF-8 ↔ UTF-32 on ASCII, two- and three-byte characters and surrogate pairs', () => {
  const line = 'aé☕😀b';
  // UTF-16 offsets of each character boundary: a=0 é=1 ☕=2 😀=3..4 b=5 end=6.
  const cases: [utf16: number, utf8: number, utf32: number][] = [
    [0, 0, 0],
    [1, 1, 1],
    [2, 3, 2],
    [3, 6, 3],
    [5, 10, 4],
    [6, 11, 5],
  ];
  for (const [u16, u8, u32] of cases) {
    assert.equal(fromUtf16(line, u16, 'utf-8'), u8, `utf-16 ${u16} → utf-8`);
    assert.equal(fromUtf16(line, u16, 'utf-32'), u32, `utf-16 ${u16} → utf-32`);
    assert.equal(toUtf16(line, u8, 'utf-8'), u16, `utf-8 ${u8} → utf-16`);
    assert.equal(toUtf16(line, u32, 'utf-32'), u16, `utf-32 ${u32} → utf-16`);
  }
  // Inside a character's bytes: the character's start. Past the end: the overshoot is kept.
  assert.equal(toUtf16(line, 4, 'utf-8'), 2);
  assert.equal(toUtf16(line, 13, 'utf-8'), 8);
  assert.equal(fromUtf16(line, 8, 'utf-8'), 13);
  assert.equal(fromUtf16(line, 4, 'utf-16'), 4);
});

test('snippets become the text they insert with every default kept', () => {
  assert.equal(snippetToPlainText('- user: ${1:name@example.com}\n  role: ${2|admin,developer|}'), '- user: name@example.com\n  role: admin');
  assert.equal(snippetToPlainText('members: [$1]$0'), 'members: []');
  assert.equal(snippetToPlainText('${1:outer ${2:inner}} \\$HOME \\}'), 'outer inner $HOME }');
  assert.equal(snippetToPlainText('${3:artifact}: [${4:read}]'), 'artifact: [read]');
  assert.equal(snippetToPlainText('cost: $ 5'), 'cost: $ 5');
});

test('Markdown becomes readable text: emphasis and code marks go, list dashes and words stay', () => {
  assert.equal(markdownToPlainText('**Project Admin** — may `delete`:\n\n- members\n- roles'), 'Project Admin — may delete:\n\n- members\n- roles');
});
