/**
 * `zenml-projects`: validate project files and serve the local workspace, from a terminal or CI.
 */
import { PRODUCT_VERSION } from '../../common/productVersion';
import { ExitCode } from '../../common/exitCodes';
import { safeStream, safeText } from '../../common/safeOutput';
import { printable } from '../../common/terminalText';
import { runValidate } from './validateCommand';

const USAGE = `Usage: zenml-projects <command> [options]

Commands:
  validate [PATH...] [--format text|json]   Check project files (files or folders, searched recursively;
                                            default: the current folder). The teaching checks read checks: of
                                            .zenml-projects.yaml (or --config FILE), overridden by
                                            --team-threshold N, --project-id-pattern REGEX and
                                            --project-name-pattern REGEX. Finding no project file is a
                                            usage error unless --allow-empty.
  plan [FILE...] [--format text|json|markdown]
                                            Compare project files with their workspaces, grouped by
                                            workspace (markdown: a pull-request comment).
  apply [FILE...] [--yes] [--force]         Apply the plans (asks first; --yes when not interactive;
                                            --force to leave a project without an admin). Refuses
                                            every file if any file has a problem; never writes to a
                                            server that is not the file's workspace: (no flag does).
  import PROJECT_ID [--output FILE|-] [--workspace NAME]
                                            Write a workspace's project as a project file (updates
                                            an existing file in place, keeping its comments; reads
                                            the workspace that file names). Without --output, or
                                            with -, it prints.
  report [FILE...] [--format markdown|csv]  Access report: every user (directly or through teams), the
                                            roles and rights project.yaml declares beside those the
                                            workspace grants.
  usage [PROJECT...] [--format text|json] [--workspace NAME]
                                            Per project: pipelines, runs (in the last 30 days, and the
                                            newest run's date), artifacts, models. Default: every project.
                                            The counts are what your role lets you read.
  prune PROJECT [--older-than DAYS] [--dry-run] [--yes] [--format text|json] [--workspace NAME]
                                            Delete the project's unused artifact versions (no run made
                                            or read them; ZenML's only_unused), keeping those linked
                                            to a model version. Lists them first, then asks (--yes when
                                            not interactive; --dry-run only lists). --older-than: only
                                            those created DAYS days ago or earlier. Deletes metadata
                                            only: the artifact store's files stay. What your role
                                            refuses is reported (exit 1).
  workspace serve [--edition pro|oss] [--host 127.0.0.1] [--port 8237] [--pro-port P]
                  [--allow-host NAME] [--data DIR] [--seed demo] [--name NAME] [--organization DIR]
                                            Run the local ZenML-compatible workspace server.
  language-server --stdio                   Run the language server for editors other than VS Code.

Each project file goes to the workspace its workspace: names, and only there. Workspaces by name
come from zenml-workspaces.yaml in the current folder (or --workspaces FILE, or
$ZENML_PROJECTS_WORKSPACES):
  workspaces:
    acme-prod:
      url: https://acme-prod.zenml.io     # key from $ZENML_STORE_API_KEY_ACME_PROD
  default: acme-prod                      # optional: for files without workspace:
Files without workspace: go to --url / ZENML_STORE_URL with --api-key / ZENML_STORE_API_KEY
(else the file's default). Keys never go in the file: per workspace, $ZENML_STORE_API_KEY_<NAME>
(or $ZENML_STORE_API_TOKEN_<NAME>, or the variable its api_key_env names). On ZenML Pro, members
and roles need the Pro API's own credential: --pro-api-key / ZENML_PRO_API_KEY (a ZENPROKEY_...
key or a personal access token).
  help                                      Show this text.
  version                                   Show the version (also --version, -V).

Exit codes (every command):
  0   no errors; in sync; done
  1   errors in project files, a refusal, or a failure (a workspace, reading a file)
  2   plan, report and prune --dry-run only: changes pending / access differs from project.yaml /
      artifact versions to delete
  64  usage: unknown command or option, missing argument, no such path, no project file found,
      no workspace or credentials
  141 the output was closed before the command finished (a pipe's reader stopped: | head -1)
`;

/** The commands whose `--help` is their entry of USAGE (validate and workspace serve have their own). */
const COMMANDS_HELPED_BY_USAGE = ['plan', 'apply', 'import', 'report', 'usage', 'prune'];

/** `command`'s lines of USAGE, what USAGE says after the list of commands, and the exit codes. */
function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `));
  const end = lines.findIndex((l, i) => i > start && (/^ {2}\S/.test(l) || l === ''));
  const afterCommands = lines.slice(lines.findIndex((l, i) => i > start && l === '') + 1, lines.findIndex((l) => l.startsWith('  help '))).join('\n');
  const exitCodes = lines.slice(lines.findIndex((l) => l.startsWith('Exit codes'))).join('\n');
  return `Usage: zenml-projects ${command} [options]\n\n${lines.slice(start, end).join('\n')}\n\n${afterCommands}\n\n${exitCodes}`;
}

/**
 * A closed stdout or stderr (the reader of a pipe stopped: `| head -1`) ends any command at once
 * and quietly, as it ends a Unix tool by SIGPIPE — which Node ignores, turning each later write
 * into an EPIPE error that would otherwise crash with a stack trace. Exit status: see
 * ExitCode.outputClosed. Any other write error (a full disk) ends it with one line and exit 1.
 */
function endQuietlyWhenOutputCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(ExitCode.outputClosed);
    // Any other failure to write (a full disk: ENOSPC) ends the command with a sentence, not a stack trace.
    const which = stream === process.stdout ? 'the output' : 'the error output';
    try {
      if (stream !== process.stderr) process.stderr.write(`zenml-projects: could not write ${which} (${e.code ?? e.message}); it is incomplete.\n`);
    } catch {
      // stderr cannot be written either: the exit status says it.
    }
    process.exit(ExitCode.failed);
  });
}
endQuietlyWhenOutputCloses(process.stdout);
endQuietlyWhenOutputCloses(process.stderr);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Asked anywhere on the line, as `validate` and `workspace serve` take it.
  if (COMMANDS_HELPED_BY_USAGE.includes(command) && rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(usageOf(command));
    return ExitCode.ok;
  }
  switch (command) {
    case 'validate':
      return runValidate(rest, process.cwd(), safeStream(process.stdout), safeStream(process.stderr));
    // Loaded when asked for: `validate` in CI starts without the server and the API client.
    case 'workspace':
      return (await import('../../local-workspace/src/cli')).runWorkspaceCommand(rest);
    case 'plan':
      return (await import('./syncCommands')).runPlan(rest);
    case 'apply':
      return (await import('./syncCommands')).runApply(rest);
    case 'import':
      return (await import('./syncCommands')).runImport(rest);
    case 'report':
      return (await import('./syncCommands')).runReport(rest);
    case 'usage':
      return (await import('./syncCommands')).runUsage(rest);
    case 'prune':
      return (await import('./pruneCommand')).runPrune(rest);
    case 'version':
    case '--version':
    case '-V':
      process.stdout.write(`zenml-projects ${PRODUCT_VERSION}\n`);
      return ExitCode.ok;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? ExitCode.usage : ExitCode.ok;
    default:
      process.stderr.write(`zenml-projects: unknown command '${printable(command)}'.\n\n${USAGE}`);
      return ExitCode.usage;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(safeText(`zenml-projects: ${err instanceof Error ? err.message : String(err)}\n`));
    process.exitCode = ExitCode.failed;
  },
);
