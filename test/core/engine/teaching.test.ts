/**
 * The checks that teach ZenML Pro's project guidance, and suppression comments: each check fires
 * where it should and stays quiet where it should not, with exact ranges; settings change them;
 * suppression comments switch advice off (never errors) and warn about codes they cannot switch off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCheckOptions, type CheckOptions } from '../../../core/engine/checkOptions';
import { ProjectDocument, validateText } from '../../../core/engine/projectDocument';
import { summary } from './helpers';

/** A project that follows every piece of advice: a team and a user as admins, a described role. */
const GOOD = `id: fraud-detection
name: Fraud Detection
description: Detect fraudulent card transactions
roles:
  - id: data-reviewer
    description: Reviews datasets before training
    permissions:
      artifact: [read, share]
members:
  - user: alice@acme.com
    role: admin
  - team: ml-platform
    role: admin
  - user: bob@acme.com
    role: data-reviewer
`;

const ALL_READ = ['pipeline', 'pipeline_run', 'artifact', 'artifact_version', 'model', 'model_version', 'run_metadata', 'pipeline_build', 'pipeline_deployment', 'run_template', 'service', 'code_repository', 'trigger', 'event_source', 'action']
  .map((t) => `      ${t}: [read]\n`)
  .join('');

const withRole = (role: string) => GOOD.replace('members:\n', `${role}members:\n`);
const users = (n: number, role: string) => Array.from({ length: n }, (_, i) => `  - user: u${i}@acme.com\n    role: ${role}\n`).join('');

interface Case {
  name: string;
  text: string;
  options?: Partial<CheckOptions>;
  expect: string[];
  message?: RegExp;
}

