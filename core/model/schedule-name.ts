/**
 * A schedule's name: a key of the schedule registry (core/schedules/registry.ts), which also takes
 * schedules registered at run time. The validator checks it against the registry; the model does
 * not know which schedules exist. (Its own module so that the cost model's input types can name it
 * without importing the scenario, which holds the cost model's inputs in its `derive` section.)
 */
export type ScheduleName = string;
