import { expect, test } from 'vitest';
import { brokerArtifacts, brokerPom } from './maven-pom.js';

const names = (version: string) => brokerArtifacts(version).map((a) => a.artifactId);

test('Kafka 4.x gets the log4j2 binding for its slf4j 1.7; 3.x keeps its own slf4j-reload4j, so there is only one binding', () => {
  expect(names('4.1.1')).toEqual(['kafka_2.13', 'kafka-tools', 'log4j-core', 'log4j-slf4j-impl']);
  expect(names('3.7.2')).toEqual(['kafka_2.13', 'kafka-tools']);
  expect(brokerPom('3.7.2')).toContain('<artifactId>kafka_2.13</artifactId><version>3.7.2</version>');
});
