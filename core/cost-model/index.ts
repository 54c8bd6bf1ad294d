// The analytic cost model (docs/cost-model.md): model + run + parallelism + hardware -> scenario.
export type {
  AttentionSpec,
  CostModelInput,
  Efficiency,
  GpuSpec,
  GqaAttention,
  HardwareSpec,
  LinkSpec,
  MlaAttention,
  ModelSpec,
  MoeSpec,
  ParallelSpec,
  Precision,
  Recomputation,
  RunSpec,
} from './types';
export { DEFAULT_EFFICIENCY, PARALLEL_DEFAULTS, RUN_DEFAULTS, payloadBytes } from './types';
export { costModelErrors } from './validate';
export { type ParameterCounts, parameterCounts } from './parameters';
export { type ModelFlops, modelFlops } from './flops';
export { type StageLayout, balancedLayersPerStage, stageLayout } from './layout';
export {
  type AllToAllFigures,
  type CostDerivation,
  type DeriveOptions,
  type DeriveResult,
  type DerivedValue,
  type DeviceCost,
  type StageCost,
  deriveCosts,
} from './derive';
export {
  type IterationFigures,
  type RunCostOptions,
  type RunFigures,
  iterationFigures,
  runFigures,
} from './iteration';
export {
  type CostReport,
  type CostReportResult,
  costReport,
  scenarioCostFigures,
  scenarioCostReport,
  trainingRun,
} from './report';
export {
  DERIVED_FIELDS,
  type FieldMark,
  applyDerivation,
  deriveInput,
  deriveSection,
  derivedScenario,
  fieldMark,
  liveOverrides,
  overridesAfterEdit,
  rederive,
  resetToDerived,
} from './scenario-derive';
export { COST_FIGURE_DEFINITIONS, type CostFigureId } from './figure-definitions';
