/**
 * Writes `active_project_id` into a ZenML config file (`<repo>/.zen/config.yaml` or the global
 * `config.yaml`) the way `zenml project set` leaves it: the project's UUID, every other key,
 * comment and the order untouched, written atomically (a temporary file in the same folder, then
 * a rename), so that a crash or a concurrent reader never sees half a file.
 *
 * Plain Node: no VS Code API, so that it is tested on its own.
 */
import { writeTarget } from '../../../common/atomicFile';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, parseDocument, type Document, type Pair } from 'yaml';
import { ACTIVE_PROJECT_KEY } from '../../../common/zenml/zenConfigFile';
import { readRegularFile } from '../../../common/regularFile';

export interface ConfigWriteResult {
  /** The file did not exist and was created (with its folder when needed). */
  created: boolean;
  /** The value the file held before, when there was one. */
  previous?: string;
}

/** Why a config file was left alone: the message says which file and what to do. */
export class ConfigWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigWriteError';
  }
}

/** ZenML reads these files with PyYAML: YAML 1.1, and a repeated key means its last value. */
function parse(text: string): Document.Parsed {
  return parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
}

function activePairs(doc: Document.Parsed): Pair[] {
  return isMap(doc.contents) ? doc.contents.items.filter((p) => isScalar(p.key) && p.key.value === ACTIVE_PROJECT_KEY) : [];
}

/**
 * The new text of a config file with `active_project_id: <uuid>`, or a ConfigWriteError when the
 * file is not a mapping ZenML could read. Changes as few characters as possible: the value in
 * place when the key is there, a line appended when it is not; the Document API (which may
 * reformat) only when neither keeps the file readable.
 */
export function withActiveProject(text: string, uuid: string, shownPath: string): { text: string; previous?: string } {
  const doc = parse(text);
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new ConfigWriteError(`${shownPath} is not valid YAML (${e.message.split('\n')[0]}); fix it, then set the project again. Nothing was written.`);
  }
  const root = doc.contents;
  const empty = root === null || (isScalar(root) && (root.value === null || root.value === undefined));
  if (!empty && !isMap(root)) throw new ConfigWriteError(`${shownPath} does not hold a mapping of settings, so ZenML cannot read it; fix it, then set the project again. Nothing was written.`);

  const pairs = activePairs(doc);
  const last = pairs[pairs.length - 1];
  const previous = last && isScalar(last.value) && last.value.value != null ? String(last.value.value) : undefined;

  let candidate: string | undefined;
  if (last && isScalar(last.value) && last.value.range) {
    const [start, end] = last.value.range;
    candidate = text.slice(0, start) + uuid + text.slice(end);
  } else if (!last) {
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    candidate = `${text}${separator}${ACTIVE_PROJECT_KEY}: ${uuid}\n`;
  }
  if (candidate !== undefined && holds(candidate, uuid, doc)) return { text: candidate, previous };

  // A value that is a list or mapping, a flow mapping, document markers...: let the library write it.
  const fallback = empty ? parse('') : doc;
  if (last) last.value = fallback.createNode(uuid);
  else fallback.set(ACTIVE_PROJECT_KEY, uuid);
  return { text: String(fallback), previous };
}

/** The edited text parses, holds the UUID, and every other key is as it was. */
function holds(text: string, uuid: string, before: Document.Parsed): boolean {
  const after = parse(text);
  if (after.errors.length || (after.contents !== null && !isMap(after.contents))) return false;
  const a = (after.toJS() ?? {}) as Record<string, unknown>;
  const b = (before.toJS() ?? {}) as Record<string, unknown>;
  if (a[ACTIVE_PROJECT_KEY] !== uuid) return false;
  const rest = (o: Record<string, unknown>) => JSON.stringify(Object.entries(o).filter(([k]) => k !== ACTIVE_PROJECT_KEY));
  return rest(a) === rest(b);
}

/**
 * Sets `active_project_id` in `file` to `uuid`, creating the file (and its folder) when missing.
 * The file keeps its permissions; the write is atomic.
 */
export async function writeActiveProjectId(file: string, uuid: string, shownPath: string = file): Promise<ConfigWriteResult> {
  let text = '';
  let mode: number | undefined;
  let created = false;
  try {
    // A named pipe or a device in the config's place is refused, not read (see regularFile).
    text = await readRegularFile(file, 1024 * 1024);
    mode = (await fs.stat(file)).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigWriteError(`${shownPath} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Nothing was written.`);
    created = true;
  }
  const next = withActiveProject(text, uuid, shownPath);
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    throw new ConfigWriteError(`Could not create the folder ${path.dirname(shownPath)} (${e.code ?? e.message}). Nothing was written.`);
  });
  await writeAtomically(file, next.text, mode);
  return { created, previous: next.previous };
}

/** Writes through a temporary file in the same folder and a rename (atomic on one file system). */
export async function writeAtomically(file: string, text: string, mode?: number): Promise<void> {
  // A link is written through and a device or pipe directly, never renamed over (see writeTarget).
  let target: ReturnType<typeof writeTarget>;
  try {
    target = writeTarget(file);
    if (target.kind === 'direct') return await fs.writeFile(target.path, text, 'utf8');
  } catch (e) {
    throw new ConfigWriteError(`Could not write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Nothing was changed.`);
  }
  file = target.path;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temporary, 'wx', mode ?? 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The mode given to open() is reduced by the umask; the file keeps the one it had.
    if (mode !== undefined) await fs.chmod(temporary, mode);
    await fs.rename(temporary, file);
  } catch (e) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigWriteError(`Could not write ${file} (${code ?? (e as Error).message}). Nothing was changed.`);
  }
}
