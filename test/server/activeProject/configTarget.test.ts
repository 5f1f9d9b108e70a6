/** Where Set Active Project writes, as `zenml project set` chooses: repository config, else global. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configTarget } from '../../../server/src/activeProject/configTarget';

const dirs = (...paths: string[]) => (p: string) => paths.includes(p);

test('inside a ZenML repository: its .zen/config.yaml, found from a subfolder', () => {
  const t = configTarget('/work/repo/sub', {}, dirs('/work/repo/.zen'), 'linux', '/home/u');
  assert.deepEqual(t, { scope: 'repository', file: '/work/repo/.zen/config.yaml', repositoryRoot: '/work/repo', overriddenBy: undefined });
});

test('outside one: the global config, honouring ZENML_CONFIG_PATH and XDG_CONFIG_HOME', () => {
  assert.equal(configTarget('/work/x', {}, dirs(), 'linux', '/home/u').file, '/home/u/.config/zenml/config.yaml');
  assert.equal(configTarget('/work/x', { XDG_CONFIG_HOME: '/xdg' }, dirs(), 'linux', '/home/u').file, '/xdg/zenml/config.yaml');
  const t = configTarget('/work/x', { ZENML_CONFIG_PATH: '/cfg' }, dirs(), 'linux', '/home/u');
  assert.deepEqual(t, { scope: 'global', file: '/cfg/config.yaml', overriddenBy: undefined });
});

test('ZENML_REPOSITORY_PATH decides the repository, as in the ZenML client', () => {
  const t = configTarget('/work/x', { ZENML_REPOSITORY_PATH: '/elsewhere' }, dirs('/elsewhere/.zen', '/work/x/.zen'), 'linux', '/home/u');
  assert.equal(t.file, '/elsewhere/.zen/config.yaml');
});

test('ZENML_ACTIVE_PROJECT_ID is reported as overriding the file; empty counts as unset', () => {
  assert.equal(configTarget('/r', { ZENML_ACTIVE_PROJECT_ID: 'fraud' }, dirs('/r/.zen'), 'linux', '/h').overriddenBy, 'fraud');
  assert.equal(configTarget('/r', { ZENML_ACTIVE_PROJECT_ID: '  ' }, dirs('/r/.zen'), 'linux', '/h').overriddenBy, undefined);
});

test('a relative ZENML_CONFIG_PATH is the folder\'s, as for a terminal opened there (and as the server reads it)', () => {
  const t = configTarget('/work/x', { ZENML_CONFIG_PATH: 'cfg' }, dirs(), 'linux', '/home/u');
  assert.deepEqual(t, { scope: 'global', file: '/work/x/cfg/config.yaml', overriddenBy: undefined });
});
