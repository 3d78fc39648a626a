/**
 * Each broker's egress over a window, counted twice: by the broker itself (Kafka's BytesOutPerSec
 * of the class topic, read over JMX by @classcast/broker: what consumers fetched, replication left
 * out) and by the kernel (`ss -tinp`: bytes_acked of every established socket on the broker's
 * client port, split into bytes sent to clients and to the other brokers). Sockets that close
 * inside the window take their bytes with them (the students' stay open).
 */
import { execFileSync } from 'node:child_process';
import { readBrokerBytesOut, type KafkaCluster } from '@classcast/broker';

export interface BrokerEgress {
  nodeId: number;
  port: number;
  /** The broker's own count for the class topic; undefined when its JMX counters could not be read. */
  topicBytesOut: number | undefined;
  toClientsBytes: number;
  toBrokersBytes: number;
}

export interface EgressWindow {
  /** Each broker's egress since the window began, and why the JMX counters are missing, if they are. */
  end(): Promise<{ egress: BrokerEgress[]; jmxError?: string }>;
}

/** Starts counting each broker's egress now. */
export async function startEgressWindow(cluster: KafkaCluster, topic: string): Promise<EgressWindow> {
  const readJmx = async () => readBrokerBytesOut(cluster, { topic });
  const jmxBefore = await readJmx().catch((error: unknown) => error as Error);
  const tcpSince = measureBrokerEgress(
    cluster.nodes.map((node) => node.port),
    cluster.nodes.flatMap((node) => (node.pid === undefined ? [] : [node.pid])),
  );
  return {
    async end() {
      const tcp = tcpSince();
      const jmxAfter = jmxBefore instanceof Error ? jmxBefore : await readJmx().catch((error: unknown) => error as Error);
      const egress = cluster.nodes.map((node, i) => ({
        nodeId: node.nodeId,
        ...tcp[i]!,
        topicBytesOut:
          jmxAfter instanceof Error || jmxBefore instanceof Error ? undefined : (jmxAfter.get(node.nodeId) ?? 0) - (jmxBefore.get(node.nodeId) ?? 0),
      }));
      return jmxAfter instanceof Error ? { egress, jmxError: jmxAfter.message } : { egress };
    },
  };
}

interface TcpEgress {
  port: number;
  toClientsBytes: number;
  toBrokersBytes: number;
}

interface SocketBytes {
  local: string;
  peer: string;
  pid: number | undefined;
  bytesAcked: number;
}

/** Counts from now; the returned function gives each broker's bytes since. */
export function measureBrokerEgress(brokerPorts: readonly number[], brokerPids: readonly number[]): () => TcpEgress[] {
  const before = new Map(establishedSockets().map((socket) => [`${socket.local}>${socket.peer}`, socket.bytesAcked]));
  return () => {
    const sockets = establishedSockets();
    // A socket a broker holds as a client (a follower fetching from the leader) marks its peer's side as replication.
    const brokerClientEnds = new Set(sockets.filter((socket) => socket.pid !== undefined && brokerPids.includes(socket.pid)).map((socket) => socket.local));
    return brokerPorts.map((port) => {
      const egress: TcpEgress = { port, toClientsBytes: 0, toBrokersBytes: 0 };
      for (const socket of sockets) {
        if (portOf(socket.local) !== port) continue;
        const sent = socket.bytesAcked - (before.get(`${socket.local}>${socket.peer}`) ?? 0);
        if (brokerClientEnds.has(socket.peer)) egress.toBrokersBytes += sent;
        else egress.toClientsBytes += sent;
      }
      return egress;
    });
  };
}

/** Every established TCP socket of this machine with its owner and bytes acked (ss, iproute2). */
export function establishedSockets(): SocketBytes[] {
  const text = execFileSync('ss', ['-tinpH', 'state', 'established'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return parseSs(text);
}

/** ss prints a socket's addresses (and owner) on one line and its TCP info on the next. */
export function parseSs(text: string): SocketBytes[] {
  const sockets: SocketBytes[] = [];
  let current: SocketBytes | undefined;
  for (const line of text.split('\n')) {
    const addresses = /^\S+\s+\S+\s+(\S+)\s+(\S+)(.*)$/.exec(line);
    if (addresses && !line.startsWith('\t') && !line.startsWith(' ')) {
      const pid = /pid=(\d+)/.exec(addresses[3] ?? '')?.[1];
      current = { local: addresses[1]!, peer: addresses[2]!, pid: pid === undefined ? undefined : Number(pid), bytesAcked: 0 };
      sockets.push(current);
      continue;
    }
    const acked = /bytes_acked:(\d+)/.exec(line)?.[1];
    if (current && acked !== undefined) current.bytesAcked = Number(acked);
  }
  return sockets;
}

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}
