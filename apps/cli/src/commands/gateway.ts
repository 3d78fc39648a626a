/**
 * `classcast gateway`: the web gateway alone, for students in any browser; what `classcast-web`
 * runs, with the same flags (both come from @classcast/web's GATEWAY_FLAGS and runGateway), plus
 * the connection options every command takes (--brokers, --username, --password-file, ...).
 */
import type { Command } from 'commander';
import { GATEWAY_FLAGS, runGateway, type GatewayFlags } from '@classcast/web';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';

export function registerGatewayCommand(program: Command): void {
  const command = addConnectionOptions(
    program.command('gateway').description('the web gateway alone: students watch classes in any browser (Ctrl-C stops it)'),
  );
  for (const flag of GATEWAY_FLAGS) {
    const spec = `--${flag.name} ${flag.value}`;
    if (flag.multiple) command.option(spec, flag.description, (value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    else command.option(spec, flag.description);
  }
  command.action(async (flags: ConnectionFlags & GatewayFlags) => {
    await runGateway({ connection: await resolveConnection(flags), ...flags });
  });
}
