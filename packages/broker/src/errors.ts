/**
 * Typed errors of the embedded broker. Each carries a stable `code` so the CLI and tests can tell
 * "install Java" from "the broker crashed" without parsing messages.
 */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type BrokerErrorCode = ErrorCodeOf<'broker'>;

export class BrokerError extends ClasscastError<BrokerErrorCode> {}

const OWN_CLUSTER_HINT = 'or point classcast at your own cluster with --brokers / CLASSCAST_BROKERS';

export function javaMissingError(detail = ''): BrokerError {
  return new BrokerError(
    'CC_BROKER_JAVA_MISSING',
    `Java 17+ is needed to run the embedded Kafka broker${detail}: install it (apt-get install openjdk-17-jre-headless) ${OWN_CLUSTER_HINT}`,
  );
}

export function mavenMissingError(): BrokerError {
  return new BrokerError(
    'CC_BROKER_MAVEN_MISSING',
    `Maven (mvn) is needed once to download the embedded Kafka broker from Maven Central: install it (apt-get install maven) ${OWN_CLUSTER_HINT}`,
  );
}
