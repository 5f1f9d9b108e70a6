/**
 * The active project of a workspace folder, resolved in the ZenML client's order over real
 * files in temporary folders: environment → repository config → global config → none.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeFileAccess } from '../../../server/src/activeProject/fileAccess';
import { resolveActiveProject, type ActiveProjectInputs } from '../../../server/src/activeProject/resolveActiveProject';

const FRAUD = '7c0e0b9c-1b7e-4d7e-9a8e-1f2b3c4d5e6f';
const CHURN = '11111111-2222-4333-8444-555555555555';
const GLOBAL_ONLY = '99999999-8888-4777-8666-555555555555';

/** A home folder and a workspace folder in a fresh temporary tree. */
interface Machine {
  root: string;
  home: string;
  work: string;
  write(relative: string, text: string): string;
  inputs(overrides?: Partial<ActiveProjectInputs>): ActiveProjectInputs;
}

function machine(t: TestContext): Machine {
  const root = mkdtempSync(join(tmpdir(), 'zen-active-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  const work = join(root, 'work');
  mkdirSync(home);
  mkdirSync(work);
  return {
    root,
    home,
    work,
    write(relative, text) {
      const file = join(root, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    inputs(overrides = {}) {
      return {
        folderUri: pathToFileURL(work).href,
        folderPath: work,
        env: {},
        platform: 'linux',
        homedir: home,
        ...nodeFileAccess,
        uuidToId: new Map([[FRAUD, 'fraud-detection'], [CHURN, 'churn']]),
        projectFiles: [],
        ...overrides,
      };
    },
  };
}

/** Writes the global config at the Linux default location, ~/.config/zenml/config.yaml. */
const globalConfig = (m: Machine, text: string) => m.write('home/.config/zenml/config.yaml', text);

test('the environment wins over the repository and the global config', (t) => {
  const m = machine(t);
  m.write('work/.zen/config.yaml', `active_project_id: ${FRAUD}\n`);
  globalConfig(m, `active_project_id: ${GLOBAL_ONLY}\n`);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_ACTIVE_PROJECT_ID: CHURN } }));
  assert.deepEqual(info, {
    folderUri: pathToFileURL(m.work).href,
    source: 'environment',
    value: CHURN,
    origin: 'ZENML_ACTIVE_PROJECT_ID',
    repositoryRoot: m.work,
    projectId: 'churn',
    uuid: CHURN,
    definedIn: [],
    problems: [],
  });
});

test('the repository config wins over the global config', (t) => {
  const m = machine(t);
  const repoConfig = m.write('work/.zen/config.yaml', `active_stack_id: x\nactive_project_id: ${FRAUD}\n`);
  globalConfig(m, `active_project_id: ${GLOBAL_ONLY}\n`);
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'repository');
  assert.equal(info.value, FRAUD);
  assert.equal(info.origin, repoConfig);
  assert.equal(info.repositoryRoot, m.work);
  assert.equal(info.projectId, 'fraud-detection');
  assert.deepEqual(info.problems, []);
});

test('the global config is used when the repository config sets no project', (t) => {
  const m = machine(t);
  m.write('work/.zen/config.yaml', 'active_stack_id: 00000000-0000-0000-0000-000000000000\n');
  const globalFile = globalConfig(m, `active_project_id: ${GLOBAL_ONLY}\n`);
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'global');
  assert.equal(info.origin, globalFile);
  assert.equal(info.value, GLOBAL_ONLY);
  assert.equal(info.uuid, GLOBAL_ONLY);
  assert.equal(info.projectId, undefined, 'a UUID the map does not know has no project ID');
  assert.deepEqual(info.definedIn, []);
  assert.deepEqual(info.problems, []);
});

test('nothing configured anywhere: none, with no problems', (t) => {
  const m = machine(t);
  mkdirSync(join(m.work, '.zen'));
  const info = resolveActiveProject(m.inputs());
  assert.deepEqual(info, {
    folderUri: pathToFileURL(m.work).href,
    source: 'none',
    value: undefined,
    origin: undefined,
    repositoryRoot: m.work,
    projectId: undefined,
    uuid: undefined,
    definedIn: [],
    problems: [],
  });
});

test('the environment may name the project; the map gives its UUID and project files define it', (t) => {
  const m = machine(t);
  const projectFiles = [
    { uri: 'file:///w/a/project.yaml', id: 'fraud-detection' },
    { uri: 'file:///w/b/project.yaml', id: 'churn' },
    { uri: 'file:///w/c/project.yaml', id: 'fraud-detection' },
  ];
  const info = resolveActiveProject(m.inputs({ env: { ZENML_ACTIVE_PROJECT_ID: 'fraud-detection' }, projectFiles }));
  assert.equal(info.source, 'environment');
  assert.equal(info.value, 'fraud-detection');
  assert.equal(info.projectId, 'fraud-detection');
  assert.equal(info.uuid, FRAUD);
  assert.deepEqual(info.definedIn, ['file:///w/a/project.yaml', 'file:///w/c/project.yaml']);
  assert.deepEqual(info.problems, [], 'a name is fine in the environment');
});

