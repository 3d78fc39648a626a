/**
 * The brokers' own counters (JMX MBeans), read from Node: how many bytes each node served to
 * clients, and how its incremental fetch session cache (KIP-227) fares.
 *
 * How: a small Java program attaches to each broker JVM by pid (the JDK's Attach API, as jconsole
 * does), starts its local-only management agent and reads the MBeans. So a broker needs no JMX
 * port (nothing to choose, keep free or secure) and `broker up`'s detached nodes can be read the
 * same way; the attach works for JVMs of the same user on this machine. The program is compiled
 * once into the cache; one run reads every node in parallel (about 1 s, most of it the JVM start).
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheRoot, type Env } from './env-paths.js';
import { BrokerError } from './errors.js';
import { findExecutable } from './find-executable.js';
import { TOOL_JVM_OPTIONS } from './java-command.js';
import { requireJava } from './required-tools.js';
import { runCommand } from './run-command.js';

/** A broker JVM to read: its node id and pid (a KafkaNode of a started cluster has both). */
export interface MetricsTarget {
  nodeId: number;
  pid: number | undefined;
}

/** An MBean pattern and the attribute to read from every MBean it matches. */
export interface MetricQuery {
  pattern: string;
  attribute: string;
}

export interface MetricValue {
  nodeId: number;
  /** The MBean's name, e.g. kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec,topic=t */
  objectName: string;
  attribute: string;
  value: number;
}

const READER_CLASS = 'BrokerMetricsReader';

const READER_SOURCE = `
import com.sun.tools.attach.VirtualMachine;
import java.util.*;
import java.util.concurrent.*;
import javax.management.*;
import javax.management.remote.*;

/** Args: pid... -- pattern#attribute... Prints "pid<TAB>objectName<TAB>attribute<TAB>value" lines, or "pid<TAB>error<TAB>why". */
public class ${READER_CLASS} {
  public static void main(String[] args) throws Exception {
    List<String> all = Arrays.asList(args);
    int split = all.indexOf("--");
    List<String> queries = all.subList(split + 1, all.size());
    ExecutorService pool = Executors.newCachedThreadPool();
    List<Future<String>> reads = new ArrayList<>();
    for (String pid : all.subList(0, split)) reads.add(pool.submit(() -> read(pid, queries)));
    StringBuilder out = new StringBuilder();
    for (Future<String> read : reads) out.append(read.get());
    pool.shutdown();
    System.out.print(out);
  }

  static String read(String pid, List<String> queries) {
    StringBuilder out = new StringBuilder();
    try {
      VirtualMachine vm = VirtualMachine.attach(pid);
      try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
        MBeanServerConnection server = connector.getMBeanServerConnection();
        for (String query : queries) {
          int hash = query.lastIndexOf('#');
          String attribute = query.substring(hash + 1);
          for (ObjectName name : server.queryNames(new ObjectName(query.substring(0, hash)), null)) {
            boolean has = Arrays.stream(server.getMBeanInfo(name).getAttributes()).anyMatch(a -> a.getName().equals(attribute));
            if (has) out.append(pid).append('\\t').append(name).append('\\t').append(attribute).append('\\t').append(server.getAttribute(name, attribute)).append('\\n');
          }
        }
      } finally {
        vm.detach();
      }
    } catch (Exception e) {
      return pid + "\\terror\\t" + String.valueOf(e).replace('\\n', ' ') + "\\n";
    }
    return out.toString();
  }
}
`;

/** Reads `queries` from every running target, in one JVM run. Targets without a pid (stopped nodes) are left out. */
export async function readBrokerMetrics(targets: MetricsTarget[], queries: MetricQuery[], env: Env = process.env): Promise<MetricValue[]> {
  const running = targets.filter((target): target is { nodeId: number; pid: number } => target.pid !== undefined);
  if (running.length === 0) return [];
  const java = await requireJava(env);
  const classDir = await compiledReader(java.path, java.version, env);
  const args = [
    ...TOOL_JVM_OPTIONS,
    '-cp',
    classDir,
    READER_CLASS,
    ...running.map((t) => String(t.pid)),
    '--',
    ...queries.map((q) => `${q.pattern}#${q.attribute}`),
  ];
  const result = await runCommand(java.path, args, { env });
  if (result.exitCode !== 0) throw metricsError(`the JMX reader failed (${result.tail.at(-1) ?? `exit ${String(result.exitCode)}`})`);
  const nodeOfPid = new Map(running.map((t) => [String(t.pid), t.nodeId]));
  return result.stdout.map((line) => {
    const [pid = '', objectName = '', attribute = '', value = ''] = line.split('\t');
    const nodeId = nodeOfPid.get(pid);
    if (nodeId === undefined) throw metricsError(`the JMX reader printed an unexpected line: ${line}`);
    if (objectName === 'error') throw metricsError(`cannot read the JMX counters of Kafka node ${nodeId} (pid ${pid}): ${attribute}`);
    return { nodeId, objectName, attribute, value: Number(value) };
  });
}

