/**
 * One Apache Flume agent as a child JVM: `java -cp '<libs>/*' org.apache.flume.node.Application
 * -n <agent> -f <conf>` (what the flume-ng script runs; `-c <confdir>` is that script's option,
 * the Application itself rejects it). Resolves once every source, channel and sink has logged that
 * it started; stop() ends the JVM with SIGTERM (Flume's shutdown hook stops the components) and
 * SIGKILL after a grace period, so no JVM is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Env } from '@classcast/broker';
import { agentComponents } from './agent-config.js';
import { FlumeError } from './errors.js';
import { fetchFlumeJars } from './fetch-flume-jars.js';
import { javaExecutable } from './tools.js';

export const DEFAULT_AGENT_START_TIMEOUT_MS = 60_000;
export const DEFAULT_AGENT_STOP_TIMEOUT_MS = 15_000;

const LOG4J2_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by @classcast/flume: the agent logs to stdout, which the launcher copies to agent.log. -->
<Configuration status="ERROR">
  <Appenders>
    <Console name="Console" target="SYSTEM_OUT"><PatternLayout pattern="%d{ISO8601} %-5p [%t] %c{1}: %m%n"/></Console>
  </Appenders>
  <Loggers>
    <Logger name="org.apache.kafka" level="WARN"/>
    <Root level="INFO"><AppenderRef ref="Console"/></Root>
  </Loggers>
</Configuration>
`;

export interface StartFlumeAgentOptions {
  /** The agent name inside the config (`-n`). */
  agentName: string;
  /** The properties text (`-f`), e.g. from renderAgentConfig. */
  config: string;
  /** Where the config, log4j2.xml and agent.log go. Default: a temp dir removed by stop(). */
  workDir?: string;
  /** Directory of Flume's jars. Default: fetchFlumeJars() (downloads once). */
  libsDir?: string;
  env?: Env;
  /** Extra JVM flags after the defaults (-Xmx256m, serial GC, C1 only: a small agent on 2 cores). */
  jvmOptions?: string[];
  startTimeoutMs?: number;
}

export interface FlumeAgent {
  readonly agentName: string;
  readonly pid: number;
  readonly workDir: string;
  readonly logFile: string;
  /** The log lines so far (the last few thousand). */
  logLines(): string[];
  /** Resolves when a log line matches (e.g. a component's message), rejects after timeoutMs. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Stops the JVM (SIGTERM, then SIGKILL after stopTimeoutMs). Safe to call twice. */
  stop(stopTimeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let reaperInstalled = false;
/** Last resort: a Node process that exits with agents still running takes them along. */
function killOnExit(child: ChildProcess): void {
  running.add(child);
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.once('exit', () => {
    for (const agent of running) agent.kill('SIGKILL');
  });
}

export async function startFlumeAgent(options: StartFlumeAgentOptions): Promise<FlumeAgent> {
  const env = options.env ?? process.env;
  const components = agentComponents(options.config, options.agentName);
  const libsDir = options.libsDir ?? (await fetchFlumeJars({ env }));
  const ownsWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), `classcast-flume-${options.agentName}-`)));
  await mkdir(workDir, { recursive: true });
  const confFile = path.join(workDir, `${options.agentName}.conf`);
  const log4jFile = path.join(workDir, 'log4j2.xml');
  const logFile = path.join(workDir, 'agent.log');
  await writeFile(confFile, options.config);
  await writeFile(log4jFile, LOG4J2_XML);

  const args = [
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    `-Dlog4j2.configurationFile=${log4jFile}`,
    ...(options.jvmOptions ?? []),
    '-cp',
    `${libsDir}${path.sep}*`,
    'org.apache.flume.node.Application',
    '-n',
    options.agentName,
    '-f',
    confFile,
  ];
  const child = spawn(javaExecutable(env), args, { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  const log = createWriteStream(logFile);
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve();
    });
  });
  let partial = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 5000) lines.shift();
      for (const watcher of watchers) watcher(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const waitForLog = (pattern: RegExp, timeoutMs = DEFAULT_AGENT_START_TIMEOUT_MS, cancel?: AbortSignal): Promise<string> =>
    new Promise((resolve, reject) => {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return resolve(seen);
      const done = (error?: Error, line?: string) => {
        clearTimeout(timer);
        watchers.delete(watcher);
        if (error) reject(error);
        else resolve(line!);
      };
      const watcher = (line: string) => {
        if (pattern.test(line)) done(undefined, line);
      };
      const timer = setTimeout(
        () => done(new FlumeError('CC_FLUME_START_FAILED', `no log line matching ${pattern} within ${timeoutMs} ms (see ${logFile})`)),
        timeoutMs,
      );
      watchers.add(watcher);
      cancel?.addEventListener('abort', () => done(new Error('cancelled')));
      void exitedPromise.then(() =>
        done(
          new FlumeError(
            'CC_FLUME_START_FAILED',
            `the Flume agent exited (${exited?.code ?? exited?.signal}) before logging ${pattern}:\n${lines.slice(-15).join('\n')}`,
          ),
        ),
      );
    });

  let stopping: Promise<void> | undefined;
  const stop = (stopTimeoutMs = DEFAULT_AGENT_STOP_TIMEOUT_MS): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        await exitedPromise;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(resolve));
      if (ownsWorkDir) await rm(workDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const agent: FlumeAgent = {
    agentName: options.agentName,
    pid: child.pid ?? -1,
    workDir,
    logFile,
    logLines: () => [...lines],
    waitForLog,
    stop,
  };

  const timeoutMs = options.startTimeoutMs ?? DEFAULT_AGENT_START_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A netcat source registers no counter; it is up once its server socket exists.
  const ready = [
    ...components.channels.map((name) => new RegExp(`Component type: CHANNEL, name: ${escape(name)} started`)),
    ...components.sinks.map((name) => new RegExp(`Component type: SINK, name: ${escape(name)} started`)),
    ...components.sources.map((name) => new RegExp(`Component type: SOURCE, name: ${escape(name)} started|NetcatSource: Created serverSocket`)),
  ];
  const startDone = new AbortController();
  try {
    const failure = waitForLog(
      /Unable to start|Error starting|Failed to start|ConfigurationException|has been removed due to an error/,
      timeoutMs,
      startDone.signal,
    ).then((line) => {
      throw new FlumeError('CC_FLUME_START_FAILED', `the Flume agent "${options.agentName}" could not start: ${line}`);
    });
    failure.catch(() => undefined);
    for (const pattern of ready) {
      await Promise.race([waitForLog(pattern, Math.max(1, deadline - Date.now())), failure]);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    startDone.abort();
  }
  return agent;
}
