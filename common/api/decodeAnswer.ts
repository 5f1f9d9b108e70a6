/**
 * The client's decoding of an answer: checked against ZenML's models (common/zenml/contract) in
 * tolerant mode — unknown extra fields and enum values newer than the contract pass; a missing
 * required field or a field of the wrong type is refused with a sentence, before anything reads
 * it. An answer passes when it matches the models of any ZenML version the client is tested
 * against (0.84 or the current release).
 *
 * The schemas are the contract tests' own; they are interpreted by @cfworker/json-schema (a small
 * validator that generates no code) rather than compiled by ajv as the tests do, so that the
 * extension ships no schema compiler.
 */
import { Validator, type OutputUnit } from '@cfworker/json-schema';
import { findRoute } from '../zenml/contract/findRoute';
import { schemaOf } from '../zenml/contract/modelSchema';
import type { ContractRoute, ModelName } from '../zenml/contract/routes';
import { ZENML_VERSIONS, type ZenmlVersion } from '../zenml/contract/sources';
import { ZenmlApiError, type Intent } from './apiError';

const validators = new Map<string, Validator>();

function validatorOf(model: ModelName, version: ZenmlVersion): Validator {
  const key = `${model}|${version}`;
  let v = validators.get(key);
  // Draft 7, stopping at the first error: every answer the client reads goes through here.
  if (!v) validators.set(key, (v = new Validator(schemaOf(model, version, 'tolerant') as object, '7', true)));
  return v;
}

/** Keywords that only say that something below them failed. */
const CONTAINERS = new Set(['properties', 'items', 'additionalItems', 'additionalProperties', 'anyOf', 'allOf', '$ref']);

/** The validator's errors as one line each, in the field's terms ("items.0.body: required field 'x' is missing"). */
export function describeOutput(errors: readonly OutputUnit[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    if (CONTAINERS.has(e.keyword)) continue;
    // A nullable field's null branch: the other branch's error says what is wrong.
    if (e.keyword === 'type' && /Expected "null"/.test(e.error) && e.keywordLocation.includes('/anyOf/')) continue;
    const at = e.instanceLocation.replace(/^#\/?/, '').replace(/\//g, '.');
    const prefix = at ? `${at}: ` : '';
    const required = /required property "([^"]+)"/.exec(e.error);
    const type = /Instance type "(\w+)" is invalid\. Expected "([^"]+)"/.exec(e.error);
    if (e.keyword === 'required' && required) out.push(`${prefix}required field '${required[1]}' is missing`);
    else if (e.keyword === 'type' && type) out.push(`${prefix}expected ${type[2]}, got ${type[1] === 'array' ? 'a list' : type[1]}`);
    else out.push(`${prefix}${e.error}`);
  }
  return [...new Set(out)];
}

/**
 * Throws ZenmlApiError('invalid-response') when `value`, the 200 answer to `method path` on
 * `api` (`path` relative to the API's base, without the query), does not match the route's
 * model in any supported version. Routes the contract does not know pass unchecked.
 */
export function decodeAnswer(method: string, path: string, api: ContractRoute['api'], value: unknown, intent: Intent, server: string): void {
  const found = findRoute(method, path, api);
  if (!found || !found.route.response) return;
  let fewest: string[] | undefined;
  for (const v of ZENML_VERSIONS) {
    const result = validatorOf(found.route.response, v).validate(value);
    if (result.valid) return;
    const problems = describeOutput(result.errors);
    if (!fewest || problems.length < fewest.length) fewest = problems;
  }
  const shown = fewest!.slice(0, 3).join('; ');
  const more = fewest!.length > 3 ? ` (and ${fewest!.length - 3} more)` : '';
  throw new ZenmlApiError(
    'invalid-response',
    `Could not ${intent.action}: the server at ${server} answered in a form this extension does not understand — ${shown}${more}. ` +
      'It is tested against ZenML 0.84 and the current release; check the server\'s version, or report the answer\'s shape.',
    200,
  );
}
