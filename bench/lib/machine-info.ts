import os from 'node:os';
import { PlainDuckDb } from './plain-duckdb.js';

/** What a figure was measured on; printed above every run and recorded in docs/benchmarks.md. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly duckdb: string;
  readonly platform: string;
  /** 1, 5 and 15 minute load averages: other processes share the machine. */
  readonly loadAverage: readonly [number, number, number];
}

export async function machineInfo(): Promise<MachineInfo> {
  const db = await PlainDuckDb.open();
  let duckdb: string;
  try {
    duckdb = String((await db.query('SELECT version() AS v'))[0]?.v ?? 'unknown');
  } finally {
    db.close();
  }
  const [l1, l5, l15] = os.loadavg();
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    duckdb,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: [l1 ?? 0, l5 ?? 0, l15 ?? 0],
  };
}

/** The machine as markdown lines. */
export function formatMachine(m: MachineInfo): string {
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores`,
    `- memory: ${m.memoryGiB.toFixed(1)} GiB`,
    `- Node ${m.node}, DuckDB ${m.duckdb} (@duckdb/node-api), ${m.platform}`,
    `- load average (1/5/15 min): ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')}`,
  ].join('\n');
}
