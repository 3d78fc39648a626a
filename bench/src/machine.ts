/** The machine a run was measured on, as docs/BENCHMARKS.md reports it. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import sharp from 'sharp';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  sharp: string;
  libvips: string;
  kafkajs: string;
  /** 1, 5 and 15 minute load averages when the bench started. */
  loadAverageAtStart: number[];
}

export function describeMachine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const require = createRequire(import.meta.url);
  return {
    cores: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    sharp: sharp.versions.sharp ?? 'unknown',
    libvips: sharp.versions.vips,
    kafkajs: (require('kafkajs/package.json') as { version: string }).version,
    loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

export function machineLine(machine: Machine): string {
  return `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, sharp ${machine.sharp} / libvips ${machine.libvips}, kafkajs ${machine.kafkajs}; load average at start ${machine.loadAverageAtStart.join(' ')}`;
}
