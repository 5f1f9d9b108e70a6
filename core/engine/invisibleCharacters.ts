/**
 * Characters an editor does not show, or shows as an ordinary space, that change what YAML reads:
 * a ZERO WIDTH SPACE inside `mem​bers:` makes another key that prints the same; a NO-BREAK SPACE
 * after `role:` is not the space YAML needs after a colon, so `role: admin` becomes one key.
 * Names are the Unicode character names (https://www.unicode.org/charts/charindex.html).
 */

/** Characters that look like a space: each is replaced by one. */
const SPACES: Record<number, string> = {
  0x00a0: 'NO-BREAK SPACE',
  0x1680: 'OGHAM SPACE MARK',
  0x2000: 'EN QUAD',
  0x2001: 'EM QUAD',
  0x2002: 'EN SPACE',
  0x2003: 'EM SPACE',
  0x2004: 'THREE-PER-EM SPACE',
  0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE',
  0x2007: 'FIGURE SPACE',
  0x2008: 'PUNCTUATION SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x3000: 'IDEOGRAPHIC SPACE',
};

/** Characters with no width, or that only steer the direction of text: each is removed. */
const INVISIBLE: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** Any of the characters above (all in the Basic Multilingual Plane: one UTF-16 unit each). */
export const ANY_INVISIBLE = /[\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u2069\u3000\ufeff]/;
const ALL = new RegExp(ANY_INVISIBLE.source, 'g');

export interface InvisibleCharacter {
  /** Offset in the text searched. */
  offset: number;
  /** `U+200B`. */
  codePoint: string;
  /** The Unicode name, e.g. `ZERO WIDTH SPACE`. */
  name: string;
  /** What it should be: a space, or nothing. */
  replacement: ' ' | '';
}

/** Every such character of `text`, in order. */
export function findInvisible(text: string): InvisibleCharacter[] {
  const out: InvisibleCharacter[] = [];
  for (const m of text.matchAll(ALL)) {
    const c = m[0].charCodeAt(0);
    const space = SPACES[c];
    out.push({ offset: m.index!, codePoint: `U+${c.toString(16).toUpperCase().padStart(4, '0')}`, name: space ?? INVISIBLE[c] ?? 'INVISIBLE CHARACTER', replacement: space ? ' ' : '' });
  }
  return out;
}

/** `text` with the characters above as YAML should read them (a key as the author meant it). */
export function withoutInvisible(text: string): string {
  return text.replace(ALL, (ch) => (SPACES[ch.charCodeAt(0)] ? ' ' : ''));
}
