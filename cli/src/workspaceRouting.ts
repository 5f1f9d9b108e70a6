/**
 * Which workspace each project file goes to. A file's `workspace:` names a workspace of the
 * workspaces file; a file without one goes to the default workspace: `--url` / `--api-key`, else
 * `ZENML_STORE_URL` / `ZENML_STORE_API_KEY` (or `ZENML_STORE_API_TOKEN`), as ZenML clients find
 * it, else the workspaces file's `default`. A file is only ever routed to a server whose `/info`
 * says it is the workspace the file names. Credentials come from the environment only and are
 * never printed.
 *
 * On ZenML Pro, members and roles are kept by the Pro management API, which takes a credential
 * of its own: for a workspace of the workspaces file `$ZENML_PRO_API_KEY_<NAME>` when set, else
 * `--pro-api-key`, else `ZENML_PRO_API_KEY` — a Pro API key (`ZENPROKEY_…`) or a personal access
 * token; the workspaces of one organization share its Pro API, so one key usually serves all. ZenML's own client reads no Pro API key from the environment (its
 * `src/zenml/login/pro/constants.py` knows only `ZENML_PRO_API_URL` and `ZENML_PRO_URL`); ZenML
 * Pro's documentation names the key `ZENML_PRO_API_KEY` beside `ZENML_PRO_API_URL` in its
 * automation examples, so that is the name used here. A workspace whose own key is a Pro API key
 * (an organization service account's, which opens both) uses it for the Pro API too.
 */
import { ZenmlApiError, type Intent } from '../../common/api/apiError';
import { PRO_API_KEY_PREFIX } from '../../common/api/proApi';
import { ZenmlApi } from '../../common/api/zenmlApi';
import { hasUserinfo, withoutUserinfo } from '../../common/redaction';
import { WorkspaceIdentity, workspaceIdentity, workspaceMatches, workspaceDisplayName } from '../../core/sync/workspaceTarget';
import { Parsed } from './commandLine';
import { UsageError } from './projectFileTargets';
import { readWorkspacesFile, variableSuffix, WORKSPACES_FILE_NAME, WorkspacesFile } from './workspacesFile';

export const WORKSPACE_FLAGS = ['--url', '--api-key', '--pro-api-key', '--workspaces'];

const PRO_SIGN_IN_HINT = 'Pass --pro-api-key or set ZENML_PRO_API_KEY to a ZenML Pro API key (ZENPROKEY_...) or a personal access token.';

/** A credential as given, with where it was read from (a flag or a variable), for messages. */
interface Given {
  value: string;
  from: string;
}

/**
 * The credential in a flag or a variable, without the spaces and line breaks that copying it
 * brings along (no key or token holds whitespace); undefined when it is empty or unset.
 */
function given(value: string | undefined, from: string): Given | undefined {
  const v = value?.trim();
  return v ? { value: v, from } : undefined;
}

/** What a terminal user does after a 404: there is nothing to refresh, the name is what to check. */
function notFoundHint(intent: Intent): string {
  return intent.project ? "Check the project ID: 'zenml-projects usage' lists the projects you can see." : 'Check the name and run the command again.';
}

/** One workspace the CLI can talk to. */
export interface Connection {
  /** Its name in the workspaces file; undefined for the one given by --url or ZENML_STORE_URL. */
  name?: string;
  url: string;
  /** Where it is configured, for messages: "--url", "ZENML_STORE_URL", "zenml-workspaces.yaml:3". */
  source: string;
  /** Undefined when there is no key for it: the sentence that says which variable to set. */
  api?: ZenmlApi;
  missingCredentials?: string;
  /** `/info`, read once. */
  identity(): Promise<WorkspaceIdentity>;
}

export interface Connections {
  /** For files without `workspace:`. */
  default?: Connection;
  named: Map<string, Connection>;
  file?: WorkspacesFile;
}

/** Where a file goes: a connection whose server is the file's workspace, or why there is none. */
export type Route =
  | { ok: true; connection: Connection; api: ZenmlApi; identity: WorkspaceIdentity }
  | { ok: false; workspace: string; url?: string; unavailable: string; error: string };

