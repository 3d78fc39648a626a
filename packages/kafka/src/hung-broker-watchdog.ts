/**
 * A broker that hangs (stopped with SIGSTOP, a frozen VM, a stalled disk) keeps its sockets open
 * and answers nothing. Kafka moves its leaderships once the controller fences it, but kafkajs
 * learns of that only from metadata, and it asks for metadata on any *connected* broker: often
 * the hung one again, for a full request timeout each time, for as long as the hang lasts.
 *
 * The watchdog closes that gap the way Kafka's Java client does by closing connections, but only
 * on the cluster's word: a request to a broker that times out makes it ask the *other* brokers
 * (a short-lived admin that never contacts the silent one) whether the cluster still lists it.
 * Once it does not (Kafka fenced it), the client's connections to it are closed and new ones
 * refused, so kafkajs fails over to a broker that answers and finds the new leaders there. The
 * broker is let back in as soon as the others list it again. A broker that is only slow stays
 * listed and is never cut off. Closing a producer's connection mid-send is safe: the idempotent
 * producer retries the batch with its sequence number, so nothing is written twice.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Consumer, ISocketFactory, Kafka, Producer, RequestTimeoutEvent } from 'kafkajs';
import { createKafkaClient, LIVE_STREAM_CLIENT, type KafkaConnection } from './connection.js';

/** How often a suspected broker is asked about while its requests go unanswered. */
const CHECK_EVERY_MS = 500;
/** A suspicion that the cluster never confirms is dropped after this long (a slow, not a hung, broker). */
const SUSPICION_MS = 30_000;
/** How often the others are asked whether a cut-off broker is back. */
const READMIT_CHECK_MS = 2000;
/** What the cluster check may cost: the other brokers answer at once or are no help anyway. */
const CHECK_TIMEOUT_MS = 1000;
const KEEP_ALIVE_MS = 60_000;

export interface HungBrokerWatchdog {
  /** Give this to the kafkajs client: it tracks connections per broker and refuses cut-off ones. */
  readonly socketFactory: ISocketFactory;
  /** Starts following a producer's or consumer's request timeouts. */
  watch(client: Producer | Consumer): void;
  stop(): void;
}

function createHungBrokerWatchdog(connection: KafkaConnection): HungBrokerWatchdog {
  const sockets = new Map<string, Set<net.Socket>>();
  /** Every broker address this client used or heard of: the candidates to ask about a silent one. */
  const known = new Set(connection.brokers);
  const lastHeard = new Map<string, number>();
  const suspected = new Set<string>();
  const cutOff = new Set<string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => (timers.delete(timer), run()), ms);
    timer.unref();
    timers.add(timer);
  };

  const socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const address = `${host}:${port}`;
    known.add(address);
    if (cutOff.has(address)) {
      const refused = new net.Socket();
      process.nextTick(() => refused.destroy(new Error(`broker ${address} does not answer and the cluster no longer lists it`)));
      return refused;
    }
    const socket = ssl
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_MS);
    const open = sockets.get(address) ?? new Set<net.Socket>();
    sockets.set(address, open.add(socket));
    socket.on('data', () => lastHeard.set(address, Date.now()));
    socket.once('close', () => open.delete(socket));
    return socket;
  };

  /** The brokers the cluster lists, asked of every known broker but `silent`; undefined if none answered. */
  async function listedByOthers(silent: string): Promise<Set<string> | undefined> {
    const others = [...known].filter((address) => address !== silent && !cutOff.has(address));
    if (others.length === 0) return undefined;
    const admin = createKafkaClient(
      { ...connection, brokers: others, clientId: 'classcast-watchdog', connectionTimeoutMs: CHECK_TIMEOUT_MS },
      { requestTimeout: CHECK_TIMEOUT_MS, retry: { retries: others.length, initialRetryTime: 50, maxRetryTime: 200 } },
    ).admin();
    try {
      await admin.connect();
      const { brokers } = await admin.describeCluster();
      const listed = new Set(brokers.map(({ host, port }) => `${host}:${port}`));
      listed.forEach((address) => known.add(address));
      return listed;
    } catch {
      return undefined;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  function cutOffBroker(address: string): void {
    cutOff.add(address);
    for (const socket of sockets.get(address) ?? []) socket.destroy(new Error(`broker ${address} hung: the cluster fenced it`));
    later(READMIT_CHECK_MS, () => void readmitWhenListed(address));
  }

  async function readmitWhenListed(address: string): Promise<void> {
    if (stopped) return;
    const listed = await listedByOthers(address);
    if (listed?.has(address)) cutOff.delete(address);
    else later(READMIT_CHECK_MS, () => void readmitWhenListed(address));
  }

  /** A request to `address` timed out: follow it until the cluster fences it, it answers, or time runs out. */
  async function suspect(address: string): Promise<void> {
    if (stopped || suspected.has(address) || cutOff.has(address)) return;
    if ([...known].every((other) => other === address)) return; // no one else to ask (a single broker)
    suspected.add(address);
    const since = Date.now();
    try {
      while (!stopped && Date.now() - since < SUSPICION_MS) {
        const listed = await listedByOthers(address);
        // No answer (all down, or the admin's "controller" was the silent broker itself): ask again.
        if (listed && !listed.has(address)) return cutOffBroker(address);
        if ((lastHeard.get(address) ?? 0) > since) return; // it answered after all: slow, not hung
        await new Promise<void>((resolve) => later(CHECK_EVERY_MS, resolve));
      }
    } finally {
      suspected.delete(address);
    }
  }

  return {
    socketFactory,
    watch(client) {
      const onTimeout = ({ payload }: RequestTimeoutEvent) => void suspect(payload.broker);
      // The two clients type their events apart; the payload is the same.
      if ('send' in client) client.on(client.events.REQUEST_TIMEOUT, onTimeout);
      else client.on(client.events.REQUEST_TIMEOUT, onTimeout);
    },
    stop() {
      stopped = true;
      timers.forEach(clearTimeout);
      timers.clear();
    },
  };
}

/**
 * A client for the live stream (the teacher's producer, a student's consumer): short request
 * timeouts (LIVE_STREAM_CLIENT) and a watchdog on hung brokers. Watch the producer or consumer
 * made from it, and stop the watchdog with it.
 */
export function createLiveStreamClient(connection: KafkaConnection): { kafka: Kafka; watchdog: HungBrokerWatchdog } {
  const watchdog = createHungBrokerWatchdog(connection);
  const kafka = createKafkaClient(connection, { ...LIVE_STREAM_CLIENT, socketFactory: watchdog.socketFactory });
  return { kafka, watchdog };
}
