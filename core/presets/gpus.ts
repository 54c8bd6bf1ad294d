import type { GpuSpec } from '../cost-model/types';

/**
 * GPU presets from the vendors' datasheets (named in `source`). Peaks are DENSE tensor-core
 * TFLOP/s: datasheets list BF16/FP8 "with sparsity", twice the dense figure, which is halved here.
 * Memory in GB as the datasheet gives it (1e9 bytes). `links` names the interconnect presets the
 * vendor's 8-GPU baseboard uses (core/presets/interconnects.ts).
 */
export interface GpuPreset {
  id: string;
  gpu: GpuSpec;
  gpusPerNode: number;
  links: { intraNode: string; interNode: string };
}

/**
 * NVIDIA H800 SXM5: the export variant of the H100 SXM5 with the same compute (989.5 BF16 / 1979 FP8
 * dense TFLOP/s, 132 SMs, 80 GB HBM3) and NVLink cut to 400 GB/s (NVIDIA H800 Tensor Core GPU
 * datasheet). DeepSeek-V3 was trained on 2048 of them (arXiv 2412.19437, section 3.1).
 */
export const h800: GpuPreset = {
  id: 'h800',
  gpu: {
    name: 'H800 SXM',
    peakTflops: { bf16: 989.5, fp8: 1979 },
    memoryGB: 80,
    smCount: 132,
    source: 'NVIDIA H800 Tensor Core GPU datasheet (SXM5); arXiv 2412.19437 section 3.1',
  },
  gpusPerNode: 8,
  links: { intraNode: 'nvlink4-h800', interNode: 'ib-ndr' },
};

/**
 * NVIDIA H100 SXM5: 989.5 BF16 / 1979 FP8 dense TFLOP/s (1979 / 3958 with sparsity), 80 GB HBM3,
 * 132 SMs, NVLink 4 at 900 GB/s (NVIDIA H100 Tensor Core GPU datasheet; SM count from the NVIDIA
 * H100 architecture whitepaper).
 */
export const h100: GpuPreset = {
  id: 'h100-sxm',
  gpu: {
    name: 'H100 SXM',
    peakTflops: { bf16: 989.5, fp8: 1979 },
    memoryGB: 80,
    smCount: 132,
    source:
      'NVIDIA H100 Tensor Core GPU datasheet (SXM5); NVIDIA H100 Tensor Core GPU Architecture whitepaper',
  },
  gpusPerNode: 8,
  links: { intraNode: 'nvlink4', interNode: 'ib-ndr' },
};

/** NVIDIA H200 SXM: the H100's compute and SMs with 141 GB HBM3e (NVIDIA H200 Tensor Core GPU datasheet). */
export const h200: GpuPreset = {
  id: 'h200',
  gpu: {
    name: 'H200 SXM',
    peakTflops: { bf16: 989.5, fp8: 1979 },
    memoryGB: 141,
    smCount: 132,
    source: 'NVIDIA H200 Tensor Core GPU datasheet (SXM)',
  },
  gpusPerNode: 8,
  links: { intraNode: 'nvlink4', interNode: 'ib-ndr' },
};

/**
 * NVIDIA B200 (HGX B200 baseboard): 2.25 PFLOP/s BF16 and 4.5 PFLOP/s FP8 dense per GPU (the
 * datasheet's 4.5 / 9 PFLOP/s are with sparsity), 180 GB HBM3e, NVLink 5 at 1.8 TB/s (NVIDIA HGX
 * B200 datasheet); 148 SMs (NVIDIA Blackwell architecture technical brief).
 */
export const b200: GpuPreset = {
  id: 'b200',
  gpu: {
    name: 'B200',
    peakTflops: { bf16: 2250, fp8: 4500 },
    memoryGB: 180,
    smCount: 148,
    source: 'NVIDIA HGX B200 datasheet; NVIDIA Blackwell architecture technical brief',
  },
  gpusPerNode: 8,
  links: { intraNode: 'nvlink5', interNode: 'ib-ndr' },
};

/**
 * NVIDIA A100 SXM4 80GB: 312 BF16 dense TFLOP/s, no FP8 tensor cores, 80 GB HBM2e, 108 SMs, NVLink 3
 * at 600 GB/s (NVIDIA A100 Tensor Core GPU datasheet; NVIDIA A100 architecture whitepaper). DGX A100
 * nodes use 200 Gb/s HDR InfiniBand per GPU.
 */
export const a100: GpuPreset = {
  id: 'a100',
  gpu: {
    name: 'A100 SXM 80GB',
    peakTflops: { bf16: 312, fp8: null },
    memoryGB: 80,
    smCount: 108,
    source: 'NVIDIA A100 Tensor Core GPU datasheet; NVIDIA A100 Tensor Core GPU Architecture whitepaper',
  },
  gpusPerNode: 8,
  links: { intraNode: 'nvlink3', interNode: 'ib-hdr' },
};

/**
 * AMD Instinct MI300X: 1307.4 BF16 and 2614.9 FP8 dense TFLOP/s, 192 GB HBM3, 304 compute units,
 * seven Infinity Fabric links to the other GPUs of an 8-GPU platform (AMD Instinct MI300X
 * accelerator datasheet). The compute-unit count stands in for the SM count.
 */
export const mi300x: GpuPreset = {
  id: 'mi300x',
  gpu: {
    name: 'MI300X',
    peakTflops: { bf16: 1307.4, fp8: 2614.9 },
    memoryGB: 192,
    smCount: 304,
    source: 'AMD Instinct MI300X accelerator datasheet',
  },
  gpusPerNode: 8,
  links: { intraNode: 'infinity-fabric-mi300x', interNode: 'ib-ndr' },
};

export const GPU_PRESETS: readonly GpuPreset[] = [h800, h100, h200, b200, a100, mi300x];
