import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProjectConfig } from '../../config/define-config.js';
import { glueJobScriptPath } from '../../batch/render-glue-job.js';
import { java17Home, pysparkInstaller, pysparkPython, PYSPARK_VERSION } from './pyspark-installer.js';

export interface SparkBackfillRun {
  /** The lake folder (LAKE_DIR): raw/ is read, tables/ and rejected/batch/ are written. */
  readonly lakeDir: string;
  /** Passed as --JOB_RUN_ID, as Glue does: names the staging and rejected folders. */
  readonly runId: string;
}

export interface SparkBackfillOptions {
  readonly projectRoot: string;
  readonly config: ProjectConfig;
  /** The engines cache holding the PySpark virtualenv (enginesCacheDir()). */
  readonly enginesDir: string;
  /** Each run is the job's main() once; all runs share one Spark session (one JVM start). */
  readonly runs: readonly SparkBackfillRun[];
  /** The job's own progress lines, and Spark's warnings condensed. */
  readonly onProgress?: (line: string) => void;
}

export class SparkJobFailedError extends Error {
  override name = 'SparkJobFailedError';
}

/**
 * Runs the rendered Glue job (glue-jobs/backfill_job.py) on local PySpark, as Glue 5.0 would:
 * Spark 3.5.4 on Python 3.11 and Java 17, with the local awsglue stand-in (glue-jobs/local/) on
 * PYTHONPATH. Fails with Spark's own error (the Python traceback's last lines) when the job fails.
 */
export async function runSparkBackfill(options: SparkBackfillOptions): Promise<void> {
  const { projectRoot, config, enginesDir, runs } = options;
  if (!(await pysparkInstaller.isInstalled(enginesDir))) {
    throw new SparkJobFailedError(`PySpark ${PYSPARK_VERSION} is not installed in ${enginesDir}: run \`npm run engines:install\` first.`);
  }
  const javaHome = java17Home();
  const localDir = path.join(projectRoot, config.glueJobsDir, 'local');
  const script = path.join(projectRoot, glueJobScriptPath(config));
  const python = pysparkPython(enginesDir);
  const { raw, tables, rejected } = config.lake.prefixes;
  const argLists = runs.map((r) => {
    const lake = pathToFileURL(path.resolve(r.lakeDir)).href.replace(/\/?$/, '/');
    return [
      '--JOB_NAME',
      `${config.project}-backfill-local`,
      '--JOB_RUN_ID',
      r.runId,
      '--RAW_PATH',
      `${lake}${raw}`,
      '--TABLES_PATH',
      `${lake}${tables}`,
      '--REJECTED_PATH',
      `${lake}${rejected}`,
    ];
  });
  const onProgress = options.onProgress ?? (() => {});
  await new Promise<void>((resolve, reject) => {
    // A user's SPARK_HOME would point PySpark at another Spark build.
    const { SPARK_HOME: _ignored, ...env } = process.env;
    const child = spawn(python, [path.join(localDir, 'run_local.py'), script, JSON.stringify(argLists)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        JAVA_HOME: javaHome,
        PATH: `${path.join(javaHome, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        PYTHONPATH: localDir,
        // Executors' Python workers must be the venv's Python 3.11, not whatever python3 is on PATH.
        PYSPARK_PYTHON: python,
        PYSPARK_DRIVER_PYTHON: python,
        PYTHONUNBUFFERED: '1',
      },
    });
    const stderrTail: string[] = [];
    let traceback: string[] | undefined;
    lines(child.stdout, (line) => onProgress(line.replace(/^\[backfill\] /, '')));
    lines(child.stderr, (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 60) stderrTail.shift();
      if (line.startsWith('Traceback (most recent call last)')) traceback = [];
      if (traceback) traceback.push(line);
      // Spark's stage output is condensed to its warnings and errors; its banner and info lines are dropped.
      else if (/\b(WARN|ERROR)\b/.test(line) && !NOISE.some((n) => n.test(line))) onProgress(`spark: ${line.replace(/^\S+ \S+ /, '')}`);
    });
    child.on('error', (e) => reject(new SparkJobFailedError(`cannot start ${python}: ${e.message}. Run \`npm run engines:install\` again.`)));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const detail = traceback ? sparkError(traceback) : stderrTail.slice(-20).join('\n');
      reject(new SparkJobFailedError(`the Spark backfill failed (exit ${code}):\n${detail}`));
    });
  });
}

/** Warnings every local run prints and that say nothing about the job. */
const NOISE = [
  /NativeCodeLoader/,
  /log level to/i,
  /setLogLevel/,
  /Your hostname/,
  /Set SPARK_LOCAL_IP/,
  /ProcfsMetricsGetter/,
  /SparkStringUtils|Truncated the string representation/,
  /GarbageCollectionMetrics/,
];

/** From a Python traceback that wraps a JVM error: the exception lines, without py4j's frames. */
function sparkError(traceback: readonly string[]): string {
  const last = traceback.findLastIndex((l) => /^[A-Za-z_.]+(Error|Exception)\b/.test(l));
  const from = last >= 0 ? last : Math.max(0, traceback.length - 15);
  const lines = traceback.slice(from).filter((l) => !/^\s+at /.test(l));
  return lines.slice(0, 15).join('\n');
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i).replace(/\r$/, '');
      buffer = buffer.slice(i + 1);
      if (line.trim()) onLine(line);
    }
  });
  stream.on('end', () => {
    if (buffer.trim()) onLine(buffer);
  });
}
