/**
 * The long-lesson bench's web gateway, in a process of its own so its memory is its own: the
 * real createGateway on loopback, a memory sample every interval, and its sessions' frame counts.
 * Argument: JSON {brokers, sampleMs, defaultLimits?}. Leaves on "finish" after closing every session.
 */
import { createGateway } from '@classcast/web';
import { memorySample, reportMemory, type ChildMessage, type ParentMessage } from './child-messages.js';

const { brokers, sampleMs, defaultLimits } = JSON.parse(process.argv[2] ?? '{}') as { brokers: string[]; sampleMs: number; defaultLimits?: boolean };
const say = (message: ChildMessage) => process.send?.(message);

// When the bench goes away (Ctrl-C, a crash), so does this process: nothing of a run outlives it.
process.once('disconnect', () => process.exit());

try {
  const gateway = await createGateway({
    connection: { brokers },
    port: 0,
    host: '127.0.0.1',
    // The long lesson measures the gateway, not its join limits: every bench student comes from
    // loopback (the per-address limit would refuse all but 20), and --students may pass 200. The
    // flood bench measures the gateway as shipped (defaultLimits).
    ...(defaultLimits ? {} : { joinsPerAddressPerMinute: 100_000, maxStudentsPerClass: 100_000, maxStudents: 100_000 }),
  });
  const stats = () => {
    const sessions = gateway.sessions();
    say({
      type: 'gateway-stats',
      sessions: sessions.length,
      framesSent: sessions.reduce((sum, s) => sum + s.outbox.sent, 0),
      framesDropped: sessions.reduce((sum, s) => sum + s.outbox.dropped, 0),
    });
  };
  reportMemory(sampleMs);
  setInterval(stats, sampleMs).unref();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stats') return stats();
    if (message.type === 'gc') {
      // Twice, a moment apart: buffers are freed by callbacks that run after the first collection.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      setTimeout(() => {
        gc?.();
        setTimeout(() => {
          if (process.env.CLASSCAST_HEAP_SNAPSHOT) void import('node:v8').then((v8) => v8.writeHeapSnapshot(process.env.CLASSCAST_HEAP_SNAPSHOT));
          say(memorySample());
        }, 1000);
      }, 1000);
      return;
    }
    void gateway.close().finally(() => process.disconnect?.());
  });
  say({ type: 'ready', url: gateway.url });
} catch (error) {
  say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
}
