import { expect, test } from 'vitest';
import { FrameFormatError, GatewayRequestError, InvalidNameError } from './errors.js';
import { escapeControlCharacters, isFatalError, parseClientMessage, parseControlMessage, parseServerMessage } from './gateway-messages.js';

test('join and server messages are parsed strictly', () => {
  expect(parseClientMessage('{"type":"join","classId":"c1","student":"ada"}')).toEqual({ type: 'join', classId: 'c1', student: 'ada' });
  expect(() => parseClientMessage('{"type":"join","classId":"c 1","student":"ada"}')).toThrow(InvalidNameError);
  for (const bad of ['hello', '[]', '{"type":"join","classId":"c1"}', '{"type":"hello"}']) {
    expect(() => parseClientMessage(bad), bad).toThrow(GatewayRequestError);
    expect(thrownBy(() => parseClientMessage(bad))).toMatchObject({ code: 'CC_GATEWAY_BAD_REQUEST', retriable: false });
  }
  expect(parseServerMessage('{"type":"status","status":"live"}')).toEqual({ type: 'status', status: 'live' });
  expect(() => parseServerMessage('{"type":"status","status":"party"}')).toThrow(FrameFormatError);
  // A skipped report may name why (a newer classcast's frame); an older gateway's has no code.
  expect(parseServerMessage('{"type":"skipped","total":3,"reason":"r","code":"CC_FRAME_UNSUPPORTED_VERSION"}')).toEqual({
    type: 'skipped',
    total: 3,
    reason: 'r',
    code: 'CC_FRAME_UNSUPPORTED_VERSION',
  });
  expect(parseServerMessage('{"type":"skipped","total":3,"reason":"r"}')).toEqual({ type: 'skipped', total: 3, reason: 'r' });
});

test("a join may carry the student's password or sign-in token, never both, within bounds", () => {
  const join = (extra: Record<string, unknown>) => JSON.stringify({ type: 'join', classId: 'c1', student: 'ada@school.example', ...extra });
  expect(parseClientMessage(join({ password: 'pw' }))).toEqual({ type: 'join', classId: 'c1', student: 'ada@school.example', password: 'pw' });
  expect(parseClientMessage(join({ annotations: true }))).toEqual({ type: 'join', classId: 'c1', student: 'ada@school.example', annotations: true });
  expect(() => parseClientMessage(join({ annotations: 'yes' }))).toThrow('"annotations" is true or absent');
  expect(parseClientMessage(join({ token: 'aGVhZA.Ym9keQ.c2ln' }))).toMatchObject({ token: 'aGVhZA.Ym9keQ.c2ln' });
  for (const bad of [
    { password: '' },
    { password: 5 },
    { password: 'x'.repeat(1025) },
    { token: 'not a jwt' },
    { token: `a.${'b'.repeat(13_000)}.c` },
    { password: 'pw', token: 'a.b.c' },
  ]) {
    expect(
      thrownBy(() => parseClientMessage(join(bad))),
      JSON.stringify(bad).slice(0, 80),
    ).toMatchObject({ code: 'CC_GATEWAY_BAD_REQUEST' });
  }
});

test('seek, speed and live are parsed strictly', () => {
  expect(parseControlMessage('{"type":"seek","time":1700000000000}')).toEqual({ type: 'seek', time: 1700000000000 });
  expect(parseClientMessage('{"type":"speed","speed":4}')).toEqual({ type: 'speed', speed: 4 });
  expect(parseControlMessage('{"type":"speed","speed":0}')).toEqual({ type: 'speed', speed: 0 });
  expect(parseControlMessage('{"type":"live"}')).toEqual({ type: 'live' });
  expect(parseControlMessage('{"type":"seek","partition":0,"offset":"1234"}')).toEqual({ type: 'seek', partition: 0, offset: '1234' });
  for (const bad of [
    '{"type":"seek","partition":0,"offset":1234}',
    '{"type":"seek","partition":-1,"offset":"5"}',
    '{"type":"seek","partition":0,"offset":"-5"}',
    '{"type":"seek","partition":0,"offset":"05"}',
    '{"type":"seek","offset":"5"}',
    '{"type":"seek","partition":0,"offset":"5","time":5}',
    '{"type":"seek","time":-1}',
    '{"type":"seek","time":1.5}',
    '{"type":"seek","time":"5"}',
    '{"type":"seek"}',
    '{"type":"seek","time":5,"extra":1}',
    '{"type":"speed","speed":3}',
    '{"type":"speed","speed":"2"}',
    '{"type":"live","now":true}',
    '{"type":"join","classId":"c1","student":"ada"}',
    '[]',
  ]) {
    expect(() => parseControlMessage(bad), bad).toThrow(GatewayRequestError);
    expect(
      thrownBy(() => parseControlMessage(bad)),
      bad,
    ).toMatchObject({ code: 'CC_GATEWAY_BAD_REQUEST' });
  }
});

test('a timeline message is parsed strictly', () => {
  const timeline = { type: 'timeline', start: 1000, end: 5000, position: 2500, mode: 'replay', speed: 2 };
  expect(parseServerMessage(JSON.stringify(timeline))).toEqual(timeline);
  const at = { partition: 0, offset: '42' };
  expect(parseServerMessage(JSON.stringify({ ...timeline, at }))).toEqual({ ...timeline, at });
  expect(parseServerMessage(JSON.stringify({ ...timeline, at: { partition: 0, offset: 42 } }))).toEqual(timeline); // a bad position is left out
  expect(() => parseServerMessage(JSON.stringify({ ...timeline, mode: 'rewind' }))).toThrow(FrameFormatError);
  expect(() => parseServerMessage(JSON.stringify({ ...timeline, speed: 8 }))).toThrow(FrameFormatError);
  expect(() => parseServerMessage(JSON.stringify({ ...timeline, position: undefined }))).toThrow(FrameFormatError);
});

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

test('an error says whether the session goes on: fatal false only when the gateway says so', () => {
  const refused = parseServerMessage('{"type":"error","code":"CC_STUDENT_ALREADY_WATCHING","message":"taken"}');
  expect(refused).toEqual({ type: 'error', code: 'CC_STUDENT_ALREADY_WATCHING', message: 'taken' });
  expect(refused.type === 'error' && isFatalError(refused)).toBe(true);
  const oneRequest = parseServerMessage('{"type":"error","code":"CC_GATEWAY_BAD_REQUEST","message":"bad seek","fatal":false}');
  expect(oneRequest).toEqual({ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: 'bad seek', fatal: false });
  expect(oneRequest.type === 'error' && isFatalError(oneRequest)).toBe(false);
  // Anything but false is final, as from a gateway that did not know the flag.
  for (const fatal of [true, 'false', 0, null]) {
    const parsed = parseServerMessage(JSON.stringify({ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: 'm', fatal }));
    expect(parsed).toEqual({ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: 'm' });
  }
});

test('control characters in untrusted text are escaped for a log line', () => {
  expect(escapeControlCharacters('ada')).toBe('ada');
  expect(escapeControlCharacters('a\u0000b\u001b[31mc\nd\re\u007f\u2028')).toBe('a\\u0000b\\u001b[31mc\\u000ad\\u000de\\u007f\\u2028');
  expect(escapeControlCharacters('élève 🙂')).toBe('élève 🙂');
  // eslint-disable-next-line no-control-regex
  expect(escapeControlCharacters(String.fromCharCode(...Array.from({ length: 160 }, (_, i) => i)))).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
});
