/**
 * The throwaway pom.xml that makes Maven resolve Apache Flume's jars: the agent (flume-ng-node)
 * and the Kafka sink, source and channel. Those bring kafka-clients 2.7.2 and kafka_2.13 2.7.2, so
 * they live in a cache folder of their own, never on the broker's classpath. Flume 1.11 logs
 * through slf4j-api 1.7.x, so the slf4j 1.x binding log4j-slf4j-impl is the one that logs.
 */
import { dependencyPom, slf4jLog4jArtifacts, type MavenArtifact } from '@classcast/broker';

export type { MavenArtifact } from '@classcast/broker';
export const FLUME_VERSION = '1.11.0';

export function flumeArtifacts(flumeVersion: string = FLUME_VERSION): MavenArtifact[] {
  return [
    { groupId: 'org.apache.flume', artifactId: 'flume-ng-node', version: flumeVersion },
    // Note the sink's artifactId: flume-ng-kafka-sink (there is no flume-kafka-sink on Maven Central).
    { groupId: 'org.apache.flume.flume-ng-sinks', artifactId: 'flume-ng-kafka-sink', version: flumeVersion },
    { groupId: 'org.apache.flume.flume-ng-sources', artifactId: 'flume-kafka-source', version: flumeVersion },
    { groupId: 'org.apache.flume.flume-ng-channels', artifactId: 'flume-kafka-channel', version: flumeVersion },
    ...slf4jLog4jArtifacts(),
  ];
}

export function flumePom(flumeVersion: string = FLUME_VERSION): string {
  return dependencyPom({
    artifactId: 'flume-agent-jars',
    version: flumeVersion,
    writtenBy: "@classcast/flume to fetch Apache Flume's jars",
    artifacts: flumeArtifacts(flumeVersion),
  });
}
