/**
 * A student's screen to the class on Kafka (the messages are protocol's share.ts):
 *
 *   offerScreen     a student offers (or withdraws) its screen on the class's offer topic;
 *   decideShare     a teacher accepts, declines or takes back on the decision topic;
 *   readShare…      group-less reads of both (read-to-end.ts), which a waiting student or a
 *                   teacher's list (readShareState) polls;
 *   grant agent     an admin's process that makes the ACLs follow the decisions: exactly the
 *                   student who holds the screen has WRITE on the shared-screens topic;
 *   screen writer   the accepted student's frames, key `student-<name>`, on that topic.
 *
 * Only a principal with ALTER on the cluster may change ACLs, so a teacher cannot grant a student
 * WRITE itself: its decision goes on a topic only the class's teachers write, and the agent, with
 * an admin's login, turns it into the ACL. The broker then refuses every write of a student who
 * is not accepted now, however the student's client behaves.
 */
import kafkajs, { type Admin } from 'kafkajs';
import {
  encodeFrame,
  encodeShareMessage,
  frameTopic,
  readShareValue,
  shareDecisionTopic,
  shareOfferTopic,
  sharedScreenTopic,
  shareStateOf,
  studentGroupId,
  studentStreamId,
  type ShareDecision,
  type ShareDecisionType,
  type ShareMessage,
  type ShareOffer,
  type ShareTopicKind,
} from '@classcast/protocol';
import { emptyFrameSenders, sendFrameMessage, type Broadcaster, type OutgoingFrame, type SendResult } from './broadcaster.js';
import { describeAccessError } from './class-access.js';
import { principalOf, userOf } from './class-acls.js';
import { CLASS_TOPIC_DEFAULTS, ensureSideTopic, readClassTopicSettings, retentionConfigs } from './class-topic.js';
import type { FetchLimits } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { readTopicToEnd } from './read-to-end.js';

// kafkajs is CommonJS and Node cannot see these exports by name.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/** Share messages are tiny (MAX_SHARE_BYTES at most). */
const SHARE_FETCH_LIMITS: FetchLimits = { maxWaitMs: 0, maxBytesPerPartition: 1024 * 1024, maxBytes: 4 * 1024 * 1024 };

/**
 * Creates the offer, decision and shared-screens topics when missing, with the class topic's
 * retention: a shared screen is part of the lesson and lasts as long as its pictures. Needs CREATE
 * on them (a teacher of the class, or an admin).
 */
export async function ensureShareTopics(admin: Admin, classId: string): Promise<void> {
  const topics = await admin.listTopics();
  const wanted = [shareOfferTopic(classId), shareDecisionTopic(classId), sharedScreenTopic(classId)];
  if (wanted.every((topic) => topics.includes(topic))) return;
  const classSettings = topics.includes(frameTopic(classId)) ? await readClassTopicSettings(admin, classId) : {};
  const configs = retentionConfigs({ ...CLASS_TOPIC_DEFAULTS, ...classSettings });
  for (const topic of wanted) await ensureSideTopic(admin, topic, configs);
}

/**
 * `ensure`: the class whose share topics are made when missing. A teacher's decision makes them;
 * so does a student's offer on an open cluster (nobody else would before the first offer). On a
 * secured one a student may not create topics: the share agent made them as it started.
 */
