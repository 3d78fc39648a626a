/**
 * The agent configs shipped in packages/flume/agents/*.conf, with their ${NAME} placeholders filled.
 * The same placeholder syntax is what Flume's own EnvVarResolverProperties reads from the
 * environment, so the files also run by hand.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { assertValidName } from '@classcast/protocol';
import { FlumeError } from './errors.js';

/** The agents this package ships, by file name (without .conf) and the agent name inside. */
export const AGENTS = {
  /** Kafka as sink: netcat lines → classcast.<class>.announcements. */
  'announcements-sink': 'announce',
  /** Kafka as source: classcast.<class>.frames → file_roll archive. */
  'frames-archive': 'archive',
  /** Kafka as channel: netcat → classcast.<class>.announcements (the channel) → file_roll. */
  'announcements-channel': 'relay',
} as const;
export type AgentFile = keyof typeof AGENTS;

/** The folder holding the shipped *.conf files (packages/flume/agents). */
export const AGENTS_DIR = fileURLToPath(new URL('../agents/', import.meta.url));

/** Replaces every ${NAME}; a placeholder without a value is an error, never left in. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  const missing = new Set<string>();
  const filled = text.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) missing.add(name);
    return value ?? whole;
  });
  if (missing.size > 0) {
    throw new FlumeError('CC_FLUME_BAD_CONFIG', `the agent config needs a value for ${[...missing].join(', ')}`);
  }
  return filled;
}

export async function renderAgentConfig(file: AgentFile, values: Record<string, string>): Promise<string> {
  if (values.CLASS_ID !== undefined) assertValidName('class id', values.CLASS_ID);
  const text = await readFile(new URL(`${file}.conf`, new URL('../agents/', import.meta.url)), 'utf8');
  return fillPlaceholders(text, values);
}

export interface AgentComponents {
  sources: string[];
  channels: string[];
  sinks: string[];
}

/** The component names an agent declares (`<agent>.sources = a b`), to know when all have started. */
export function agentComponents(config: string, agentName: string): AgentComponents {
  const list = (kind: string) => {
    const match = new RegExp(`^\\s*${agentName.replace(/\./g, '\\.')}\\.${kind}\\s*=\\s*(.*)$`, 'm').exec(config);
    return match ? match[1]!.trim().split(/\s+/).filter(Boolean) : [];
  };
  const components = { sources: list('sources'), channels: list('channels'), sinks: list('sinks') };
  if (components.channels.length === 0) {
    throw new FlumeError('CC_FLUME_BAD_CONFIG', `the config declares no channels for agent "${agentName}" (${agentName}.channels = ...)`);
  }
  return components;
}
