/**
 * Apache Kafka's own command-line tools (kafka-topics.sh, kafka-consumer-groups.sh, …) run from
 * the jar cache: the Maven jars have the tools' classes but not Kafka's bin/ scripts, so this maps
 * each script's name to its main class (as in Kafka 4.1's bin/*.sh) and builds the java command
 * the script would run.
 */
import { DEFAULT_KAFKA_VERSION, type Env } from './env-paths.js';
import { BrokerError } from './errors.js';
import { fetchKafkaJars } from './fetch-kafka-jars.js';
import { javaArgs, TOOL_JVM_OPTIONS } from './java-command.js';
import type { ProgressListener } from './progress.js';
import { requireJava } from './required-tools.js';

/** bin/kafka-<name>.sh → its main class in the 4.1 jars. */
export const KAFKA_TOOLS = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  'consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'console-consumer': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  'console-producer': 'org.apache.kafka.tools.ConsoleProducer',
  'get-offsets': 'org.apache.kafka.tools.GetOffsetShell',
  configs: 'kafka.admin.ConfigCommand',
  acls: 'org.apache.kafka.tools.AclCommand',
  'delete-records': 'org.apache.kafka.tools.DeleteRecordsCommand',
  'reassign-partitions': 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand',
  'log-dirs': 'org.apache.kafka.tools.LogDirsCommand',
  'metadata-quorum': 'org.apache.kafka.tools.MetadataQuorumCommand',
  'broker-api-versions': 'org.apache.kafka.tools.BrokerApiVersionsCommand',
  groups: 'org.apache.kafka.tools.GroupsCommand',
  transactions: 'org.apache.kafka.tools.TransactionsCommand',
} as const;
export type KafkaToolName = keyof typeof KAFKA_TOOLS;

/** "consumer-groups", "kafka-consumer-groups" and "kafka-consumer-groups.sh" name the same tool. */
export function kafkaToolClass(name: string): string {
  const tool = name.replace(/^kafka-/, '').replace(/\.sh$/, '');
  if (!Object.hasOwn(KAFKA_TOOLS, tool)) {
    throw new BrokerError('CC_BROKER_UNKNOWN_TOOL', `unknown Kafka tool "${name}": use one of ${Object.keys(KAFKA_TOOLS).join(', ')}`);
  }
  return KAFKA_TOOLS[tool as KafkaToolName];
}

export interface KafkaToolOptions {
  env?: Env;
  kafkaVersion?: string;
  /** Download messages, if the jar cache is fetched first. */
  onProgress?: ProgressListener;
}

/** The java command that runs the tool with `args`, like its bin/ script (jars fetched if needed). */
export async function kafkaToolCommand(name: string, args: string[], options: KafkaToolOptions = {}): Promise<{ command: string; args: string[] }> {
  const mainClass = kafkaToolClass(name);
  const env = options.env ?? process.env;
  const java = await requireJava(env);
  const libsDir = await fetchKafkaJars({
    kafkaVersion: options.kafkaVersion ?? DEFAULT_KAFKA_VERSION,
    env,
    onProgress: options.onProgress ?? (() => undefined),
  });
  return { command: java.path, args: javaArgs({ java: java.path, javaVersion: java.version, libsDir, env }, TOOL_JVM_OPTIONS, mainClass, args) };
}
