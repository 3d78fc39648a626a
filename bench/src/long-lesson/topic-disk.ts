/**
 * The class topic's disk use on the bench's broker: the blocks its partition directories' files
 * take (segments, indexes, and segments marked .deleted that Kafka has not removed yet), as `du`
 * counts them. Not the files' sizes: Kafka preallocates the active segment's two index files at
 * 10 MiB each, sparse, and shrinks them when the segment rolls.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface TopicDisk {
  bytes: number;
  /** Log segments on disk, counting those marked for deletion. */
  segments: number;
}

export async function topicDiskUse(logDir: string, topic: string): Promise<TopicDisk> {
  const partitions = (await readdir(logDir)).filter((name) => name.startsWith(`${topic}-`) && /^\d+$/.test(name.slice(topic.length + 1)));
  let bytes = 0;
  let segments = 0;
  for (const partition of partitions) {
    for (const file of await readdir(path.join(logDir, partition)).catch(() => [])) {
      // Kafka removes files while we look: a file gone between readdir and stat is simply gone.
      const size = await stat(path.join(logDir, partition, file)).then(
        (s) => s.blocks * 512,
        () => 0,
      );
      bytes += size;
      if (/\.log(\.deleted)?$/.test(file)) segments += 1;
    }
  }
  return { bytes, segments };
}

/** Resident memory of any process (the broker's JVM), MB; NaN once it is gone. */
export async function processRssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}