function connection(
  name: string | undefined,
  url: string,
  source: string,
  /** `from`: the flag or variable they were read from, named when the workspace refuses them. */
  credentials: { apiKey?: string; accessToken?: string; from: string } | undefined,
  missing: string,
  proCredential: Given | undefined,
): Connection {
  const ownProKey = credentials?.apiKey?.startsWith(PRO_API_KEY_PREFIX) ? { value: credentials.apiKey, from: credentials.from } : undefined;
  const pro = proCredential ?? ownProKey;
  const what = credentials?.apiKey ? 'API key' : 'access token';
  const api = credentials
    ? new ZenmlApi({
        url,
        credentials: { apiKey: credentials.apiKey, accessToken: credentials.accessToken },
        urlHint: `It comes from ${source}.`,
        // A terminal has no "sign in": say which credential was refused and where it came from.
        unauthorized: (intent) =>
          ownProKey
            ? `Could not ${intent.action}: the workspace at ${withoutUserinfo(url)} did not accept the API key from ${credentials.from}, a ZenML Pro API key (ZENPROKEY_...): this workspace does not take it as its own key. Give the workspace's ZENKEY_... key there (of a user or service account), and the Pro key as --pro-api-key or ZENML_PRO_API_KEY.`
            : `Could not ${intent.action}: the workspace at ${withoutUserinfo(url)} did not accept the ${what} from ${credentials.from} (expired, revoked, or made for another workspace). Give a valid ${credentials.apiKey ? 'ZENKEY_... key of a user or service account' : 'token'} there.`,
        notFoundHint,
        proCredential: () => pro?.value,
        // Said when the Pro API refuses the credential too: then it names where that one came from.
        proSignInHint: pro ? `The ZenML Pro credential comes from ${pro.from}: give a valid ZenML Pro API key (ZENPROKEY_...) or personal access token there.` : PRO_SIGN_IN_HINT,
      })
    : undefined;
  let identity: Promise<WorkspaceIdentity> | undefined;
  return {
    name,
    url,
    source,
    api,
    missingCredentials: credentials ? undefined : missing,
    identity: () => (identity ??= (api ?? new ZenmlApi({ url, urlHint: `It comes from ${source}.`, notFoundHint })).info().then((info) => workspaceIdentity(info, url))),
  };
}

/** The workspaces this run can reach. Throws a UsageError when it has none, or a file is wrong. */
export function readConnections(parsed: Parsed, cwd: string, env: NodeJS.ProcessEnv): Connections {
  const file = readWorkspacesFile(parsed.values.get('--workspaces'), cwd, env);
  const proCredential = parsed.values.has('--pro-api-key') ? given(parsed.values.get('--pro-api-key'), '--pro-api-key') : given(env.ZENML_PRO_API_KEY, 'ZENML_PRO_API_KEY');
  const named = new Map<string, Connection>();
  for (const w of file?.workspaces.values() ?? []) {
    const apiKey = given(env[w.apiKeyVariable], `$${w.apiKeyVariable}`);
    const accessToken = apiKey ? undefined : given(env[w.tokenVariable], `$${w.tokenVariable}`);
    const ownProVariable = `ZENML_PRO_API_KEY_${variableSuffix(w.name)}`;
    const ownPro = given(env[ownProVariable], `$${ownProVariable}`);
    named.set(
      w.name,
      connection(
        w.name,
        w.url,
        w.where,
        apiKey || accessToken ? { apiKey: apiKey?.value, accessToken: accessToken?.value, from: (apiKey ?? accessToken)!.from } : undefined,
        `no key for workspace '${w.name}': set $${w.apiKeyVariable} (a ZENKEY_... key) or $${w.tokenVariable}.`,
        ownPro ?? proCredential,
      ),
    );
  }
  let defaultConnection: Connection | undefined;
  const url = parsed.values.get('--url') ?? (env.ZENML_STORE_URL || undefined);
  if (url) {
    const source = parsed.values.has('--url') ? '--url' : 'ZENML_STORE_URL';
    // Caught here, as the workspaces file's urls are: later it would be a bare "Invalid URL", or
    // "cannot be reached" for a scheme no request is made with, on every file of the run.
    let scheme: string;
    try {
      scheme = new URL(url).protocol;
    } catch {
      // The text is not shown: a malformed URL may still hold a password.
      throw new UsageError(`the workspace URL (${source}) is not a URL; give it as https://host[:port].`);
    }
    if (scheme !== 'http:' && scheme !== 'https:') throw new UsageError(`the workspace URL ${withoutUserinfo(url)} (${source}) must start with https:// or http://.`);
    if (hasUserinfo(url)) {
      // A password in a URL ends up in shell history, process lists, logs and error messages.
      throw new UsageError(
        `the workspace URL ${withoutUserinfo(url)} (${source}) carries a user name or password; refusing to use it. Remove them from the URL and pass the API key with --api-key or ZENML_STORE_API_KEY.`,
      );
    }
    const apiKey = parsed.values.has('--api-key') ? given(parsed.values.get('--api-key'), '--api-key') : given(env.ZENML_STORE_API_KEY, 'ZENML_STORE_API_KEY');
    const accessToken = apiKey ? undefined : given(env.ZENML_STORE_API_TOKEN, 'ZENML_STORE_API_TOKEN');
    if (!apiKey && !accessToken) {
      throw new UsageError('no credentials: pass --api-key or set ZENML_STORE_API_KEY (a ZENKEY_... key of a user or service account), or set ZENML_STORE_API_TOKEN (an access token).');
    }
    const from = (apiKey ?? accessToken)!.from;
    defaultConnection = connection(undefined, url, source, { apiKey: apiKey?.value, accessToken: accessToken?.value, from }, '', proCredential);
  } else if (file?.default) defaultConnection = named.get(file.default);
  if (!defaultConnection && !named.size) {
    throw new UsageError(`no workspace: pass --url or set ZENML_STORE_URL, or list workspaces in ${WORKSPACES_FILE_NAME} (or the file --workspaces names).`);
  }
  return { default: defaultConnection, named, file };
}

