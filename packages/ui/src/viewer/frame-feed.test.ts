import { expect, test } from 'vitest';
import { createFeedHub, type FeedEvent } from './frame-feed.js';

test('a listener hears the current status at once, then every event until it unsubscribes', () => {
  const hub = createFeedHub();
  hub.emit({ type: 'status', status: 'live' });
  const heard: FeedEvent[] = [];
  const unsubscribe = hub.subscribe((event) => heard.push(event));
  hub.emit({ type: 'skipped', total: 1, reason: 'foreign message' });
  unsubscribe();
  hub.emit({ type: 'status', status: 'ended' });
  expect(heard).toEqual([
    { type: 'status', status: 'live' },
    { type: 'skipped', total: 1, reason: 'foreign message' },
  ]);
  expect(hub.status).toBe('ended');
});

test('the same function subscribed twice is two subscriptions, removed one at a time', () => {
  const hub = createFeedHub('waiting');
  let count = 0;
  const listener = () => (count += 1);
  const first = hub.subscribe(listener);
  hub.subscribe(listener);
  first();
  hub.emit({ type: 'status', status: 'live' });
  expect(count).toBe(3); // two initial statuses + one event for the remaining subscription
});

test("messages the transport could not read are added to the far side's skipped count", () => {
  const hub = createFeedHub();
  const totals: number[] = [];
  hub.subscribe((event) => event.type === 'skipped' && totals.push(event.total));
  hub.emit({ type: 'skipped', total: 2, reason: 'not a classcast frame' });
  hub.unreadable('gateway frame header is not JSON');
  hub.emit({ type: 'skipped', total: 3, reason: 'not a classcast frame' });
  expect(totals).toEqual([2, 3, 4]);
});

test("a viewer mounted after the class's picture limit arrived still learns it (its compositor needs it)", () => {
  const hub = createFeedHub();
  const limit = { type: 'picture-limit', maxPixels: 230400, description: "the class's limit of 640x360 (230400 pixels)" } as const;
  hub.emit(limit);
  const heard: FeedEvent[] = [];
  hub.subscribe((event) => heard.push(event));
  expect(heard).toEqual([{ type: 'status', status: 'connecting' }, limit]);
});
