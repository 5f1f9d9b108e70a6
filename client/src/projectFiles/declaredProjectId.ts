/** The `id` a project file declares: all the client reads of a project file itself. */
import { parseDocument } from 'yaml';

/** The declared ID, or undefined when the file declares none (or is not YAML). */
export function declaredProjectId(text: string): string | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length) return undefined;
    const id = doc.get('id');
    return typeof id === 'string' && id.trim() ? id.trim() : undefined;
  } catch {
    return undefined;
  }
}
