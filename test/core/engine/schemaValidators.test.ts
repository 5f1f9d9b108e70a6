/**
 * The validators compiled ahead of time must be those of today's schema, and behave as ajv
 * compiling the schema at run time would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import projectSchema from '../../../schemas/project.schema.json';
import * as compiled from '../../../core/engine/generated/projectSchemaValidators';

test('core/engine/generated is up to date with schemas/project.schema.json', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generateSchemaValidators.ts', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the generated validators report what ajv reports when it compiles the schema at run time', () => {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  ajv.addVocabulary(['markdownDescription', 'markdownEnumDescriptions']);
  ajv.addSchema(projectSchema);
  const live = ajv.getSchema(`${projectSchema.$id}#/definitions/member`)!;
  for (const member of [{ user: 'a@x.io', role: 'admin' }, { user: 'a', team: 'b', role: 'viewer' }, { role: 3 }, { user: '', role: 'x', extra: 1 }, []]) {
    const a = compiled.member(member);
    const b = live(member);
    assert.equal(a, b, JSON.stringify(member));
    const strip = (errors: typeof live.errors) => (errors ?? []).map(({ keyword, instancePath, schemaPath, params, message }) => ({ keyword, instancePath, schemaPath, params, message }));
    assert.deepEqual(strip(compiled.member.errors), strip(live.errors), JSON.stringify(member));
  }
});
