// `npm start`, the main job for a newcomer: on a fresh machine, installs and builds what is
// missing, starts two local workspaces of one organization with demo data (acme-prod and
// acme-staging, as examples/ names them) and a real VS Code (code-server, the cached install the
// tests use) with the packaged extension, opened on a copy of examples/ whose .zen/config.yaml
// names acme-prod's fraud-detection project as the active one. Prints the URL to
// open; Ctrl+C stops everything.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const state = join(root, '.cache', 'start');
const step = (what) => console.log(`\n==> ${what}`);
const run = (cmd, args, env = process.env) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env });

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  step('Installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
step('Installing code-server (cached after the first time)');
run('bash', [join(root, 'test', 'editor', 'install.sh')]);
step('Building and packaging the extension');
run('npm', ['run', 'package']);

// Two local workspaces of one organization, as examples/ expects them: fraud-detection/ is for
// acme-prod, customer-churn/ for acme-staging.
step('Starting two local workspaces with demo data: acme-prod and acme-staging');
const workspaces = [];
async function serve(name) {
  const dataDir = join(state, `workspace-${name}`);
  mkdirSync(dataDir, { recursive: true });
  const proc = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'workspace', 'serve', '--port', '0', '--data', dataDir, '--seed', 'demo', '--name', name, '--organization', join(state, 'organization')], { stdio: ['ignore', 'pipe', 'inherit'] });
  workspaces.push(proc);
  const url = await new Promise((ok, fail) => {
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const m = /^Local workspace listening on (http:\/\/\S+)$/m.exec(out);
      if (m) ok(m[1]);
    });
    proc.on('exit', (code) => fail(new Error(`the local workspace ${name} exited (${code}):\n${out}`)));
  });
  const apiKey = readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim();
  // The Pro edition's Pro API takes its own credential: the admin's Pro API key.
  const proApiKey = readFileSync(join(dataDir, 'pro-api-key'), 'utf8').trim();
  console.log(`    ${name}: ${url} (data in ${dataDir})`);
  return { name, url, apiKey, proApiKey, dataDir };
}
const [prod, staging] = [await serve('acme-prod'), await serve('acme-staging')];
const { url, apiKey, dataDir } = prod;

// The example folder, with the active project set the way `zenml project set` sets it: its UUID.
const folder = join(state, 'example-folder');
rmSync(folder, { recursive: true, force: true });
cpSync(join(root, 'examples'), folder, { recursive: true });
const login = await fetch(`${url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ password: apiKey }) });
const { access_token: token } = await login.json();
const project = await (await fetch(`${url}/api/v1/projects/fraud-detection`, { headers: { authorization: `Bearer ${token}` } })).json();
mkdirSync(join(folder, '.zen'), { recursive: true });
writeFileSync(join(folder, '.zen', 'config.yaml'), `# Written by \`zenml init\`; \`zenml project set\` changes the active project.\nactive_project_id: ${project.id}\n`);

step('Starting VS Code (code-server) with the packaged extension');
const require = createRequire(import.meta.url);
const { makeProfile, installExtension, startCodeServer } = require(join(root, 'test', 'editor', 'codeServer.cjs'));
const profileDir = join(state, 'code-server');
rmSync(profileDir, { recursive: true, force: true });
const profile = makeProfile(profileDir);
// Both workspaces by name, for the tree, the switcher and the files that name them.
const settingsFile = join(profile.userDir, 'User', 'settings.json');
const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
settings['zenmlProjects.workspaces'] = [prod, staging].map((w) => ({ name: w.name, url: w.url }));
writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
installExtension(join(root, 'dist', 'zenml-projects.vsix'), profile);
// The extension finds the workspace the way ZenML clients do: ZENML_STORE_URL and ZENML_STORE_API_KEY.
// The second workspace's key comes from its own variable, as the CLI reads it too; so do the ZenML
// Pro API's own credentials (each local workspace serves a Pro API of its own).
const env = {
  ...process.env,
  ZENML_STORE_URL: url,
  ZENML_STORE_API_KEY: apiKey,
  ZENML_STORE_API_KEY_ACME_STAGING: staging.apiKey,
  ZENML_PRO_API_KEY: prod.proApiKey,
  ZENML_PRO_API_KEY_ACME_STAGING: staging.proApiKey,
  ZENML_CONFIG_PATH: join(state, 'zenml-global-config'),
};
delete env.ZENML_ACTIVE_PROJECT_ID;
const server = await startCodeServer({ profile, logPath: join(state, 'code-server.log'), env });

const open = `${server.url}/?folder=${encodeURIComponent(folder)}`;
console.log(`\nReady. Open this in a browser:\n\n    ${open}\n\nThe local workspaces are acme-prod ${url} and acme-staging ${staging.url}; demo users' passwords and ZenML Pro personal access tokens are in ${join(dataDir, 'demo-credentials.json')}.\nPress Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  // Each workspace says it stopped on its stdout: wait for that, so that no write meets a closed pipe.
  await Promise.all(
    workspaces.map((w) => (w.exitCode !== null || w.signalCode !== null ? undefined : new Promise((done) => (w.once('exit', done), w.kill('SIGTERM'))))),
  );
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.exit.then((why) => {
  if (!stopping) {
    console.error(why);
    void stop();
  }
});
