/**
 * `zenml-projects workspace serve [--edition pro|oss] [--host H] [--port P] [--pro-port P]
 * [--allow-host NAME] [--data DIR] [--seed demo] [--name NAME] [--readers N]`: runs the local
 * workspace in the foreground until SIGINT or SIGTERM.
 */
import { ExitCode } from '../../common/exitCodes';
import { safeText } from '../../common/safeOutput';
import { join } from 'node:path';
import { checkProjectId, describeIdProblem } from '../../common/projectId';
import { EDITIONS, type Edition } from './api/workspace';
import { ADMIN_KEY_FILE, PRO_KEY_FILE } from './bootstrap';
import { defaultDataDir } from './dataDir';
import { DEFAULT_EDITION, DEFAULT_HOST, DEFAULT_PORT, startLocalWorkspace } from './server';
import { DEMO_CREDENTIALS_FILE } from './seed/demo';

/** Errors echo options and server text: shown without credentials or terminal control sequences. */
const writeErr = (text: string) => process.stderr.write(safeText(text));

const USAGE = `Usage: zenml-projects workspace serve [options]

Runs a ZenML-compatible workspace on this machine.

Options:
  --edition pro|oss  pro (default): a ZenML Pro workspace — projects, members and roles, with the
                 ZenML Pro management API on a port of its own and its own credentials.
                 oss: a plain ZenML server — projects and resources, no members or roles.
  --host HOST    Interface to listen on (default ${DEFAULT_HOST}; anything else is reachable from
                 other machines).
  --port PORT    Port to listen on (default ${DEFAULT_PORT}; 0 picks a free port).
  --pro-port PORT  Port of the Pro API (pro edition; default --port + 1000, or a free one
                 when --port is 0).
  --allow-host NAME
                 Also answer requests for this host name (repeatable). Loopback names and the
                 address listened on are always answered; other names are refused, so that no web
                 page can reach the workspace through DNS rebinding.
  --data DIR     Folder for the database and the admin API key
                 (default ${defaultDataDir()}).
  --seed demo    Fill an empty workspace with demo projects, users, teams, runs and models.
  --name NAME    The workspace's name, which project files' workspace: must match (default: the
                 name the data folder was served with before, else 'local'). Two local workspaces
                 with their own --data, --port and --name are two workspaces of one organization.
  --readers N    Threads that answer reads beside the main thread (default: one per core beyond
                 the first, 1 to 4; 0 answers everything on the main thread).
  --organization DIR
                 A folder shared by the local workspaces of one organization: each lists the
                 others (while they run) as the organization's workspaces in its Pro API.
  -h, --help     Show this text.
`;

interface ServeArgs {
  edition: Edition;
  host: string;
  allowHosts: string[];
  port: number;
  proPort?: number;
  dataDir: string;
  seed?: 'demo';
  name?: string;
  readers?: number;
  organizationDir?: string;
}

export class UsageError extends Error {}

export function parseServeArgs(args: string[]): ServeArgs {
  const out: ServeArgs = { edition: DEFAULT_EDITION, host: DEFAULT_HOST, allowHosts: [], port: DEFAULT_PORT, dataDir: defaultDataDir() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--host':
        out.host = value();
        break;
      case '--allow-host': {
        const v = value();
        if (/[\s/@?#]/.test(v)) throw new UsageError(`--allow-host takes a host name or address, not '${v}'.`);
        out.allowHosts.push(v);
        break;
      }
      case '--port':
      case '--pro-port': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`${flag} must be a number from 0 to 65535; got '${v}'.`);
        if (flag === '--port') out.port = Number(v);
        else out.proPort = Number(v);
        break;
      }
      case '--edition': {
        const v = value();
        if (!(EDITIONS as readonly string[]).includes(v)) throw new UsageError(`--edition is 'pro' or 'oss'; got '${v}'.`);
        out.edition = v as Edition;
        break;
      }
      case '--data':
        out.dataDir = value();
        break;
      case '--organization':
        out.organizationDir = value();
        break;
      case '--name': {
        const v = value();
        const problem = checkProjectId(v);
        if (problem) throw new UsageError(describeIdProblem('--name', v, problem));
        out.name = v;
        break;
      }
      case '--seed': {
        const v = value();
        if (v !== 'demo') throw new UsageError(`--seed only knows 'demo'; got '${v}'.`);
        out.seed = 'demo';
        break;
      }
      case '--readers': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 16) throw new UsageError(`--readers must be a number from 0 to 16; got '${v}'.`);
        out.readers = Number(v);
        break;
      }
      default:
        throw new UsageError(`Unknown option '${arg}'.`);
    }
  }
  return out;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

