/**
 * `classcast announce --class C "text"`: a notice that shows on every student's screen.
 * `classcast announce --class C --eyes-on-me`: every student goes back to live and is asked to go
 * full screen (the teacher's "eyes on me").
 */
import type { Command } from 'commander';
import { announce, announceEyesOnMe } from '@classcast/kafka';
import { CliError } from '../cli-errors.js';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';

export function registerAnnounceCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('announce')
      .description("show a short notice on the class's screens (written to classcast.<class>.announcements), or ask everyone to look (--eyes-on-me)")
      .requiredOption('--class <id>', 'class id (it must exist: created by an admin, or a teacher has broadcast to it)')
      .option('--eyes-on-me', 'bring every student back to live and ask for full screen, instead of a notice')
      .argument('[text]', 'the notice: one line of text, at most 500 characters'),
  ).action(async (text: string | undefined, flags: ConnectionFlags & { class: string; eyesOnMe?: boolean }) => {
    if ((text === undefined) === !flags.eyesOnMe) throw new CliError('CC_BAD_ANNOUNCE_FLAGS', 'give the notice to announce, or --eyes-on-me (not both)');
    // A typed class id: a typo is refused rather than given a topic of its own.
    const target = { connection: await resolveConnection(flags), classId: flags.class, requireClass: true };
    if (flags.eyesOnMe) {
      const sent = await announceEyesOnMe(target);
      process.stderr.write(`asked class ${flags.class} to look (offset ${sent.offset}): every student goes back to live\n`);
      return;
    }
    const sent = await announce({ ...target, text: text! });
    process.stderr.write(`announced to class ${flags.class} (offset ${sent.offset}): ${sent.text}\n`);
  });
}
