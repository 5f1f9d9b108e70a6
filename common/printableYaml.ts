/**
 * YAML for a terminal that stays the same YAML. `printable` would turn a control or bidi character
 * inside a value into `\x1b` / `\u{202e}`, which is not YAML (`\u{` is an invalid escape): the
 * printed file would no longer parse. Here such values are written double-quoted, with YAML's own
 * `\uXXXX` escapes (YAML 1.2 §5.7), so the text shows nothing raw and reads back to the same values.
 */
import { isScalar, parseDocument, Scalar, visit } from 'yaml';
import { unicodeEscaped, UNSAFE } from './terminalText';

function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

/**
 * `text` (one YAML document, as `String(doc)` writes it) with every string holding a character
 * `printable` escapes written double-quoted and the character as a `\uXXXX` escape. Text
 * without such characters is returned unchanged.
 */
export function printableYaml(text: string): string {
  if (!hasUnsafe(text)) return text;
  const doc = parseDocument(text);
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (isScalar(node) && typeof node.value === 'string' && hasUnsafe(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // What the stringifier leaves raw now sits in a double-quoted scalar, where `\uXXXX` is valid.
  return unicodeEscaped(String(doc));
}
