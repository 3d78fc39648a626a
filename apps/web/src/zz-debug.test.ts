import { expect, inject, test, vi } from 'vitest';
import { createBroadcaster } from '@classcast/kafka';
import { createGateway } from './gateway.js';
import { joinGateway, paddedJpeg, uniqueClassId } from './test-helpers.js';

test('join timing', { timeout: 60_000 }, async () => {
  const connection = { brokers: inject('kafkaBrokers') };
  const gateway = await createGateway({ connection, port: 0, host: '127.0.0.1' });
  const classId = uniqueClassId('dbg');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  const now = Date.now();
  await teacher.send({ kind: 'key', codec: 'jpeg', width: 1, height: 1, sequence: 0, captureTime: now, keySequence: 0, keyCaptureTime: now, payload: paddedJpeg(1000) });
  for (const name of ['a1', 'a2', 'a3']) {
    const t0 = Date.now();
    const client = await joinGateway(gateway.url, classId, name);
    await vi.waitFor(() => expect(client.frames).toHaveLength(1), { timeout: 20_000, interval: 5 });
    console.log(`${name}: ${Date.now() - t0} ms`);
    client.socket.terminate();
  }
  await teacher.stop();
  await gateway.close();
});
