/**
 * An older Apache Kafka (3.x, before KRaft was the only mode) in ZooKeeper mode, for interop
 * tests: one ZooKeeper and one broker JVM on free loopback ports, from the same Maven Central jar
 * cache as the embedded broker (Kafka 3.x's kafka_2.13 brings its own zookeeper jar). Both JVMs
 * die with this process (process reaper + parent-death signal) and stop() removes their data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pollUntil } from '@classcast/protocol';
import type { Env } from './env-paths.js';
import { BrokerError } from './errors.js';
import { fetchKafkaJars } from './fetch-kafka-jars.js';
import { findFreePorts, LOOPBACK } from './free-port.js';
import { BROKER_JVM_OPTIONS, javaArgs, tiedToParent, type JavaRuntime } from './java-command.js';
import { failureExcerpt, nonLogLines } from './log-tail.js';
import { forgetDir, forgetPid, killOnExit, removeOnExit } from './process-reaper.js';
import { isAlive, killNow } from './process-table.js';
import { reportDownloadsOnStderr, type ProgressListener } from './progress.js';
import { requireJava } from './required-tools.js';
import { formatProperties, MAX_MESSAGE_BYTES, type ServerProperties } from './server-properties.js';
import { waitForCluster } from './wait-for-cluster.js';

/** The last 3.x release: ZooKeeper mode's final line (4.0 removed it). */
export const LEGACY_KAFKA_VERSION = '3.7.2';

export interface StartZooKeeperKafkaOptions {
  kafkaVersion?: string;
  env?: Env;
  onProgress?: ProgressListener;
  startTimeoutMs?: number;
}

export interface ZooKeeperKafka {
  kafkaVersion: string;
  bootstrapServers: string[];
  /** `127.0.0.1:port` of the ZooKeeper the broker registered in. */
  zookeeperConnect: string;
  dataDir: string;
  /** Kills both JVMs and removes the data dir. */
  stop(): Promise<void>;
}

const BROKER_ID = 0;

export async function startZooKeeperKafka(options: StartZooKeeperKafkaOptions = {}): Promise<ZooKeeperKafka> {
  const env = options.env ?? process.env;
  const kafkaVersion = options.kafkaVersion ?? LEGACY_KAFKA_VERSION;
  const onProgress = options.onProgress ?? reportDownloadsOnStderr;
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const java = await requireJava(env);
  const libsDir = await fetchKafkaJars({ kafkaVersion, env, onProgress });
  const runtime: JavaRuntime = { java: java.path, javaVersion: java.version, libsDir, env };

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'classcast-zk-kafka-'));
  removeOnExit(dataDir);
  const [zkPort, kafkaPort] = await findFreePorts(2);
  const zookeeperConnect = `${LOOPBACK}:${zkPort}`;
  const jvms: JvmProcess[] = [];
  const stop = async () => {
    await Promise.all(jvms.map((jvm) => jvm.kill()));
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    forgetDir(dataDir);
  };
  try {
    const zkDir = path.join(dataDir, 'zookeeper');
    await mkdir(path.join(zkDir, 'data'), { recursive: true });
    await writeFile(path.join(zkDir, 'zoo.cfg'), formatProperties(zookeeperProperties(zkDir, zkPort!)));
    await writeFile(path.join(zkDir, 'log4j.properties'), log4jProperties(path.join(zkDir, 'server.log')));
    const zookeeper = new JvmProcess('zookeeper', zkDir, runtime, 'org.apache.zookeeper.server.ZooKeeperServerMain', [path.join(zkDir, 'zoo.cfg')]);
    jvms.push(zookeeper);
    zookeeper.spawn();
    onProgress({ stage: 'start', message: `starting ZooKeeper on ${zookeeperConnect}` });
    await waitForZooKeeper(zkPort!, timeoutMs, zookeeper);

    const kafkaDir = path.join(dataDir, 'kafka');
    await mkdir(path.join(kafkaDir, 'data'), { recursive: true });
    await writeFile(path.join(kafkaDir, 'server.properties'), formatProperties(zookeeperModeProperties(kafkaDir, kafkaPort!, zookeeperConnect)));
    await writeFile(path.join(kafkaDir, 'log4j.properties'), log4jProperties(path.join(kafkaDir, 'server.log')));
    const broker = new JvmProcess('kafka', kafkaDir, runtime, 'kafka.Kafka', [path.join(kafkaDir, 'server.properties')]);
    jvms.push(broker);
    broker.spawn();
    onProgress({ stage: 'start', message: `starting Kafka ${kafkaVersion} in ZooKeeper mode` });
    const bootstrapServer = `${LOOPBACK}:${kafkaPort}`;
    const result = await waitForCluster({
      bootstrapServers: [bootstrapServer],
      nodeIds: [BROKER_ID],
      timeoutMs,
      failFast: () => zookeeper.exitReason ?? broker.exitReason,
    });
    if (!result.ready) throw startFailure(result.reason, jvms);
    onProgress({ stage: 'ready', message: `Kafka ${kafkaVersion} (ZooKeeper mode) ready on ${bootstrapServer}` });
    return { kafkaVersion, bootstrapServers: [bootstrapServer], zookeeperConnect, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function zookeeperProperties(dir: string, port: number): ServerProperties {
  return {
    dataDir: path.join(dir, 'data'),
    clientPort: port,
    clientPortAddress: LOOPBACK,
    tickTime: 2000,
    maxClientCnxns: 0,
    'admin.enableServer': false,
    // `ruok` for the readiness probe; everything else stays off.
    '4lw.commands.whitelist': 'ruok',
  };
}

/** What serverProperties() sets for a KRaft node, in ZooKeeper mode's terms. */
export function zookeeperModeProperties(dir: string, port: number, zookeeperConnect: string): ServerProperties {
  return {
    'broker.id': BROKER_ID,
    'zookeeper.connect': zookeeperConnect,
    'zookeeper.connection.timeout.ms': 18_000,
    listeners: `PLAINTEXT://${LOOPBACK}:${port}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK}:${port}`,
    'log.dirs': path.join(dir, 'data'),
    'num.partitions': 1,
    'default.replication.factor': 1,
    'auto.create.topics.enable': false,
    'group.initial.rebalance.delay.ms': 0,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'message.max.bytes': MAX_MESSAGE_BYTES,
    'replica.fetch.max.bytes': MAX_MESSAGE_BYTES,
    'log.retention.check.interval.ms': 10_000,
  };
}

/** Kafka 3.x and ZooKeeper 3.8 log through slf4j → reload4j (log4j 1.2 syntax): INFO to a file, WARN on the console. */
function log4jProperties(serverLog: string): string {
  return [
    'log4j.rootLogger=INFO, file, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.Threshold=WARN',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${serverLog.replaceAll('\\', '\\\\')}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}

async function waitForZooKeeper(port: number, timeoutMs: number, jvm: JvmProcess): Promise<void> {
  const answered = await pollUntil(
    async () => {
      if (jvm.exitReason) return jvm.exitReason;
      return (await ruok(port)) ? 'ok' : undefined;
    },
    { intervalMs: 250, timeoutMs },
  );
  if (answered !== 'ok') throw startFailure(answered ?? `ZooKeeper on port ${port} did not answer within ${Math.round(timeoutMs / 1000)} s`, [jvm]);
}

/** ZooKeeper's four-letter `ruok`: "imok" once it serves clients. */
function ruok(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = net.connect(port, LOOPBACK, () => socket.end('ruok'));
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(reply === 'imok'));
  });
}

