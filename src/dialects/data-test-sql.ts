import type { DataTest } from '../manifest/manifest.js';
import { assertUnreachable } from '../util/assert-unreachable.js';

/**
 * A query returning one row, `failures`: the number of rows of `table` breaking the test. Plain
 * SQL that reads the same in every dialect; only the table reference differs.
 */
export function dataTestSql(table: string, t: DataTest, qualify: (name: string) => string): string {
  const col = t.column;
  switch (t.kind) {
    case 'not_null':
      return `SELECT count(*) AS failures FROM ${table} WHERE ${col} IS NULL`;
    case 'unique':
      return `SELECT count(*) AS failures FROM (SELECT ${col} FROM ${table} WHERE ${col} IS NOT NULL GROUP BY ${col} HAVING count(*) > 1) AS duplicates`;
    case 'relationship':
      return `SELECT count(*) AS failures FROM ${table} AS child LEFT JOIN ${qualify(t.toModel)} AS parent ON child.${col} = parent.${t.toColumn} WHERE child.${col} IS NOT NULL AND parent.${t.toColumn} IS NULL`;
    case 'accepted_range': {
      const conds = [t.min !== undefined ? `${col} < ${t.min}` : undefined, t.max !== undefined ? `${col} > ${t.max}` : undefined].filter(Boolean);
      return `SELECT count(*) AS failures FROM ${table} WHERE ${conds.join(' OR ')}`;
    }
    default:
      return assertUnreachable(t);
  }
}
