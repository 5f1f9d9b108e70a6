/**
 * The getting-started walkthrough (contributes.walkthroughs): every step completes on an event
 * that really happens — a command the extension contributes runs, or a context key the client
 * sets takes the value — its texts come from package.nls.json, and its pages exist and ship.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const walkthroughs = manifest.contributes.walkthroughs as { id: string; title: string; description: string; steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents: string[] }[] }[];

function clientSources(dir = 'client/src'): string {
  return readdirSync(dir)
    .map((n) => path.join(dir, n))
    .map((p) => (statSync(p).isDirectory() ? clientSources(p) : p.endsWith('.ts') ? readFileSync(p, 'utf8') : ''))
    .join('\n');
}

test('the walkthrough takes a newcomer through the flow, in order', () => {
  assert.equal(walkthroughs.length, 1);
  assert.deepEqual(walkthroughs[0].steps.map((s) => s.id), ['connect', 'activeProject', 'createProject', 'addMembers', 'applyProjectFile']);
});

test('each step completes on a real event', () => {
  const commands = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
  const sources = clientSources();
  for (const step of walkthroughs[0].steps) {
    assert.ok(step.completionEvents.length > 0, `${step.id} has no completion event`);
    for (const event of step.completionEvents) {
      const command = /^onCommand:(.+)$/.exec(event)?.[1];
      const context = /^onContext:([\w.]+) == (\w+)$/.exec(event);
      if (command) assert.ok(commands.has(command), `${step.id}: ${command} is not a contributed command`);
      else if (context) assert.match(sources, new RegExp(`'${context[1].replace(/\./g, '\\.')}'`), `${step.id}: the client never sets ${context[1]}`);
      else assert.fail(`${step.id}: unexpected completion event ${event}`);
    }
  }
  // The connection context takes the value the first step waits for.
  assert.match(clientSources(), /'connected'/);
});

test('texts come from package.nls.json; pages exist and ship in the .vsix', () => {
  const key = (v: string) => /^%(.+)%$/.exec(v)?.[1];
  const w = walkthroughs[0];
  for (const v of [w.title, w.description, ...w.steps.flatMap((s) => [s.title, s.description])]) {
    const k = key(v);
    assert.ok(k && nls[k], `${v} is not a package.nls.json key`);
  }
  const ignore = readFileSync('.vscodeignore', 'utf8');
  assert.match(ignore, /^!resources\/walkthrough\/\*\.md$/m);
  for (const s of w.steps) assert.ok(s.media.markdown && existsSync(s.media.markdown), `${s.id}: no page ${s.media.markdown}`);
  // Command links in the step descriptions name contributed commands.
  const commands = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
  for (const s of w.steps) for (const m of nls[key(s.description)!].matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(m[1]), `${s.id} links to ${m[1]}`);
});
