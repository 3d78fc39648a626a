/**
 * The throwaway pom.xml that makes Maven resolve Apache Flume's jars: the agent (flume-ng-node)
 * and the Kafka sink, source and channel. Those bring kafka-clients 2.7.2 and kafka_2.13 2.7.2, so
 * they live in a cache folder of their own, never on the broker's classpath. Flume 1.11 logs
 * through slf4j-api 1.7.x, so the slf4j 1.x binding log4j-slf4j-impl is the one that logs.
 */
export const FLUME_VERSION = '1.11.0';
const LOG4J_VERSION = '2.24.3';
const DEPENDENCY_PLUGIN_VERSION = '3.8.1';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

export function flumeArtifacts(flumeVersion: string = FLUME_VERSION): MavenArtifact[] {
  return [
    { groupId: 'org.apache.flume', artifactId: 'flume-ng-node', version: flumeVersion },
    // Note the sink's artifactId: flume-ng-kafka-sink (there is no flume-kafka-sink on Maven Central).
    { groupId: 'org.apache.flume.flume-ng-sinks', artifactId: 'flume-ng-kafka-sink', version: flumeVersion },
    { groupId: 'org.apache.flume.flume-ng-sources', artifactId: 'flume-kafka-source', version: flumeVersion },
    { groupId: 'org.apache.flume.flume-ng-channels', artifactId: 'flume-kafka-channel', version: flumeVersion },
    { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: LOG4J_VERSION },
    { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl', version: LOG4J_VERSION },
  ];
}

export function flumePom(flumeVersion: string = FLUME_VERSION): string {
  const dependencies = flumeArtifacts(flumeVersion)
    .map(
      (a) =>
        `    <dependency><groupId>${a.groupId}</groupId><artifactId>${a.artifactId}</artifactId>` +
        `<version>${a.version}</version></dependency>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by @classcast/flume to fetch Apache Flume's jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.classcast</groupId>
  <artifactId>flume-agent-jars</artifactId>
  <version>${flumeVersion}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependencies}
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>${DEPENDENCY_PLUGIN_VERSION}</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
}
