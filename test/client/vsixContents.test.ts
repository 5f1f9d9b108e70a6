/**
 * What the .vsix ships, as `vsce ls` lists it from .vscodeignore: every picture the README and
 * the walkthrough's pages show must be in it, or the extension's page in VS Code shows the
 * picture's alt text (the package keeps relative links: --no-rewrite-relative-links).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize, dirname } from 'node:path';
import { test } from 'node:test';

const VSCE = join('node_modules', '.bin', 'vsce');

/** The files a markdown text shows as pictures, relative to the repository (links to the web left out). */
function picturesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)/g), ...text.matchAll(/<img[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  return targets.filter((t) => !/^[a-z][\w+.-]*:/i.test(t)).map((t) => normalize(join(dirname(file), t)));
}

test('every picture of the README and the walkthrough pages ships in the .vsix', () => {
  const shipped = new Set(execFileSync(VSCE, ['ls', '--no-dependencies'], { encoding: 'utf8' }).split('\n').map((l) => normalize(l.trim())).filter(Boolean));
  assert.ok(shipped.has('README.md'), `vsce ls did not list README.md:\n${[...shipped].join('\n')}`);
  const pages = ['README.md', ...readdirSync(join('resources', 'walkthrough')).filter((f) => f.endsWith('.md')).map((f) => join('resources', 'walkthrough', f))];
  const pictures = pages.flatMap((p) => picturesOf(p).map((picture) => ({ page: p, picture })));
  assert.ok(pictures.some((p) => p.page === 'README.md'), 'the README shows no picture: this test would check nothing');
  for (const { page, picture } of pictures) assert.ok(shipped.has(picture), `${page} shows ${picture}, which the .vsix does not ship (.vscodeignore)`);
});
