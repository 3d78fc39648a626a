/**
 * Creates or changes SCRAM users on a running secured cluster with Kafka's own ConfigCommand
 * (what kafka-configs.sh runs). kafkajs cannot: it has no AlterUserScramCredentials. Used when a
 * kept data dir is started with users it was not formatted with. The admin's login goes in a 0600
 * client config file and each new password in the tool's 0600 argument file, never on a command line.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrokerError } from './errors.js';
import { runJavaWithSecretArgs } from './java-argument-file.js';
import { TOOL_JVM_OPTIONS, type JavaRuntime } from './java-command.js';
import { SCRAM_MECHANISM, type ScramUsers } from './scram-users.js';
import type { ProbeCredentials } from './wait-for-cluster.js';

export interface ScramUserUpdate {
  runtime: JavaRuntime;
  /** A SASL_PLAINTEXT bootstrap server of the cluster. */
  bootstrapServer: string;
  admin: ProbeCredentials;
  /** Where the admin's client config is written for the tool's lifetime (mode 0600). */
  workDir: string;
}

export async function updateScramUsers(update: ScramUserUpdate, users: ScramUsers): Promise<void> {
  const config = path.join(update.workDir, `admin-client-${process.pid}.properties`);
  await writeFile(
    config,
    [
      'security.protocol=SASL_PLAINTEXT',
      `sasl.mechanism=${SCRAM_MECHANISM}`,
      `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${update.admin.username}" password="${update.admin.password}";`,
    ].join('\n') + '\n',
    { mode: 0o600 },
  );
  try {
    // One user per run: ConfigCommand alters one entity at a time.
    for (const [name, password] of Object.entries(users)) {
      const result = await runJavaWithSecretArgs({
        runtime: update.runtime,
        jvmOptions: TOOL_JVM_OPTIONS,
        mainClass: 'kafka.admin.ConfigCommand',
        args: [
          '--bootstrap-server',
          update.bootstrapServer,
          '--command-config',
          config,
          '--alter',
          '--entity-type',
          'users',
          '--entity-name',
          name,
          '--add-config',
          `${SCRAM_MECHANISM}=[password=${password}]`,
        ],
        dir: update.workDir,
      });
      if (result.exitCode !== 0) {
        throw new BrokerError('CC_BROKER_USER_UPDATE_FAILED', `could not store the password of user "${name}" in Kafka: ${result.tail.slice(-3).join(' ')}`);
      }
    }
  } finally {
    await rm(config, { force: true });
  }
}
