/**
 * A project file's bytes as an editor shows them. VS Code, Neovim and every other editor drop a
 * UTF-8 byte order mark when they open a file, so positions never count it; everything that reads
 * a project file from disk (the CLI, the language server's workspace scan) goes through here, so
 * that its positions are the editor's.
 */
export function editorText(decoded: string): string {
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
}

/**
 * YAML 1.2 and the Language Server Protocol both count a lone carriage return (CR, classic Mac
 * OS) as a line break. Replacing each lone CR with LF keeps every offset and every line/column
 * position, and lets the rest of the engine split lines on LF alone.
 */
export function withLoneCrAsLf(text: string): string {
  return LONE_CR.test(text) ? text.replace(LONE_CR_ALL, '\n') : text;
}

const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;

/** Whether `text` holds a CR that is not followed by LF. */
export function hasLoneCr(text: string): boolean {
  return LONE_CR.test(text);
}
