import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enginesCommand } from '../../../src/cli/commands/engines-command.js';
import { enginesCacheDir } from '../../../src/engines/install/engine-installer.js';
import { ENGINE_INSTALLERS } from '../../../src/engines/install/engine-installers.js';
import { findTrinoJava, javaMajorVersion } from '../../../src/engines/trino/java-home.js';
import { quoteBigIntegers } from '../../../src/engines/trino/trino-client.js';
import { fromTrinoLocation } from '../../../src/dialects/trino/trino-renderer.js';

async function fakeJdk(version: string): Promise<string> {
  const home = await mkdtemp(path.join(tmpdir(), 'jdk-'));
  await writeFile(path.join(home, 'release'), `IMPLEMENTOR="Test"\nJAVA_VERSION="${version}"\n`);
  return home;
}

describe('the trino engine parts that need no server', () => {
  it('keeps BIGINT values beyond 2^53 exact by quoting them before JSON.parse, and leaves strings and small numbers alone', () => {
    const body = '{"data":[[9007199254740993,"12345678901234567890",1.5,-12345678901234567,42]],"id":"q"}';
    const parsed = JSON.parse(quoteBigIntegers(body)) as { data: unknown[][] };
    expect(parsed.data[0]).toEqual(['9007199254740993', '12345678901234567890', 1.5, '-12345678901234567', 42]);
    expect(quoteBigIntegers('{"a":"x\\"123456789012345678"}')).toBe('{"a":"x\\"123456789012345678"}');
  });

  it('maps the lake folder back to the bucket in what the catalog returns, and nothing else', () => {
    expect(fromTrinoLocation('local:///tables/t/dt=${dt}/', 'lake')).toBe('s3://lake/tables/t/dt=${dt}/');
    expect(fromTrinoLocation('SNAPPY', 'lake')).toBe('SNAPPY');
  });

  it('reads the Java version of a JDK from its release file (1.8-style too)', async () => {
    expect(await javaMajorVersion(await fakeJdk('25.0.3'))).toBe(25);
    expect(await javaMajorVersion(await fakeJdk('1.8.0_402'))).toBe(8);
    expect(await javaMajorVersion('/nonexistent')).toBeUndefined();
  });

  it('picks LAKEHOUSE_JAVA25_HOME when it is Java 24+, else says exactly what to install', async () => {
    const jdk25 = await fakeJdk('25.0.1');
    expect(await findTrinoJava({ LAKEHOUSE_JAVA25_HOME: jdk25 })).toBe(jdk25);
    const jdk17 = await fakeJdk('17.0.9');
    // The machine default may be a real Java 25; an environment naming only old JDKs must still find it or fail clearly.
    const found = await findTrinoJava({ LAKEHOUSE_JAVA25_HOME: jdk17, JAVA_HOME: jdk17 }).catch((e: Error) => e);
    if (found instanceof Error) {
      expect(found.message).toMatch(/Java 24\+ JDK/);
      expect(found.message).toMatch(/LAKEHOUSE_JAVA25_HOME/);
      expect(found.message).toContain(`${jdk17}: Java 17`);
    } else {
      expect(await javaMajorVersion(found)).toBeGreaterThanOrEqual(24);
    }
  });

  it('engines:install --check reports a missing engine with the command to run, and exits 1', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'engines-'));
    await mkdir(path.join(empty, 'downloads'), { recursive: true });
    const out: string[] = [];
    const code = await enginesCommand(['--check'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) }, { LAKEHOUSE_ENGINES_DIR: empty });
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/trino 476: missing \(run `npm run engines:install`\)/);
    expect(enginesCacheDir({ LAKEHOUSE_ENGINES_DIR: empty })).toBe(empty);
    expect(ENGINE_INSTALLERS.map((e) => e.name)).toContain('trino');
  });

  it('engines:install --help documents the cache, the pin and the Java requirement', async () => {
    const out: string[] = [];
    expect(await enginesCommand(['--help'], { stdout: (t) => out.push(t), stderr: () => {} })).toBe(0);
    expect(out.join('\n')).toMatch(/LAKEHOUSE_ENGINES_DIR/);
    expect(out.join('\n')).toMatch(/trino 476/);
    expect(out.join('\n')).toMatch(/LAKEHOUSE_JAVA25_HOME/);
  });
});
