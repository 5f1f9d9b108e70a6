/**
 * Schema errors as sentences in the field's terms. Kept apart from the validators so that the
 * client, which runs validators compiled ahead of time, needs no ajv to explain a wrong answer.
 */
import type { ErrorObject } from 'ajv';
import { dateTime, UUID_PATTERN } from './schema';

const PATTERN_NAMES: Record<string, string> = {
  [UUID_PATTERN]: 'a UUID',
  [dateTime.pattern as string]: 'an ISO-8601 date and time',
};

/** One line per schema error: where, and what is wrong, in the field's terms. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, limit = 8): string[] {
  const out: string[] = [];
  for (const e of errors ?? []) {
    // anyOf's own error repeats what its branches said.
    if (e.keyword === 'anyOf' && (errors?.length ?? 0) > 1) continue;
    // A nullable field's null branch: the other branch's error says what is wrong.
    if (e.keyword === 'type' && (e.params as { type: string }).type === 'null' && e.schemaPath.includes('anyOf')) continue;
    const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(the answer)';
    if (e.keyword === 'required') out.push(`${at === '(the answer)' ? '' : `${at}: `}required field '${(e.params as { missingProperty: string }).missingProperty}' is missing`);
    else if (e.keyword === 'additionalProperties') out.push(`${at}: field '${(e.params as { additionalProperty: string }).additionalProperty}' is not in the model`);
    else if (e.keyword === 'enum') out.push(`${at}: ${JSON.stringify(e.data)} is not one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`);
    else if (e.keyword === 'pattern') out.push(`${at}: expected ${PATTERN_NAMES[(e.params as { pattern: string }).pattern] ?? `text matching ${(e.params as { pattern: string }).pattern}`}, got ${JSON.stringify(e.data)}`);
    else if (e.keyword === 'type') out.push(`${at}: expected ${(e.params as { type: string }).type}, got ${e.data === null ? 'null' : Array.isArray(e.data) ? 'a list' : typeof e.data}`);
    else out.push(`${at}: ${e.message ?? e.keyword}`);
    if (out.length >= limit) break;
  }
  return [...new Set(out)];
}

