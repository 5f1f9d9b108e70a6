/**
 * The CLI's workspaces file: where each workspace that project files name in `workspace:` is.
 * It holds URLs only; each workspace's key comes from the environment.
 *
 * ```yaml
 * workspaces:
 *   acme-prod:
 *     url: https://acme-prod.zenml.io      # key: $ZENML_STORE_API_KEY_ACME_PROD
 *   acme-staging:
 *     url: https://acme-staging.zenml.io
 *     api_key_env: STAGING_ZENML_KEY       # key: $STAGING_ZENML_KEY
 * default: acme-staging                    # optional: for files without workspace:
 * ```
 */
import { readRegularFileSync } from '../../common/regularFile';
import * as path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, YAMLMap } from 'yaml';
import { UsageError } from './projectFileTargets';

/** Looked for in the current folder when neither --workspaces nor the variable names a file. */
export const WORKSPACES_FILE_NAME = 'zenml-workspaces.yaml';
export const WORKSPACES_FILE_VARIABLE = 'ZENML_PROJECTS_WORKSPACES';

export interface ConfiguredWorkspace {
  name: string;
  url: string;
  /** The variable holding its API key. */
  apiKeyVariable: string;
  /** The variable holding an access token instead. */
  tokenVariable: string;
  /** "zenml-workspaces.yaml:3": where it is configured, for messages. */
  where: string;
}

export interface WorkspacesFile {
  /** As shown in messages: relative to the current folder. */
  shown: string;
  workspaces: Map<string, ConfiguredWorkspace>;
  default?: string;
}

/** The variable part a workspace name gives: `acme-prod` → `ACME_PROD`. */
export function variableSuffix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

const CREDENTIAL_KEYS = /^(api[_-]?key|token|access[_-]?token|password|secret|credentials?)$/i;

/**
 * Reads the workspaces file named by `--workspaces`, else by `$ZENML_PROJECTS_WORKSPACES`, else
 * `zenml-workspaces.yaml` in `cwd` when there is one. Every mistake is a UsageError naming the
 * file and line: a syntax error, a workspace configured twice, a key that does not belong, a
 * credential written into the file.
 */
export function readWorkspacesFile(explicit: string | undefined, cwd: string, env: NodeJS.ProcessEnv): WorkspacesFile | undefined {
  const named = explicit ?? (env[WORKSPACES_FILE_VARIABLE] || undefined);
  const file = path.resolve(cwd, named ?? WORKSPACES_FILE_NAME);
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    // A named pipe or a device is refused, never waited on.
    text = readRegularFileSync(file);
  } catch (e) {
    if (!named && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read the workspaces file '${shown}': ${(e as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined) => `${shown}:${offset === undefined ? 1 : lines.linePos(offset).line}`;
  if (doc.errors.length) {
    const e = doc.errors[0];
    const duplicate = /Map keys must be unique/.test(e.message);
    const key = duplicate ? /^\s*([^:#\n]+?)\s*:/.exec(text.slice(e.pos[0]))?.[1] : undefined;
    throw new UsageError(
      duplicate
        ? `${at(e.pos[0])}: a workspace or key appears twice${key ? ` ('${key}')` : ''}; each workspace is configured once. Nothing was read from this file.`
        : `${at(e.pos[0])}: the workspaces file is not valid YAML: ${e.message.split('\n')[0]} Nothing was read from this file.`,
    );
  }
  const root = doc.contents;
  const fail = (node: { range?: [number, number, number] | null } | null | undefined, message: string): never => {
    throw new UsageError(`${at(node?.range?.[0])}: ${message}`);
  };
  if (!isMap(root)) fail(root, `the workspaces file must be a mapping with 'workspaces:' (see 'zenml-projects help').`);
  const result: WorkspacesFile = { shown, workspaces: new Map() };
  const rootMap = root as YAMLMap;
  for (const pair of rootMap.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'default') {
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string') fail(pair.value as never, `'default' must be the name of a workspace listed under 'workspaces'.`);
      result.default = String((pair.value as { value: string }).value);
    } else if (key !== 'workspaces') fail(pair.key as never, `unknown key '${key}': the file has 'workspaces' and 'default' only.`);
  }
  const list: unknown = rootMap.get('workspaces', true);
  if (!isMap(list)) fail((list ?? rootMap) as never, `'workspaces' must map each workspace's name to its 'url'.`);
  const byVariable = new Map<string, string>();
  const byUrl = new Map<string, string>();
  for (const pair of (list as YAMLMap).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const where = at((pair.key as { range?: [number, number, number] }).range?.[0]);
    if (!name.trim()) fail(pair.key as never, 'a workspace needs a name.');
    const entry = pair.value;
    if (!isMap(entry)) fail((entry ?? pair.key) as never, `workspace '${name}' needs 'url: <its URL>' below it.`);
    let url: string | undefined;
    let apiKeyVariable = `ZENML_STORE_API_KEY_${variableSuffix(name)}`;
    let tokenVariable = `ZENML_STORE_API_TOKEN_${variableSuffix(name)}`;
    for (const field of (entry as YAMLMap).items) {
      const k = isScalar(field.key) ? String(field.key.value) : '';
      const v = isScalar(field.value) ? field.value.value : undefined;
      if (CREDENTIAL_KEYS.test(k)) fail(field.key as never, `credentials never go in the workspaces file: remove '${k}' and set $${apiKeyVariable} (or name another variable with api_key_env).`);
      if (typeof v !== 'string' || !v.trim()) fail((field.value ?? field.key) as never, `'${k}' of workspace '${name}' must be text.`);
      if (k === 'url') url = String(v).trim();
      else if (k === 'api_key_env') apiKeyVariable = String(v).trim();
      else if (k === 'api_token_env') tokenVariable = String(v).trim();
      else fail(field.key as never, `unknown key '${k}' in workspace '${name}': a workspace has 'url', 'api_key_env' and 'api_token_env'.`);
    }
    if (!url) fail(pair.key as never, `workspace '${name}' has no 'url'.`);
    let parsed: URL;
    try {
      parsed = new URL(url!);
    } catch {
      return fail(pair.key as never, `the url of workspace '${name}' is not a URL: '${url}'.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(pair.key as never, `the url of workspace '${name}' must start with https:// or http://.`);
    if (parsed.username || parsed.password) fail(pair.key as never, `the url of workspace '${name}' carries a user name or password; credentials never go in the workspaces file.`);
    const sameVariable = byVariable.get(apiKeyVariable);
    if (sameVariable) fail(pair.key as never, `workspaces '${sameVariable}' and '${name}' would both take their key from $${apiKeyVariable}: give one of them api_key_env.`);
    byVariable.set(apiKeyVariable, name);
    const normalised = parsed.toString().replace(/\/+$/, '');
    const sameUrl = byUrl.get(normalised);
    if (sameUrl) fail(pair.key as never, `workspaces '${sameUrl}' and '${name}' have the same url; one server is one workspace.`);
    byUrl.set(normalised, name);
    result.workspaces.set(name, { name, url: url!, apiKeyVariable, tokenVariable, where });
  }
  if (result.default !== undefined && !result.workspaces.has(result.default)) {
    fail(rootMap.get('default', true) as never, `'default' names '${result.default}', which is not listed under 'workspaces'.`);
  }
  return result;
}
