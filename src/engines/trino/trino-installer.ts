import { execFile } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { exists, verifiedDownload, type EngineInstaller } from '../install/engine-installer.js';
import { findTrinoJava } from './java-home.js';

const run = promisify(execFile);

/**
 * Release 476: the newest one for which Maven Central holds both the server core and the Hive
 * plugin (later releases publish only some artifacts there).
 */
export const TRINO_VERSION = '476';

const MAVEN = 'https://repo.maven.apache.org/maven2/io/trino';

/** `<cache>/trino-server-476/`: the server core with the Hive plugin unpacked into `plugin/hive/`. */
export function trinoHome(cacheDir: string): string {
  return path.join(cacheDir, `trino-server-${TRINO_VERSION}`);
}

/** Written last by install, so a half-unpacked folder never counts as installed. */
const MARKER = '.installed';

export const trinoInstaller: EngineInstaller = {
  name: 'trino',
  pinned: TRINO_VERSION,

  async isInstalled(cacheDir) {
    return exists(path.join(trinoHome(cacheDir), MARKER));
  },

  async install(cacheDir, onProgress) {
    // Check Java first: 450 MB of downloads are no use without it, and the error says what to install.
    const javaHome = await findTrinoJava();
    const core = await verifiedDownload(
      cacheDir,
      { url: `${MAVEN}/trino-server-core/${TRINO_VERSION}/trino-server-core-${TRINO_VERSION}.tar.gz`, file: `trino-server-core-${TRINO_VERSION}.tar.gz` },
      onProgress,
    );
    const hive = await verifiedDownload(
      cacheDir,
      { url: `${MAVEN}/trino-hive/${TRINO_VERSION}/trino-hive-${TRINO_VERSION}.zip`, file: `trino-hive-${TRINO_VERSION}.zip` },
      onProgress,
    );
    const home = trinoHome(cacheDir);
    const staging = `${home}.staging`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    onProgress(`unpacking ${path.basename(core)}`);
    await run('tar', ['-xzf', core, '-C', staging, '--strip-components=1']);
    // The JDK's own `jar` tool unpacks the zip: no extra program to install beyond the JDK Trino needs anyway.
    onProgress(`unpacking ${path.basename(hive)} into plugin/hive`);
    await run(path.join(javaHome, 'bin', 'jar'), ['xf', hive], { cwd: path.join(staging, 'plugin') });
    await rename(path.join(staging, 'plugin', `trino-hive-${TRINO_VERSION}`), path.join(staging, 'plugin', 'hive'));
    await writeFile(path.join(staging, MARKER), `${TRINO_VERSION}\n`);
    await rm(home, { recursive: true, force: true });
    await rename(staging, home);
    onProgress(`trino ${TRINO_VERSION} ready in ${home}`);
  },
};
