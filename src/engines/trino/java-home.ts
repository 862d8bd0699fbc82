import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Trino 476 is compiled for Java 24 and refuses older runtimes at start-up. */
const TRINO_MIN_JAVA = 24;

/** Where the machines of this project keep the Java 25 JDK (Temurin's Debian package). */
const DEFAULT_JAVA25_HOME = '/usr/lib/jvm/temurin-25-jdk-amd64';

/**
 * The JDK that runs Trino: `LAKEHOUSE_JAVA25_HOME`, else `JAVA_HOME` when it is Java 24 or newer,
 * else the Temurin 25 package location. The default Java of the machine (17, for Spark) is never
 * used, so both engines can live side by side.
 */
export async function findTrinoJava(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = [env.LAKEHOUSE_JAVA25_HOME, env.JAVA_HOME, DEFAULT_JAVA25_HOME].filter((c): c is string => Boolean(c));
  const seen: string[] = [];
  for (const home of candidates) {
    const version = await javaMajorVersion(home);
    seen.push(`${home}: ${version === undefined ? 'no JDK there' : `Java ${version}`}`);
    if (version !== undefined && version >= TRINO_MIN_JAVA) return home;
  }
  throw new Error(
    `Trino needs a Java ${TRINO_MIN_JAVA}+ JDK (Java 25 recommended) and none was found (${seen.join('; ')}). ` +
      `Install one, e.g. \`apt-get install -y temurin-25-jdk\` (Adoptium's apt repository), then set LAKEHOUSE_JAVA25_HOME to its folder.`,
  );
}

/** Reads `JAVA_VERSION="25.0.3"` (or `"1.8.0_…"`) from the JDK's `release` file; undefined when it is not a JDK. */
export async function javaMajorVersion(home: string): Promise<number | undefined> {
  const text = await readFile(path.join(home, 'release'), 'utf8').catch(() => undefined);
  const m = text?.match(/^JAVA_VERSION="(\d+)(?:\.(\d+))?/m);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major;
}
