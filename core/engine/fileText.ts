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

/** A UTF-16 byte order mark (FF FE or FE FF) as a UTF-8 reader decodes it: two invalid bytes. */
const UTF16_BOM_AS_UTF8 = '\ufffd\ufffd';
/** Characters looked at: enough for the pattern, bounded for a large file. */
const UTF16_SAMPLE = 4096;

/**
 * The UTF-16 byte order a file was saved in, judged from the text a UTF-8 reader made of its
 * bytes — what the CLI and the language server's workspace scan pass to the engine (an editor
 * that knows the encoding passes the real text, which holds no NUL). ASCII in UTF-16 reads as a
 * NUL beside every character: after it in little-endian (what Windows PowerShell 5.1's `>` and
 * `Out-File` write, with a byte order mark), before it in big-endian. A byte order mark reads as
 * two U+FFFD, and then a plain majority of the pattern is enough. Undefined for text without that
 * pattern (a binary file's NULs fall anywhere).
 */
export function utf16ByteOrder(text: string): 'little-endian' | 'big-endian' | undefined {
  if (!text.includes('\0')) return undefined;
  const bom = text.startsWith(UTF16_BOM_AS_UTF8);
  const sample = text.slice(bom ? 2 : 0, (bom ? 2 : 0) + UTF16_SAMPLE);
  const pairs = Math.floor(sample.length / 2);
  if (!pairs) return undefined;
  let nulFirst = 0;
  let nulSecond = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample.charCodeAt(i) === 0) nulFirst++;
    if (sample.charCodeAt(i + 1) === 0) nulSecond++;
  }
  // Without a byte order mark, nine in ten pairs: text in other scripts (no NUL in its pairs)
  // may thin the pattern, and a binary file does not make it.
  const enough = bom ? 0.5 : 0.9;
  if (nulSecond >= enough * pairs && nulFirst <= (1 - enough) * pairs) return 'little-endian';
  if (nulFirst >= enough * pairs && nulSecond <= (1 - enough) * pairs) return 'big-endian';
  return undefined;
}
