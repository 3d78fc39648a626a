import { expect, test } from 'vitest';
import { BEHIND_AFTER_MS } from '@classcast/protocol';
import { INITIAL_VIEWER_STATE, NOTICE_MS, viewerReducer, type ViewerEvent, type ViewerState } from './viewer-figures.js';

const run = (events: ViewerEvent[], state: ViewerState = INITIAL_VIEWER_STATE) => events.reduce(viewerReducer, state);
/** A picture painted at `at`, captured `latency` ms earlier. */
const painted = (at: number, latency: number): ViewerEvent => ({ type: 'painted', at, captureTime: at - latency, width: 640, height: 360 });

test('the badge follows the feed status, with its detail', () => {
  const state = run([{ type: 'status', status: 'reconnecting', detail: 'cannot reach Kafka' }]);
  expect(state.figures).toMatchObject({ status: 'reconnecting', detail: 'cannot reach Kafka' });
  expect(run([{ type: 'status', status: 'ended' }], state).figures).toMatchObject({ status: 'ended', detail: undefined });
});

test('an ended lesson stays ended when its server goes away, and a new lesson replaces it', () => {
  const ended = run([
    { type: 'status', status: 'live' },
    { type: 'status', status: 'ended' },
  ]);
  expect(run([{ type: 'status', status: 'reconnecting', detail: 'lost the connection to the class server' }], ended).figures.status).toBe('ended');
  expect(run([{ type: 'status', status: 'live' }], ended).figures.status).toBe('live');
});

test('frames arriving late while live make it "behind", and catching up makes it "live" again', () => {
  const live = run([{ type: 'status', status: 'live' }, painted(1000, 9000), painted(1100, 50), painted(1200, 60)]);
  // 9000 ms was the picture found on joining: old by nature, not lateness.
  expect(live.figures).toMatchObject({ status: 'live', latencyMs: 60 });
  expect(run([{ type: 'status', status: 'live' }, painted(1000, 9000)]).figures.latencyMs).toBeUndefined();
  const late = run([painted(1300, 50 + BEHIND_AFTER_MS + 1)], live);
  expect(late.figures).toMatchObject({ status: 'behind', latencyMs: 50 + BEHIND_AFTER_MS + 1 });
  expect(run([painted(1400, 80)], late).figures.status).toBe('live');
});

test('a constant clock offset between teacher and student is not lateness', () => {
  const skewed = run([{ type: 'status', status: 'live' }, painted(0, 5000), painted(100, 5000), painted(200, 5040), painted(300, 5010)]);
  expect(skewed.figures).toMatchObject({ status: 'live', latencyMs: 5010 });
});

test('fps counts the paints of the last seconds; a stream that stops has none', () => {
  const events: ViewerEvent[] = [{ type: 'status', status: 'live' }];
  for (let i = 0; i <= 20; i += 1) events.push(painted(10_000 + i * 100, 50));
  const state = run(events);
  expect(state.figures.fps).toBeCloseTo(10, 5);
  expect(state.figures.size).toEqual({ width: 640, height: 360 });
  expect(run([{ type: 'status', status: 'ended' }], state).figures.fps).toBeUndefined();
});

test('skipped adds what the feed reports to the pictures that failed here; dropped and errors are shown as given', () => {
  const state = run([{ type: 'skipped', total: 3 }, { type: 'decode-failed' }, { type: 'skipped', total: 4 }, { type: 'dropped', total: 9 }]);
  expect(state.figures).toMatchObject({ skipped: 5, dropped: 9 });
  const refused = run([{ type: 'error', code: 'CC_STUDENT_ALREADY_WATCHING', message: 'ada is already watching' }]);
  expect(refused.figures.error).toEqual({ code: 'CC_STUDENT_ALREADY_WATCHING', message: 'ada is already watching' });
});

test('a non-fatal error (one refused request) is shown, then cleared after NOTICE_MS of painting; a fatal one stays', () => {
  const paint = (at: number) => ({ type: 'painted' as const, at, captureTime: at, width: 640, height: 360 });
  const notice = run([{ type: 'error', code: 'CC_GATEWAY_RATE_LIMITED', message: 'too many', fatal: false }, paint(1000), paint(2000)]);
  expect(notice.figures.error).toEqual({ code: 'CC_GATEWAY_RATE_LIMITED', message: 'too many', fatal: false });
  expect(run([paint(1000 + NOTICE_MS)], notice).figures.error).toBeUndefined();
  const fatal = run([{ type: 'error', code: 'CC_CLASS_NOT_FOUND', message: 'gone' }, paint(1000), paint(1000 + 2 * NOTICE_MS)]);
  expect(fatal.figures.error).toEqual({ code: 'CC_CLASS_NOT_FOUND', message: 'gone' });
  // …and a refused request after it does not hide it.
  expect(run([{ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: 'bad', fatal: false }], fatal).figures.error?.code).toBe('CC_CLASS_NOT_FOUND');
});

test("a newer classcast's frames turn on one line for the session, however many come, and pictures still paint", () => {
  const newer = (total: number): ViewerEvent => ({ type: 'skipped', total, code: 'CC_FRAME_UNSUPPORTED_VERSION' });
  const events: ViewerEvent[] = [{ type: 'status', status: 'live' }];
  for (let i = 1; i <= 50; i += 1) events.push(newer(i), painted(1000 + i * 100, 50));
  const state = run(events);
  expect(state.figures).toMatchObject({ newerFormat: true, skipped: 50, size: { width: 640, height: 360 }, error: undefined });
  // Later skips of other kinds do not turn it off; a compositor's refusal turns it on too.
  expect(run([{ type: 'skipped', total: 51, code: 'CC_FRAME_BAD_PAYLOAD' }], state).figures.newerFormat).toBe(true);
  expect(run([{ type: 'decode-failed', code: 'CC_FRAME_UNSUPPORTED_VERSION' }]).figures).toMatchObject({ newerFormat: true, skipped: 1 });
  // Other unreadable frames are only counted.
  expect(run([{ type: 'skipped', total: 2, code: 'CC_FRAME_NOT_CLASSCAST' }, { type: 'decode-failed' }]).figures).toMatchObject({
    newerFormat: false,
    skipped: 3,
  });
});
