import { ROOT_PATH } from '../core/format/paths';
import { isUsageError, parseArgs, usageText } from './args';
import {
  type CliIO,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  Progress,
  errorMessage,
  escapedIO,
  printError,
} from './command-context';
import { COMMAND_LIST } from './command-list';

export type { CliIO } from './command-context';
export { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './command-context';

/**
 * Runs one command line; resolves to the exit code and never rejects. Only the command that runs
 * is loaded (command-list.ts), so a quick command starts quickly. Everything a command writes to
 * stdout and stderr passes through terminalText (line feeds and tabs kept), so no user text
 * reaches the terminal raw even where a command forgot to escape it; the progress line alone
 * writes its own control sequence. An exception a command did not turn into a message (a bug, or
 * a limit PipeScope did not foresee) is one line `pipescope: (root): MESSAGE`, exit code 1, never
 * a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const shown = escapedIO(io);
  const parsed = parseArgs(argv);
  if (isUsageError(parsed)) {
    shown.stderr(`pipescope: ${parsed.usageError}\n`);
    return EXIT_USAGE;
  }
  if (parsed.command === 'help') {
    shown.stdout(usageText(parsed.positionals[0]));
    return EXIT_OK;
  }
  if (parsed.command === 'version') {
    shown.stdout(`pipescope ${io.version ?? 'unknown'}\n`);
    return EXIT_OK;
  }
  const progress = new Progress(io, parsed.flags.quiet !== true && io.stderrIsTTY === true);
  try {
    const { run } = await COMMAND_LIST[parsed.command].load();
    return await run({ positionals: parsed.positionals, flags: parsed.flags }, shown, progress);
  } catch (e) {
    printError(
      shown,
      'pipescope',
      ROOT_PATH,
      `${parsed.command} failed: ${errorMessage(e)} (a bug in PipeScope; please report it)`,
    );
    return EXIT_INVALID;
  } finally {
    progress.done();
  }
}
