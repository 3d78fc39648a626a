import { describe, expect, test, vi } from 'vitest';
import { shareDecisionTopic, shareOfferTopic, sharedScreenTopic, studentStreamId } from './names.js';
import { encodeShareMessage, MAX_SHARE_BYTES, readShareValue, shareStateOf, type ShareDecision } from './share.js';
import { createRandom } from './test-messages.js';

const text = (value: string) => new TextEncoder().encode(value);

test("a student's share has three topics beside the frames, and its own stream id", () => {
  expect(shareOfferTopic('math-7b')).toBe('classcast.math-7b.share-offers');
  expect(shareDecisionTopic('math-7b')).toBe('classcast.math-7b.share-decisions');
  expect(sharedScreenTopic('math-7b')).toBe('classcast.math-7b.shared-screens');
  expect(studentStreamId('ada@school.org')).toBe('student-ada@school.org');
  expect(() => studentStreamId('no spaces')).toThrow(/student name/);
});

test('every offer and decision goes through its JSON and back, readable by any Kafka tool', () => {
  for (const type of ['offer', 'withdraw'] as const) {
    expect(readShareValue('offer', encodeShareMessage('offer', { type, student: 'ada' }))).toEqual({ message: { type, student: 'ada' } });
  }
  for (const type of ['accept', 'decline', 'take-back'] as const) {
    expect(readShareValue('decision', encodeShareMessage('decision', { type, student: 'ada' }))).toEqual({ message: { type, student: 'ada' } });
  }
  expect(new TextDecoder().decode(encodeShareMessage('decision', { type: 'take-back', student: 'ada' }))).toBe('{"v":1,"type":"take-back","student":"ada"}');
});

test('a writer cannot send what readers refuse', () => {
  expect(() => encodeShareMessage('offer', { type: 'accept', student: 'ada' })).toThrow(RangeError);
  expect(() => encodeShareMessage('decision', { type: 'accept', student: '../etc' })).toThrow(/student name/);
});

describe('bad share messages are refused with a reason', () => {
  test.each([
    ['empty', 'offer', new Uint8Array(0), /empty share offer/],
    ['not JSON', 'offer', text('let me share'), /not UTF-8 JSON/],
    ['not UTF-8', 'decision', Uint8Array.of(0x7b, 0xff, 0x7d), /not UTF-8 JSON/],
    ['an array', 'decision', text('[1]'), /not a JSON object/],
    ['another version', 'offer', text('{"v":2,"type":"offer","student":"ada"}'), /version 2/],
    ['a decision on the offer topic', 'offer', text('{"v":1,"type":"accept","student":"ada"}'), /unknown share offer type "accept"/],
    ['an offer on the decision topic', 'decision', text('{"v":1,"type":"offer","student":"ada"}'), /unknown share decision type "offer"/],
    ['no student', 'decision', text('{"v":1,"type":"accept"}'), /student name/],
    ['a student name Kafka cannot hold', 'decision', text('{"v":1,"type":"accept","student":"a b"}'), /student name/],
  ] as const)('%s', (_, kind, value, problem) => {
    expect(readShareValue(kind, value)).toEqual({ problem: expect.stringMatching(problem) });
  });

  test('a huge message is refused by its size, before it is parsed', () => {
    const value = text(JSON.stringify({ v: 1, type: 'offer', student: 'ada', padding: 'x'.repeat(10_000_000) }));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(readShareValue('offer', value)).toEqual({ problem: `share offer of ${value.length} bytes (at most ${MAX_SHARE_BYTES})` });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});

describe('at most one student holds the screen', () => {
  const d = (type: ShareDecision['type'], student: string): ShareDecision => ({ type, student });
  test.each([
    ['nothing decided', [], undefined],
    ['an accept', [d('accept', 'ada')], 'ada'],
    ['a new accept takes the screen from the previous student', [d('accept', 'ada'), d('accept', 'bob')], 'bob'],
    ['a take-back ends it', [d('accept', 'ada'), d('take-back', 'ada')], undefined],
    ['a decline of the holder ends it', [d('accept', 'ada'), d('decline', 'ada')], undefined],
    ['a decline or take-back of someone else changes nothing', [d('accept', 'ada'), d('decline', 'bob'), d('take-back', 'bob')], 'ada'],
    ['the previous holder taken back after a new accept changes nothing', [d('accept', 'ada'), d('accept', 'bob'), d('take-back', 'ada')], 'bob'],
  ] as const)('%s', (_, decisions, holder) => {
    expect(shareStateOf(decisions)).toBe(holder);
  });
});

test('10,000 random and mutated share messages give a message or a reason, nothing else', () => {
  const random = createRandom(20261209);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const valid = () =>
    JSON.stringify({ v: 1, type: pick(['offer', 'withdraw', 'accept', 'decline', 'take-back']), student: pick(['ada', 'bob', 'x@y.z', 'a'.repeat(128)]) });
  const tokens = ['{', '}', '"', ':', ',', 'null', '[]', '1e999', '\\u0000', '"v"', '"type"', '"student"', 'true', '-0'];
  for (let i = 0; i < 10_000; i++) {
    let json = valid();
    const mutations = Math.floor(random() * 4);
    for (let m = 0; m < mutations; m++) {
      const at = Math.floor(random() * (json.length + 1));
      const choice = random();
      if (choice < 0.4) json = json.slice(0, at) + pick(tokens) + json.slice(at + 1);
      else if (choice < 0.7) json = json.slice(0, at);
      else json = json.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + json.slice(at);
    }
    const bytes = random() < 0.05 ? Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)) : text(json);
    const kind = random() < 0.5 ? 'offer' : 'decision';
    const read = readShareValue(kind, bytes);
    if ('problem' in read) {
      expect(typeof read.problem).toBe('string');
      continue;
    }
    // What is read is exactly what a writer would send again.
    expect(readShareValue(kind, encodeShareMessage(kind, read.message))).toEqual(read);
  }
});