test('a name the workspace does not know still resolves by ID, without a UUID', (t) => {
  const m = machine(t);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_ACTIVE_PROJECT_ID: 'offline-only' }, uuidToId: new Map(), projectFiles: [{ uri: 'file:///p.yaml', id: 'offline-only' }] }));
  assert.equal(info.projectId, 'offline-only');
  assert.equal(info.uuid, undefined);
  assert.deepEqual(info.definedIn, ['file:///p.yaml']);
});

test('a UUID in the environment maps to its project ID in any written form', (t) => {
  const m = machine(t);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_ACTIVE_PROJECT_ID: FRAUD.toUpperCase() }, projectFiles: [{ uri: 'file:///f.yaml', id: 'fraud-detection' }] }));
  assert.equal(info.value, FRAUD.toUpperCase(), 'the value is reported as configured');
  assert.equal(info.uuid, FRAUD);
  assert.equal(info.projectId, 'fraud-detection');
  assert.deepEqual(info.definedIn, ['file:///f.yaml']);
});

test('an empty ZENML_ACTIVE_PROJECT_ID is ignored, as the client ignores it', (t) => {
  const m = machine(t);
  globalConfig(m, `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_ACTIVE_PROJECT_ID: '' } }));
  assert.equal(info.source, 'global');
  assert.equal(info.projectId, 'churn');
});

test('walking up from a nested workspace folder finds the repository', (t) => {
  const m = machine(t);
  const repoConfig = m.write('work/.zen/config.yaml', `active_project_id: ${CHURN}\n`);
  const nested = join(m.work, 'services', 'scoring');
  mkdirSync(nested, { recursive: true });
  const info = resolveActiveProject(m.inputs({ folderPath: nested, folderUri: pathToFileURL(nested).href }));
  assert.equal(info.folderUri, pathToFileURL(nested).href);
  assert.equal(info.repositoryRoot, m.work);
  assert.equal(info.source, 'repository');
  assert.equal(info.origin, repoConfig);
});

test('no .zen anywhere: the global config decides and there is no repository root', (t) => {
  const m = machine(t);
  globalConfig(m, `active_project_id: ${FRAUD}\n`);
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.repositoryRoot, undefined);
  assert.equal(info.source, 'global');
  assert.equal(info.projectId, 'fraud-detection');
});

test('ZENML_REPOSITORY_PATH chooses the repository, even over the folder\'s own .zen', (t) => {
  const m = machine(t);
  m.write('work/.zen/config.yaml', `active_project_id: ${FRAUD}\n`);
  const otherConfig = m.write('other/.zen/config.yaml', `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_REPOSITORY_PATH: join(m.root, 'other') } }));
  assert.equal(info.repositoryRoot, join(m.root, 'other'));
  assert.equal(info.origin, otherConfig);
  assert.equal(info.projectId, 'churn');
});

test('ZENML_REPOSITORY_PATH without .zen: no repository, the global config decides', (t) => {
  const m = machine(t);
  m.write('work/.zen/config.yaml', `active_project_id: ${FRAUD}\n`);
  mkdirSync(join(m.root, 'plain'));
  globalConfig(m, `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_REPOSITORY_PATH: join(m.root, 'plain') } }));
  assert.equal(info.repositoryRoot, undefined);
  assert.equal(info.source, 'global');
  assert.equal(info.projectId, 'churn');
});

test('ZENML_CONFIG_PATH moves the global config', (t) => {
  const m = machine(t);
  globalConfig(m, `active_project_id: ${FRAUD}\n`);
  const custom = m.write('custom-config/config.yaml', `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_CONFIG_PATH: join(m.root, 'custom-config') } }));
  assert.equal(info.source, 'global');
  assert.equal(info.origin, custom);
  assert.equal(info.projectId, 'churn');
});

test('a relative ZENML_CONFIG_PATH is taken from the workspace folder', (t) => {
  const m = machine(t);
  const custom = m.write('work/conf/config.yaml', `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs({ env: { ZENML_CONFIG_PATH: 'conf' } }));
  assert.equal(info.origin, custom);
});

test('XDG_CONFIG_HOME moves the global config on Linux', (t) => {
  const m = machine(t);
  const xdg = m.write('xdg/zenml/config.yaml', `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs({ env: { XDG_CONFIG_HOME: join(m.root, 'xdg') } }));
  assert.equal(info.origin, xdg);
});

