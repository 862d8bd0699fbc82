import { athenaRenderer } from '../dialects/athena/athena-renderer.js';
import { hiveCatalogMigration } from './hive-catalog-migration.js';
import type { Target } from './target.js';

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
  renderer: (config) => athenaRenderer(config),
  where: ({ config }) => `Athena database ${config.athena.database}`,
  ...hiveCatalogMigration('alter_in_place'),
  async objectStore({ config }) {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { S3ObjectStore } = await import('../storage/s3-object-store.js');
    const client = new S3Client({ region: config.athena.region });
    return { store: new S3ObjectStore(client, config.lake.bucket), close: () => client.destroy() };
  },
  lakeDir: () => undefined,
};
