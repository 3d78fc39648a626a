/**
 * `classcast class grant|revoke|access`: who may teach and who may watch a class, kept as Kafka
 * ACLs on a secured cluster (docs/SECURITY.md). Run as an admin (--username/--password).
 */
import type { Command } from 'commander';
import { createClassAccess, type ClassAccess, type ClassAcl, type ClassRole } from '@classcast/kafka';
import { CliError } from '../cli-errors.js';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';

interface RoleFlags extends ConnectionFlags {
  class: string;
  teacher?: string;
  student?: string;
}

const print = (text: string): void => void process.stdout.write(`${text}\n`);

const WHAT_A_ROLE_MAY = { teacher: 'broadcast to', student: 'watch' } as const;

export function registerAccessCommands(program: Command): void {
  // `class` is registered by class.ts; these join it.
  const group = program.commands.find((command) => command.name() === 'class') ?? program.command('class');

  roleCommand(group, 'grant', 'let a teacher broadcast to a class, or a student watch it', async (access, classId, role, user) => {
    await access.grant(classId, role, user);
    print(`${role} ${user} may now ${WHAT_A_ROLE_MAY[role]} class ${classId}`);
  });

  roleCommand(group, 'revoke', "take a teacher's or a student's access to a class away", async (access, classId, role, user) => {
    await access.revoke(classId, role, user);
    print(`${role} ${user} may no longer ${WHAT_A_ROLE_MAY[role]} class ${classId}`);
  });

  addConnectionOptions(group.command('access').description('who may teach and who may watch a class').requiredOption('--class <id>', 'class id')).action(
    withAccess(async (access, flags: ConnectionFlags & { class: string }) => {
      const entries = await access.listAccess(flags.class);
      if (entries.length === 0) print(`nobody has access to class ${flags.class} (admins always do)`);
      for (const { user, roles, other } of entries) {
        print(`${user.padEnd(24)} ${roles.length > 0 ? roles.join(', ') : '-'}${other.length > 0 ? `  also: ${other.map(describeAcl).join('; ')}` : ''}`);
      }
    }),
  );
}

type RoleAction = (access: ClassAccess, classId: string, role: ClassRole, user: string) => Promise<void>;

function roleCommand(group: Command, name: string, description: string, action: RoleAction): void {
  addConnectionOptions(group.command(name).description(description).requiredOption('--class <id>', 'class id'))
    .option('--teacher <user>', 'the teacher (a Kafka user name)')
    .option('--student <user>', 'the student (a Kafka user name)')
    .action(async (flags: RoleFlags) => {
      const [role, user] = roleOf(flags); // before connecting: a usage mistake needs no broker
      await withAccess((access) => action(access, flags.class, role, user))(flags);
    });
}

function roleOf(flags: RoleFlags): [ClassRole, string] {
  if (flags.teacher !== undefined && flags.student === undefined) return ['teacher', flags.teacher];
  if (flags.student !== undefined && flags.teacher === undefined) return ['student', flags.student];
  throw new CliError('CC_BAD_ACCESS_FLAGS', 'give exactly one of --teacher <user> or --student <user>');
}

function withAccess<F extends ConnectionFlags>(action: (access: ClassAccess, flags: F) => Promise<void>): (flags: F) => Promise<void> {
  return async (flags) => {
    const access = await createClassAccess(await resolveConnection(flags));
    try {
      await action(access, flags);
    } finally {
      await access.close();
    }
  };
}

function describeAcl(acl: ClassAcl): string {
  return `${acl.operation} on ${acl.resourceType} ${acl.resourceName}${acl.pattern === 'prefixed' ? '*' : ''}`;
}
