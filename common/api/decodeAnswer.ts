/**
 * The client's decoding of an answer: checked against ZenML's models (common/zenml/contract) in
 * tolerant mode — unknown extra fields and enum values newer than the contract pass; a missing
 * required field or a field of the wrong type is refused with a sentence, before anything reads
 * it. An answer passes when it matches the models of any ZenML version the client is tested
 * against (0.84 or the current release).
 */
import { checkModel, findRoute, ZENML_VERSIONS, type ContractRoute } from '../zenml/contract';
import { ZenmlApiError, type Intent } from './apiError';

/**
 * Throws ZenmlApiError('invalid-response') when `value`, the 200 answer to `method path` on
 * `api` (`path` relative to the API's base, without the query), does not match the route's
 * model in any supported version. Routes the contract does not know pass unchecked.
 */
export function decodeAnswer(method: string, path: string, api: ContractRoute['api'], value: unknown, intent: Intent, server: string): void {
  const found = findRoute(method, path, api);
  if (!found || !found.route.response) return;
  const model = found.route.response;
  let fewest: string[] | undefined;
  for (const v of ZENML_VERSIONS) {
    const problems = checkModel(model, value, v, 'tolerant');
    if (problems.length === 0) return;
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
