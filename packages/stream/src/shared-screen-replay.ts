/**
 * A lesson replayed as the class saw it: the teacher's frames (the class topic) and, while the
 * teacher let a student share, that student's (the shared-screens topic), through a ScreenSwitch
 * whose holder follows the decisions' times. A student's timeline, `classcast replay` and the
 * export all replay so.
 *
 * Two ReplaySessions play side by side, one per topic. Paced (a timeline at 1x, 2x…) each is
 * paced from the same moment, so they keep in step by capture time; unpaced (an export) their
 * frames are merged by capture time, one frame of each waiting at most. A class that never
 * shared a screen plays the class topic alone, as before; so does a seek to a partition's offset
 * (a place in the class topic, with no time to find the shared screen at).
 */
import {
  readShareTimeline,
  createReplaySession,
  type KafkaConnection,
  type ReceivedFrame,
  type ReplayPlayOptions,
  type ReplayResult,
  type ReplaySession,
  type TimedShareDecision,
} from '@classcast/kafka';
import { applyShareDecision, sharedScreenTopic } from '@classcast/protocol';
import { createScreenSwitch } from './screen-switch.js';

export interface SharedScreenReplayOptions {
  connection: KafkaConnection;
  classId: string;
  /** The teacher's decisions so far with their times: a live viewer's SharedScreenSource follows them (a seek asks Kafka nothing more); a one-off replay reads them once. */
  timeline(): readonly TimedShareDecision[] | Promise<readonly TimedShareDecision[]>;
  log(line: string): void;
}

type Source = 'teacher' | 'shared';

export function withSharedScreens(main: ReplaySession, options: SharedScreenReplayOptions): ReplaySession {
  const { connection, classId } = options;
  let shared: ReplaySession | undefined;
  const sharedSessionOf = () => (shared ??= createReplaySession({ connection, classId, topic: sharedScreenTopic(classId) }));

  async function decisions(): Promise<readonly TimedShareDecision[]> {
    try {
      return await options.timeline();
    } catch (error) {
      options.log(`the replay shows the teacher's screen only: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  async function play(playOptions: ReplayPlayOptions): Promise<ReplayResult> {
    const { from } = playOptions;
    const timeline = 'time' in from ? await decisions() : [];
    if (!('time' in from) || timeline.length === 0) return main.play(playOptions);
    const sharedSession = sharedSessionOf();
    // Side by side from the same moment: the shared replay must not still be joining its group.
    await Promise.all([main.warm(), sharedSession.warm()]);

    const outbox: ReceivedFrame[] = [];
    const screen = createScreenSwitch({ show: (received) => void outbox.push(received), log: options.log });
    const holderAt = holdersOf(timeline);
    let latest = from.time;
    /** Hands the switch one frame, then the viewer what it shows for it. */
    async function feed(source: Source, received: ReceivedFrame): Promise<void> {
      latest = Math.max(latest, received.frame.captureTime);
      screen.holder(holderAt(latest));
      if (source === 'teacher') screen.teacherFrame(received);
      else screen.sharedFrame(received);
      for (const shown of outbox.splice(0)) await playOptions.onFrame(shown);
    }

    const stopShared = new AbortController();
    const onAbort = () => stopShared.abort();
    playOptions.signal?.addEventListener('abort', onAbort, { once: true });
    const { speed } = playOptions;
    const paced = speed !== undefined && speed > 0;
    const merge = paced ? undefined : mergeByCaptureTime(feed);
    const paceFrom = { captureTime: from.time, wallTime: Date.now() };
    const sharedPlay = sharedSession
      .play({
        from,
        ...(playOptions.to ? { to: playOptions.to } : {}),
        ...(playOptions.untilLive ? { untilLive: true } : {}),
        ...(paced ? { speed, paceFrom } : {}),
        signal: stopShared.signal,
        onFrame: (received) => (merge ? merge.add('shared', received) : feed('shared', received)),
        ...(playOptions.onSkipped ? { onSkipped: playOptions.onSkipped } : {}),
      })
      .catch((error: unknown) => options.log(`the replay shows the teacher's screen only: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => merge?.done('shared'));
    try {
      return await main
        .play({ ...playOptions, ...(paced ? { paceFrom } : {}), onFrame: (received) => (merge ? merge.add('teacher', received) : feed('teacher', received)) })
        .finally(() => merge?.done('teacher'));
    } finally {
      // The class topic decides where the replay ends (the lesson's end, live).
      stopShared.abort();
      await sharedPlay;
      playOptions.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    classId: main.classId,
    async warm() {
      await main.warm();
      // A class that shared a screen: its first seek should not wait for the second session either.
      if ((await decisions()).length > 0) await sharedSessionOf().warm();
    },
    play,
    lessonStart: () => main.lessonStart(),
    writtenCount: () => main.writtenCount(),
    async close() {
      await Promise.all([main.close(), shared?.close()]);
    },
  };
}

/** Who held the screen at a time, by the decisions made up to it. */
function holdersOf(timeline: readonly TimedShareDecision[]): (time: number) => string | undefined {
  return (time) => {
    let holder: string | undefined;
    for (const { time: decided, decision } of timeline) if (decided <= time) holder = applyShareDecision(holder, decision);
    return holder;
  };
}

/**
 * Two unpaced replays merged by capture time: each source's frame waits (its replay with it) until
 * the other source has a later one, or is done.
 */
function mergeByCaptureTime(emit: (source: Source, received: ReceivedFrame) => Promise<void>) {
  interface Waiting {
    received: ReceivedFrame;
    resolve(): void;
    reject(error: unknown): void;
  }
  const heads: Partial<Record<Source, Waiting>> = {};
  const finished: Record<Source, boolean> = { teacher: false, shared: false };
  let busy = false;

  function next(): Source | undefined {
    const { teacher, shared } = heads;
    if (teacher && shared) return shared.received.frame.captureTime < teacher.received.frame.captureTime ? 'shared' : 'teacher';
    if (teacher && finished.shared) return 'teacher';
    if (shared && finished.teacher) return 'shared';
    return undefined;
  }

  function pump(): void {
    if (busy) return;
    const source = next();
    if (source === undefined) return;
    const head = heads[source]!;
    delete heads[source];
    busy = true;
    emit(source, head.received)
      .then(head.resolve, head.reject)
      .finally(() => {
        busy = false;
        pump();
      });
  }

  return {
    add(source: Source, received: ReceivedFrame): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        heads[source] = { received, resolve, reject };
        pump();
      });
    },
    done(source: Source): void {
      finished[source] = true;
      pump();
    },
  };
}

/** One replay with shared screens (replay.ts's `replay` for a lesson as the class saw it): a session of its own, closed after. */
export async function replayAsSeen({
  connection,
  classId,
  log,
  ...play
}: Omit<SharedScreenReplayOptions, 'timeline'> & ReplayPlayOptions): Promise<ReplayResult> {
  const timeline = () => readShareTimeline(connection, classId);
  const session = withSharedScreens(createReplaySession({ connection, classId }), { connection, classId, timeline, log });
  try {
    return await session.play(play);
  } finally {
    await session.close();
  }
}
