/**
 * One running Kafka JVM (a combined broker+controller node): spawning it, restarting it with the
 * same data and ports, stopping it gracefully or killing it for fault tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { brokerClassData, type ClassDataPlan } from './class-data-archive.js';
import { consoleLogFile, serverLogFile } from './cluster-layout.js';
import { BrokerError } from './errors.js';
import { BROKER_JVM_OPTIONS, javaArgs, tiedToParent, type JavaRuntime } from './java-command.js';
import { failureExcerpt, nonLogLines } from './log-tail.js';
import { forgetPid, killOnExit } from './process-reaper.js';
import { isAlive, killNow, terminate } from './process-table.js';
import type { NodePlan } from './server-properties.js';
import { waitForCluster, type ProbeCredentials } from './wait-for-cluster.js';

export const DEFAULT_START_TIMEOUT_MS = 90_000;
export const DEFAULT_STOP_TIMEOUT_MS = 15_000;

export interface KafkaNode {
  readonly nodeId: number;
  readonly host: string;
  /** The client (PLAINTEXT) port; the same across restarts. */
  readonly port: number;
  readonly controllerPort: number;
  /** The SASL_SSL listener's port on a secured node with TLS, else undefined. */
  readonly tlsPort: number | undefined;
  /** `host:port` of this node alone. */
  readonly bootstrapServer: string;
  /** This node's directory: server.properties, server.log, console.log, data/. */
  readonly dir: string;
  readonly logFile: string;
  /** The JVM's pid while it runs, undefined after stop/kill. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Restarts a stopped or killed node with the same data and ports; resolves once it answers. */
  start(): Promise<void>;
  /** SIGTERM (a clean Kafka shutdown), then SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL at once, like a crash. */
  kill(): Promise<void>;
}

export interface NodeLaunchOptions {
  runtime: JavaRuntime;
  jvmOptions: string[];
  /** Detached JVMs outlive this process (`classcast broker up`); attached ones die with it. */
  detached: boolean;
  startTimeoutMs: number;
  /** The admin's, when the cluster is secured: the readiness probe must log in. */
  credentials?: ProbeCredentials;
}

export class KafkaNodeProcess implements KafkaNode {
  #child: ChildProcess | undefined;
  #exitReason: string | undefined;
  #classData: ClassDataPlan | undefined;

  constructor(
    private readonly plan: NodePlan,
    private readonly launch: NodeLaunchOptions,
  ) {}

  get nodeId(): number {
    return this.plan.nodeId;
  }
  get host(): string {
    return this.plan.host;
  }
  get port(): number {
    return this.plan.port;
  }
  get controllerPort(): number {
    return this.plan.controllerPort;
  }
  get tlsPort(): number | undefined {
    return this.plan.tlsPort;
  }
  get dir(): string {
    return this.plan.dir;
  }
  get bootstrapServer(): string {
    return `${this.plan.host}:${this.plan.port}`;
  }
  get logFile(): string {
    return serverLogFile(this.plan);
  }
  get pid(): number | undefined {
    return this.running ? this.#child?.pid : undefined;
  }
  get running(): boolean {
    return this.#child?.pid !== undefined && this.#exitReason === undefined && isAlive(this.#child.pid);
  }

  /** Why the JVM is gone, once it is. */
  get exitReason(): string | undefined {
    return this.#exitReason;
  }

  /** True while this JVM will write the class-data archive on a clean exit (so prefer stop to kill). */
  get writesArchive(): boolean {
    return this.running && this.#classData?.writesArchive === true;
  }

  /** Starts the JVM without waiting for it to answer (the cluster waits for all nodes at once). */
  spawn(): void {
    if (this.running) return;
    const { runtime, detached } = this.launch;
    // A detached JVM's exit is not ours to see, so it never writes the archive.
    const classData = brokerClassData(runtime, !detached);
    this.#classData = classData;
    const jvmOptions = [
      ...BROKER_JVM_OPTIONS,
      ...classData.jvmOptions,
      ...this.launch.jvmOptions,
      `-Dlog4j2.configurationFile=${path.join(this.dir, 'log4j2.xml')}`,
    ];
    const args = javaArgs(runtime, jvmOptions, 'kafka.Kafka', [path.join(this.dir, 'server.properties')]);
    const command = detached ? { command: runtime.java, args } : tiedToParent(runtime, args);
    // A file, not a pipe, takes the JVM's stdout/stderr: a detached JVM must not die of SIGPIPE
    // when the CLI that started it exits.
    const output = openSync(consoleLogFile(this.plan), 'a');
    try {
      this.#exitReason = undefined;
      const child = spawn(command.command, command.args, { cwd: this.dir, env: runtime.env, detached, stdio: ['ignore', output, output] });
      this.#child = child;
      // `this.#child === child`: a killed JVM's late exit event must not mark its restart as exited.
      child.once('error', (error) => {
        if (this.#child === child) this.#exitReason = `node ${this.nodeId} could not start: ${error.message}`;
        classData.onExit(null, null);
      });
      child.once('exit', (code, signal) => {
        if (this.#child === child) this.#exitReason = `node ${this.nodeId} exited with ${signal ?? `code ${code}`}`;
        if (child.pid !== undefined) forgetPid(child.pid);
        classData.onExit(code, signal);
      });
      if (detached) child.unref();
      // Even a detached JVM dies with us until release(): a Ctrl-C during `broker up` must not
      // leave a broker running that no state file records.
      if (child.pid !== undefined) killOnExit(child.pid);
    } finally {
      closeSync(output);
    }
  }

  /** Lets a detached JVM outlive this process from now on. */
  release(): void {
    if (this.#child?.pid !== undefined) forgetPid(this.#child.pid);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.spawn();
    const result = await waitForCluster({
      bootstrapServers: [this.bootstrapServer],
      nodeIds: [this.nodeId],
      timeoutMs: this.launch.startTimeoutMs,
      ...(this.launch.credentials ? { credentials: this.launch.credentials } : {}),
      failFast: () => this.#exitReason,
    });
    if (!result.ready) {
      await this.kill();
      throw startFailure(result.reason, [this]);
    }
  }

  async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    const pid = this.pid;
    if (pid !== undefined) await terminate([pid], timeoutMs);
  }

  async kill(): Promise<void> {
    const pid = this.pid;
    if (pid !== undefined) await killNow([pid]);
  }
}

/** The start error, with each node's log excerpt so the cause is in the message itself. */
export function startFailure(reason: string, nodes: KafkaNode[]): BrokerError {
  const sections = nodes.flatMap((node) => {
    const excerpt = failureExcerpt(node.logFile);
    const jvmOutput = nonLogLines(consoleLogFile(node), 10);
    return [
      excerpt.length > 0 ? `--- ${node.logFile} ---\n${excerpt.join('\n')}` : `--- ${node.logFile} is empty ---`,
      ...(jvmOutput.length > 0 ? [`--- ${consoleLogFile(node)} ---\n${jvmOutput.join('\n')}`] : []),
    ];
  });
  return new BrokerError('CC_BROKER_START_FAILED', [reason, ...sections].join('\n'), { retriable: true });
}
