/**
 * The exit codes of every `zenml-projects` subcommand (README, "Exit codes"; `--help`). One
 * convention, so that CI can tell drift from a broken job: a job without credentials fails with
 * 64, it never reports "changes pending".
 */
export const ExitCode = {
  /** No errors; in sync; done. */
  ok: 0,
  /** Errors in project files, a refusal, a failure of the workspace or of reading a file, or a crash. */
  failed: 1,
  /** `plan`, `report` and `prune --dry-run` only: changes pending / access differs from the file / artifact versions to delete. */
  changesPending: 2,
  /** The command line is wrong: an unknown command or option, a missing argument, a path that does not exist, no workspace or credentials configured (BSD sysexits' EX_USAGE). */
  usage: 64,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
