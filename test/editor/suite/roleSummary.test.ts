/** The client's localizable role summaries say in English exactly what the role catalogue says. */
import * as assert from 'node:assert/strict';
import { DEFAULT_ROLES } from '../../../common/roles';
import { roleSummary } from '../../../client/src/model/roleSummary';

describe('role summaries', () => {
  it('match common/roles.ts in English', () => {
    for (const role of DEFAULT_ROLES) assert.equal(roleSummary(role), role.summary, role.id);
  });
});
