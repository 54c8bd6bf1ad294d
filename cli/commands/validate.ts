import { validateScenario } from '../../core/format/validate';
import {
  type CliIO,
  type CommandInput,
  EXIT_INVALID,
  EXIT_OK,
  type Progress,
  errorLine,
} from '../command-context';
import { loadFile } from '../scenario-input';
import { terminalText } from '../terminal-text';

/**
 * `pipescope validate FILE...`: every error of every file, one line each, on stdout. A file that
 * does not open lists what the loader found; one that opens is checked again for what keeps it
 * from being analysed (the loader lets those through so that the app can open and fix it), the
 * schedule's own check named as such.
 */
export function run({ positionals }: CommandInput, io: CliIO, progress: Progress): number {
  let failed = 0;
  positionals.forEach((file, k) => {
    progress.step(`checking ${terminalText(file)} (${k + 1}/${positionals.length})...`);
    const loaded = loadFile(io, file);
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stdout(`${errorLine(file, e.path, e.message)}\n`);
      failed++;
      return;
    }
    for (const w of loaded.warnings) io.stdout(`${terminalText(file)}: warning: ${terminalText(w)}\n`);
    const v = validateScenario(loaded.scenario);
    if (v.errors.length > 0) {
      const schedule = loaded.scenario.schedule;
      for (const e of v.errors) {
        const which = v.scheduleErrors.includes(e) ? ` (schedule ${schedule})` : '';
        io.stdout(`${errorLine(file, e.path, e.message + which)}\n`);
      }
      failed++;
      return;
    }
    io.stdout(`${terminalText(file)}: ok\n`);
  });
  progress.done();
  if (positionals.length > 1) io.stdout(`${positionals.length - failed} valid, ${failed} invalid\n`);
  return failed > 0 ? EXIT_INVALID : EXIT_OK;
}
