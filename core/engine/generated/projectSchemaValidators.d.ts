/** Types of the generated validators (see scripts/generateSchemaValidators.ts). */
import type { ValidateFunction } from 'ajv';

/** `#/definitions/member` of schemas/project.schema.json. */
export declare const member: ValidateFunction;
/** `#/definitions/role`. */
export declare const role: ValidateFunction;
/** The root, with the entries of `members` and `roles` accepted as they are. */
export declare const shell: ValidateFunction;
