import { AthenaRenderer } from '../dialects/athena-renderer.js';
import { AthenaMigrationSql } from '../migrate/athena-migration-sql.js';
import { applyMartChange, martCreated } from '../migrate/apply-mart.js';
import { runChangeSql, type Target } from './target.js';

/** `athena`: S3 + Glue Data Catalog + Athena, deployed by infra/. The AWS SDK loads only when used. */
export const athenaTarget: Target = {
  name: 'athena',
  description: 'Athena over S3 with the Glue Data Catalog (deployed by npm run deploy)',
  batchJob: 'glue',
  martRefresh: 'insert',
  dashboardPollMs: 30_000,
  async openEngine({ config }) {
    const { createAthenaEngine } = await import('../engines/athena/athena-engine.js');
    return createAthenaEngine(config);
  },
  renderer: (config) => new AthenaRenderer(config),
  where: ({ config }) => `Athena database ${config.athena.database}`,
  changeSql: (change, config, buildId) => new AthenaMigrationSql(config, buildId).statements(change),
  applyChange(change, engine, config, buildId) {
    const mart = martCreated(change);
    return mart ? applyMartChange(change, mart, athenaTarget, engine, config, buildId) : runChangeSql(athenaTarget, change, engine, config, buildId);
  },
  async objectStore({ config }) {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { S3ObjectStore } = await import('../storage/s3-object-store.js');
    const client = new S3Client({ region: config.athena.region });
    return { store: new S3ObjectStore(client, config.lake.bucket), close: () => client.destroy() };
  },
  dropDatabaseSql: (config) => [`DROP DATABASE IF EXISTS \`${config.athena.database}\``],
  lakeDir: () => undefined,
};
