import { applyMartChange, martCreated } from '../migrate/apply-mart.js';
import { changeStatements, renderStatements, type ChangePolicy } from '../migrate/change-statements.js';
import { runChangeSql, type Target } from './target.js';

/**
 * How targets with a Hive catalog (Athena/Glue, Trino's Hive connector) migrate: each change's
 * statements under the target's policy, rendered by the target's renderer; a mart is created and
 * filled by its refresh. Spread into a Target; the methods read the target they are called on.
 */
export function hiveCatalogMigration(policy: ChangePolicy): Pick<Target, 'changeSql' | 'applyChange'> {
  return {
    changeSql(this: Target, change, config, buildId) {
      const r = this.renderer(config);
      return renderStatements((s) => r.render(s), changeStatements(change, policy, buildId));
    },
    applyChange(this: Target, change, engine, config, buildId) {
      const mart = martCreated(change);
      return mart ? applyMartChange(change, mart, this, engine, config, buildId) : runChangeSql(this, change, engine, config, buildId);
    },
  };
}