const cases: Case[] = [
  { name: 'a file that follows the advice', text: GOOD, expect: [] },
  // role-equals-default
  { name: 'custom role equal to viewer', text: withRole(`  - id: readers\n    description: Read everything\n    permissions:\n${ALL_READ}`), expect: ['unused-role@8:8-8:15', 'role-equals-default@8:8-8:15'], message: /grants exactly what the default role 'viewer' \(Project Viewer\) grants/ },
  { name: 'read on all but one type is not viewer', text: withRole(`  - id: readers\n    description: Read nearly everything\n    permissions:\n${ALL_READ.replace('      action: [read]\n', '')}`), expect: ['unused-role@8:8-8:15'] },
  { name: 'every action is not admin (admin also manages members)', text: withRole(`  - id: everything\n    description: All actions\n    permissions:\n${ALL_READ.replace(/\[read\]/g, '[create, read, update, delete, share]')}`), expect: ['unused-role@8:8-8:18'] },
  { name: 'custom role equal to contributor, actions in any order', text: withRole(`  - id: makers\n    description: Create things\n    permissions:\n${ALL_READ.replace(/\[read\]/g, '[read, create]')}`), expect: ['unused-role@8:8-8:14', 'role-equals-default@8:8-8:14'], message: /'contributor'/ },
  // role-without-description
  { name: 'custom role without description', text: GOOD.replace('    description: Reviews datasets before training\n', ''), expect: ['role-without-description@4:8-4:21'], message: /has no description\. Say what it is for/ },
  { name: 'custom role with an empty description', text: GOOD.replace('Reviews datasets before training', '""'), expect: ['role-without-description@4:8-4:21'] },
  // redundant-role
  { name: 'custom role without permissions', text: GOOD.replace('    permissions:\n      artifact: [read, share]\n', ''), expect: ['redundant-role@4:8-4:21'], message: /grants nothing/ },
  { name: 'custom role with empty permissions', text: GOOD.replace('      artifact: [read, share]\n', '      artifact: []\n'), expect: ['redundant-role@4:8-4:21'] },
  { name: 'two custom roles that grant the same', text: withRole(`  - id: reviewer\n    description: Also reviews\n    permissions:\n      artifact: [share, read]\n`), expect: ['unused-role@8:8-8:16', 'redundant-role@8:8-8:16'], message: /grants exactly what 'data-reviewer' grants \(artifact: read, share\)/ },
  { name: 'two custom roles that grant different things', text: withRole(`  - id: reviewer\n    description: Reviews models\n    permissions:\n      model: [read]\n`), expect: ['unused-role@8:8-8:16'] },
  // use-team
  { name: 'five users in one role', text: GOOD + users(5, 'developer'), expect: ['use-team@8:0-8:7'], message: /5 users hold the role 'developer' one by one\. Put them in a team/ },
  { name: 'four users in one role', text: GOOD + users(4, 'developer'), expect: [] },
  { name: 'teams do not count', text: GOOD + users(4, 'developer') + '  - team: t1\n    role: developer\n', expect: [] },
  { name: 'the threshold is a setting', text: GOOD + users(3, 'viewer'), options: { teamThreshold: 3 }, expect: ['use-team@8:0-8:7'] },
  { name: 'threshold 0 turns the check off', text: GOOD + users(9, 'viewer'), options: { teamThreshold: 0 }, expect: [] },
  // single-admin
  { name: 'one user is the only admin', text: GOOD.replace('  - team: ml-platform\n    role: admin\n', ''), expect: ['single-admin@9:10-9:24'], message: /alice@acme\.com is the project's only admin/ },
  { name: 'one team is the only admin', text: GOOD.replace('  - user: alice@acme.com\n    role: admin\n', ''), expect: [] },
  { name: 'two users are admins', text: GOOD.replace('  - team: ml-platform\n', '  - user: carol@acme.com\n'), expect: [] },
  // naming-convention
  { name: 'project ID against the convention', text: GOOD, options: { projectIdPattern: /^(ml|data)-/u }, expect: ['naming-convention@0:4-0:19'], message: /The Project ID 'fraud-detection' does not follow this workspace's naming convention \/\^\(ml\|data\)-\// },
  { name: 'project ID following the convention', text: GOOD.replace('id: fraud-detection', 'id: ml-fraud-detection'), options: { projectIdPattern: /^(ml|data)-/u }, expect: [] },
  { name: 'project name against the convention', text: GOOD, options: { projectNamePattern: /^[A-Z]{2,} /u }, expect: ['naming-convention@1:6-1:21'], message: /Project Name 'Fraud Detection'/ },
  { name: 'no convention set: no check', text: GOOD.replace('id: fraud-detection', 'id: whatever'), expect: [] },
  // suppression comments
  { name: 'disable-next-line switches one diagnostic off', text: GOOD.replace('  - team: ml-platform\n    role: admin\n', '').replace('  - user: alice', '  # zenml-projects-disable-next-line single-admin -- Alice owns it until the team exists\n  - user: alice'), expect: [] },
  { name: 'disable-next-line only touches the next line', text: GOOD.replace('  - team: ml-platform\n    role: admin\n', '').replace('members:\n', '# zenml-projects-disable-next-line single-admin\nmembers:\n'), expect: ['single-admin@10:10-10:24'] },
  { name: 'stacked next-line comments share the line below them', text: `${GOOD.replace('    description: Reviews datasets before training\n', '').replace('    permissions:\n      artifact: [read, share]\n', '').replace('  - id: data', '  # zenml-projects-disable-next-line redundant-role\n  # zenml-projects-disable-next-line role-without-description\n  - id: data')}`, expect: [] },
  { name: 'a file-level comment anywhere switches a code off in the whole file', text: `${GOOD + users(5, 'viewer')}# zenml-projects-disable use-team, single-admin\n`, expect: [] },
  { name: 'several codes in one comment', text: `# zenml-projects-disable role-without-description redundant-role\n${GOOD.replace('    description: Reviews datasets before training\n', '').replace('    permissions:\n      artifact: [read, share]\n', '')}`, expect: [] },
  { name: 'an unknown code is a warning', text: `# zenml-projects-disable single-admn\n${GOOD}`, expect: ['invalid-suppression@0:25-0:36'], message: /'single-admn' is not a code of zenml-projects.*Did you mean 'single-admin'\?/ },
  { name: 'an error cannot be switched off', text: `${GOOD.replace('role: data-reviewer', 'role: owner').replace('  - user: bob', '  # zenml-projects-disable-next-line unknown-role\n  - user: bob')}`, expect: ['unused-role@4:8-4:21', 'invalid-suppression@13:37-13:49', 'unknown-role@15:10-15:15'], message: /'unknown-role' cannot be switched off/ },
  { name: 'a comment without codes is a warning', text: `# zenml-projects-disable\n${GOOD}`, expect: ['invalid-suppression@0:0-0:24'], message: /Name the codes to switch off/ },
  { name: 'a misspelt directive is a warning', text: `# zenml-projects-disable-nextline single-admin\n${GOOD}`, expect: ['invalid-suppression@0:0-0:46'], message: /'zenml-projects-disable-nextline' is not a suppression comment/ },
  { name: 'the marker inside a value is not a comment', text: GOOD.replace('Detect fraudulent card transactions', '"# zenml-projects-disable nonsense"'), expect: [] },
  { name: 'existing advice can be switched off too', text: `# zenml-projects-disable no-admin missing-description\nid: p\n`, expect: [] },
];

for (const c of cases) {
  test(c.name, () => {
    const options = c.options ? { teamThreshold: 5, ...c.options } : undefined;
    const ds = validateText(c.text, 'file:///p/project.yaml', options);
    assert.deepEqual(summary(ds), c.expect);
    if (c.message) assert.ok(ds.some((d) => c.message!.test(String(d.message))), `no message matches ${c.message}: ${ds.map((d) => String(d.message)).join(' | ')}`);
    for (const d of ds) assert.equal((d.data as { code: string }).code, d.code);
  });
}

test('teaching diagnostics carry what a quick fix needs', () => {
  const ds = validateText(withRole(`  - id: readers\n    permissions:\n${ALL_READ}`) + '  - user: carol@acme.com\n    role: readers\n');
  assert.deepEqual(ds.find((d) => d.code === 'role-equals-default')?.data, { code: 'role-equals-default', role: 'readers', defaultRole: 'viewer', holders: 1 });
  assert.deepEqual(ds.find((d) => d.code === 'role-without-description')?.data, { code: 'role-without-description', role: 'readers', hasKey: false });
  const team = validateText(GOOD + users(6, 'viewer')).find((d) => d.code === 'use-team');
  assert.deepEqual(team?.data, { code: 'use-team', role: 'viewer', count: 6, threshold: 5 });
});

test('settings are read once, with a sentence for each wrong value', () => {
  assert.deepEqual(readCheckOptions({ teamThreshold: 3, projectIdPattern: '^ml-' }, 'zenmlProjects.checks.').problems, []);
  const { options, problems } = readCheckOptions({ teamThreshold: -1, projectIdPattern: '([', projectNamePattern: 7 }, 'checks.');
  assert.equal(options.teamThreshold, 5);
  assert.equal(options.projectIdPattern, undefined);
  assert.equal(problems.length, 3);
  assert.match(problems[0], /^checks\.teamThreshold must be a whole number/);
  assert.match(problems[1], /^checks\.projectIdPattern is not a valid regular expression/);
});

test('edits keep the per-role user counts and the suppression comments current', () => {
  const doc = new ProjectDocument(GOOD + users(4, 'viewer'));
  assert.deepEqual(summary(doc.diagnostics()), []);
  const end = { line: doc.lineCount - 1, character: 0 };
  doc.update([{ range: { start: end, end }, text: '  - user: late@acme.com\n    role: viewer\n' }]);
  assert.deepEqual(summary(doc.diagnostics()), ['use-team@8:0-8:7']);
  doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# zenml-projects-disable use-team\n' }]);
  assert.deepEqual(summary(doc.diagnostics()), []);
  doc.update([{ range: { start: { line: 0, character: 25 }, end: { line: 0, character: 33 } }, text: 'use-teams' }]);
  assert.deepEqual(summary(doc.diagnostics()), ['invalid-suppression@0:25-0:34', 'use-team@9:0-9:7']);
  // Remove two users again: below the threshold, and the comment's warning stays.
  doc.update([{ range: { start: { line: 16, character: 0 }, end: { line: 20, character: 0 } }, text: '' }]);
  assert.deepEqual(summary(doc.diagnostics()), summary(validateText(doc.text)));
  assert.deepEqual(summary(doc.diagnostics()), ['invalid-suppression@0:25-0:34']);
});
