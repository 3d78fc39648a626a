/**
 * The fuzz corpus for the announcement topic's kinds (issue 19, "eyes on me"): random and mutated
 * headers and values read as a notice, an eyes-on-me, or a refusal with a reason, never anything
 * else; and the gateway's eyes-on-me message, mutated, parses to itself or is refused.
 */
import { expect, test } from 'vitest';
import { ANNOUNCEMENT_KIND_HEADER, checkAnnouncementText, EYES_ON_ME_KIND, readAnnouncementMessage, readAnnouncementValue } from './announcement.js';
import { FrameFormatError } from './errors.js';
import { parseServerMessage } from './gateway-messages.js';
import { createRandom } from './test-messages.js';

const encoder = new TextEncoder();

test('10,000 random headers and values on the announcement topic: a notice, eyes on me, or a refusal with a reason', () => {
  const random = createRandom(19);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const randomBytes = (max: number) => Uint8Array.from({ length: Math.floor(random() * max) }, () => Math.floor(random() * 256));
  const kinds = [
    undefined,
    EYES_ON_ME_KIND,
    encoder.encode(EYES_ON_ME_KIND),
    [EYES_ON_ME_KIND],
    [EYES_ON_ME_KIND, EYES_ON_ME_KIND],
    'EYES-ON-ME',
    'laser',
    '',
    () => randomBytes(100),
  ];
  const values = [null, new Uint8Array(), encoder.encode('Pens down'), encoder.encode('a\u0000b'), () => randomBytes(3000)];
  const counts = { text: 0, eyesOnMe: 0, problem: 0 };
  for (let i = 0; i < 10_000; i += 1) {
    const kind = pick(kinds);
    const value = pick(values);
    const header = typeof kind === 'function' ? kind() : kind;
    const bytes = typeof value === 'function' ? value() : value;
    const headers = header === undefined ? (random() < 0.5 ? undefined : {}) : { [ANNOUNCEMENT_KIND_HEADER]: header, other: 'x' };
    const read = readAnnouncementMessage(headers, bytes);
    expect(Object.keys(read)).toHaveLength(1);
    if ('text' in read) {
      counts.text += 1;
      // A notice only without a kind, and exactly what an old reader shows.
      expect(header).toBeUndefined();
      expect(readAnnouncementValue(bytes)).toEqual(read);
      expect(checkAnnouncementText(read.text)).toEqual(read);
    } else if ('eyesOnMe' in read) {
      counts.eyesOnMe += 1;
      expect(bytes === null || bytes.length === 0).toBe(true);
      // Every eyes-on-me message is one an old reader skips: never shown as a notice.
      expect(readAnnouncementValue(bytes)).toEqual({ problem: 'empty announcement' });
    } else {
      counts.problem += 1;
      expect(typeof read.problem).toBe('string');
      expect(read.problem.length).toBeLessThan(200);
    }
  }
  expect(Math.min(counts.text, counts.eyesOnMe, counts.problem)).toBeGreaterThan(100);
});

test("10,000 mutated gateway eyes-on-me messages: each parses to a valid message or is refused as the gateway's", () => {
  const random = createRandom(91);
  const valid = JSON.stringify({ type: 'eyes-on-me', time: 1_700_000_000_000, text: 'Your teacher asked everyone to look at the screen' });
  let parsed = 0;
  for (let i = 0; i < 10_000; i += 1) {
    const chars = [...valid];
    for (let n = 1 + Math.floor(random() * 3); n > 0; n -= 1) {
      const at = Math.floor(random() * chars.length);
      const choice = random();
      if (choice < 0.4) chars[at] = String.fromCharCode(Math.floor(random() * 128));
      else if (choice < 0.7) chars.splice(at, 1);
      else chars.splice(at, 0, String.fromCharCode(Math.floor(random() * 0x2030)));
    }
    let message: ReturnType<typeof parseServerMessage>;
    try {
      message = parseServerMessage(chars.join(''));
    } catch (error) {
      expect(error).toBeInstanceOf(FrameFormatError);
      continue;
    }
    parsed += 1;
    if (message.type !== 'eyes-on-me') continue;
    expect(Number.isSafeInteger(message.time) && message.time >= 0).toBe(true);
    if (message.text !== undefined) expect(checkAnnouncementText(message.text)).toEqual({ text: message.text });
  }
  expect(parsed).toBeGreaterThan(100);
});
