/**
 * Which workspace the CLI talks to, the way ZenML clients find it: `--url` / `--api-key`, else
 * `ZENML_STORE_URL` / `ZENML_STORE_API_KEY` (or an access token in `ZENML_STORE_API_TOKEN`).
 * Credentials are never printed.
 */
import { ZenmlApi } from '../../common/api/zenmlApi';
import { hasUserinfo, withoutUserinfo } from '../../common/redaction';
import { Parsed } from './commandLine';
import { UsageError } from './projectFileTargets';

export const WORKSPACE_FLAGS = ['--url', '--api-key'];

export function workspaceApi(parsed: Parsed, env: NodeJS.ProcessEnv = process.env): ZenmlApi {
  const url = parsed.values.get('--url') ?? env.ZENML_STORE_URL;
  const apiKey = parsed.values.get('--api-key') ?? env.ZENML_STORE_API_KEY;
  const accessToken = apiKey ? undefined : env.ZENML_STORE_API_TOKEN;
  if (!url) throw new UsageError('no workspace: pass --url or set ZENML_STORE_URL.');
  if (hasUserinfo(url)) {
    // A password in a URL ends up in shell history, process lists, logs and error messages.
    throw new UsageError(
      `the workspace URL ${withoutUserinfo(url)} (${parsed.values.has('--url') ? '--url' : 'ZENML_STORE_URL'}) carries a user name or password; refusing to use it. Remove them from the URL and pass the API key with --api-key or ZENML_STORE_API_KEY.`,
    );
  }
  if (!apiKey && !accessToken) throw new UsageError('no credentials: pass --api-key or set ZENML_STORE_API_KEY (a ZENKEY_... key of a user or service account).');
  return new ZenmlApi({ url, credentials: apiKey ? { apiKey } : { accessToken }, urlHint: parsed.values.has('--url') ? 'It was given with --url.' : 'It comes from ZENML_STORE_URL.' });
}
