/**
 * School sign-in against a real secured broker: tokens signed with jose by a real (test) OpenID
 * Connect issuer, checked by Kafka's own validator against the issuer's JWKS, the principal taken
 * from the sub claim, and the class ACLs granted to that name. Each refusal is the broker's: its
 * log names the reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { frameTopic, pause, studentGroupId } from '@classcast/protocol';
import { createClassAccess, type ClassAccess } from './class-access.js';
import { ensureClassTopic } from './class-topic.js';
import { createKafkaClient, loginName, type KafkaConnection } from './connection.js';
import { broadcastToStudent, login, PASSWORDS } from './secure-test-helpers.js';
import { createSubscription } from './subscription.js';
import { uniqueClassId } from './testing.js';
import { startOidcIssuer, type OidcIssuer, type TokenClaims } from '../../../test-support/oidc-issuer.js';
import { waitFor } from '../../../test-support/wait-for.js';

const AUDIENCE = 'classcast-school';

describe('school sign-in (OAUTHBEARER) on a secured broker', () => {
  let issuer: OidcIssuer;
  let cluster: KafkaCluster;
  let access: ClassAccess;
  let brokers: string[];
  const math = uniqueClassId('math');

  beforeAll(async () => {
    // The broker fetches the JWKS as it starts, so the issuer comes first.
    issuer = await startOidcIssuer({ defaultAudience: AUDIENCE });
    cluster = await startKafka({
      nodes: 1,
      security: { scramUsers: { ...PASSWORDS }, oidc: { issuer: issuer.url, jwksUrl: issuer.jwksUrl, audience: AUDIENCE, principalClaim: 'sub' } },
    });
    brokers = cluster.bootstrapServers;
    access = await createClassAccess(login(brokers, 'admin'));
    await access.grantTeacher(math, 'teacher');
    await access.grantStudent(math, 'ada');
  });

  afterAll(async () => {
    await access?.close();
    await cluster?.stop();
    await issuer?.close();
  });

  const signedIn = (token: () => Promise<string> | string, principal: string): KafkaConnection => ({
    brokers,
    sasl: { mechanism: 'oauthbearer', token, principal },
  });

  /** A connection that logs in with one token for these claims. */
  const signedInOnce = async (claims: TokenClaims, sign = issuer.sign): Promise<KafkaConnection> => {
    const token = await sign(claims);
    return signedIn(() => token, claims.sub);
  };

  /** The error that starting to watch the class, in the student's own group, ends with. */
  const watchFails = async (student: KafkaConnection): Promise<unknown> => {
    const groupId = studentGroupId(math, loginName(student)!);
    const subscription = createSubscription({ connection: student, classId: math, groupId, startAt: 'live', onFrame: () => undefined });
    try {
      return await subscription.start().then(
        () => new Error('the subscription started'),
        (error: unknown) => error,
      );
    } finally {
      await subscription.stop();
    }
  };

  const brokerLog = () => readFileSync(path.join(cluster.nodes[0]!.dir, 'server.log'), 'utf8');

  test("a student signed in as ada watches the class the ACLs grant to ada; the teacher's SCRAM login still works", async () => {
    const received = await broadcastToStudent(math, login(brokers, 'teacher'), await signedInOnce({ sub: 'ada' }));
    expect(received.map((r) => r.frame.sequence)).toEqual([0]);
  });

  // Kafka allows 30 s of clock skew (sasl.oauthbearer.clock.skew.seconds), so "expired" is 2 minutes ago.
  test.each([
    ['an expired token', { sub: 'ada', expiresInSeconds: -120 }, false, /The JWT is no longer valid/],
    ['a token for another app of the school', { sub: 'ada', aud: 'school-timetable' }, false, /Audience \(aud\) claim \[school-timetable\]/],
    [
      'a token from another issuer',
      { sub: 'ada', iss: 'https://accounts.example.com' },
      false,
      /Issuer \(iss\) claim value \(https:\/\/accounts\.example\.com\)/,
    ],
    ['a token signed with a key that is not in the JWKS', { sub: 'ada' }, true, /Invalid JWS Signature/i],
  ] satisfies [string, TokenClaims, boolean, RegExp][])(
    'the broker refuses %s, and the client says so in one line',
    async (_what, claims, forged, brokerReason) => {
      const error = await watchFails(await signedInOnce(claims, forged ? issuer.signForged : issuer.sign));
      expect(error).toMatchObject({
        code: 'CC_TOKEN_REFUSED',
        message: expect.stringContaining(`Kafka at ${brokers[0]} refused the sign-in token ({"status":"invalid_token"}`),
      });
      expect((error as Error).message).not.toContain('\n');
      if ((claims as TokenClaims).expiresInSeconds !== undefined) expect((error as Error).message).toMatch(/; the token expired at \d{4}-/);
      await waitFor(() => brokerReason.test(brokerLog()), 5000, `the broker's reason ${String(brokerReason)} in its log`);
    },
  );

  test('a valid token for bob, whom no ACL names, may not read the class', async () => {
    const error = await watchFails(await signedInOnce({ sub: 'bob' }));
    expect(error).toMatchObject({ code: 'CC_NOT_AUTHORIZED', message: expect.stringContaining('user bob may not') });
  });

  test('an OAUTHBEARER session lasts as long as its token: kafkajs logs in again on the same connection with a fresh one', async () => {
    // The broker gives such a session its token's remaining lifetime (no connections.max.reauth.ms
    // needed) and ends it then; kafkajs re-authenticates a connection 10 s before its session
    // ends: with 12 s tokens, about every 2 s. One producer, sending, shows it.
    const tokenAsked: number[] = [];
    const teacher = signedIn(() => {
      tokenAsked.push(Date.now());
      return issuer.sign({ sub: 'teacher', expiresInSeconds: 12 });
    }, 'teacher');
    const client = createKafkaClient(teacher);
    const admin = client.admin();
    await admin.connect();
    await ensureClassTopic(admin, math);
    await admin.disconnect();
    const producer = client.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({ topic: frameTopic(math), acks: 1, messages: [{ key: 'reauth', value: 'x' }] });
      // New connections log in during the first second or so; after that, only re-authentication asks.
      const loggedIn = Date.now();
      const reauthentications = () => tokenAsked.filter((at) => at - loggedIn > 1500).length;
      while (Date.now() < loggedIn + 7000 && reauthentications() < 2) {
        await producer.send({ topic: frameTopic(math), acks: 1, messages: [{ key: 'reauth', value: 'x' }] });
        await pause(250);
      }
      expect(reauthentications()).toBeGreaterThanOrEqual(2);
    } finally {
      await producer.disconnect();
    }
  });
});
