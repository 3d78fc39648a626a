#!/usr/bin/env node
/**
 * The project's own Flume launcher:
 *   node packages/flume/dist/bin.js fetch
 *   node packages/flume/dist/bin.js run <announcements-sink|frames-archive|announcements-channel> KEY=VALUE...
 * e.g. `run announcements-sink CLASS_ID=demo KAFKA_BOOTSTRAP_SERVERS=localhost:9092 NETCAT_HOST=127.0.0.1 NETCAT_PORT=44444`.
 * Runs the agent until Ctrl-C, then stops it (no JVM left). See docs/FLUME.md.
 */
import { AGENTS, renderAgentConfig, type AgentFile } from './agent-config.js';
import { fetchFlumeJars } from './fetch-flume-jars.js';
import { startFlumeAgent } from './flume-agent.js';

const USAGE = `usage: flume fetch | flume run <${Object.keys(AGENTS).join('|')}> KEY=VALUE...`;

async function main(argv: string[]): Promise<number> {
  const [command, file, ...pairs] = argv;
  if (command === 'fetch') {
    console.log(await fetchFlumeJars());
    return 0;
  }
  if (command !== 'run' || !file || !(file in AGENTS)) {
    console.error(USAGE);
    return 2;
  }
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      console.error(`not KEY=VALUE: ${pair}\n${USAGE}`);
      return 2;
    }
    values[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const agentFile = file as AgentFile;
  const config = await renderAgentConfig(agentFile, values);
  const agent = await startFlumeAgent({ agentName: AGENTS[agentFile], config });
  console.log(`Flume agent "${agent.agentName}" running (pid ${agent.pid}, log ${agent.logFile}); Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await agent.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
