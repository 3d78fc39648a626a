/** `classcast announce --class C "text"`: a notice that shows on every student's screen. */
import type { Command } from 'commander';
import { announce } from '@classcast/kafka';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';

export function registerAnnounceCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('announce')
      .description("show a short notice on the class's screens (written to classcast.<class>.announcements)")
      .requiredOption('--class <id>', 'class id (it must exist: created by an admin, or a teacher has broadcast to it)')
      .argument('<text>', 'the notice: one line of text, at most 500 characters'),
  ).action(async (text: string, flags: ConnectionFlags & { class: string }) => {
    // A typed class id: a typo is refused rather than given a topic of its own.
    const sent = await announce({ connection: await resolveConnection(flags), classId: flags.class, text, requireClass: true });
    process.stderr.write(`announced to class ${flags.class} (offset ${sent.offset}): ${sent.text}\n`);
  });
}
