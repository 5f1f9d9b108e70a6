/** The local workspace server: a ZenML-compatible workspace with project access control. */
export { startLocalWorkspace, DEFAULT_HOST, DEFAULT_PORT, type LocalWorkspaceOptions, type RunningWorkspace } from './server';
export { defaultDataDir } from './dataDir';
export { ADMIN_KEY_FILE, ADMIN_USER } from './bootstrap';
export { DEMO_CREDENTIALS_FILE, type SeedReport } from './seed/demo';
export { DatabaseFileError } from './db/database';
export { DataDirInUseError } from './db/ownerLock';
export { PRO_PREFIX } from './api/pro';
