import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { renderArtifacts } from '../../src/compiler/render-artifacts.js';
import { projectConfig, projectModels } from '../support/project-files.js';

// Athena's INSERT INTO writes at most 100 partitions per statement (HIVE_TOO_MANY_OPEN_PARTITIONS):
// an INSERT over the whole raw history fails beyond 100 days, so the rendered transforms are windowed.
describe('rendered Athena transforms', async () => {
  const config = projectConfig();
  const { manifest } = compileProject(await projectModels(), config);
  const files = renderArtifacts(manifest!, config);
  const partitioned = manifest!.models.flatMap((m) => (m.kind === 'table' && m.partitionedBy.length > 0 ? [m] : []));
  const unpartitioned = manifest!.models.flatMap((m) => (m.kind === 'table' && m.partitionedBy.length === 0 ? [m] : []));

  it.each(partitioned.map((t) => [t.name, t.partitionedBy[0]!.name]))(
    '%s: one window of partitions, %s BETWEEN ? AND ?, with the loop documented',
    (name, column) => {
      const sql = files.get(`sql/athena/transforms/${name}.sql`)!;
      expect(sql).toMatch(new RegExp(`WHERE\\s+${column}\\s+BETWEEN\\s+\\?\\s+AND\\s+\\?;\\n$`));
      expect(sql.split('?').length - 1).toBe(2);
      expect(sql).toMatch(/at most 100 partitions/);
      expect(sql).toMatch(/EXECUTE .* USING '\d{4}-\d{2}-\d{2}', '\d{4}-\d{2}-\d{2}'/);
    },
  );

  it.each(unpartitioned.map((t) => [t.name]))('%s (unpartitioned) writes one partition and needs no window', (name) => {
    expect(files.get(`sql/athena/transforms/${name}.sql`)).not.toContain('?');
  });
});
