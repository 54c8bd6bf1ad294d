import type { LinkSpec } from '../cost-model/types';

/**
 * Interconnect presets: bandwidth per GPU in ONE direction, GB/s. Vendors quote NVLink as the
 * total of both directions (H100: "900 GB/s"), so those figures are halved; network cards are
 * quoted per direction in Gb/s (400 Gb/s NDR = 50 GB/s). Sources in each entry.
 */
export interface InterconnectPreset {
  id: string;
  link: LinkSpec;
}

/** NVLink 4 on H100/H200 SXM: 18 links, 900 GB/s both directions (NVIDIA H100 datasheet). */
export const nvlink4: InterconnectPreset = {
  id: 'nvlink4',
  link: {
    name: 'NVLink 4',
    bandwidthGBps: 450,
    source: 'NVIDIA H100 Tensor Core GPU datasheet: 900 GB/s NVLink',
  },
};

/**
 * NVLink 4 as the H800 has it: 400 GB/s both directions (NVIDIA H800 datasheet). DeepSeek quotes
 * "NVLink offers 160 GB/s" (arXiv 2412.19437, section 3.2.2) and DeepEP measured 153-158 GB/s, the
 * achieved figure the default intra-node efficiency of 0.8 gives.
 */
export const nvlink4H800: InterconnectPreset = {
  id: 'nvlink4-h800',
  link: {
    name: 'NVLink 4 (H800)',
    bandwidthGBps: 200,
    source: 'NVIDIA H800 datasheet: 400 GB/s NVLink; arXiv 2412.19437 section 3.2.2; deepseek-ai/DeepEP',
  },
};

/** NVLink 5 on B200: 18 links, 1.8 TB/s both directions (NVIDIA HGX B200 datasheet). */
export const nvlink5: InterconnectPreset = {
  id: 'nvlink5',
  link: { name: 'NVLink 5', bandwidthGBps: 900, source: 'NVIDIA HGX B200 datasheet: 1.8 TB/s NVLink' },
};

/** NVLink 3 on A100 SXM: 12 links, 600 GB/s both directions (NVIDIA A100 datasheet). */
export const nvlink3: InterconnectPreset = {
  id: 'nvlink3',
  link: {
    name: 'NVLink 3',
    bandwidthGBps: 300,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: 600 GB/s NVLink',
  },
};

/**
 * AMD Infinity Fabric between the eight MI300X of a platform: seven links of 64 GB/s per direction
 * to the seven peers (AMD Instinct MI300X datasheet: 128 GB/s per link both directions, 896 GB/s
 * aggregate). An all-to-all uses all seven, so 448 GB/s; a single peer gets one link (64 GB/s).
 */
export const infinityFabricMi300x: InterconnectPreset = {
  id: 'infinity-fabric-mi300x',
  link: {
    name: 'Infinity Fabric (MI300X)',
    bandwidthGBps: 448,
    source: 'AMD Instinct MI300X datasheet: 7 x 128 GB/s Infinity Fabric links',
  },
};

/**
 * InfiniBand NDR, one 400 Gb/s ConnectX-7 per GPU (NVIDIA DGX H100 user guide; DeepSeek-V3's
 * cluster: "IB (50 GB/s)", arXiv 2412.19437 section 3.2.2).
 */
export const ibNdr: InterconnectPreset = {
  id: 'ib-ndr',
  link: {
    name: 'InfiniBand NDR 400 Gb/s',
    bandwidthGBps: 50,
    source: 'NVIDIA ConnectX-7 400 Gb/s per GPU (DGX H100 user guide); arXiv 2412.19437 section 3.2.2',
  },
};

/** InfiniBand HDR, one 200 Gb/s ConnectX-6 per GPU (NVIDIA DGX A100 user guide). */
export const ibHdr: InterconnectPreset = {
  id: 'ib-hdr',
  link: {
    name: 'InfiniBand HDR 200 Gb/s',
    bandwidthGBps: 25,
    source: 'NVIDIA ConnectX-6 200 Gb/s per GPU (DGX A100 user guide)',
  },
};

export const INTERCONNECT_PRESETS: readonly InterconnectPreset[] = [
  nvlink4,
  nvlink4H800,
  nvlink5,
  nvlink3,
  infinityFabricMi300x,
  ibNdr,
  ibHdr,
];
