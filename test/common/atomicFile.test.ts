/** Atomic writes never replace what a path points at: links are written through, devices and pipes written directly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isRegularFile, writeFileAtomic, writeTarget } from '../../common/atomicFile';
import { writeAtomically } from '../../client/src/activeProject/zenConfigWriter';

const dir = mkdtempSync(path.join(tmpdir(), 'atomic-file-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a regular file is replaced whole, keeping its mode', () => {
  const file = path.join(dir, 'plain.yaml');
  writeFileSync(file, 'old\n', { mode: 0o600 });
  writeFileAtomic(file, 'new\n');
  assert.equal(readFileSync(file, 'utf8'), 'new\n');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(writeTarget(file), { kind: 'atomic', path: file });
});

for (const [name, write] of [
  ['writeFileAtomic', async (f: string, t: string) => writeFileAtomic(f, t)],
  ["the client's writeAtomically", (f: string, t: string) => writeAtomically(f, t)],
] as const) {
  test(`${name}: a link is written through, and stays a link`, async () => {
    const target = path.join(dir, `${name.length}-target.yaml`);
    writeFileSync(target, 'old\n');
    const link = path.join(dir, `${name.length}-link.yaml`);
    symlinkSync(target, link);
    await write(link, 'new\n');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), target);
    assert.equal(readFileSync(target, 'utf8'), 'new\n');
  });

  test(`${name}: a link to a device is written to, and neither the link nor the device is replaced`, async () => {
    const link = path.join(dir, `${name.length}-to-null`);
    symlinkSync('/dev/null', link);
    await write(link, 'gone\n');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.ok(statSync('/dev/null').isCharacterDevice());
  });

  test(`${name}: a link to nothing yet creates its target`, async () => {
    const target = path.join(dir, `${name.length}-later.yaml`);
    const link = path.join(dir, `${name.length}-dangling`);
    symlinkSync(target, link);
    await write(link, 'made\n');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), 'made\n');
  });

  test(`${name}: a folder is refused`, async () => {
    const folder = path.join(dir, `${name.length}-folder`);
    mkdirSync(folder);
    await assert.rejects(async () => write(folder, 'x'), /folder/);
    assert.ok(statSync(folder).isDirectory());
  });
}

test('a named pipe is written to directly, and is still a pipe', async () => {
  const fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  // A reader at the other end, as `zenml-projects import --output pipe` would have.
  const reader = spawn('cat', [fifo]);
  let read = '';
  reader.stdout.setEncoding('utf8').on('data', (d: string) => (read += d));
  const done = new Promise((r) => reader.once('exit', r));
  writeFileAtomic(fifo, 'through the pipe\n');
  await done;
  assert.equal(read, 'through the pipe\n');
  assert.ok(lstatSync(fifo).isFIFO());
  assert.equal(isRegularFile(fifo), false);
});

test('isRegularFile: a file or a link to one; not a device, a pipe, a folder or nothing', () => {
  const file = path.join(dir, 'regular.yaml');
  writeFileSync(file, 'x\n');
  const link = path.join(dir, 'regular-link');
  symlinkSync(file, link);
  assert.equal(isRegularFile(file), true);
  assert.equal(isRegularFile(link), true);
  assert.equal(isRegularFile('/dev/null'), false);
  assert.equal(isRegularFile(dir), false);
  assert.equal(isRegularFile(path.join(dir, 'missing')), false);
});
