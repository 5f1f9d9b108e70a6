/**
 * ZenML's contract, in code: the request and response models and the routes of the workspace
 * API (`/api/v1`) and of ZenML Pro's management API that this product uses, for ZenML 0.84 and
 * the current release, written from ZenML's published sources (`sources.ts` names them).
 *
 * - `routes.ts`, `pro.ts`: the routes (paths, path parameter types, query, bodies, answers).
 * - `models.ts`: the models as JSON Schemas, per version; `schema.ts` the builders and modes.
 * - `check.ts`: checks of a request or an answer, used by the contract tests and by the client.
 *
 * To add a route: add it to `WORKSPACE_ROUTES` (or `PRO_ROUTES`) with its source, and its models
 * to `models.ts` (or `PRO_MODELS`); the contract tests then require both sides to cover it.
 */
export * from './sources';
export * from './schema';
export * from './models';
export * from './routes';
export * from './pro';
export * from './check';
