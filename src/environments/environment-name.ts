import type { ProjectConfig } from '../config/define-config.js';

/**
 * An environment's name becomes part of a database name (`<db>_<env>`), a DuckDB schema
 * (`env_<env>`) and a lake prefix (`envs/<env>/`): lower-case identifier characters only, short
 * enough for every catalog, and never a word that could be mistaken for the main environment.
 */
const ENV_NAME = /^[a-z][a-z0-9_]{0,29}$/;
const RESERVED = new Set(['main', 'prod', 'production', 'default', 'public', 'information_schema']);

export class EnvironmentNameError extends Error {
  constructor(message: string) {
    super(message);
    // Reported as a usage error (exit 2): the command was called with a bad --env.
    this.name = 'UsageError';
  }
}

export function parseEnvironmentName(value: string): string {
  if (!ENV_NAME.test(value)) {
    throw new EnvironmentNameError(
      `--env "${value}" is not a valid environment name: 1 to 30 characters, a lower-case letter first, then lower-case letters, digits or _ (e.g. --env dev_anna)`,
    );
  }
  if (RESERVED.has(value)) throw new EnvironmentNameError(`--env "${value}" is reserved: the main environment is the one without --env`);
  return value;
}

/** The Athena database (Trino schema) of an environment. */
export function environmentDatabase(config: ProjectConfig, env: string): string {
  return `${config.athena.database}_${env}`;
}

/** The DuckDB schema of an environment on the local target. */
export function environmentSchema(env: string): string {
  return `env_${env}`;
}

/** Where an environment's marts keep their files: beside the main lake's folders, never inside them. */
export function environmentPrefix(env: string): string {
  return `envs/${env}/`;
}