export async function runWorkspaceCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(USAGE);
    return sub === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (sub !== 'serve') {
    writeErr(`zenml-projects workspace: unknown subcommand '${sub}'.\n\n${USAGE}`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return ExitCode.ok;
  }
  let opts: ServeArgs;
  try {
    opts = parseServeArgs(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      writeErr(`zenml-projects workspace serve: ${err.message}\n\n${USAGE}`);
      return ExitCode.usage;
    }
    throw err;
  }
  if (!isLoopback(opts.host)) {
    writeErr(
      `Warning: listening on ${opts.host}, not on the loopback interface: other machines that can reach this one can ` +
        'reach the workspace. Keep the admin API key secret, and prefer --host 127.0.0.1 unless you need this.\n',
    );
  }

  // Signals are handled from before the server starts: a SIGTERM that comes while it starts (or
  // right after "listening on") stops it cleanly once it is up, instead of killing it half-way.
  let stopRequested: NodeJS.Signals | undefined;
  let stopNow: ((signal: NodeJS.Signals) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stopRequested = signal;
    stopNow?.(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let running;
  try {
    running = await startLocalWorkspace({
      edition: opts.edition,
      host: opts.host,
      port: opts.port,
      proPort: opts.proPort,
      dataDir: opts.dataDir,
      seed: opts.seed,
      allowHosts: opts.allowHosts,
      name: opts.name,
      readers: opts.readers,
      organizationDir: opts.organizationDir,
    });
  } catch (err) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    writeErr(`zenml-projects workspace serve: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.failed;
  }
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`Local workspace listening on ${running.url}`);
  out(`Workspace name: ${running.name} (organization 'local')`);
  out(`Data folder: ${running.dataDir}`);
  out(`Admin API key: in ${join(running.dataDir, ADMIN_KEY_FILE)} (user 'admin'; log in with password=<key>)`);
  if (running.proApiUrl) {
    out(`Edition: ZenML Pro workspace. ZenML Pro API (members, teams, roles): ${running.proApiUrl}`);
    out(`Pro API key: in ${join(running.dataDir, PRO_KEY_FILE)} (user 'admin'; exchange it at ${running.proApiUrl}/auth/login, or send it as the bearer token)`);
  } else {
    out('Edition: plain ZenML server (no ZenML Pro API, no members or roles).');
  }
  if (running.seeded) {
    out(
      running.seeded.skipped
        ? `Demo seed skipped: ${running.seeded.reason}.`
        : `Demo seed: projects ${running.seeded.projects.join(', ')}; users ${running.seeded.users.join(', ')} ` +
            `(passwords in ${join(running.dataDir, DEMO_CREDENTIALS_FILE)}); teams ${running.seeded.teams.join(', ')}.`,
    );
  }
  out('Press Ctrl+C to stop.');

  const server = running;
  return new Promise<number>((resolve) => {
    stopNow = (signal: NodeJS.Signals) => {
      out(`Received ${signal}; stopping.`);
      server.close().then(
        () => {
          out('Local workspace stopped.');
          resolve(0);
        },
        (err: unknown) => {
          writeErr(`zenml-projects workspace serve: could not stop cleanly: ${err instanceof Error ? err.message : String(err)}\n`);
          resolve(1);
        },
      );
    };
    if (stopRequested) stopNow(stopRequested);
  });
}
