import type { ScheduleConfig } from '../model/config';
import { scenarioToConfig } from '../model/costs';
import { type ModuleCosts, layoutLayers, layoutStageCosts, parseLayout } from '../model/layout';
import { type Scenario, perDevice } from '../model/scenario';
import { type ScheduleDescriptor, deviceStages } from './descriptor';

/**
 * What one of `layers` layers costs when a layout gives no layer costs: the scenario's costs (the
 * devices' mean) for a device's share, which holds layers / P layers in an even split.
 */
export function evenLayerCosts(s: Scenario, layers: number): ModuleCosts {
  const out: ModuleCosts = { forward: 0, backwardInput: 0, backwardWeight: 0 };
  if (layers <= 0) return out;
  for (const k of ['forward', 'backwardInput', 'backwardWeight'] as const) {
    let sum = 0;
    for (let dev = 0; dev < s.devices; dev++) sum += perDevice(s.costs[k], dev);
    out[k] = sum / layers;
  }
  return out;
}

/**
 * The config a schedule runs a scenario with: scenarioToConfig, plus the per-stage costs of the
 * scenario's layout when it has one (docs/scenario-format.md, "layout"). The layout's stages are
 * the schedule's stages along a micro-batch's path; each device's whole-share costs become what
 * its stages add up to (the mean of its stages / the chunk share), for the generators and the
 * formulas that read per-device costs. Trusts a scenario the validator accepted for this schedule
 * (a layout that does not fit is left out here; the validator reports it).
 */
export function scheduleConfig(s: Scenario, d: ScheduleDescriptor): ScheduleConfig {
  const c = scenarioToConfig(s);
  if (!s.layout || s.parts) return c;
  const parsed = parseLayout(s.layout.stages);
  const shape = d.shape(s.devices, s.microbatches, s.chunks);
  if (!parsed.ok || parsed.stages.length !== shape.stages) return c;
  const stageCosts = layoutStageCosts(
    parsed.stages,
    s.layout,
    evenLayerCosts(s, layoutLayers(parsed.stages)),
  );
  const held = deviceStages(d.placement, s.devices, shape.chunksPerDevice);
  const deviceCost = (costs: Float64Array) =>
    Float64Array.from(held, (stages) => {
      let sum = 0;
      for (const st of stages) sum += costs[st];
      return sum / stages.length / shape.chunkShare;
    });
  return {
    ...c,
    stageCosts,
    forward: deviceCost(stageCosts.forward),
    backwardInput: deviceCost(stageCosts.backwardInput),
    backwardWeight: deviceCost(stageCosts.backwardWeight),
  };
}