async function writeShareMessage(connection: KafkaConnection, kind: ShareTopicKind, topic: string, message: ShareMessage, ensure?: string): Promise<void> {
  const value = Buffer.from(encodeShareMessage(kind, message));
  const kafka = createKafkaClient(connection);
  const admin = kafka.admin();
  // Not idempotent: a decision or offer sent twice means the same, and the writer needs no more than WRITE.
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    if (ensure !== undefined) {
      await admin.connect();
      await ensureShareTopics(admin, ensure).catch((error: unknown) => {
        const refused = describeKafkaError(error, connection.brokers);
        if (refused.code !== 'CC_NOT_AUTHORIZED' || kind !== 'offer') throw refused;
        throw new KafkaError(
          'CC_NOT_AUTHORIZED',
          `class ${ensure} takes no screen offers yet: its share topics are made by the share agent (classcast share-agent, with an admin's login) or by the teacher's first decision`,
          { cause: error },
        );
      });
    }
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: message.student, value, timestamp: String(Date.now()) }] });
  } catch (error) {
    throw describeKafkaError(error, connection.brokers);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

export interface OfferScreenOptions {
  connection: KafkaConnection;
  classId: string;
  student: string;
  /** 'withdraw' takes an offer back; default 'offer'. */
  type?: ShareOffer['type'];
}

/** A student offers its screen to the class (its login needs WRITE on the class's offer topic: a student of the class). */
export function offerScreen({ connection, classId, student, type = 'offer' }: OfferScreenOptions): Promise<void> {
  return writeShareMessage(connection, 'offer', shareOfferTopic(classId), { type, student }, classId);
}

export interface DecideShareOptions {
  connection: KafkaConnection;
  classId: string;
  student: string;
  decision: ShareDecisionType;
}

/** A teacher of the class accepts, declines or takes back a student's screen; creates the share topics when missing. */
export function decideShare({ connection, classId, student, decision }: DecideShareOptions): Promise<void> {
  return writeShareMessage(connection, 'decision', shareDecisionTopic(classId), { type: decision, student }, classId);
}

export interface ShareRead<T> {
  /** Every valid message in the topic's order. */
  messages: T[];
  /** Each message's Kafka timestamp (ms), in the same order. */
  times: number[];
  /** Messages that are not share messages (each refused with a reason), and the newest reason. */
  skipped: number;
  lastProblem?: string;
}

async function readShareTopic<T extends ShareMessage>(connection: KafkaConnection, kind: ShareTopicKind, topic: string): Promise<ShareRead<T>> {
  const result: ShareRead<T> = { messages: [], times: [], skipped: 0 };
  await readTopicToEnd(connection, topic, SHARE_FETCH_LIMITS, (_, message) => {
    const read = readShareValue(kind, message.value);
    if ('problem' in read) {
      result.skipped += 1;
      result.lastProblem = read.problem;
    } else {
      result.messages.push(read.message as T);
      result.times.push(Number(message.timestamp));
    }
  });
  return result;
}

/** Every decision on the class's share so far (none when the topic does not exist yet). */
export function readShareDecisions(connection: KafkaConnection, classId: string): Promise<ShareRead<ShareDecision>> {
  return readShareTopic(connection, 'decision', shareDecisionTopic(classId));
}

/** Every offer and withdrawal so far (a teacher's list of who offers). */
export function readShareOffers(connection: KafkaConnection, classId: string): Promise<ShareRead<ShareOffer>> {
  return readShareTopic(connection, 'offer', shareOfferTopic(classId));
}

/**
 * The students whose latest offer has neither been withdrawn nor decided since, oldest first.
 * Offers and decisions are two topics, so "since" is by their Kafka timestamps when given (the
 * reads' `times`): a student declined once who offers again is open again. Without them every
 * decision on a student closes its offers. The timestamps are the writers' clocks (the student's
 * and the teacher's machines): a skew longer than the teacher takes to decide would hide an offer.
 */
export function openOffers(
  offers: readonly ShareOffer[],
  decisions: readonly ShareDecision[],
  times?: { offers: readonly number[]; decisions: readonly number[] },
): string[] {
  const offeredAt = new Map<string, number>();
  offers.forEach((offer, i) => {
    offeredAt.delete(offer.student);
    if (offer.type === 'offer') offeredAt.set(offer.student, times?.offers[i] ?? -Infinity);
  });
  decisions.forEach((decision, i) => {
    const at = offeredAt.get(decision.student);
    if (at !== undefined && at <= (times?.decisions[i] ?? Infinity)) offeredAt.delete(decision.student);
  });
  return [...offeredAt.keys()];
}

/** Who holds the class's screen now, by the decisions so far. */
export async function readShareHolder(connection: KafkaConnection, classId: string): Promise<string | undefined> {
  return shareStateOf((await readShareDecisions(connection, classId)).messages);
}

export interface TimedShareDecision {
  /** When the teacher decided (the message timestamp: the teacher's clock, as frames' capture times). */
  time: number;
  decision: ShareDecision;
}

/** Every decision so far with its time, in order (none when the class never shared a screen): a replay's "who held the screen when". */
export async function readShareTimeline(connection: KafkaConnection, classId: string): Promise<TimedShareDecision[]> {
  const { messages, times } = await readShareDecisions(connection, classId);
  return messages.map((decision, i) => ({ time: times[i]!, decision }));
}

/** What a teacher's list shows: the open offers, oldest first, and who holds the screen now. */
export async function readShareState(connection: KafkaConnection, classId: string): Promise<{ offers: string[]; holder?: string }> {
  const [offers, decisions] = await Promise.all([readShareOffers(connection, classId), readShareDecisions(connection, classId)]);
  const holder = shareStateOf(decisions.messages);
  const open = openOffers(offers.messages, decisions.messages, { offers: offers.times, decisions: decisions.times });
  return { offers: open, ...(holder === undefined ? {} : { holder }) };
}

export interface ShareGrantAgentOptions {
  /** An admin's login: a super user, or a user with ALTER on the cluster. */
  adminConnection: KafkaConnection;
  classId: string;
  /** How often the decisions are read again; default 500 ms. */
  intervalMs?: number;
  /** One line per change of the ACLs, and per failure of a round; default console.log. */
  log?: (line: string) => void;
}

export interface ShareGrantAgent {
  /** Creates the share topics when missing, makes the ACLs match the decisions once, then keeps them matching. */
  start(): Promise<void>;
  /** One round now: read the decisions, make the ACLs match; resolves to who holds the screen. */
  reconcile(): Promise<string | undefined>;
  /** The student whose WRITE the agent last made sure of, or undefined. */
  readonly holder: string | undefined;
  stop(): Promise<void>;
}

/**
 * The admin's agent of one class: reads the decision topic from its beginning (group-less, so a
 * restarted agent needs no stored position), and makes the WRITE bindings on the shared-screens
 * topic be exactly the holder's. It compares with what Kafka describes, so a restart, a binding
 * made by hand or a lost round all come right on the next round.
 */
export function createShareGrantAgent({ adminConnection, classId, intervalMs = 500, log = console.log }: ShareGrantAgentOptions): ShareGrantAgent {
  const topic = sharedScreenTopic(classId);
  const admin = createKafkaClient({ clientId: 'classcast-share-agent', ...adminConnection }).admin();
  const writeOn = (principal: string) => ({
    resourceType: AclResourceTypes.TOPIC,
    resourceName: topic,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal,
    host: '*',
    operation: AclOperationTypes.WRITE,
    permissionType: AclPermissionTypes.ALLOW,
  });
  let holder: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let lastFailure: string | undefined;

  async function writers(): Promise<string[]> {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourceName: topic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      operation: AclOperationTypes.WRITE,
      permissionType: AclPermissionTypes.ALLOW,
    });
    return resources.flatMap((resource) => resource.acls.filter((acl) => acl.host === '*').map((acl) => acl.principal));
  }

  /** Whether `student` holds the student role's own group of the class: a teacher may only put a student of the class on the screen. */
  async function isStudentOfClass(student: string): Promise<boolean> {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.GROUP,
      resourceName: studentGroupId(classId, student),
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: principalOf(student),
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    });
    return resources.some((resource) => resource.acls.length > 0);
  }

  let refused: string | undefined;

  async function reconcileOnce(): Promise<string | undefined> {
    let wanted = shareStateOf((await readShareDecisions(adminConnection, classId)).messages);
    try {
      if (wanted !== undefined && !(await isStudentOfClass(wanted))) {
        if (refused !== wanted) log(`share ${classId}: ${wanted} is no student of the class: the accept is not granted`);
        refused = wanted;
        wanted = undefined;
      }
      const wantedPrincipal = wanted === undefined ? undefined : principalOf(wanted);
      const current = await writers();
      const extra = current.filter((principal) => principal !== wantedPrincipal);
      if (extra.length > 0) {
        await admin.deleteAcls({ filters: extra.map(writeOn) });
        for (const principal of extra) log(`share ${classId}: took WRITE on ${topic} from ${userOf(principal) ?? principal}`);
      }
      if (wantedPrincipal !== undefined && !current.includes(wantedPrincipal)) {
        await admin.createAcls({ acl: [writeOn(wantedPrincipal)] });
        log(`share ${classId}: gave ${wanted} WRITE on ${topic}`);
      }
    } catch (error) {
      throw describeAccessError(error, adminConnection.brokers);
    }
    holder = wanted;
    return wanted;
  }

  /** Rounds never overlap: each waits for the one before. */
  function reconcile(): Promise<string | undefined> {
    const round = running.then(reconcileOnce, reconcileOnce);
    running = round.catch(() => undefined);
    return round;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      reconcile()
        .then(
          () => {
            if (lastFailure !== undefined) log(`share ${classId}: the agent works again`);
            lastFailure = undefined;
          },
          (error: unknown) => {
            const line = error instanceof Error ? error.message : String(error);
            if (line !== lastFailure) log(`share ${classId}: ${line} (trying again)`);
            lastFailure = line;
          },
        )
        .finally(schedule);
    }, intervalMs);
  }

  return {
    get holder() {
      return holder;
    },
    async start() {
      try {
        await admin.connect();
        await ensureShareTopics(admin, classId);
        await reconcile();
      } catch (error) {
        // A failed start leaves nothing connected: the caller's process can exit with its one line.
        await admin.disconnect().catch(() => undefined);
        throw describeKafkaError(error, adminConnection.brokers);
      }
      schedule();
    },
    reconcile,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await admin.disconnect().catch(() => undefined);
    },
  };
}

