/**
 * The worker thread behind Save's scenario check (see scenario-check.ts): it receives the text as
 * workerData, answers one ScenarioCheck and ends. Bundled on its own by build/build-electron.mjs
 * (dist/electron/scenario-check-worker.cjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../../core/format/scenario-file';
import { checkScenarioTextWith } from './scenario-check';

parentPort?.postMessage(checkScenarioTextWith(loadScenario, workerData as string));
