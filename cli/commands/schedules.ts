import { SCHEDULE_NAMES } from '../../core/model/scenario';
import { SCHEDULES } from '../../core/schedules/index';
import { type CommandInput, type CliIO, EXIT_OK } from '../command-context';

/** `pipescope schedules [--json]`: one line per schedule, name and summary. */
export function run({ flags }: CommandInput, io: CliIO): number {
  const list = SCHEDULE_NAMES.map((n) => SCHEDULES[n]);
  if (flags.json) {
    const rows = list.map((g) => ({ name: g.name, title: g.title, summary: g.summary, source: g.source }));
    io.stdout(`${JSON.stringify({ schedules: rows }, null, 2)}\n`);
    return EXIT_OK;
  }
  const width = Math.max(...list.map((g) => g.name.length));
  for (const g of list) io.stdout(`${g.name.padEnd(width)}  ${g.summary}\n`);
  return EXIT_OK;
}