/**
 * The accepted student's frames on the class's shared-screens topic, key `student-<name>`, as a
 * Broadcaster (so the teacher stream encodes a student's screen as it does the teacher's). A
 * student who is not accepted now gets CC_NOT_AUTHORIZED from the broker on its first send. It
 * never creates the topic (a student has no CREATE: the agent or a teacher's decision makes it).
 */
export function createSharedScreenWriter({ connection, classId, student }: { connection: KafkaConnection; classId: string; student: string }): Broadcaster {
  const topic = sharedScreenTopic(classId);
  const streamId = studentStreamId(student);
  // Not idempotent: WRITE on this one topic is all the agent grants, and a frame sent twice is drawn once.
  const producer = createKafkaClient(connection).producer({ allowAutoTopicCreation: false, metadataMaxAge: 1000 });
  const fail = (error: unknown) => describeKafkaError(error, connection.brokers);
  let last: OutgoingFrame | undefined;

  async function produce(frame: OutgoingFrame): Promise<SendResult> {
    try {
      const result = await sendFrameMessage(producer, topic, -1, encodeFrame({ ...frame, streamId }), frame.captureTime);
      last = frame;
      return result;
    } catch (error) {
      throw fail(error);
    }
  }

  return {
    topic,
    get nextSequence() {
      return last ? last.sequence + 1 : 0;
    },
    async start() {
      await producer.connect().catch((error: unknown) => {
        throw fail(error);
      });
    },
    send: produce,
    ...emptyFrameSenders(() => last, produce),
    async stop() {
      await producer.disconnect();
    },
  };
}
