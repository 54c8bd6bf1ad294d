import { scheduleInfo, scheduleListText } from '../../core/schedules/catalog';
import { allSchedules } from '../../core/schedules/registry';
import { type CommandInput, type CliIO, EXIT_OK } from '../command-context';

/** `pipescope schedules [--json]`: every registered schedule with its summary and source. */
export function run({ flags }: CommandInput, io: CliIO): number {
  const list = allSchedules();
  if (flags.json) io.stdout(`${JSON.stringify({ schedules: list.map(scheduleInfo) }, null, 2)}\n`);
  else io.stdout(scheduleListText(list));
  return EXIT_OK;
}
