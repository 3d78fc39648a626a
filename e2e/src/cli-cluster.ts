/**
 * A 3-node Kafka run as a user runs it: `classcast broker up --nodes 3` (free ports, detached),
 * with its state in a temp dir of its own (CLASSCAST_CACHE_DIR; the jar cache is the user's,
 * linked in), so no broker of the user's is touched. The faults are done to the recorded JVMs by
 * pid (kill -9, SIGSTOP); `classcast broker start --node N` and `broker up` bring nodes back on
 * their old ports. `close()` resumes any stopped node and takes everything down, and cannot hang.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerDown, brokerStatus, DEFAULT_KAFKA_VERSION, defaultStateDir, kafkaCacheDir } from '@classcast/broker';
import { frameTopic } from '@classcast/protocol';
import { partitionStateSeenBy, type PartitionState } from '@classcast/kafka/testing';
import { classcast } from '../../test-support/classcast-cli.js';
import { settleWithin, waitFor } from '../../test-support/wait-for.js';

const COMMAND_TIMEOUT_MS = 90_000;

export interface CliCluster {
  readonly bootstrapServers: string[];
  /** The environment under which classcast finds this cluster (and only this one). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `classcast <args>` against this cluster; resolves with its stdout, throws with its stderr if it fails. */
  run(args: string[]): Promise<string>;
  /** The class partition's leader and in-sync set as the nodes other than `except` see them. */
  partitionState(classId: string, except?: number[]): Promise<PartitionState | undefined>;
  /** Waits until every node is a replica in sync for the class (after a node came back). */
  waitForFullIsr(classId: string, timeoutMs: number): Promise<PartitionState>;
  /** Signals a node's JVM, by the pid that `broker up` / `broker start` recorded. */
  signal(nodeId: number, signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): void;
  close(): Promise<void>;
}

export async function startCliCluster(): Promise<CliCluster> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'classcast-fault-suite-'));
  // The jars are downloaded once per machine: link the user's cache instead of fetching again.
  await symlink(kafkaCacheDir(DEFAULT_KAFKA_VERSION, process.env), kafkaCacheDir(DEFAULT_KAFKA_VERSION, { CLASSCAST_CACHE_DIR: cacheDir }));
  const env = { CLASSCAST_CACHE_DIR: cacheDir };
  const stateDir = defaultStateDir(env);
  const stopped = new Set<number>();
  /** Node id → its port and its JVM's pid, as recorded by the last broker command. */
  let nodes = new Map<number, { port: number; pid: number }>();

  async function run(args: string[]): Promise<string> {
    const command = classcast(args, env);
    const code = await Promise.race([command.exit, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), COMMAND_TIMEOUT_MS).unref())]);
    if (code !== 0) {
      command.kill('SIGKILL');
      throw new Error(`classcast ${args.join(' ')} ${code === 'timeout' ? 'did not finish' : `exited ${code}`}: ${command.stderr}`);
    }
    if (args[0] === 'broker') {
      const status = await brokerStatus({ stateDir, timeoutMs: 1000 });
      nodes = new Map(status.nodes.map(({ nodeId, port, pid }) => [nodeId, { port, pid }]));
    }
    return command.stdout;
  }

  const removeAll = () => settleWithin('classcast broker down', brokerDown({ stateDir, timeoutMs: 2000, removeData: true }), 30_000);
  let bootstrapServers: string[] | undefined;
  try {
    const up = await run(['broker', 'up', '--nodes', '3']);
    bootstrapServers = /^Kafka is up at (\S+)$/m.exec(up)?.[1]?.split(',');
    if (!bootstrapServers) throw new Error(`classcast broker up said: ${up}`);
  } catch (error) {
    await removeAll();
    await rm(cacheDir, { recursive: true, force: true });
    throw error;
  }

  const serversExcept = (except: number[]) => [...nodes].filter(([id]) => !except.includes(id)).map(([, { port }]) => `127.0.0.1:${port}`);
  const partitionState = (classId: string, except: number[] = []) => partitionStateSeenBy(serversExcept(except), frameTopic(classId));

  return {
    bootstrapServers,
    env,
    run,
    partitionState,
    waitForFullIsr: (classId, timeoutMs) =>
      waitFor(
        async () => {
          const state = await partitionState(classId);
          return state && state.leader >= 0 && state.isr.length === nodes.size && state;
        },
        timeoutMs,
        `all ${nodes.size} nodes in sync for class ${classId}`,
      ),
    signal(nodeId, signal) {
      const pid = nodes.get(nodeId)?.pid;
      // Never a group or this process: -1 would signal every process the user may signal.
      if (pid === undefined || pid <= 1 || pid === process.pid) throw new Error(`no JVM recorded for node ${nodeId} (pid ${pid})`);
      console.log(`cli cluster: ${signal} to node ${nodeId} (pid ${pid})`);
      process.kill(pid, signal);
      if (signal === 'SIGSTOP') stopped.add(pid);
      if (signal === 'SIGCONT') stopped.delete(pid);
    },
    async close() {
      // A stopped JVM first: it must never outlive the suite, and SIGTERM waits on a stopped process.
      for (const pid of stopped) process.kill(pid, 'SIGCONT');
      stopped.clear();
      await removeAll();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}