function reason(e: unknown): string {
  return e instanceof ZenmlApiError || e instanceof Error ? e.message : String(e);
}

/** What a refused route did not do, and how to name another workspace, in the command's terms. */
export interface RouteWording {
  /** "nothing was compared or applied" (plan, apply, report); "nothing was listed or deleted" (prune). */
  nothing: string;
  /** How to name another workspace: "fix the file's workspace:", "pass another --workspace". */
  fix: string;
}

/** A project file's wording: plan, apply and report compare it and apply it. */
export const FILE_ROUTE: RouteWording = { nothing: 'nothing was compared or applied', fix: "fix the file's workspace:" };

/**
 * Routes a file or a command's target (shown as `shown`) that names `workspace` (or none) to its
 * connection. Never throws: a target that cannot go anywhere gets a Route with the sentence that
 * says why, worded by `wording`.
 */
export async function routeFile(connections: Connections, workspace: string | undefined, shown: string, wording: RouteWording = FILE_ROUTE): Promise<Route> {
  const fileName = connections.file?.shown ?? WORKSPACES_FILE_NAME;
  const reach = async (c: Connection, label: string): Promise<Route> => {
    if (!c.api) return { ok: false, workspace: label, url: c.url, unavailable: 'no credentials', error: c.missingCredentials! };
    try {
      return { ok: true, connection: c, api: c.api, identity: await c.identity() };
    } catch (e) {
      return { ok: false, workspace: label, url: c.url, unavailable: 'unreachable', error: reason(e) };
    }
  };
  if (workspace === undefined) {
    if (!connections.default) {
      return {
        ok: false,
        workspace: '(none named)',
        unavailable: 'no default workspace',
        error: `${shown} names no workspace, and there is no default one: add 'workspace: <name>' to it, or pass --url (or set ZENML_STORE_URL, or 'default:' in ${fileName}).`,
      };
    }
    return reach(connections.default, connections.default.name ?? '(default)');
  }
  const configured = connections.named.get(workspace);
  if (configured) {
    const r = await reach(configured, workspace);
    if (r.ok && !workspaceMatches(workspace, r.identity)) {
      return {
        ok: false,
        workspace,
        url: configured.url,
        unavailable: `the server there is '${workspaceDisplayName(r.identity)}'`,
        error: `${configured.source} says workspace '${workspace}' is at ${configured.url}, but the server there is workspace '${workspaceDisplayName(r.identity)}': ${wording.nothing}. Fix the url of '${workspace}' in ${fileName}.`,
      };
    }
    return r;
  }
  const fallback = connections.default;
  if (fallback) {
    const r = await reach(fallback, fallback.name ?? '(default)');
    if (!r.ok) return { ...r, workspace, error: `${shown} is for workspace '${workspace}', which ${fileName} does not list; the default workspace (${fallback.source}) could not be checked: ${r.error}` };
    if (workspaceMatches(workspace, r.identity)) return r;
    return {
      ok: false,
      workspace,
      unavailable: 'not configured',
      error:
        `${shown} is for workspace '${workspace}', but the workspace at ${fallback.url} (${fallback.source}) is '${workspaceDisplayName(r.identity)}': ${wording.nothing}. ` +
        `Add '${workspace}' with its URL to ${fileName} and set its key in $ZENML_STORE_API_KEY_${variableSuffix(workspace)}, or run with --url and --api-key of '${workspace}'${wording === FILE_ROUTE ? '' : `, or ${wording.fix}`}.`,
    };
  }
  const known = [...connections.named.keys()].map((n) => `'${n}'`).join(', ');
  return {
    ok: false,
    workspace,
    unavailable: 'not configured',
    error: `${shown} is for workspace '${workspace}', which ${fileName} does not list (it lists ${known}): ${wording.nothing}. Add '${workspace}' with its URL there, or ${wording.fix}.`,
  };
}
