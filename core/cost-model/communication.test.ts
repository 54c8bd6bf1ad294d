import { describe, expect, it } from 'vitest';
import { deepseekV3, mixtral8x7b } from '../presets/models';
import {
  allToAllLinkBytesPerToken,
  epPlacement,
  expectedDestinationNodes,
  linkTime,
  pipelineCrossesNodes,
  tpBlockBytes,
} from './communication';
import { roundHardware } from './cost-testkit';

const H = 7168;

describe('all-to-all bytes per token', () => {
  it('inside one node: each of the k copies leaves the rank unless its expert is local, (EP - 1)/EP', () => {
    // Mixtral, top-2, hidden 4096, BF16, EP 8 on one 8-GPU node: 2 x 4096 x 2 x 7/8
    const b = allToAllLinkBytesPerToken(mixtral8x7b.model, { ep: 8, allToAll: 'node-dedup' }, 8, 2);
    expect(b).toEqual({ interNode: 0, intraNode: 2 * 4096 * 2 * (7 / 8) });
  });

  it('flat over nodes: (EP - g)/EP of the copies cross the network and (g - 1)/EP stay in the node', () => {
    const b = allToAllLinkBytesPerToken(deepseekV3.model, { ep: 64, allToAll: 'flat' }, 8, 1);
    expect(b.interNode).toBeCloseTo(8 * H * (56 / 64), 6);
    expect(b.intraNode).toBeCloseTo(8 * H * (7 / 64), 6);
  });

  it('DeepSeek-V3 with node-limited routing: 4 destination nodes of 8, so 3.5 remote node copies per token', () => {
    expect(epPlacement(64, 8)).toEqual({ ranksPerNode: 8, nodes: 8 });
    // 8 groups on 8 nodes, top-4 groups: at most 4 nodes, and 8 uniform picks would reach 5.25
    expect(expectedDestinationNodes(deepseekV3.model, 8)).toBe(4);
    const b = allToAllLinkBytesPerToken(deepseekV3.model, { ep: 64, allToAll: 'node-dedup' }, 8, 1);
    expect(b.interNode).toBeCloseTo(4 * (7 / 8) * H, 6);
    // every copy whose expert is not on the receiving GPU is forwarded over NVLink
    expect(b.intraNode).toBeCloseTo(8 * H * (7 / 8), 6);
  });

  it('without group limits, k uniform picks over N nodes reach N (1 - (1 - 1/N)^k) of them', () => {
    const m = {
      ...deepseekV3.model,
      moe: { ...deepseekV3.model.moe!, routeGroups: null, groupsPerToken: null },
    };
    expect(expectedDestinationNodes(m, 8)).toBeCloseTo(8 * (1 - (7 / 8) ** 8), 12);
  });

  it('are zero without expert parallelism', () => {
    expect(allToAllLinkBytesPerToken(deepseekV3.model, { ep: 1, allToAll: 'node-dedup' }, 8, 2)).toEqual({
      interNode: 0,
      intraNode: 0,
    });
  });
});

describe('link time', () => {
  it('is the slower link: bytes / (GB/s x efficiency)', () => {
    const hw = roundHardware(); // 1e6 and 5e5 bytes per ms
    expect(linkTime({ interNode: 1e6, intraNode: 1e6 }, hw)).toEqual({ ms: 2, bottleneck: 'interNode' });
    expect(linkTime({ interNode: 1e5, intraNode: 1e6 }, hw)).toEqual({ ms: 1, bottleneck: 'intraNode' });
    expect(linkTime({ interNode: 0, intraNode: 0 }, hw)).toEqual({ ms: 0, bottleneck: null });
  });
});

describe('TP and P2P', () => {
  it('TP collectives of one block move 2 (t - 1)/t x tokens x h x 2 bytes per rank', () => {
    expect(tpBlockBytes(1024, 4096, 4, 2)).toBe((2 * 3 * 4096 * 1024 * 2) / 4);
    expect(tpBlockBytes(1024, 4096, 1, 2)).toBe(0);
  });

  it("pipeline neighbours sit on different nodes once a stage's TP x DP ranks fill a node", () => {
    expect(pipelineCrossesNodes({ tp: 1, dp: 128 }, 8)).toBe(true);
    expect(pipelineCrossesNodes({ tp: 2, dp: 2 }, 8)).toBe(false);
  });
});
