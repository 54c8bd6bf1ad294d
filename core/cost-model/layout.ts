import type { ScheduleName } from '../model/scenario';
import { deviceStages } from '../schedules/descriptor';
import { getSchedule } from '../schedules/registry';
import { assert } from '../util/assert';

/**
 * Where the model's stages sit on the pipeline devices for each schedule, from its registry
 * descriptor (placement and shape; layout.test.ts checks it against generated schedules): the
 * number of stages a micro-batch passes through, the stages each device holds, and the schedule's
 * chunkShare and paramMultiplier.
 */
export interface StageLayout {
  /** Stages a micro-batch passes through; the model's layers are split over them. */
  stages: number;
  /** Stages device d holds (DualPipe: one per direction; both directions are copies of one model). */
  deviceStages: number[][];
  /** Fraction of a device's per-micro-batch cost one op takes (see core/model/schedule.ts). */
  chunkShare: number;
  /** Parameters each device holds relative to one 1/P share of one model copy. */
  paramMultiplier: number;
}

export function stageLayout(schedule: ScheduleName, devices: number, vpp: number): StageLayout {
  const d = getSchedule(schedule);
  assert(d, `stageLayout: unknown schedule ${schedule} (validate the input first)`);
  const shape = d.shape(devices, 1, vpp);
  return {
    stages: shape.stages,
    deviceStages: deviceStages(d.placement, devices, shape.chunksPerDevice),
    chunkShare: shape.chunkShare,
    paramMultiplier: shape.paramMultiplier,
  };
}

/** Layers of stages 1 .. S-2 when `middle` layers are spread as evenly as possible, the extra ones on the earliest. */
function evenMiddle(middle: number, count: number): number[] {
  const base = Math.floor(middle / count);
  const extra = middle - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * The default split of layers over stages (Megatron-LM's --decoder-first-pipeline-num-layers and
 * --decoder-last-pipeline-num-layers, with the middle stages even): the first stage also carries
 * `firstExtra` (embedding) and the last `lastExtra` (head, loss, MTP modules), so the first and
 * last stages' layer counts are chosen to make the busiest DEVICE as light as possible, a device's
 * load being the mean of its stages' costs / chunkShare, as its ops take them. The middle stages'
 * spare layers go to the earliest of them, which no two mirrored stages share (DualPipe, V shapes).
 * Every stage keeps at least one layer; ties go to the most even device loads. Empty when there
 * are fewer layers than stages.
 */
export function balancedLayersPerStage(
  layerCost: readonly number[],
  layout: Pick<StageLayout, 'stages' | 'deviceStages' | 'chunkShare'>,
  firstExtra: number,
  lastExtra: number,
): number[] {
  const L = layerCost.length;
  const S = layout.stages;
  if (L < S) return [];
  if (S === 1) return [L];
  const prefix = [0];
  for (const c of layerCost) prefix.push(prefix[prefix.length - 1] + c);
  // search first/last counts up to a few times the even share: more would only starve the middle
  const cap = Math.min(L - (S - 1), 3 * Math.ceil(L / S));
  let best: number[] = [];
  let bestMax = Number.POSITIVE_INFINITY;
  let bestSpread = Number.POSITIVE_INFINITY;
  const stageCost = new Float64Array(S);
  for (let first = 1; first <= cap; first++)
    for (let last = 1; last <= cap && first + last + (S - 2) <= L; last++) {
      if (S === 2 && first + last !== L) continue;
      const split = [first, ...evenMiddle(L - first - last, S - 2), last];
      let at = 0;
      for (let st = 0; st < S; st++) {
        stageCost[st] = prefix[at + split[st]] - prefix[at];
        at += split[st];
      }
      stageCost[0] += firstExtra;
      stageCost[S - 1] += lastExtra;
      let max = 0;
      let sumSq = 0;
      for (const held of layout.deviceStages) {
        let load = 0;
        for (const st of held) load += stageCost[st];
        load /= held.length * layout.chunkShare;
        max = Math.max(max, load);
        sumSq += load * load;
      }
      // a relative tolerance keeps float noise from deciding between equal maxima
      const better = max < bestMax * (1 - 1e-12) || (max <= bestMax * (1 + 1e-12) && sumSq < bestSpread);
      if (better) {
        best = split;
        bestMax = max;
        bestSpread = sumSq;
      }
    }
  return best;
}

/** First layer index of each stage, and one past the last (prefix sums). */
export function stageLayerStarts(layersPerStage: readonly number[]): number[] {
  const starts = [0];
  for (const n of layersPerStage) starts.push(starts[starts.length - 1] + n);
  return starts;
}
