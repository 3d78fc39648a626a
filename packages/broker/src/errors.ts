/**
 * Typed errors of the embedded broker. Each carries a stable `code` so the CLI and tests can tell
 * "install Java" from "the broker crashed" without parsing messages.
 */
import { ClasscastError } from '@classcast/protocol';

export type BrokerErrorCode =
  | 'CC_BROKER_JAVA_MISSING'
  | 'CC_BROKER_MAVEN_MISSING'
  | 'CC_BROKER_DOWNLOAD_FAILED'
  | 'CC_BROKER_FORMAT_FAILED'
  | 'CC_BROKER_DATA_DIR_MISMATCH'
  | 'CC_BROKER_START_FAILED'
  | 'CC_BROKER_BAD_USER'
  | 'CC_BROKER_SECURITY_MISMATCH'
  | 'CC_BROKER_USER_UPDATE_FAILED'
  | 'CC_BROKER_OPENSSL_MISSING'
  | 'CC_BROKER_TLS_FAILED'
  | 'CC_BROKER_UNKNOWN_TOOL';

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
