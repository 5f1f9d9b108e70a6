/**
 * Names that identify people and teams must not impersonate each other: `admin` with a zero-width
 * space, with a Cyrillic `а` or a dotless `ı`, or in full-width letters, is not a new name but a
 * disguise. A new name is normalised (Unicode NFKC), refused if it holds invisible characters,
 * and refused if its skeleton — Unicode TR39's confusable mapping (via `unhomoglyph`, which
 * ships TR39's confusables.txt), after NFKC and case folding — equals that of an existing name.
 */
import unhomoglyph from 'unhomoglyph';
import { conflict, invalid } from '../http/errors';

/** Control, format (zero-width, bidi), and default-ignorable characters: invisible in a name. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u;

/** What a name looks like: equal skeletons are names a reader cannot tell apart. */
export function nameSkeleton(name: string): string {
  return unhomoglyph(name.normalize('NFKC').replace(new RegExp(INVISIBLE.source, 'gu'), '').toLowerCase()).toLowerCase();
}

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The name to store for a new or renamed `what` ('user', 'team'): `name` in NFKC. Throws 422 when
 * it holds an invisible character, 409 when it looks like one of `existing` (other than the one
 * with `selfId`, when renaming).
 */
export function distinctName(what: string, name: string, existing: Iterable<{ id: string; name: string }>, selfId?: string): string {
  const invisible = INVISIBLE.exec(name);
  if (invisible) throw invalid(`A ${what} name must not contain invisible or control characters; '${name.replace(INVISIBLE, '')}' has ${codePoint(invisible[0])}.`);
  const normalised = name.normalize('NFKC');
  const skeleton = nameSkeleton(normalised);
  for (const other of existing) {
    if (other.id === selfId || other.name === normalised) continue;
    if (nameSkeleton(other.name) === skeleton) {
      throw conflict(`A ${what} named '${other.name}' already exists, and '${normalised}' looks the same (it differs only in look-alike characters or case). Choose a name that is clearly different.`);
    }
  }
  return normalised;
}
