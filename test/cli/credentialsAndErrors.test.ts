/**
 * What the CLI says when a credential is refused, missing or pasted with spaces, when one of
 * several projects cannot be read, and after a 404 — run as the bundled CLI against the demo
 * local workspace (ZenML Pro edition: a workspace API and a Pro API, each with its own keys).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliAgainst } from '../lib/cliAgainst';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => cliAgainst(ws, args, process.cwd(), env);
/** ZenML's raw sentence for a login form it cannot read, which must never reach the user. */
const RAW_LOGIN_SENTENCE = /username' and 'password'|as 'password'/;

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
});
after(() => ws.stop());

test('keys and tokens pasted with spaces or a line break around them work, from flags and variables, workspace and Pro', async () => {
  const padded = (s: string) => ` ${s} \n`;
  const byVariable = await cli(['usage', 'fraud-detection'], { ZENML_STORE_API_KEY: padded(ws.server.adminApiKey) });
  assert.equal(byVariable.code, 0, byVariable.err);
  const byFlag = await cli(['usage', 'fraud-detection', '--api-key', padded(ws.server.adminApiKey)], { ZENML_STORE_API_KEY: '' });
  assert.equal(byFlag.code, 0, byFlag.err);
  const pro = await cli(['import', 'fraud-detection'], { ZENML_PRO_API_KEY: padded(ws.server.proApiKey!) });
  assert.equal(pro.code, 0, pro.err);
  assert.match(pro.out, /^id: fraud-detection$/m);
  const proFlag = await cli(['import', 'fraud-detection', '--pro-api-key', padded(ws.server.proApiKey!)], { ZENML_PRO_API_KEY: '' });
  assert.equal(proFlag.code, 0, proFlag.err);
});

test('a login the workspace answers 400 (not a key it can read) says which credential was refused and where it came from', async () => {
  const r = await cli(['usage', 'fraud-detection'], { ZENML_STORE_API_KEY: ' not-a-key ' });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.err, /^Could not sign in to the ZenML workspace: the workspace at http:\/\/127\.0\.0\.1:\d+ did not accept the API key from ZENML_STORE_API_KEY \(expired, revoked, or made for another workspace\)\. Give a valid ZENKEY_\.\.\. key/m);
  assert.doesNotMatch(r.err, RAW_LOGIN_SENTENCE);
  const byFlag = await cli(['usage', '--api-key', 'not-a-key']);
  assert.match(byFlag.err, /did not accept the API key from --api-key/);
  assert.doesNotMatch(byFlag.err, RAW_LOGIN_SENTENCE);
});

test('a ZenML Pro API key given as the workspace key: said as such, with where each key goes', async () => {
  const r = await cli(['usage', 'fraud-detection'], { ZENML_STORE_API_KEY: ws.server.proApiKey! });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.err, /did not accept the API key from ZENML_STORE_API_KEY, a ZenML Pro API key \(ZENPROKEY_\.\.\.\): this workspace does not take it as its own key\. Give the workspace's ZENKEY_\.\.\. key there \(of a user or service account\), and the Pro key as --pro-api-key or ZENML_PRO_API_KEY\./);
  assert.doesNotMatch(r.err, RAW_LOGIN_SENTENCE);
  assert.doesNotMatch(r.err, /ZENPROKEY_\w/);
});

test('no credentials at all: the message names the flag and both variables', async () => {
  const r = await cli(['usage'], { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: '  ' });
  assert.equal(r.code, 64, r.out + r.err);
  assert.match(r.err, /no credentials: pass --api-key or set ZENML_STORE_API_KEY \(a ZENKEY_\.\.\. key of a user or service account\), or set ZENML_STORE_API_TOKEN \(an access token\)\./);
});

test('a refused ZenML Pro credential names where it came from, instead of asking to set what is set', async () => {
  const wrong = await cli(['import', 'fraud-detection'], { ZENML_PRO_API_KEY: 'ZENPROKEY_wrong' });
  assert.equal(wrong.code, 1, wrong.out + wrong.err);
  assert.match(wrong.err, /did not accept your ZenML Pro credential .*The ZenML Pro credential comes from ZENML_PRO_API_KEY: give a valid ZenML Pro API key \(ZENPROKEY_\.\.\.\) or personal access token there\./);
  assert.doesNotMatch(wrong.err, /Pass --pro-api-key or set ZENML_PRO_API_KEY/);
  const byFlag = await cli(['import', 'fraud-detection', '--pro-api-key', 'ZENPROKEY_wrong']);
  assert.match(byFlag.err, /The ZenML Pro credential comes from --pro-api-key:/);
  // With none given, what to set is still the advice.
  const none = await cli(['import', 'fraud-detection'], { ZENML_PRO_API_KEY: '' });
  assert.match(none.err, /Pass --pro-api-key or set ZENML_PRO_API_KEY/);
});

test('usage of several projects, one unknown: each project\'s line or its error, exit 1 (text and JSON)', async () => {
  const text = await cli(['usage', 'nope', 'churn-prediction', 'fraud-detection']);
  assert.equal(text.code, 1, text.out + text.err);
  assert.deepEqual(text.out.trim().split('\n').map((l) => l.split(':')[0]), ['churn-prediction', 'fraud-detection']);
  assert.match(text.err, /^zenml-projects usage: Could not .*project 'nope' was not found/m);
  const json = await cli(['usage', 'nope', 'churn-prediction', '--format', 'json']);
  assert.equal(json.code, 1, json.out + json.err);
  const [nope, churn] = JSON.parse(json.out);
  assert.deepEqual(Object.keys(nope), ['project', 'error']);
  assert.equal(nope.project, 'nope');
  assert.match(nope.error, /project 'nope' was not found/);
  assert.equal(churn.project, 'churn-prediction');
  assert.equal(typeof churn.runs, 'number');
  assert.equal(json.err, '');
});

test('a 404 in the CLI ends with what a terminal user can do, not the editor\'s "Refresh"', async () => {
  const r = await cli(['usage', 'nope']);
  assert.equal(r.code, 1);
  assert.match(r.err, /project 'nope' was not found on the workspace \(deleted, renamed, or not visible to you\)\.( The server said: [^\n]*\.)? Check the project ID: 'zenml-projects usage' lists the projects you can see\.$/m);
  assert.doesNotMatch(r.err, /Refresh/);
  const prune = await cli(['prune', 'nope', '--dry-run']);
  assert.equal(prune.code, 1);
  assert.doesNotMatch(prune.err, /Refresh/);
  assert.match(prune.err, /Check the project ID/);
});
