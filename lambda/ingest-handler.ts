import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import manifestJson from '../target/manifest.json' with { type: 'json' };
import type { Manifest } from '../src/manifest/manifest.js';
import { MANIFEST_VERSION } from '../src/manifest/manifest.js';
import { S3ObjectStore } from '../src/storage/s3-object-store.js';
import { createIngestHandler } from '../src/streaming/ingest-handler.js';

/**
 * The ingest Lambda (S3 ObjectCreated on `incoming/`). The manifest is bundled at build time
 * (`npm run build:models` writes target/manifest.json; esbuild inlines it), so the mapping the
 * Lambda applies is the one the SQL engines were rendered from.
 */
const manifest = manifestJson as unknown as Manifest;
if (manifest.manifestVersion !== MANIFEST_VERSION) {
  throw new Error(`bundled manifest version ${manifest.manifestVersion}, handler expects ${MANIFEST_VERSION}: rebuild and redeploy`);
}

const bucket = process.env.LAKE_BUCKET;
if (!bucket) throw new Error('LAKE_BUCKET is not set');

const handle = createIngestHandler({
  store: new S3ObjectStore(new S3Client({}), bucket),
  manifest,
  log: (entry) => console.log(JSON.stringify(entry)),
});

export const handler = async (event: S3Event): Promise<{ objects: number; landed: number; rejected: number }> => {
  const reports = await handle(event);
  return {
    objects: reports.length,
    landed: reports.reduce((a, r) => a + r.landed, 0),
    rejected: reports.reduce((a, r) => a + r.rejected, 0),
  };
};
