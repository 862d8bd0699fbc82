import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProjectConfig } from '../config/define-config.js';
import { planStatements } from '../compiler/statement.js';
import { SparkRenderer } from '../dialects/spark/spark-renderer.js';
import type { Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';
import { windowConfigOf } from '../streaming/datetime-window.js';
import { evaluatedOnce, recordRules } from './record-rules.js';

/** Batch files carry this prefix in both batch engines (src/batch/local-backfill.ts: BATCH_FILE_PREFIX). */
const BATCH_FILE_PREFIX = 'batch-';

const TEMPLATE_PATH = fileURLToPath(new URL('../../glue-jobs/backfill_job.py.hbs', import.meta.url));

/** Path of the rendered Glue job script, relative to the project root. */
export function glueJobScriptPath(config: ProjectConfig): string {
  return `${config.glueJobsDir}/backfill_job.py`;
}

/**
 * Renders the Glue PySpark job from the template and the manifest: the sources' schemas and the
 * tables' Spark SQL come from the models, so the job cannot drift from them.
 */
export function renderGlueJob(manifest: Manifest, config: ProjectConfig): Map<string, string> {
  const spark = new SparkRenderer();
  const raw = manifest.prefixes.raw;
  const tablesPrefix = manifest.prefixes.tables;
  const statements = planStatements(manifest);
  const sources = manifest.models
    .filter((m): m is SourceEntry => m.kind === 'source')
    .map((s) => ({ name: s.name, location: relative(s.location, raw), schema: spark.schemaDdl(s.columns) }));
  const tables = statements.flatMap((s) =>
    s.kind === 'transform'
      ? [
          {
            name: s.table.name,
            location: relative(s.table.location, tablesPrefix),
            partition_by: s.table.partitionedBy.map((c) => c.name),
            compression: s.table.compression,
            sql: spark.render(s)!,
          },
        ]
      : [],
  );
  const template = Handlebars.compile(readFileSync(TEMPLATE_PATH, 'utf8'), { noEscape: true, strict: true });
  const script = template({
    manifestVersion: manifest.manifestVersion,
    rawPrefix: raw,
    tablesPrefix,
    rejectedPrefix: manifest.prefixes.rejected,
    sources: pythonLiteral(sources),
    tables: pythonLiteral(tables as readonly TableSpec[]),
    rules: pythonLiteral(evaluatedOnce(recordRules(manifest))),
    window: pythonLiteral(windowConfigOf(manifest)),
    batchFilePrefix: BATCH_FILE_PREFIX,
  });
  return new Map([[glueJobScriptPath(config), script]]);
}

interface TableSpec {
  readonly name: string;
  readonly location: string;
  readonly partition_by: readonly string[];
  readonly compression: TableEntry['compression'];
  readonly sql: string;
}

function relative(location: string, prefix: string): string {
  if (!location.startsWith(prefix)) throw new Error(`location ${location} is not under ${prefix}`);
  return location.slice(prefix.length);
}

/** JSON is a Python literal once its three keywords are spelled the Python way; indented for review. */
export function pythonLiteral(value: unknown): string {
  const json = JSON.stringify(value, null, 4);
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      // Copy the string literal as is (JSON string escapes are Python string escapes too).
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j;
    } else if (json.startsWith('true', i) || json.startsWith('false', i) || json.startsWith('null', i)) {
      const word = json.startsWith('true', i) ? 'true' : json.startsWith('false', i) ? 'false' : 'null';
      out += word === 'true' ? 'True' : word === 'false' ? 'False' : 'None';
      i += word.length - 1;
    } else out += c;
  }
  return out;
}
