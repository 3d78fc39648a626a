/**
 * `classcast class …`: class topics administered the way kafka-topics.sh and
 * kafka-reassign-partitions.sh taught admins, plus `classcast students` (who watches, their lag,
 * resetting one student's position).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatBytes, formatPictureSize, type PictureSize } from '@classcast/protocol';
import {
  createClassAdmin,
  KafkaError,
  listStudents,
  pruneStudents,
  resetStudent,
  studentState,
  validatePlan,
  type ClassAdmin,
  type ReassignmentPlan,
} from '@classcast/kafka';
import { CliError } from '../cli-errors.js';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { formatDuration, parseDuration, parseStudentPosition } from './time-parsers.js';
import { parseBytes, parseNumber, parsePictureSizeOption } from './option-parsers.js';

type RetentionFlags = { retention?: number; retentionBytes?: number; minInsync?: number };

const RETENTION_HELP = 'how long lessons stay replayable, e.g. 7d, 12h, 30m (segments roll at a tenth of it, an hour at most)';
const RETENTION_BYTES_HELP = 'at most this much per partition, e.g. 20G (Kafka retention.bytes; the oldest lesson goes first)';
const MIN_INSYNC_HELP = 'copies that must hold a frame before Kafka confirms it (default: 2 from replication factor 3 up)';
const MAX_PICTURE_HELP =
  'largest picture every viewer decodes, WIDTHxHEIGHT (compared as pixels; default 3840x2160, at most 16384x16384); larger ones are skipped. A class setting only admins can change';

/** The flags shared by create and config, as class topic settings. */
function retentionSettings(flags: RetentionFlags): { retentionMs?: number; retentionBytes?: number; minInsyncReplicas?: number } {
  return {
    ...(flags.retention !== undefined ? { retentionMs: flags.retention } : {}),
    ...(flags.retentionBytes !== undefined ? { retentionBytes: flags.retentionBytes } : {}),
    ...(flags.minInsync !== undefined ? { minInsyncReplicas: flags.minInsync } : {}),
  };
}

function addRetentionOptions(command: Command): Command {
  return command
    .option('--retention <duration>', RETENTION_HELP, parseDuration)
    .option('--retention-bytes <size>', RETENTION_BYTES_HELP, parseBytes)
    .option('--min-insync <n>', MIN_INSYNC_HELP, parseNumber('min insync', 1, 10));
}

type AdminAction<F> = (admin: ClassAdmin, flags: F) => Promise<void>;

function withAdmin<F extends ConnectionFlags>(action: AdminAction<F>): (flags: F) => Promise<void> {
  return async (flags) => {
    const admin = await createClassAdmin(await resolveConnection(flags));
    try {
      await action(admin, flags);
    } finally {
      await admin.close();
    }
  };
}

const print = (text: string): void => void process.stdout.write(`${text}\n`);

