/** The failures' blocks of a suite's output (see failureExcerpt.mjs), ending in a newline. */
export function failureExcerpt(output: string): string;
/** A line per failed test, its title and error (see failureExcerpt.mjs); else the output's last 3 lines. */
export function failureLines(output: string): string;
