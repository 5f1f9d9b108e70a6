// The extension's localization bundle: every `vscode.l10n.t(...)` message of client/src, extracted
// with VS Code's own tool (@vscode/l10n-dev), written to l10n/bundle.l10n.json — the file
// translators start from and `vscode.l10n` reads. The build writes it; it is not edited by hand.
// `pseudo` also writes the qps-ploc pseudo-localized bundles (for the localization test only).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, extname } from 'node:path';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';

/** Every .ts file under `dir`. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : extname(e.name) === '.ts' ? [p] : [];
  });
}

/**
 * Writes l10n/bundle.l10n.json from client/src unless it is newer than every source (extraction
 * parses every file: about two seconds of CPU); returns the bundle (message → message).
 */
export async function writeBundle(root = '.') {
  const files = sources(join(root, 'client', 'src')).sort();
  const target = join(root, 'l10n', 'bundle.l10n.json');
  if (existsSync(target)) {
    const built = statSync(target).mtimeMs;
    if (files.every((f) => statSync(f).mtimeMs < built)) return JSON.parse(readFileSync(target, 'utf8'));
  }
  const bundle = await getL10nJson(files.map((f) => ({ extension: '.ts', contents: readFileSync(f, 'utf8') })));
  const sorted = Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b)));
  mkdirSync(join(root, 'l10n'), { recursive: true });
  writeFileSync(target, `${JSON.stringify(sorted, null, 2)}\n`);
  return sorted;
}

/**
 * Writes the pseudo-localized bundle and manifest strings (`qps-ploc`), in which every localized
 * text looks different from English while staying readable. Returns the files written.
 */
export async function writePseudoBundles(root = '.') {
  const bundle = await writeBundle(root);
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  const written = [join(root, 'l10n', 'bundle.l10n.qps-ploc.json'), join(root, 'package.nls.qps-ploc.json')];
  writeFileSync(written[0], JSON.stringify(getL10nPseudoLocalized(bundle), null, 2));
  writeFileSync(written[1], JSON.stringify(getL10nPseudoLocalized(nls), null, 2));
  return written;
}