const BYTES_OUT = 'kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec';

/**
 * Per node id, the bytes the node has sent to clients since it started (Kafka's
 * BrokerTopicMetrics BytesOutPerSec Count), for one topic or all. Replica fetches between brokers
 * are not in it: Kafka counts a follower's fetch in ReplicationBytesOutPerSec instead
 * (BrokerTopicStats.updateBytesOut), so this is the egress that consumers caused. A node not
 * running is absent.
 */
export async function readBrokerBytesOut(cluster: { nodes: MetricsTarget[] }, options: { topic?: string; env?: Env } = {}): Promise<Map<number, number>> {
  const pattern = options.topic === undefined ? BYTES_OUT : `${BYTES_OUT},topic=${topicAsObjectNameValue(options.topic)}`;
  const values = await readBrokerMetrics(cluster.nodes, [{ pattern, attribute: 'Count' }], options.env);
  const bytes = new Map(cluster.nodes.filter((node) => node.pid !== undefined).map((node) => [node.nodeId, 0]));
  // A topic no client has fetched from yet has no MBean on that node: 0 bytes.
  for (const value of values) bytes.set(value.nodeId, value.value);
  return bytes;
}

export interface FetchSessionStats {
  /** Incremental fetch sessions the node holds now (KIP-227). kafkajs opens none; Java and librdkafka consumers do. */
  incrementalSessions: number;
  /** Partitions cached over all those sessions. */
  partitionsCached: number;
  /**
   * Sessions evicted from the full cache since the node started: each one sends its client back to
   * full fetch requests. Above 0, max.incremental.fetch.session.cache.slots is too small.
   */
  evictions: number;
}

const FETCH_SESSION_CACHE = 'kafka.server:type=FetchSessionCache';

/** Per node id, its fetch session cache's gauges and eviction count. */
export async function readFetchSessionStats(cluster: { nodes: MetricsTarget[] }, env?: Env): Promise<Map<number, FetchSessionStats>> {
  const values = await readBrokerMetrics(
    cluster.nodes,
    [
      { pattern: `${FETCH_SESSION_CACHE},name=NumIncrementalFetchSessions`, attribute: 'Value' },
      { pattern: `${FETCH_SESSION_CACHE},name=NumIncrementalFetchPartitionsCached`, attribute: 'Value' },
      { pattern: `${FETCH_SESSION_CACHE},name=IncrementalFetchSessionEvictionsPerSec`, attribute: 'Count' },
    ],
    env,
  );
  const stats = new Map<number, FetchSessionStats>();
  for (const node of cluster.nodes) if (node.pid !== undefined) stats.set(node.nodeId, { incrementalSessions: 0, partitionsCached: 0, evictions: 0 });
  for (const { nodeId, objectName, value } of values) {
    const entry = stats.get(nodeId)!;
    if (objectName.endsWith('name=NumIncrementalFetchSessions')) entry.incrementalSessions = value;
    else if (objectName.endsWith('name=NumIncrementalFetchPartitionsCached')) entry.partitionsCached = value;
    else entry.evictions = value;
  }
  return stats;
}

/** A topic name as an ObjectName value: Kafka's names ([a-zA-Z0-9._-]) need no quoting, anything else is refused. */
function topicAsObjectNameValue(topic: string): string {
  if (!/^[a-zA-Z0-9._-]+$/.test(topic)) throw metricsError(`"${topic}" is not a Kafka topic name`);
  return topic;
}

/** The reader's classes, compiled once per source and Java version into the cache. */
async function compiledReader(java: string, javaVersion: string, env: Env): Promise<string> {
  const hash = createHash('sha256').update(READER_SOURCE).update(javaVersion).digest('hex').slice(0, 12);
  const dir = path.join(cacheRoot(env), 'jmx-reader', hash);
  if (existsSync(path.join(dir, `${READER_CLASS}.class`))) return dir;
  const javac = javacBeside(java) ?? findExecutable('javac', env);
  if (!javac) throw metricsError("reading the brokers' counters needs a JDK (javac and the Attach API): install openjdk-17-jdk-headless");
  const source = path.join(dir, `${READER_CLASS}.java`);
  await mkdir(dir, { recursive: true });
  await writeFile(source, READER_SOURCE);
  const result = await runCommand(javac, ['-d', dir, source], { env });
  if (result.exitCode !== 0) throw metricsError(`compiling the JMX reader failed: ${result.tail.join(' ')}`);
  return dir;
}

/** The javac of the same JDK as `java` (java is often a symlink chain through /etc/alternatives). */
function javacBeside(java: string): string | undefined {
  try {
    const javac = path.join(path.dirname(realpathSync(java)), 'javac');
    return existsSync(javac) ? javac : undefined;
  } catch {
    return undefined;
  }
}

function metricsError(message: string): BrokerError {
  return new BrokerError('CC_BROKER_METRICS_UNREADABLE', message);
}
