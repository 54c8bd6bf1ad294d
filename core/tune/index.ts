// The tuner (docs/tune.md): a search space over schedules, micro-batches, v, pairing, the SM split
// and the memory knobs, every configuration simulated by the engine `simulate` uses, reduced to the
// fastest within the memory budget and the Pareto front of iteration time vs peak memory.
export { AXIS_PATHS, type TuneConfig, applyConfig, pickPaths } from './config';
export {
  INFEASIBLE_REASONS,
  type InfeasibleReason,
  type TuneConstraints,
  TuneEvaluator,
  type TuneResult,
} from './evaluate';
export { type TuneFigures, idleUnattributed, memoryFigures, withTimeFigures } from './figures';
export { ParetoFront, beats } from './pareto';
export { type TuneRun, type TuneWorkerLike, inlineWorker, runTunePool } from './pool';
export {
  type Binding,
  FASTEST,
  type Rejection,
  TuneAccumulator,
  type TuneReport,
  type TuneTiming,
  configOf,
  resultToJSON,
  tuneReportToJSON,
} from './report';
export {
  BLOCK,
  BlockQueue,
  type FromTuneWorker,
  type ToTuneWorker,
  type TunePlan,
  TuneWorkerState,
  WHOLE,
  etaMs,
  planSpace,
  scalerFor,
  shardIndex,
  tuneWorkerHandler,
} from './run';
export { costModelScaler } from './cost-model-scaler';
export {
  type CostScaler,
  RECOMPUTE_CHOICES,
  type Recompute,
  linearScaler,
  scaleToMicrobatches,
} from './scaling';
export {
  type Merged,
  type Shard,
  type ShardError,
  type ShardFile,
  type ShardHeader,
  headerLine,
  mergeShards,
  resultLine,
  shardSize,
  summaryLine,
} from './shards';
export {
  MAX_SPACE,
  PAIRING_CHOICES,
  type PairingChoice,
  type ScheduleAxes,
  type TuneChoice,
  type TuneRequest,
  type TuneSpace,
  choiceAt,
  describeChoice,
  inShard,
  pairsOnItsOwn,
  resolveSpace,
  tunableScheduleNames,
  spaceToJSON,
} from './space';
