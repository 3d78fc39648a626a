import { expect, test } from 'vitest';
import { checkAnnouncementText, EYES_ON_ME_REASON, MAX_ANNOUNCEMENT_CHARS, readAnnouncementMessage, readAnnouncementValue } from './announcement.js';
import { parseServerMessage } from './gateway-messages.js';
import { announcementReaderGroupId, announcementTopic, studentGroupId } from './names.js';

const bytes = (text: string) => new TextEncoder().encode(text);

test('a class has one announcement topic; a reader group never looks like a student', () => {
  expect(announcementTopic('physics-7b')).toBe('classcast.physics-7b.announcements');
  const reader = announcementReaderGroupId('physics-7b', 'ada-1234');
  expect(reader).toBe('classcast.physics-7b.announcement-readers.ada-1234');
  expect(reader.startsWith(studentGroupId('physics-7b', 'x').slice(0, -1))).toBe(false);
  expect(() => announcementTopic('no spaces')).toThrow(/class id/);
});

test('plain UTF-8 text is an announcement, trimmed of the line end', () => {
  expect(readAnnouncementValue(bytes('Hand in your sheets, bitte — ünd 📄\r\n'))).toEqual({ text: 'Hand in your sheets, bitte — ünd 📄' });
  expect(readAnnouncementValue(bytes('a\tb'))).toEqual({ text: 'a\tb' });
  expect(readAnnouncementValue(bytes('x'.repeat(MAX_ANNOUNCEMENT_CHARS)))).toEqual({ text: 'x'.repeat(MAX_ANNOUNCEMENT_CHARS) });
});

test.each([
  ['null', null, /empty/],
  ['empty', bytes(''), /empty/],
  ['blank', bytes('  \n'), /empty/],
  ['over-long', bytes('x'.repeat(MAX_ANNOUNCEMENT_CHARS + 1)), /longer than 500/],
  ['not UTF-8', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00]), /not UTF-8/],
  ['NUL bytes', bytes('abc\u0000def'), /control characters/],
  ['two lines', bytes('one\ntwo'), /control characters/],
])('a %s value is refused with a reason', (_label, value, reason) => {
  const result = readAnnouncementValue(value);
  expect(result).toEqual({ problem: expect.stringMatching(reason) });
});

test('the gateway announcement message is validated like the Kafka value', () => {
  expect(parseServerMessage('{"type":"announcement","text":"Quiz in 5 minutes","time":1700000000000}')).toEqual({
    type: 'announcement',
    text: 'Quiz in 5 minutes',
    time: 1700000000000,
  });
  for (const bad of [
    '{"type":"announcement","text":"","time":1}',
    '{"type":"announcement","text":"hi"}',
    `{"type":"announcement","text":"${'x'.repeat(MAX_ANNOUNCEMENT_CHARS + 1)}","time":1}`,
    '{"type":"announcement","text":"a\\u0000b","time":1}',
  ]) {
    expect(() => parseServerMessage(bad)).toThrow(/unknown gateway message/);
  }
  expect(checkAnnouncementText(' ok ')).toEqual({ text: 'ok' });
});

test('"eyes on me": an empty value with the cc.kind header; a notice is a value without it; an unknown kind is refused', () => {
  expect(readAnnouncementMessage({ 'cc.kind': 'eyes-on-me' }, null)).toEqual({ eyesOnMe: true });
  expect(readAnnouncementMessage({ 'cc.kind': bytes('eyes-on-me') }, new Uint8Array())).toEqual({ eyesOnMe: true });
  expect(readAnnouncementMessage({ 'cc.kind': ['eyes-on-me'] }, null)).toEqual({ eyesOnMe: true });
  expect(readAnnouncementMessage(undefined, bytes('Pens down'))).toEqual({ text: 'Pens down' });
  expect(readAnnouncementMessage({ other: 'x' }, bytes('Pens down'))).toEqual({ text: 'Pens down' });
  expect(readAnnouncementMessage({ 'cc.kind': 'laser' }, null)).toEqual({ problem: 'announcement of kind "laser" (this reader knows eyes-on-me)' });
  expect(readAnnouncementMessage({ 'cc.kind': 'eyes-on-me' }, bytes('Look'))).toEqual({ problem: 'an eyes-on-me message has an empty value' });
  expect(readAnnouncementMessage({ 'cc.kind': ['eyes-on-me', 'laser'] }, null)).toMatchObject({ problem: expect.stringMatching(/kind "2 kinds"/) });
  // What a reader from before the kind makes of it: one skipped message, never a notice.
  expect(readAnnouncementValue(null)).toEqual({ problem: 'empty announcement' });
});

test('the gateway tells the viewer "eyes on me", with the reason when the student was brought back', () => {
  expect(parseServerMessage('{"type":"eyes-on-me","time":1700000000000}')).toEqual({ type: 'eyes-on-me', time: 1700000000000 });
  expect(parseServerMessage(`{"type":"eyes-on-me","time":1,"text":"${EYES_ON_ME_REASON}"}`)).toEqual({ type: 'eyes-on-me', time: 1, text: EYES_ON_ME_REASON });
  for (const bad of [
    '{"type":"eyes-on-me"}',
    '{"type":"eyes-on-me","time":-1}',
    '{"type":"eyes-on-me","time":1,"text":""}',
    '{"type":"eyes-on-me","time":1,"text":7}',
  ])
    expect(() => parseServerMessage(bad)).toThrow(/unknown gateway message/);
});
