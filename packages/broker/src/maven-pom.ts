/**
 * The throwaway pom.xml that makes Maven resolve the broker's jars: the Kafka server (with its
 * transitive clients, raft, metadata, storage, scala, jackson), Kafka's admin tools, and a log4j2
 * binding. kafka_2.13 4.1.x brings slf4j-api 1.7.36, so the slf4j 1.x binding (log4j-slf4j-impl)
 * is the one that logs; log4j-slf4j2-impl would stay silent.
 */
const LOG4J_VERSION = '2.24.3';
// Pinned so Maven does not resolve "latest" plugin metadata on every machine differently.
const DEPENDENCY_PLUGIN_VERSION = '3.8.1';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

export function brokerArtifacts(kafkaVersion: string): MavenArtifact[] {
  return [
    { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: kafkaVersion },
    // ConsumerGroupCommand, ReassignPartitionsCommand, MetadataQuorumCommand...: what kafkajs lacks.
    { groupId: 'org.apache.kafka', artifactId: 'kafka-tools', version: kafkaVersion },
    // Kafka 3.x brings its own binding (slf4j-reload4j, log4j 1.2 syntax); a second one would make
    // slf4j pick either at random. 4.x brings none.
    ...(bringsOwnLogBinding(kafkaVersion) ? [] : slf4jLog4jArtifacts()),
  ];
}

/** Kafka before 4.0 (ZooKeeper mode's releases) depends on slf4j-reload4j at runtime. */
export function bringsOwnLogBinding(kafkaVersion: string): boolean {
  return Number(kafkaVersion.split('.')[0]) < 4;
}

export function brokerPom(kafkaVersion: string): string {
  return dependencyPom({
    artifactId: 'embedded-kafka-jars',
    version: kafkaVersion,
    writtenBy: "@classcast/broker to fetch the embedded Kafka broker's jars",
    artifacts: brokerArtifacts(kafkaVersion),
  });
}

/** The log4j2 binding for a JVM that logs through slf4j-api 1.7.x (Kafka 4.1, Flume 1.11). */
export function slf4jLog4jArtifacts(): MavenArtifact[] {
  return [
    { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: LOG4J_VERSION },
    { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl', version: LOG4J_VERSION },
  ];
}

/** A pom whose only job is to let `mvn dependency:copy-dependencies` fetch `artifacts`. */
export function dependencyPom(pom: { artifactId: string; version: string; writtenBy: string; artifacts: MavenArtifact[] }): string {
  const dependencies = pom.artifacts
    .map((a) => `    <dependency><groupId>${a.groupId}</groupId><artifactId>${a.artifactId}</artifactId>` + `<version>${a.version}</version></dependency>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by ${pom.writtenBy}. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.classcast</groupId>
  <artifactId>${pom.artifactId}</artifactId>
  <version>${pom.version}</version>
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
