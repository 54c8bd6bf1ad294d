import { isUsageError, parseArgs, usageText } from './args';
import { type CliIO, EXIT_OK, EXIT_USAGE, Progress } from './command-context';
import { COMMAND_LIST } from './command-list';

export type { CliIO } from './command-context';
export { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './command-context';

/**
 * Runs one command line; resolves to the exit code. Never throws on user input. Only the command
 * that runs is loaded (command-list.ts), so a quick command starts quickly.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (isUsageError(parsed)) {
    io.stderr(`pipescope: ${parsed.usageError}\n`);
    return EXIT_USAGE;
  }
  if (parsed.command === 'help') {
    io.stdout(usageText(parsed.positionals[0]));
    return EXIT_OK;
  }
  if (parsed.command === 'version') {
    io.stdout(`pipescope ${io.version ?? 'unknown'}\n`);
    return EXIT_OK;
  }
  const { run } = await COMMAND_LIST[parsed.command].load();
  const progress = new Progress(io, parsed.flags.quiet !== true && io.stderrIsTTY === true);
  try {
    return await run({ positionals: parsed.positionals, flags: parsed.flags }, io, progress);
  } finally {
    progress.done();
  }
}
