/** A short, readable name for a file URI in messages: its folder and file name. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export function displayName(uri: string): string {
  try {
    const p = fileURLToPath(uri);
    return path.join(path.basename(path.dirname(p)), path.basename(p));
  } catch {
    return uri;
  }
}
