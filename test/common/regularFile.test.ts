/** Reading only regular files, within a size limit, without blocking on pipes or devices. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile, readRegularFileSync } from '../../common/regularFile';

test('regular files are read; folders, pipes, devices and files over the limit are refused at once', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zp-regular-'));
  try {
    writeFileSync(join(dir, 'ok.yaml'), 'id: ok\n');
    writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(2000));
    mkdirSync(join(dir, 'folder.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    for (const read of [readRegularFile, async (f: string, max?: number) => readRegularFileSync(f, max)]) {
      assert.equal(await read(join(dir, 'ok.yaml')), 'id: ok\n');
      await assert.rejects(read(join(dir, 'big.yaml'), 1000), { code: 'EFBIG' });
      await assert.rejects(read(join(dir, 'folder.yaml')), { code: 'EISDIR' });
      await assert.rejects(read(join(dir, 'pipe.yaml')), { code: 'ENOTREG', message: /named pipe/ });
      await assert.rejects(read(join(dir, 'zero.yaml')), { code: 'ENOTREG', message: /a device/ });
      await assert.rejects(read(join(dir, 'missing.yaml')), { code: 'ENOENT' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
