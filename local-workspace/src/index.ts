/** The local workspace server: a ZenML-compatible workspace with project access control. */
export { startLocalWorkspace, DEFAULT_EDITION, DEFAULT_HOST, DEFAULT_PORT, type LocalWorkspaceOptions, type RunningWorkspace } from './server';
export { EDITIONS, type Edition } from './api/workspace';
export { defaultDataDir } from './dataDir';
export { ADMIN_KEY_FILE, ADMIN_USER, PRO_KEY_FILE } from './bootstrap';
export { DEMO_CREDENTIALS_FILE, type SeedReport } from './seed/demo';
export { DatabaseFileError } from './db/database';
export { DataDirInUseError } from './db/ownerLock';
export { startProApi, type RunningProApi } from './pro/proServer';
export { PRO_API_KEY_PREFIX, PERSONAL_ACCESS_TOKEN_PREFIX } from './pro/proCredentials';
