/**
 * SCRAM users of the embedded broker: which names and passwords Kafka's tools can take, the
 * StorageTool arguments that seed them at format time, and generated passwords.
 */
import { randomBytes } from 'node:crypto';
import { assertValidUserName } from '@classcast/protocol';
import { BrokerError } from './errors.js';

/** User name → password. */
export type ScramUsers = Record<string, string>;

/** The one mechanism the embedded broker enables for clients (kafkajs speaks it too). */
export const SCRAM_MECHANISM = 'SCRAM-SHA-256';

// Kafka's SCRAM parser splits `[name=…,password=…]` on ',' and strips surrounding quotes; the
// admin's password also sits inside a quoted JAAS value. Printable ASCII minus , " \ is safe in all.
const PASSWORD_PATTERN = /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]{1,256}$/;

/**
 * Throws unless every user can be seeded and log in. Names follow the class/student naming rule:
 * a student's name is also part of its consumer group's name.
 */
export function validateScramUsers(users: ScramUsers): void {
  for (const [name, password] of Object.entries(users)) {
    assertValidUserName('user name', name);
    if (!PASSWORD_PATTERN.test(password)) {
      throw new BrokerError(
        'CC_BROKER_BAD_USER',
        `the password of user "${name}" must be 1-256 printable ASCII characters without spaces, commas, quotes or backslashes`,
      );
    }
  }
}

/** `name:password` (the CLI's --user), split at the first colon. */
export function parseScramUser(spec: string): [name: string, password: string] {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw new BrokerError('CC_BROKER_BAD_USER', `"${spec}" is not name:password`);
  }
  const name = spec.slice(0, colon);
  const password = spec.slice(colon + 1);
  validateScramUsers({ [name]: password });
  return [name, password];
}

/** The `-S` arguments of `StorageTool format` that store each user's SCRAM credential. */
export function scramFormatArgs(users: ScramUsers): string[] {
  return Object.entries(users).flatMap(([name, password]) => ['-S', `${SCRAM_MECHANISM}=[name=${name},password=${password}]`]);
}

/** 144 random bits, URL-safe: fits every rule above. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
