import { ROOT_PATH } from '../../core/format/paths';
import { loadScenarioBytes, saveScenario } from '../../core/format/scenario-file';
import { looksLikeSvg } from '../../core/format/svg-metadata';
import { decodeScenarioBytes } from '../../core/format/text-decoding';
import {
  type CliIO,
  type CommandInput,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  type Progress,
  printError,
  writeOutput,
} from '../command-context';
import { printErrors, printWarning, readBytes } from '../scenario-input';
import { terminalText } from '../terminal-text';

/**
 * `pipescope fmt FILE... [-o OUT | --write]`: each scenario file in the canonical form the app's
 * Save writes (core/format/canonical.ts), migrated to the current format version, its unknown
 * fields kept. One FILE: to stdout, or to OUT with -o. --write: every FILE rewritten in place
 * (atomically), only when its bytes change; an SVG is not rewritten (write its scenario out with
 * -o). A file that does not open is reported and left as it is; the others go on.
 */
export function run({ positionals, flags }: CommandInput, io: CliIO, progress: Progress): number {
  if (flags.write && flags.output !== undefined)
    return usage(io, 'fmt takes either -o OUT or --write, not both');
  if (!flags.write && positionals.length > 1)
    return usage(
      io,
      `fmt writes one file to ${flags.output === undefined || flags.output === '-' ? 'stdout' : 'OUT'}; give --write to rewrite ${positionals.length} files in place`,
    );
  let failed = 0;
  positionals.forEach((file, k) => {
    progress.step(`formatting ${terminalText(file)} (${k + 1}/${positionals.length})...`);
    if (!formatOne(io, file, flags.write === true ? null : (flags.output ?? '-'))) failed++;
  });
  progress.done();
  return failed > 0 ? EXIT_INVALID : EXIT_OK;
}

/** Formats one file into `output` (null: the file itself); false when it failed. */
function formatOne(io: CliIO, file: string, output: string | null): boolean {
  const read = readBytes(io, file);
  if (!read.ok) {
    printErrors(io, file, read.errors);
    return false;
  }
  const { bytes } = read;
  const loaded = loadScenarioBytes(bytes);
  if (!loaded.ok) {
    printErrors(io, file, loaded.errors);
    return false;
  }
  for (const w of loaded.warnings) printWarning(io, file, w);
  const text = saveScenario(loaded.scenario);
  if (output !== null) return writeOutput(io, output, text) === EXIT_OK;
  const decoded = decodeScenarioBytes(bytes);
  if (decoded.ok && looksLikeSvg(decoded.text)) {
    printError(
      io,
      file,
      ROOT_PATH,
      'is an SVG: fmt --write rewrites scenario files only (write its scenario with -o FILE.json)',
    );
    return false;
  }
  if (sameBytes(bytes, new TextEncoder().encode(text))) {
    io.stdout(`${terminalText(file)}: unchanged\n`);
    return true;
  }
  if (writeOutput(io, file, text) !== EXIT_OK) return false;
  io.stdout(`${terminalText(file)}: written\n`);
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function usage(io: CliIO, message: string): number {
  io.stderr(`pipescope: ${message}\n`);
  return EXIT_USAGE;
}