test('a repository config that is not YAML is reported once and resolution falls through to global', (t) => {
  const m = machine(t);
  m.write('work/.zen/config.yaml', `active_stack_id: x\nactive_project_id: [${FRAUD}\n`);
  globalConfig(m, `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'global');
  assert.equal(info.projectId, 'churn');
  assert.equal(info.problems.length, 1);
  assert.match(info.problems[0], new RegExp(`^${escape(join(m.work, '.zen', 'config.yaml'))} is not valid YAML \\(line 2\\): Flow sequence .+; the repository config was skipped\\.$`));
});

test('a repository config that is a list falls through with a problem', (t) => {
  const m = machine(t);
  m.write('work/.zen/config.yaml', `- active_project_id: ${FRAUD}\n`);
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'none');
  assert.deepEqual(info.problems, [`${join(m.work, '.zen', 'config.yaml')} holds a list where ZenML expects a mapping of settings; the repository config was skipped.`]);
});

test('a name in the repository config is reported as the value, with a problem the client would have', (t) => {
  const m = machine(t);
  const repoConfig = m.write('work/.zen/config.yaml', 'active_project_id: fraud-detection\n');
  globalConfig(m, `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs({ projectFiles: [{ uri: 'file:///fd.yaml', id: 'fraud-detection' }] }));
  assert.equal(info.source, 'repository');
  assert.equal(info.value, 'fraud-detection');
  assert.equal(info.projectId, 'fraud-detection');
  assert.equal(info.uuid, FRAUD);
  assert.deepEqual(info.definedIn, ['file:///fd.yaml']);
  assert.deepEqual(info.problems, [
    `${repoConfig} sets active_project_id to 'fraud-detection', which is not a UUID: the ZenML client cannot load the repository config. Run \`zenml project set fraud-detection\` to write the project's UUID instead.`,
  ]);
});

test('a name in the global config gets the same problem, shown under ~', (t) => {
  const m = machine(t);
  globalConfig(m, 'active_project_id: churn\n');
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'global');
  assert.equal(info.projectId, 'churn');
  assert.deepEqual(info.problems, [
    "~/.config/zenml/config.yaml sets active_project_id to 'churn', which is not a UUID: the ZenML client cannot load the global config. Run `zenml project set churn` to write the project's UUID instead.",
  ]);
});

test('an unreadable global config (a directory where the file should be) is reported; none remains', (t) => {
  const m = machine(t);
  mkdirSync(join(m.home, '.config', 'zenml', 'config.yaml'), { recursive: true });
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'none');
  assert.deepEqual(info.problems, ['~/.config/zenml/config.yaml could not be read (it is a directory); the global config was skipped.']);
});

test('an unreadable repository config (no read permission) falls through to global', (t) => {
  const m = machine(t);
  const repoConfig = m.write('work/.zen/config.yaml', `active_project_id: ${FRAUD}\n`);
  chmodSync(repoConfig, 0o000);
  // Restore the mode so the folder can be removed; after-hooks run in order, the removal may come first.
  t.after(() => existsSync(repoConfig) && chmodSync(repoConfig, 0o644));
  try {
    readFileSync(repoConfig);
    t.skip('running as root: chmod 000 does not stop reads here (the directory case covers unreadable files)');
    return;
  } catch {
    // Permission is denied: the case can be tested for real.
  }
  globalConfig(m, `active_project_id: ${CHURN}\n`);
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'global');
  assert.deepEqual(info.problems, [`${repoConfig} could not be read (permission denied); the repository config was skipped.`]);
});

test('problems from both configs are each said once, in the order met', (t) => {
  const m = machine(t);
  m.write('work/.zen/config.yaml', 'active_project_id: "\n');
  globalConfig(m, 'active_project_id: {}\n');
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.source, 'none');
  assert.equal(info.problems.length, 2);
  assert.match(info.problems[0], /\.zen\/config\.yaml is not valid YAML \(line 1\)/);
  assert.equal(info.problems[1], "~/.config/zenml/config.yaml: active_project_id holds a mapping, not a project's UUID; the global config was skipped.");
});

test('a .zen folder without config.yaml is a repository with nothing set', (t) => {
  const m = machine(t);
  mkdirSync(join(m.work, '.zen'));
  globalConfig(m, `active_project_id: ${FRAUD}\n`);
  const info = resolveActiveProject(m.inputs());
  assert.equal(info.repositoryRoot, m.work);
  assert.equal(info.source, 'global');
  assert.deepEqual(info.problems, []);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
