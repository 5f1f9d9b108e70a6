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
  /**
   * The reader of the output went away (`zenml-projects usage | head -1`): the command stopped at
   * once, quietly. 128 + SIGPIPE (13), the status a shell shows for any Unix tool its pipe's
   * reader cut short (git exits so too): with `set -o pipefail` a cut-off run is not taken for
   * "in sync" (0) or "changes pending" (2), whose output nobody read to the end.
   */
  outputClosed: 141,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