export function registerClassCommands(program: Command): void {
  const group = program.command('class').description('create and administer class topics');

  const create = addConnectionOptions(group.command('create').description('create a class topic').requiredOption('--class <id>', 'class id'))
    .option('--partitions <n>', 'partitions (one per stream)', parseNumber('partitions', 1, 1000), 1)
    .option('--replication-factor <n>', 'copies of each partition (default: min(3, brokers))', parseNumber('replication factor', 1, 10));
  addRetentionOptions(create)
    .option('--max-picture <WxH>', MAX_PICTURE_HELP, parsePictureSizeOption)
    .action(
      withAdmin(
        async (
          admin,
          flags: ConnectionFlags & RetentionFlags & { class: string; partitions: number; replicationFactor?: number; maxPicture?: PictureSize },
        ) => {
          const created = await admin.create(flags.class, {
            partitions: flags.partitions,
            ...(flags.replicationFactor ? { replicationFactor: flags.replicationFactor } : {}),
            ...retentionSettings(flags),
          });
          print(created ? `created class ${flags.class}` : `class ${flags.class} already exists`);
          if (flags.maxPicture) {
            await admin.setMaxPicture(flags.class, flags.maxPicture);
            print(`class ${flags.class}: max-picture=${formatPictureSize(flags.maxPicture)}`);
          }
        },
      ),
    );

  addConnectionOptions(group.command('list').description('list classes')).action(withAdmin(async (admin) => void print((await admin.list()).join('\n'))));

  addConnectionOptions(
    group.command('describe').description('partitions, leaders, replicas, offsets and settings').requiredOption('--class <id>', 'class id'),
  ).action(
    withAdmin(async (admin, flags: ConnectionFlags & { class: string }) => {
      const description = await admin.describe(flags.class);
      print(`class ${description.classId}  topic ${description.topic}`);
      for (const [name, value] of Object.entries(description.configs)) print(`  ${name}=${value}`);
      for (const p of description.partitions) {
        print(`  partition ${p.partition}  leader ${p.leader}  replicas ${p.replicas.join(',')}  isr ${p.isr.join(',')}  offsets ${p.low}..${p.high}`);
      }
      const copies = description.partitions[0]?.replicas.length ?? 1;
      const tolerated = copies - description.minInsyncReplicas;
      print(
        `  durability: min.insync.replicas=${description.minInsyncReplicas} of ${copies} copies; frames keep flowing with ${tolerated} broker${tolerated === 1 ? '' : 's'} down`,
      );
      const { maxPicture } = description;
      print(
        `  max-picture=${formatPictureSize(maxPicture.size)} (${maxPicture.limit.maxPixels} pixels${maxPicture.source === 'default' ? ', the default' : ''}): viewers skip larger pictures`,
      );
      if (maxPicture.warning) print(`  warning: ${maxPicture.warning}`);
      const rate = await admin.diskRate(flags.class);
      const cluster = rate.copies > 1 ? `, ${formatBytes(rate.bytesPerHour * rate.copies)} on the cluster (${rate.copies} copies)` : '';
      print(`  disk ${formatBytes(rate.bytesPerHour)} per hour of lesson${cluster}, at the rate of the last ${rate.windowMs / 1000} s (${rate.frames} frames)`);
    }),
  );

  addConnectionOptions(group.command('alter').description('add partitions to a class').requiredOption('--class <id>', 'class id'))
    .requiredOption('--partitions <n>', 'the new partition count (more than now)', parseNumber('partitions', 1, 1000))
    .action(
      withAdmin(async (admin, flags: ConnectionFlags & { class: string; partitions: number }) => {
        await admin.setPartitionCount(flags.class, flags.partitions);
        print(`class ${flags.class} now has ${flags.partitions} partitions`);
      }),
    );

  const config = addConnectionOptions(group.command('config').description('change a class topic setting').requiredOption('--class <id>', 'class id')).option(
    '--max-frame-bytes <n>',
    'largest frame the topic accepts',
    parseNumber('max frame bytes', 1024, 256 * 1024 * 1024),
  );
  addRetentionOptions(config)
    .option('--max-picture <WxH>', MAX_PICTURE_HELP, parsePictureSizeOption)
    .action(
      withAdmin(async (admin, flags: ConnectionFlags & RetentionFlags & { class: string; maxFrameBytes?: number; maxPicture?: PictureSize }) => {
        const change = { ...retentionSettings(flags), ...(flags.maxFrameBytes ? { maxMessageBytes: flags.maxFrameBytes } : {}) };
        if (Object.keys(change).length === 0 && !flags.maxPicture)
          throw new CliError('CC_NOTHING_TO_CHANGE', 'give --retention, --retention-bytes, --min-insync, --max-frame-bytes or --max-picture');
        // The topic configs first: the setting is only written for a class that exists.
        const changes = Object.keys(change).length > 0 ? await admin.configure(flags.class, change) : {};
        if (flags.maxPicture) {
          await admin.setMaxPicture(flags.class, flags.maxPicture);
          changes['max-picture'] = formatPictureSize(flags.maxPicture);
        }
        print(
          `class ${flags.class}: ${Object.entries(changes)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        );
      }),
    );

  addConnectionOptions(
    group.command('delete').description('delete a class, its recorded lessons and its announcements').requiredOption('--class <id>', 'class id'),
  ).action(
    withAdmin(async (admin, flags: ConnectionFlags & { class: string }) => {
      await admin.delete(flags.class);
      print(`deleted class ${flags.class}`);
    }),
  );

  registerReassignCommands(group);
  registerStudentsCommands(program);
}

function registerReassignCommands(group: Command): void {
  const reassign = group.command('reassign').description('move class partitions between brokers (generate / execute / verify)');

  addConnectionOptions(reassign.command('generate').description('propose a plan that spreads the classes over the given brokers'))
    .requiredOption('--class <ids>', 'class ids, comma-separated')
    .requiredOption('--broker-list <ids>', 'broker ids to place replicas on, e.g. 1,2,3')
    .option('--replication-factor <n>', 'copies per partition (default: as now)', parseNumber('replication factor', 1, 10))
    .option('--out <file>', 'write the proposed plan here (JSON, as kafka-reassign-partitions.sh reads it)')
    .action(
      withAdmin(async (admin, flags: ConnectionFlags & { class: string; brokerList: string; replicationFactor?: number; out?: string }) => {
        const brokerIds = flags.brokerList.split(',').map((id) => Number(id.trim()));
        if (brokerIds.some((id) => !Number.isInteger(id)))
          throw new CliError('CC_BAD_BROKER_LIST', `--broker-list "${flags.brokerList}" is not a list of broker ids`);
        const { current, proposed } = await admin.generateReassignment(flags.class.split(','), brokerIds, flags.replicationFactor);
        print(`Current partition replica assignment (keep it to roll back)\n${JSON.stringify(current)}\n`);
        print(`Proposed partition reassignment configuration\n${JSON.stringify(proposed)}`);
        if (flags.out) await writeFile(flags.out, `${JSON.stringify(proposed, null, 2)}\n`);
      }),
    );

  addConnectionOptions(reassign.command('execute').description('start the moves of a plan'))
    .requiredOption('--plan <file>', 'reassignment JSON')
    .action(
      withAdmin(async (admin, flags: ConnectionFlags & { plan: string }) => {
        const plan = await readPlan(flags.plan);
        await admin.executeReassignment(plan);
        print(`started the reassignment of ${plan.partitions.length} partitions; check with: classcast class reassign verify --plan ${flags.plan}`);
      }),
    );

  addConnectionOptions(reassign.command('verify').description('has a plan been carried out?'))
    .requiredOption('--plan <file>', 'reassignment JSON')
    .action(
      withAdmin(async (admin, flags: ConnectionFlags & { plan: string }) => {
        const progress = await admin.verifyReassignment(await readPlan(flags.plan));
        for (const p of progress) print(`Reassignment of partition ${p.topic}-${p.partition} is ${p.state} (replicas ${p.replicas.join(',')})`);
        if (progress.some((p) => p.state !== 'completed')) process.exitCode = 2;
      }),
    );
}

function registerStudentsCommands(program: Command): void {
  const students = addConnectionOptions(
    program
      .command('students')
      .description('who is watching a class, who left (position kept), and how far behind')
      // Commander checks an ancestor's required options for its subcommands too: `students prune
      // --class C` would then need a second --class before `prune`. So it is checked here.
      .enablePositionalOptions()
      .option('--class <id>', 'class id (required)')
      .option('--student <name>', 'one student: watching, left (group and position kept) or gone (no group)'),
  ).action(async (flags: ConnectionFlags & { class?: string; student?: string }) => {
    if (!flags.class) return students.error("error: required option '--class <id>' not specified");
    const target = { connection: await resolveConnection(flags), classId: flags.class };
    if (flags.student) return print(`${flags.student} ${await studentState({ ...target, student: flags.student })}`);
    const list = await listStudents(target);
    if (list.length === 0) print(`nobody has joined class ${flags.class}`);
    else print(`${'STUDENT'.padEnd(24)} ${'STATE'.padEnd(8)}  LAG`);
    for (const s of list) print(`${s.student.padEnd(24)} ${s.state.padEnd(8)}  lag ${s.lag} frames${s.gateway ? ` (browser, gateway ${s.gateway})` : ''}`);
  });
  addConnectionOptions(
    students
      .command('prune')
      .description('remove the groups of students who left long ago (they come back live, from the start)')
      .requiredOption('--class <id>', 'class id')
      .option('--empty-for <duration>', "remove groups whose newest frame read is older than this (default: the class's retention)", parseDuration)
      .option('--dry-run', 'only say whose groups would go'),
  ).action(async (flags: ConnectionFlags & { class: string; emptyFor?: number; dryRun?: boolean }) => {
    const result = await pruneStudents({
      connection: await resolveConnection(flags),
      classId: flags.class,
      ...(flags.emptyFor !== undefined ? { emptyForMs: flags.emptyFor } : {}),
      dryRun: flags.dryRun ?? false,
    });
    const verb = flags.dryRun ? 'would remove' : 'removed';
    print(`${verb} ${result.removed.length} student group(s) left more than ${formatDuration(result.emptyForMs)} ago: ${result.removed.join(', ') || '-'}`);
    print(`kept ${result.kept.length}: ${result.kept.join(', ') || '-'}`);
  });
  addConnectionOptions(
    students
      .command('reset')
      .description("move a student's position (only while the student is not connected)")
      .requiredOption('--class <id>', 'class id')
      .requiredOption('--student <name>', 'student name')
      .requiredOption('--to <position>', 'earliest | latest | a time (ISO 8601, e.g. 2026-11-25T09:15, or -10m)', parseStudentPosition),
  ).action(async (flags: ConnectionFlags & { class: string; student: string; to: 'earliest' | 'latest' | Date }) => {
    const { to } = flags;
    await resetStudent({ connection: await resolveConnection(flags), classId: flags.class, student: flags.student, to });
    print(`student ${flags.student} of class ${flags.class} now starts at ${to instanceof Date ? to.toISOString() : to}`);
  });
}

async function readPlan(file: string): Promise<ReassignmentPlan> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new KafkaError('CC_BAD_REASSIGNMENT_PLAN', `cannot read the plan ${file}: ${(error as Error).message}`);
  }
  validatePlan(parsed);
  return parsed;
}
