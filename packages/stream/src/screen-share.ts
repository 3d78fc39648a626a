/**
 * A student's screen to the class, the student's side, as the CLI, the desktop student app and
 * the gateway run it: offer, wait for the teacher's decision, broadcast on the shared-screens
 * topic once accepted, stop on the teacher's take-back or the caller's abort.
 *
 *   offered ──accept──▶ sharing ──take-back──▶ taken-back
 *      │                   └──────abort──────▶ stopped
 *      ├──decline──▶ declined
 *      └──abort────▶ withdrawn (the offer is taken back on the offer topic)
 *
 * A student who already holds the screen (a restarted share) skips the offer. The broker, not this
 * code, decides who may write (kafka's share.ts): this flow only waits for the grant and reads
 * the broker's refusal after a take-back as the take-back it is.
 */
import { createSource, type FrameSource } from '@classcast/capture';
import { createSharedScreenWriter, offerScreen, readShareDecisions, type Broadcaster, type KafkaConnection } from '@classcast/kafka';
import { pause, shareStateOf, type ClasscastError } from '@classcast/protocol';
import { createTeacherStream } from './teacher-stream.js';

/** How often the student looks at the decisions (for the accept, then for a take-back). */
const DECISION_POLL_MS = 1000;
/** How long the first frames wait for the agent to grant WRITE after the teacher's accept. */
const GRANT_WAIT_MS = 15_000;

/** How a share ended: declined and withdrawn before any picture, taken-back and stopped after. */
export type ScreenShareOutcome = 'declined' | 'withdrawn' | 'taken-back' | 'stopped';
export type ScreenShareState = 'offered' | 'sharing' | ScreenShareOutcome;

export interface ScreenShareEvent {
  state: ScreenShareState;
  /** While sharing: what is captured (the source's name) and the topic the pictures go to. */
  sourceName?: string;
  topic?: string;
}

export interface ScreenShareResult {
  outcome: ScreenShareOutcome;
  /** Pictures sent (refresh keyframes not counted) and their bytes. */
  pictures: number;
  bytes: number;
}

export interface ScreenShareOptions {
  /** The student's own login: the broker decides by it. */
  connection: KafkaConnection;
  classId: string;
  student: string;
  /** A source spec (capture's `--source` forms: desktop, test, window:TITLE …) or an open source, which the share closes. Opened only once accepted. */
  source: string | FrameSource;
  fps?: number;
  quality?: number;
  /** Aborting withdraws a waiting offer or ends the sharing (the students see the end frame). */
  signal?: AbortSignal;
  onState?(event: ScreenShareEvent): void;
  /** How often the decisions are read; default 1 s (tests make it shorter). */
  pollMs?: number;
}

/**
 * Runs one share to its end; resolves with how it ended. A failure (the broker refuses the offer,
 * the grant never comes, capture fails) rejects with its ClasscastError after letting go of Kafka
 * and the source.
 */
export async function shareScreen(options: ScreenShareOptions): Promise<ScreenShareResult> {
  const { connection, classId, student, signal, pollMs = DECISION_POLL_MS } = options;
  const report = (event: ScreenShareEvent) => options.onState?.(event);
  const decisions = async () => (await readShareDecisions(connection, classId)).messages;
  const holder = async () => shareStateOf(await decisions());
  const nothing = (outcome: ScreenShareOutcome): ScreenShareResult => ({ outcome, pictures: 0, bytes: 0 });

  if ((await holder()) !== student) {
    const before = (await decisions()).length;
    await offerScreen({ connection, classId, student });
    report({ state: 'offered' });
    for (;;) {
      if (signal?.aborted) {
        await offerScreen({ connection, classId, student, type: 'withdraw' });
        report({ state: 'withdrawn' });
        return nothing('withdrawn');
      }
      // Only decisions since this offer count: an old decline must not answer a new offer.
      const last = (await decisions())
        .slice(before)
        .filter((d) => d.student === student)
        .at(-1);
      if (last?.type === 'accept') break;
      if (last !== undefined) {
        report({ state: 'declined' });
        return nothing('declined');
      }
      await pause(pollMs, signal);
    }
  }

  const source = typeof options.source === 'string' ? await createSource(options.source, {}) : options.source;
  const writer = waitForGrant(createSharedScreenWriter({ connection, classId, student }));
  let fatal: ClasscastError | undefined;
  let stopping = false;
  const result: ScreenShareResult = { outcome: 'stopped', pictures: 0, bytes: 0 };
  const session = createTeacherStream({
    broadcaster: writer,
    source,
    encoder: { codec: 'jpeg', quality: options.quality ?? 70 },
    fps: options.fps ?? 5,
    onError(error) {
      // Closing the source is how stop() wakes a stream waiting for a picture: not a failure.
      if (error.code === 'CC_CAPTURE_CLOSED' && stopping) return;
      if (!error.retriable && !fatal) fatal = error;
    },
    onSent(frame) {
      if (!frame.refresh) result.pictures += 1;
      result.bytes += frame.bytes;
    },
  });
  // A pushed source (a browser's uploads) may have no next picture: closing it wakes the stream.
  const stop = () => {
    stopping = true;
    void session.stop().catch(() => undefined);
    void source.close();
  };
  const watch = setInterval(() => {
    holder().then(
      (now) => {
        if (now !== student && result.outcome !== 'taken-back') {
          result.outcome = 'taken-back';
          stop();
        }
      },
      () => undefined,
    );
  }, pollMs);
  try {
    await writer.start();
    await session.open();
    if (signal?.aborted) return result;
    report({ state: 'sharing', sourceName: source.name, topic: writer.topic });
    signal?.addEventListener('abort', stop, { once: true });
    await session.start();
    // The agent revoked before this student read the take-back: the broker's refusal says the same.
    if (fatal?.code === 'CC_NOT_AUTHORIZED' && (await holder().catch(() => student)) !== student) {
      result.outcome = 'taken-back';
      fatal = undefined;
    }
    if (fatal) throw fatal;
    report({ state: result.outcome });
    return result;
  } finally {
    clearInterval(watch);
    signal?.removeEventListener('abort', stop);
    await session.stop().catch(() => undefined);
    await writer.stop().catch(() => undefined);
    await source.close();
  }
}

/**
 * The teacher's accept reaches the agent, and its grant the broker, a moment after the student
 * reads it: a refused first send is tried again for GRANT_WAIT_MS, then ends the share with the refusal.
 */
function waitForGrant(writer: Broadcaster): Broadcaster {
  let granted = false;
  const since = Date.now();
  return {
    get topic() {
      return writer.topic;
    },
    get nextSequence() {
      return writer.nextSequence;
    },
    start: () => writer.start(),
    heartbeat: (time) => writer.heartbeat(time),
    end: () => writer.end(),
    stop: () => writer.stop(),
    async send(frame) {
      for (;;) {
        try {
          const sent = await writer.send(frame);
          granted = true;
          return sent;
        } catch (error) {
          const refused = (error as ClasscastError).code === 'CC_NOT_AUTHORIZED';
          if (!refused || granted || Date.now() - since > GRANT_WAIT_MS) throw error;
          await pause(300);
        }
      }
    },
  };
}
