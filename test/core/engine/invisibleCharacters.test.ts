/**
 * Characters an editor does not show, or shows as a space: named with their code point, at their
 * exact position, with what they should be — and the rest of the file read as it looks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInvisible } from '../../../core/engine/invisibleCharacters';
import { validateText } from '../../../core/engine/projectDocument';
import { summary, withoutAdvice } from './helpers';

const HEAD = 'id: p\ndescription: d\n';
const ADMIN = 'members:\n  - user: root@acme.com\n    role: admin\n';
const removed = (cp: string, name: string) => `Invisible character ${cp} ${name} here: YAML keeps it as part of the text, which then differs from what it shows. Remove it.`;
const space = (cp: string, name: string) => `${cp} ${name} here looks like a space but is not one, so YAML reads this line differently from how it looks. Replace it with a space.`;

const cases: { name: string; text: string; expect: string[]; messages?: string[]; data?: Record<string, unknown> }[] = [
  {
    name: 'a zero width space inside a top-level key: named, and the key is read as members',
    text: `${HEAD}mem\u200bbers:\n  - user: a\n    role: admin\n`,
    expect: ['invisible-character@2:3-2:4'],
    messages: [removed('U+200B', 'ZERO WIDTH SPACE')],
    data: { code: 'invisible-character', codePoint: 'U+200B', name: 'ZERO WIDTH SPACE', replacement: '' },
  },
  {
    name: 'a no-break space after role: — not "Unknown key \'role: admin\'"',
    text: `${HEAD}${ADMIN}  - user: b\n    role:\u00a0viewer\n`,
    expect: ['invisible-character@6:9-6:10'],
    messages: [space('U+00A0', 'NO-BREAK SPACE')],
    data: { code: 'invisible-character', codePoint: 'U+00A0', name: 'NO-BREAK SPACE', replacement: ' ' },
  },
  { name: 'after a top-level key, with the value still checked at its place', text: `id:\u00a0Bad Id\ndescription: d\n${ADMIN}`, expect: ['invisible-character@0:3-0:4', 'invalid-project-id@0:4-0:10'] },
  { name: 'two zero-width characters in one key: positions after them stay exact', text: `i\u200bd\u200b: Bad Id\ndescription: d\n${ADMIN}`, expect: ['invisible-character@0:1-0:2', 'invisible-character@0:3-0:4', 'invalid-project-id@0:6-0:12'] },
  { name: 'inside a role value', text: `${HEAD}${ADMIN}  - user: b\n    role: view\u200ber\n`, expect: ['invisible-character@6:14-6:15'] },
  { name: 'a BOM in the middle of a value', text: `${HEAD}${ADMIN}  - user: \ufeffb\n    role: viewer\n`, expect: ['invisible-character@5:10-5:11'], messages: [removed('U+FEFF', 'ZERO WIDTH NO-BREAK SPACE')] },
  { name: 'a right-to-left override in a user', text: `${HEAD}${ADMIN}  - user: b\u202e@x\n    role: viewer\n`, expect: ['invisible-character@5:11-5:12'], messages: [removed('U+202E', 'RIGHT-TO-LEFT OVERRIDE')] },
  { name: 'in indentation', text: `${HEAD}${ADMIN}  - user: b\n  \u00a0 role: viewer\n`, expect: ['invisible-character@6:2-6:3'] },
  { name: 'an ideographic space before a comment', text: `${HEAD}${ADMIN}  - user: b\u3000# the new one\n    role: viewer\n`, expect: ['invisible-character@5:11-5:12'], messages: [space('U+3000', 'IDEOGRAPHIC SPACE')] },
  { name: 'free text and comments may hold any character', text: `id: p\nname: "Caf\u00e9\u00a0Team"\ndescription: |\n  Owned by the\u00a0data team \u200d\n${ADMIN}# no\u00a0admin\u200b here\n`, expect: [] },
  { name: 'and the rest of the file is checked as usual', text: `${HEAD}mem\u200bbers:\n  - user: a\n    role: owner\n`, expect: ['no-admin@2:0-2:8', 'invisible-character@2:3-2:4', 'unknown-role@4:10-4:15'] },
];

for (const c of cases) {
  test(c.name, () => {
    const ds = withoutAdvice(validateText(c.text, 'file:///p/project.yaml'));
    assert.deepEqual(summary(ds), c.expect);
    c.messages?.forEach((m, i) => assert.equal(ds[i].message, m));
    if (c.data) assert.deepEqual(ds[0].data, c.data);
  });
}

test('every character found has its Unicode name and code point', () => {
  const all = '\u00a0\u00ad\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u202f\u205f\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u3000\ufeff';
  const found = findInvisible(all);
  assert.equal(found.length, all.length);
  for (const c of found) {
    assert.match(c.codePoint, /^U\+[0-9A-F]{4}$/);
    assert.equal(c.codePoint, `U+${all.charCodeAt(c.offset).toString(16).toUpperCase().padStart(4, '0')}`);
    assert.match(c.name, /^[A-Z][A-Z -]+$/);
    assert.notEqual(c.name, 'INVISIBLE CHARACTER');
  }
  assert.deepEqual(findInvisible('plain text, café, 数据'), []);
});
