/**
 * `zenml-projects`: validate project files and serve the local workspace, from a terminal or CI.
 */
import { runValidate } from './validateCommand';
import { runWorkspaceCommand } from '../../local-workspace/src/cli';

const USAGE = `Usage: zenml-projects <command> [options]

Commands:
  validate [PATH...] [--format text|json]   Check project files (files or folders, searched recursively;
                                            default: the current folder). Exit 0: no errors, 1: errors,
                                            2: usage or I/O error.
  workspace serve [--host 127.0.0.1] [--port 8237] [--data DIR] [--seed demo]
                                            Run the local ZenML-compatible workspace server.
  help                                      Show this text.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return runValidate(rest, process.cwd());
    case 'workspace':
      return runWorkspaceCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`zenml-projects: unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`zenml-projects: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
