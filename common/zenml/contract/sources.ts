/**
 * The ZenML versions the contract is written from, and where each fact was read.
 *
 * - `0.84`: zenml-io/zenml-dashboard `src/types/core.ts` at commit 59791ead (2025-07-29), generated
 *   by openapi-typescript from the `/openapi.json` of a ZenML 0.84 server, the release of that time.
 * - `current`: the same file at commit ec7290d9 (2026-07-02, the dashboard's newest release prep).
 * - Path parameter types (UUID or name-or-UUID), required query parameters and error forms, which
 *   the generated types do not keep: zenml-io/zenml `src/zenml/zen_server/routers/*.py`
 *   (`model_version_id: UUID`, `project_name_or_id: Union[str, UUID]`, …),
 *   `src/zenml/models/v2/**` (filters, e.g. the model version filter's model scope) and
 *   `src/zenml/zen_server/exceptions.py` (error bodies).
 * - ZenML Pro's management API: the Pro API reference on docs.zenml.io (see `pro.ts`).
 */
export const ZENML_VERSIONS = ['0.84', 'current'] as const;
export type ZenmlVersion = (typeof ZENML_VERSIONS)[number];

export const SOURCES = {
  dashboardTypes084: 'zenml-io/zenml-dashboard src/types/core.ts @59791ead (2025-07-29, ZenML 0.84)',
  dashboardTypesCurrent: 'zenml-io/zenml-dashboard src/types/core.ts @ec7290d9 (2026-07-02, current release)',
  routers: 'zenml-io/zenml src/zenml/zen_server/routers/*.py',
  models: 'zenml-io/zenml src/zenml/models/v2/**',
  exceptions: 'zenml-io/zenml src/zenml/zen_server/exceptions.py',
  proReference: 'ZenML Pro API reference, docs.zenml.io/api-reference (rendered from the Pro API OpenAPI)',
} as const;
