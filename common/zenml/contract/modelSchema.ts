/** The JSON Schema of one model of the contract, for one ZenML version and mode. */
import { models, type Models } from './models';
import { PRO_MODELS } from './pro';
import type { ModelName } from './routes';
import { forMode, type Mode, type Schema } from './schema';
import type { ZenmlVersion } from './sources';

/** The JSON Schema of model `name` in `version`, as used in `mode`. */
export function schemaOf(name: ModelName, version: ZenmlVersion, mode: Mode): Schema {
  const m = models(version);
  const raw = (name in m ? m[name as keyof Models] : PRO_MODELS[name as keyof typeof PRO_MODELS]) as Schema | undefined;
  if (!raw) throw new Error(`The contract has no model '${name}'.`);
  return forMode(raw, mode);
}
