/**
 * @classcast/flume: Apache Flume 1.11 agents next to classcast's Kafka. Jars from Maven Central
 * in their own cache folder (Flume brings kafka-clients 2.7.2), the agent configs in
 * packages/flume/agents, and an agent started and stopped from Node. See docs/FLUME.md.
 */
export { AGENTS, AGENTS_DIR, agentComponents, fillPlaceholders, renderAgentConfig, type AgentComponents, type AgentFile } from './agent-config.js';
export { FlumeError, type FlumeErrorCode } from './errors.js';
export { fetchFlumeJars, flumeCacheDir, type FetchFlumeJarsOptions } from './fetch-flume-jars.js';
export { FLUME_VERSION, flumeArtifacts, flumePom, type MavenArtifact } from './flume-pom.js';
export { DEFAULT_AGENT_START_TIMEOUT_MS, DEFAULT_AGENT_STOP_TIMEOUT_MS, startFlumeAgent, type FlumeAgent, type StartFlumeAgentOptions } from './flume-agent.js';
export { sendNetcatLines } from './netcat-client.js';
