#!/usr/bin/env node
// The `pipescope` command line: a thin shell over core (see docs/cli.md for the contract).
import pkg from '../package.json';
import { runCli } from './commands';
import { failAndExit, nodeIO } from './io';

const unexpected = (e: unknown) =>
  failAndExit(`${e instanceof Error ? e.message : String(e)} (a bug in PipeScope; please report it)`);
process.on('uncaughtException', unexpected);
process.on('unhandledRejection', unexpected);

// Setting exitCode (not calling exit) lets stdout drain (large --json output into a pipe) first.
// tune's worker threads run the bundle built beside this file (build/build-cli.mjs).
const tuneWorker = new URL('./tune-worker.mjs', import.meta.url);

runCli(process.argv.slice(2), nodeIO(pkg.version, tuneWorker)).then((code) => {
  process.exitCode = code;
}, unexpected);
