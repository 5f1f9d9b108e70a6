/**
 * Where the ZenML client looks for its configs: the global config folder on each platform
 * (pure, no file system) and the repository root, found in real temporary folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileAccess } from '../../../server/src/activeProject/fileAccess';
import {
  displayPath,
  findRepositoryRoot,
  globalConfigDirectory,
  globalConfigPath,
  repositoryConfigPath,
} from '../../../common/zenml/zenmlPaths';

test('Linux: ~/.config/zenml by default', () => {
  assert.equal(globalConfigDirectory({}, 'linux', '/home/ada'), '/home/ada/.config/zenml');
  assert.equal(globalConfigPath({}, 'linux', '/home/ada'), '/home/ada/.config/zenml/config.yaml');
});

test('Linux: XDG_CONFIG_HOME replaces ~/.config', () => {
  assert.equal(globalConfigDirectory({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ada'), '/cfg/zenml');
});

test('Linux: an empty XDG_CONFIG_HOME counts as set, as click reads it', () => {
  assert.equal(globalConfigDirectory({ XDG_CONFIG_HOME: '' }, 'linux', '/home/ada'), 'zenml');
});

test('other Unix-likes follow the Linux rule', () => {
  assert.equal(globalConfigDirectory({}, 'freebsd', '/home/ada'), '/home/ada/.config/zenml');
});

test('macOS: ~/Library/Application Support/zenml, XDG_CONFIG_HOME ignored', () => {
  assert.equal(globalConfigDirectory({ XDG_CONFIG_HOME: '/cfg' }, 'darwin', '/Users/ada'), '/Users/ada/Library/Application Support/zenml');
});

test('Windows: %APPDATA%\\zenml, or the home folder without APPDATA', () => {
  const home = 'C:\\Users\\ada';
  assert.equal(globalConfigDirectory({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', home), 'C:\\Users\\ada\\AppData\\Roaming\\zenml');
  assert.equal(globalConfigDirectory({}, 'win32', home), 'C:\\Users\\ada\\zenml');
  assert.equal(globalConfigPath({ APPDATA: 'D:\\roaming' }, 'win32', home), 'D:\\roaming\\zenml\\config.yaml');
});

test('ZENML_CONFIG_PATH wins on every platform', () => {
  assert.equal(globalConfigDirectory({ ZENML_CONFIG_PATH: '/opt/zen', XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ada'), '/opt/zen');
  assert.equal(globalConfigDirectory({ ZENML_CONFIG_PATH: '/opt/zen' }, 'darwin', '/Users/ada'), '/opt/zen');
  assert.equal(globalConfigDirectory({ ZENML_CONFIG_PATH: 'D:\\zen', APPDATA: 'C:\\x' }, 'win32', 'C:\\Users\\ada'), 'D:\\zen');
});

test('a relative ZENML_CONFIG_PATH resolves against the working folder; an empty one is ignored', () => {
  assert.equal(globalConfigDirectory({ ZENML_CONFIG_PATH: 'conf/zen' }, 'linux', '/home/ada', '/work/repo'), '/work/repo/conf/zen');
  assert.equal(globalConfigDirectory({ ZENML_CONFIG_PATH: '' }, 'linux', '/home/ada'), '/home/ada/.config/zenml');
});

test('the repository config is <root>/.zen/config.yaml', () => {
  assert.equal(repositoryConfigPath('/work/repo', 'linux'), '/work/repo/.zen/config.yaml');
  assert.equal(repositoryConfigPath('C:\\repo', 'win32'), 'C:\\repo\\.zen\\config.yaml');
});

test('paths under the home folder are shown with ~, except on Windows', () => {
  assert.equal(displayPath('/home/ada/.config/zenml/config.yaml', '/home/ada', 'linux'), '~/.config/zenml/config.yaml');
  assert.equal(displayPath('/home/adam/x', '/home/ada', 'linux'), '/home/adam/x');
  assert.equal(displayPath('C:\\Users\\ada\\zenml\\config.yaml', 'C:\\Users\\ada', 'win32'), 'C:\\Users\\ada\\zenml\\config.yaml');
});

/** A temporary tree; `dirs` are created, `files` written empty. */
function tree(dirs: string[], files: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'zen-root-'));
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  for (const f of files) writeFileSync(join(root, f), '');
  return root;
}

const isDirectory = nodeFileAccess.isDirectory;

test('the folder itself holds .zen', (t) => {
  const root = tree(['repo/.zen']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(findRepositoryRoot(join(root, 'repo'), {}, isDirectory), join(root, 'repo'));
});

test('walking up from a nested folder finds the nearest ancestor with .zen', (t) => {
  const root = tree(['outer/.zen', 'outer/inner/.zen', 'outer/inner/src/pkg']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(findRepositoryRoot(join(root, 'outer/inner/src/pkg'), {}, isDirectory), join(root, 'outer/inner'));
  assert.equal(findRepositoryRoot(join(root, 'outer'), {}, isDirectory), join(root, 'outer'));
});

test('no .zen anywhere up to the file-system root: no repository', (t) => {
  const root = tree(['a/b']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(findRepositoryRoot(join(root, 'a/b'), {}, isDirectory), undefined);
});

test('a file named .zen is not a repository', (t) => {
  const root = tree(['repo'], ['repo/.zen']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(findRepositoryRoot(join(root, 'repo'), {}, isDirectory), undefined);
});

test('ZENML_REPOSITORY_PATH names the repository, wherever the folder is', (t) => {
  const root = tree(['elsewhere/.zen', 'work/.zen']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const env = { ZENML_REPOSITORY_PATH: join(root, 'elsewhere') };
  assert.equal(findRepositoryRoot(join(root, 'work'), env, isDirectory), join(root, 'elsewhere'));
});

test('a relative ZENML_REPOSITORY_PATH resolves against the folder', (t) => {
  const root = tree(['work/sub/.zen']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(findRepositoryRoot(join(root, 'work'), { ZENML_REPOSITORY_PATH: 'sub' }, isDirectory), join(root, 'work/sub'));
});

test('ZENML_REPOSITORY_PATH without .zen means no repository: ZenML does not search further', (t) => {
  const root = tree(['work/.zen', 'plain/nested']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // Neither the folder's own .zen nor the explicit path's ancestors count.
  assert.equal(findRepositoryRoot(join(root, 'work'), { ZENML_REPOSITORY_PATH: join(root, 'plain') }, isDirectory), undefined);
  assert.equal(findRepositoryRoot(join(root, 'work'), { ZENML_REPOSITORY_PATH: join(root, 'work/nested-missing') }, isDirectory), undefined);
});

test('an empty ZENML_REPOSITORY_PATH is ignored', (t) => {
  const root = tree(['work/.zen']);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(findRepositoryRoot(join(root, 'work'), { ZENML_REPOSITORY_PATH: '' }, isDirectory), join(root, 'work'));
});

test('Windows paths walk up to the drive root', () => {
  const dirs = new Set(['C:\\code\\.zen']);
  assert.equal(findRepositoryRoot('C:\\code\\proj\\src', {}, (p) => dirs.has(p), 'win32'), 'C:\\code');
  assert.equal(findRepositoryRoot('D:\\other', {}, (p) => dirs.has(p), 'win32'), undefined);
});
