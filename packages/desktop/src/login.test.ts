import { expect, test } from 'vitest';
import { connectionWithLogin, desktopLoginFromEnv, loginMethodOf, optionalCredentials, optionalPassword } from './login.js';

const APP = { brokers: ['kafka:9093'], tls: { ca: 'PEM' }, sasl: { mechanism: 'plain', username: 'kiosk', password: 'kiosk-secret' } };
const ADA = { kind: 'password', username: 'ada', password: 'ada-secret' } as const;

test('CLASSCAST_LOGIN picks the login; unset is the open setup of before; a typo stops the app with one line', () => {
  expect(desktopLoginFromEnv({})).toEqual({ method: 'open' });
  expect(desktopLoginFromEnv({ CLASSCAST_LOGIN: 'open' })).toEqual({ method: 'open' });
  expect(loginMethodOf(desktopLoginFromEnv({ CLASSCAST_LOGIN: 'password' }))).toEqual({ method: 'password' });
  expect(() => desktopLoginFromEnv({ CLASSCAST_LOGIN: 'pasword' })).toThrow('CLASSCAST_LOGIN=pasword is not a login this app knows: use password');
});

test("with logins, the person's own login replaces the app's; the brokers and TLS stay", () => {
  expect(connectionWithLogin(APP, { method: 'password' }, ADA)).toEqual({
    brokers: ['kafka:9093'],
    tls: { ca: 'PEM' },
    sasl: { mechanism: 'scram-sha-256', username: 'ada', password: 'ada-secret' },
  });
  expect(() => connectionWithLogin(APP, { method: 'password' }, undefined)).toThrow(
    expect.objectContaining({ code: 'CC_IPC_BAD_REQUEST', message: expect.stringMatching(/log in with your name and password first/) }),
  );
});

test('an open setup uses the app connection as before and takes no password', () => {
  expect(connectionWithLogin(APP, { method: 'open' }, undefined)).toBe(APP);
  expect(() => connectionWithLogin(APP, { method: 'open' }, ADA)).toThrow(/send no password/);
});

test('payloads: credentials and passwords are checked, and a refusal never repeats the value', () => {
  expect(optionalCredentials({ classId: 'math' }, 'start')).toBeUndefined();
  expect(optionalCredentials({ credentials: ADA }, 'start')).toEqual(ADA);
  expect(optionalPassword({ password: 'p w' }, 'password', 'join')).toBe('p w');
  expect(optionalPassword({}, 'password', 'join')).toBeUndefined();
  const refusals = [
    () => optionalCredentials({ credentials: { ...ADA, kind: 'token' } }, 'start'),
    () => optionalCredentials({ credentials: { kind: 'password', username: 'ada' } }, 'start'),
    () => optionalCredentials({ credentials: { ...ADA, username: 42 } }, 'start'),
    () => optionalPassword({ password: 'x'.repeat(257) }, 'password', 'join'),
    () => optionalPassword({ password: '' }, 'password', 'join'),
    () => optionalPassword({ password: ['secret-in-an-array'] }, 'password', 'join'),
  ];
  for (const refuse of refusals) {
    expect(refuse).toThrow(expect.objectContaining({ code: 'CC_IPC_BAD_REQUEST' }));
    expect(() => refuse()).not.toThrow(/secret|xxxx/);
  }
  // A user name that cannot be a Kafka user is the names' own error.
  expect(() => optionalCredentials({ credentials: { ...ADA, username: 'a b' } }, 'start')).toThrow(expect.objectContaining({ code: 'CC_INVALID_NAME' }));
});
