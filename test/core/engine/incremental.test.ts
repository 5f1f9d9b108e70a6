/**
 * The incremental engine must agree with a fresh analysis of the same text after any sequence of
 * edits: random edits (seeded, so a failure reproduces) that add and remove characters, lines,
 * list entries, indentation and YAML's structural characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProjectDocument, validateText } from '../../../core/engine/projectDocument';
import { VALID, withoutAdvice } from './helpers';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const START = `${VALID}  - user: bob@acme.com
    role: developer
  - team: ml-platform
    role: data-reviewer
roles:
  - id: data-reviewer
    description: Reviews datasets
    permissions:
      artifact: [read, share]
workspace: acme
`;

/** The same project written with shared defaults: anchors, merges in members and at the root. */
const WITH_ANCHORS = `x-common: &common {description: Shared, workspace: acme}
x-viewer: &viewer
  role: viewer
<<: *common
id: fraud-detection
members:
  - user: alice@acme.com
    role: admin
  - <<: *viewer
    user: bob@acme.com
  - <<: *viewer
    user: carol@acme.com
roles:
  - id: data-reviewer
`;

const SNIPPETS = ['-', ' ', ':', '\n', '  ', '#', 'x', '\n  - user: carol\n    role: viewer', '\n- ', 'role: admin', '&a', '*a', '---\n', '"', "'", '[', ']', '{', '}', '\t', 'id: y\n', 'members:\n', 'roles:\n  - id: r\n', '<<: *a\n', '\r\n',
  // Aliases before and after their anchors, merges at the root, a BOM, unterminated constructs.
  '*viewer', '*nowhere', '&viewer', '<<: *common\n', '<<: *viewer\n', 'x-v: &v {role: admin}\n', '  - <<: *v\n    user: dave\n', '\ufeff', '"unclosed', "'unclosed", '[a, b', '{a: b', '\r', '\u00a0', '\u200b'];

/** An LSP position: LF, CRLF and a lone CR each end a line. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
  // Even seeds start from the plain file, odd ones from the one with anchors.
  const initial = seed % 2 ? WITH_ANCHORS : START;
  test(`random edits agree with a fresh analysis (seed ${seed}${seed % 2 ? ', anchors' : ''})`, () => {
    const rand = rng(seed);
    const doc = new ProjectDocument(initial);
    let text = initial;
    for (let step = 0; step < 250; step++) {
      const a = Math.floor(rand() * (text.length + 1));
      const kind = rand();
      let start = a;
      let end = a;
      let insert = '';
      if (kind < 0.4) insert = SNIPPETS[Math.floor(rand() * SNIPPETS.length)];
      else if (kind < 0.7) end = Math.min(text.length, a + 1 + Math.floor(rand() * 12));
      else {
        end = Math.min(text.length, a + Math.floor(rand() * 30));
        insert = SNIPPETS[Math.floor(rand() * SNIPPETS.length)];
      }
      // Keep the file from growing without bound or vanishing.
      if (text.length > 3000 && insert.length > 0 && end === start) continue;
      if (text.length < 60) {
        start = text.length;
        end = text.length;
        insert = initial;
      }
      doc.update([{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }]);
      text = text.slice(0, start) + insert + text.slice(end);
      assert.equal(doc.text, text, `text diverged at step ${step}`);
      const expected = validateText(text, 'file:///p.yaml');
      assert.deepEqual(doc.diagnostics('file:///p.yaml'), expected, `step ${step} (seed ${seed}): after replacing ${start}-${end} with ${JSON.stringify(insert)}\n${text}`);
    }
  });
}

test('several changes in one notification apply in order', () => {
  const doc = new ProjectDocument(VALID);
  doc.update([
    { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } }, text: 'Fraud' },
    { range: { start: { line: 5, character: 10 }, end: { line: 5, character: 15 } }, text: 'owner' },
  ]);
  assert.equal(doc.text, VALID.replace('fraud-detection', 'Fraud-detection').replace('role: admin', 'role: owner'));
  assert.deepEqual(
    doc.diagnostics().map((d) => d.code),
    ['invalid-project-id', 'no-admin', 'unknown-role'],
  );
});

test('a full-text change replaces everything', () => {
  const doc = new ProjectDocument(VALID);
  doc.update([{ text: 'id: Bad Id\n' }]);
  assert.deepEqual(doc.diagnostics().map((d) => d.code), validateText('id: Bad Id\n').map((d) => d.code));
});

test('an edit far from the rest leaves other entries untouched', () => {
  const members = Array.from({ length: 500 }, (_, i) => `  - user: u${i}\n    role: viewer\n`).join('');
  const doc = new ProjectDocument(`id: p\ndescription: d\nmembers:\n  - user: root\n    role: admin\n${members}`);
  const before = doc.segmentAt(doc.offsetAt({ line: 900, character: 0 }))!.segment;
  doc.update([{ range: { start: { line: 6, character: 12 }, end: { line: 6, character: 12 } }, text: 'x' }]);
  const after = doc.segmentAt(doc.offsetAt({ line: 900, character: 0 }))!.segment;
  assert.equal(after, before, 'the segment 900 lines away was neither re-scanned nor re-parsed');
  assert.equal(after.analysis, before.analysis);
});

test('members merging shared anchors stay in pieces: an edit re-parses one member, an anchor edit its users', () => {
  const members = Array.from({ length: 500 }, (_, i) => `  - <<: *${i % 2 ? 'viewer' : 'dev'}\n    user: u${i}@acme.com\n`).join('');
  const doc = new ProjectDocument(`x-viewer: &viewer\n  role: viewer\nx-dev: &dev\n  role: developer\nid: p\ndescription: d\nmembers:\n  - user: root\n    role: admin\n${members}`);
  assert.equal(doc.parsedWhole, false);
  const far = () => doc.segmentAt(doc.offsetAt({ line: 900, character: 0 }))!.segment;
  const before = far().analysis;
  doc.update([{ range: { start: { line: 10, character: 12 }, end: { line: 10, character: 12 } }, text: 'x' }]);
  assert.equal(far().analysis, before, 'a member 900 lines away was not re-parsed');
  assert.deepEqual(withoutAdvice(doc.diagnostics()), []);
  // The anchor's role changes: every member merging it is checked again.
  doc.update([{ range: { start: { line: 1, character: 8 }, end: { line: 1, character: 14 } }, text: 'owner' }]);
  assert.notEqual(far().analysis, before);
  const unknown = doc.diagnostics().filter((d) => d.code === 'unknown-role');
  assert.equal(unknown.length, 250);
  assert.deepEqual(doc.diagnostics(), validateText(doc.text));
  assert.equal(doc.parsedWhole, false);
});
