/**
 * A class topic an ops team created with Kafka's default 1 MiB max.message.bytes, and a teacher
 * whose pictures are larger: teach must not send 0 pictures and exit 0, but fail naming the
 * admin command that raises the limit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import sharp from 'sharp';
import { afterAll, expect, inject, test } from 'vitest';
import { frameTopic } from '@classcast/protocol';
import { classcast } from './test-helpers.js';

const brokers = inject('kafkaBrokers');
let slides: string | undefined;
afterAll(async () => {
  if (slides) await rm(slides, { recursive: true, force: true });
});

test('a picture over a pre-created topic\'s 1 MiB limit ends teach non-zero, naming "class config --max-frame-bytes"', async () => {
  const classId = `ops-topic-${Date.now()}`;
  const admin = new Kafka({ brokers, clientId: 'ops-team' }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: frameTopic(classId), numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1048576' }] }] });
  } finally {
    await admin.disconnect();
  }
  // Noise does not compress: a 1000x800 PNG of it is well over 1 MiB.
  slides = await mkdtemp(join(tmpdir(), 'classcast-noise-'));
  await sharp(randomBytes(1000 * 800 * 3), { raw: { width: 1000, height: 800, channels: 3 } })
    .png()
    .toFile(join(slides, 'noise.png'));

  const teach = classcast(['teach', '--brokers', brokers.join(','), '--class', classId, '--source', `folder:${slides}`, '--codec', 'png', '--frames', '1']);
  expect(await teach.exit).not.toBe(0);
  const lastLine = teach.stderr.trim().split('\n').at(-1)!;
  expect(lastLine).toMatch(/^classcast: frame 0 is .* over the limit of class ops-topic-\d+ \(max\.message\.bytes 1\.0 MiB\)/);
  expect(lastLine).toContain(`classcast class config --class ${classId} --max-frame-bytes 16777216`);
});
