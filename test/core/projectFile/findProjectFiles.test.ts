import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectFiles } from '../../../core/projectFile/findProjectFiles';

test('finds project files in name order within each folder, folders and files interleaved, however the reads finish', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'find-project-files-'));
  try {
    const files = [
      'a/project.yaml',
      'a/z/deep/deeper/project.yml',
      'b-file-sibling/project.yaml',
      'm/project.yaml',
      'project.yaml',
      'z/project.yaml',
      ...Array.from({ length: 60 }, (_, i) => `many/p${String(i).padStart(2, '0')}/project.yaml`),
    ];
    for (const f of [...files, 'node_modules/pkg/project.yaml', '.git/project.yaml', 'a/other.yaml', 'a/z/notes.md']) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), 'id: x\n');
    }
    // A link to a project file is taken like the file; a link to a folder is not followed; a link
    // to nothing, or with another name, is not a project file.
    symlinkSync(path.join(root, 'a', 'project.yaml'), path.join(root, 'm', 'linked.yaml'));
    mkdirSync(path.join(root, 'linked'));
    symlinkSync(path.join(root, 'a', 'project.yaml'), path.join(root, 'linked', 'project.yaml'));
    symlinkSync(path.join(root, 'a'), path.join(root, 'folder-link'));
    mkdirSync(path.join(root, 'dangling'));
    symlinkSync(path.join(root, 'nowhere.yaml'), path.join(root, 'dangling', 'project.yaml'));
    // Upper case sorts before lower case whatever the locale, as git sorts names.
    mkdirSync(path.join(root, 'Zeta'));
    writeFileSync(path.join(root, 'Zeta', 'project.yaml'), 'id: x\n');
    const found = (await findProjectFiles(root)).map((f) => path.relative(root, f).split(path.sep).join('/'));
    // What one reader walking depth-first in code-unit name order finds.
    const expected = [...files, 'linked/project.yaml', 'Zeta/project.yaml'].sort((x, y) => {
      const a = x.split('/');
      const b = y.split('/');
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return a.length - b.length;
    });
    assert.equal(found[0], 'Zeta/project.yaml');
    assert.deepEqual(found, expected);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder that cannot be read rejects', async () => {
  await assert.rejects(findProjectFiles(path.join(tmpdir(), 'no-such-folder-for-find-project-files')), /ENOENT/);
});
