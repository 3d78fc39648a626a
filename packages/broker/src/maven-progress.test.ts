import { describe, expect, it } from 'vitest';
import { tallyMavenLine, type DownloadTally } from './maven-progress.js';

describe('tallyMavenLine', () => {
  it('counts finished downloads and their sizes, ignoring everything else', () => {
    const tally: DownloadTally = { files: 0, bytes: 0 };
    const lines = [
      '[INFO] Scanning for projects...',
      '[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/4.1.1/kafka_2.13-4.1.1.jar',
      '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_2.13/4.1.1/kafka_2.13-4.1.1.jar (6.8 MB at 12 MB/s)',
      '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/maven/maven-parent/43/maven-parent-43.pom (50 kB at 1.9 MB/s)',
      '[INFO] Downloaded from central: https://repo.maven.apache.org/x.sha1 (40 B at 2 kB/s)',
    ];
    const finished = lines.map((line) => tallyMavenLine(tally, line));
    expect(finished).toEqual([false, false, true, true, true]);
    expect(tally.files).toBe(3);
    expect(tally.bytes).toBe(6.8e6 + 50e3 + 40);
  });
});
