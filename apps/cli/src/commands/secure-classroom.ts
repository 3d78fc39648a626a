/**
 * What `classcast classroom --secure` adds to the local classroom, so a teacher or an IT admin
 * can try the real setup in a minute: Kafka with SCRAM logins and ACLs, a teacher who logs in as
 * "teacher" and may broadcast to the class only, a login for each student that may watch it, and
 * an HTTPS gateway (a certificate made for this classroom) whose students log in with those.
 *
 * The generated passwords are printed once and kept nowhere but in memory and, for the teacher
 * stream and the optional command-line student, in 0600 files of a folder removed at the end.
 */
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTlsMaterial, type BrokerSecurity, type KafkaCluster } from '@classcast/broker';
import { createClassAccess, type KafkaConnection } from '@classcast/kafka';
import { CliError } from '../cli-errors.js';

export const CLASSROOM_TEACHER = 'teacher';
const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface SecureClassroom {
  /** For startKafka: the teacher's and the students' SCRAM users. */
  security: BrokerSecurity;
  /** Student name → password, to print once. */
  studentPasswords: Record<string, string>;
  /** The gateway's certificate and key (PEM), and the CA a browser or an admin may trust. */
  tls: { cert: string; key: string; caFile: string };
  /** A 0600 file with this user's password, for the CLI's --password-file. */
  passwordFile(user: string): string;
  /** Lets the teacher broadcast to the class and every student watch it (needs the running cluster). */
  grant(cluster: KafkaCluster, classId: string): Promise<void>;
  /** Removes the password files and the certificate. */
  close(): Promise<void>;
}

export async function prepareSecureClassroom(students: readonly string[]): Promise<SecureClassroom> {
  if (students.length === 0) throw new CliError('CC_BAD_CLASSROOM_FLAGS', '--students needs at least one name');
  if (students.includes(CLASSROOM_TEACHER))
    throw new CliError('CC_BAD_CLASSROOM_FLAGS', `"${CLASSROOM_TEACHER}" is the teacher's login: pick other student names`);
  const dir = await mkdtemp(join(tmpdir(), 'classcast-secure-classroom-'));
  // Ctrl-C may end the process before any finally runs (the broker's reaper re-raises the
  // signal): the passwords and the key must not outlive the classroom even then.
  const removeNow = () => rmSync(dir, { recursive: true, force: true });
  const forget = () => {
    process.off('exit', removeNow);
    for (const name of EXIT_SIGNALS) process.off(name, removeNow);
  };
  process.once('exit', removeNow);
  for (const name of EXIT_SIGNALS) process.once(name, removeNow);
  try {
    const passwords: Record<string, string> = { [CLASSROOM_TEACHER]: newPassword() };
    for (const student of students) passwords[student] = newPassword();
    await Promise.all(Object.entries(passwords).map(([user, password]) => writeFile(join(dir, `${user}.password`), password, { mode: 0o600 })));
    const material = await generateTlsMaterial(join(dir, 'tls'));
    // One PEM holds the key and the certificate; Node's TLS reads each from it.
    const pem = await readFile(material.keystoreFile, 'utf8');
    const { [CLASSROOM_TEACHER]: _teacher, ...studentPasswords } = passwords;
    return {
      security: { scramUsers: passwords },
      studentPasswords,
      tls: { cert: pem, key: pem, caFile: material.caFile },
      passwordFile: (user) => join(dir, `${user}.password`),
      async grant(cluster, classId) {
        const access = await createClassAccess(adminLogin(cluster));
        try {
          await access.grantTeacher(classId, CLASSROOM_TEACHER);
          for (const student of students) await access.grantStudent(classId, student);
        } finally {
          await access.close();
        }
      },
      async close() {
        forget();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    forget();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The login of the admin that startKafka made for the secured classroom broker: it may change ACLs. */
export function adminLogin(cluster: KafkaCluster): KafkaConnection {
  const admin = cluster.security;
  if (!admin) throw new CliError('CC_BAD_CLASSROOM_FLAGS', 'the classroom broker did not start secured');
  return { brokers: cluster.bootstrapServers, sasl: { mechanism: admin.mechanism, username: admin.adminUser, password: admin.adminPassword } };
}

/** 12 characters a teacher can read aloud or type from the board: no look-alikes (0/O, 1/l/I). */
function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
}
