/**
 * The first run: `npm start` opens examples/fraud-detection/project.yaml against a demo workspace
 * named acme-prod. The file must differ from the demo in exactly the one deliberate place (the
 * team ml-platform as an admin), which Plan shows and Apply resolves — so a newcomer sees one
 * change to apply, not a file full of users the demo does not have.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliAgainst } from '../lib/cliAgainst';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';

let ws: TestWorkspace;
let dir: string;

const cli = (args: string[]) => cliAgainst(ws, args, dir);

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo', name: 'acme-prod' });
  dir = mkdtempSync(path.join(tmpdir(), 'zp-first-run-'));
  copyFileSync(path.resolve('examples/fraud-detection/project.yaml'), path.join(dir, 'project.yaml'));
});

after(async () => {
  await ws.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the example is clean: no errors, warnings or advice', async () => {
  const r = await cli(['validate', 'project.yaml', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), []);
});

test('the example differs from the demo in exactly one deliberate change, which Apply makes', async () => {
  const plan = await cli(['plan', 'project.yaml', '--format', 'json']);
  assert.equal(plan.code, 2, plan.out + plan.err);
  const text = await cli(['plan', 'project.yaml']);
  assert.match(text.out, /~ team ml-platform: contributor → admin\n\s+0 to add, 1 to change, 0 to remove\./);
  const apply = await cli(['apply', 'project.yaml', '--yes']);
  assert.equal(apply.code, 0, apply.out + apply.err);
  assert.match(apply.out, /Applied 1 change\./);
  const again = await cli(['plan', 'project.yaml']);
  assert.equal(again.code, 0, again.out + again.err);
  assert.match(again.out, /In sync: nothing to change\./);
});