class JvmProcess {
  #child: ChildProcess | undefined;
  exitReason: string | undefined;

  constructor(
    readonly name: string,
    readonly dir: string,
    private readonly runtime: JavaRuntime,
    private readonly mainClass: string,
    private readonly args: string[],
  ) {}

  get logFile(): string {
    return path.join(this.dir, 'server.log');
  }
  get consoleFile(): string {
    return path.join(this.dir, 'console.log');
  }

  spawn(): void {
    const jvmOptions = [...BROKER_JVM_OPTIONS, `-Dlog4j.configuration=file:${path.join(this.dir, 'log4j.properties')}`];
    const command = tiedToParent(this.runtime, javaArgs(this.runtime, jvmOptions, this.mainClass, this.args));
    const output = openSync(this.consoleFile, 'a');
    try {
      const child = spawn(command.command, command.args, { cwd: this.dir, env: this.runtime.env, stdio: ['ignore', output, output] });
      this.#child = child;
      child.once('error', (error) => (this.exitReason = `${this.name} could not start: ${error.message}`));
      child.once('exit', (code, signal) => {
        this.exitReason = `${this.name} exited with ${signal ?? `code ${code}`}`;
        if (child.pid !== undefined) forgetPid(child.pid);
      });
      if (child.pid !== undefined) killOnExit(child.pid);
    } finally {
      closeSync(output);
    }
  }

  async kill(): Promise<void> {
    const pid = this.#child?.pid;
    if (pid !== undefined && this.exitReason === undefined && isAlive(pid)) await killNow([pid]);
  }
}

function startFailure(reason: string, jvms: JvmProcess[]): BrokerError {
  const sections = jvms.flatMap((jvm) => {
    const excerpt = failureExcerpt(jvm.logFile);
    const output = nonLogLines(jvm.consoleFile, 10);
    return [
      excerpt.length > 0 ? `--- ${jvm.logFile} ---\n${excerpt.join('\n')}` : `--- ${jvm.logFile} is empty ---`,
      ...(output.length > 0 ? [`--- ${jvm.consoleFile} ---\n${output.join('\n')}`] : []),
    ];
  });
  return new BrokerError('CC_BROKER_START_FAILED', [reason, ...sections].join('\n'), { retriable: true });
}
