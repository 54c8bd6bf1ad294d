// The `pipescope` command line: a thin shell over core (see docs/cli.md for the contract).
import pkg from '../package.json';
import { runCli } from './commands';
import { nodeIO } from './io';

const code = runCli(process.argv.slice(2), nodeIO(pkg.version));
// Let stdout drain (large --json output into a pipe) before the process ends.
process.exitCode = code;
