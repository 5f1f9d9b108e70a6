/**
 * A project file saved as UTF-16 (Windows PowerShell 5.1's `>`), read as UTF-8 as the CLI and the
 * server's scan read files: a NUL beside every character, and a byte order mark as two U+FFFD.
 * It is reported as UTF-16 with how to save it as UTF-8, not as a binary file; a binary file
 * still is `not-text`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utf16ByteOrder } from '../../../core/engine/fileText';
import { validateText } from '../../../core/engine/projectDocument';
import { summary } from './helpers';

const TEXT = 'id: fraud-detection\r\nname: Fraud détection\r\ndescription: 検知\r\nmembers:\r\n  - user: a@x.io\r\n    role: admin\r\n';
/** `text`'s bytes in UTF-16 (with a byte order mark unless `bom` is false), as a UTF-8 reader gives them back. */
function utf16ReadAsUtf8(text: string, order: 'le' | 'be', bom = true): string {
  const body = Buffer.from(text, 'utf16le');
  if (order === 'be') body.swap16();
  const mark = order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return Buffer.concat([Buffer.from(bom ? mark : []), body]).toString('utf8');
}

test('UTF-16 little-endian with a byte order mark (PowerShell 5.1): utf-16, saying how to save it as UTF-8', () => {
  const ds = validateText(utf16ReadAsUtf8(TEXT, 'le'));
  assert.deepEqual(summary(ds), ['utf-16@0:0-0:0']);
  assert.match(String(ds[0].message), /^This file is saved as UTF-16 \(little-endian, as Windows PowerShell 5\.1 writes/);
  assert.match(String(ds[0].message), /Save it as UTF-8/);
  assert.deepEqual(ds[0].data, { code: 'utf-16', encoding: 'utf16le' });
});

test('big-endian, and either without a byte order mark', () => {
  assert.deepEqual(summary(validateText(utf16ReadAsUtf8(TEXT, 'be'))), ['utf-16@0:0-0:0']);
  assert.equal(validateText(utf16ReadAsUtf8(TEXT, 'be'))[0].data?.encoding, 'utf16be');
  assert.equal(utf16ByteOrder(utf16ReadAsUtf8(TEXT, 'le', false)), 'little-endian');
  assert.equal(utf16ByteOrder(utf16ReadAsUtf8(TEXT, 'be', false)), 'big-endian');
  assert.deepEqual(summary(validateText(utf16ReadAsUtf8(TEXT, 'le', false))), ['utf-16@0:0-0:0']);
});

test('a binary file, and text with a stray NUL, stay not-text; UTF-8 text is not UTF-16', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]).toString('utf8');
  assert.equal(utf16ByteOrder(png), undefined);
  assert.deepEqual(summary(validateText(png)), ['not-text@0:0-0:0']);
  assert.deepEqual(summary(validateText('id: p\u0000\u0001\u0002')), ['not-text@0:0-0:0']);
  assert.equal(utf16ByteOrder(TEXT), undefined);
});
