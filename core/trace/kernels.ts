/**
 * Which GPU ops are communication, by name. Holistic Trace Analysis counts a kernel as
 * communication when its name contains "ncclKernel" (hta/utils/utils.py); MoE training adds
 * all-to-all libraries whose kernels carry other names, so the list is wider.
 */
export const COMM_KERNEL_PATTERNS: readonly { pattern: RegExp; what: string }[] = [
  {
    pattern: /nccl|rccl|msccl/i,
    what: 'NCCL / RCCL / MSCCL collectives and send/recv (ncclKernel_..., ncclDevKernel_...)',
  },
  {
    pattern: /deep_?ep::|dpsk::ep::|\bep::(internode|intranode|internode_ll)::/i,
    what: 'DeepEP dispatch / combine / notify kernels',
  },
  { pattern: /all_?to_?all|alltoall/i, what: 'all-to-all kernels of other libraries' },
  {
    pattern: /all_?gather|reduce_?scatter|all_?reduce|cross_device_reduce/i,
    what: 'custom collectives (all-gather, reduce-scatter, all-reduce)',
  },
  { pattern: /send_?recv|sendrecv/i, what: 'point-to-point send/recv kernels' },
  { pattern: /userbuffers/i, what: "Transformer Engine's userbuffers communication kernels" },
  { pattern: /^Memcpy PtoP/, what: 'peer-to-peer copies between GPUs (Memcpy PtoP)' },
];

/** A predicate over op names: the default patterns plus the caller's (regular expressions, case-insensitive). */
export function commKernelMatcher(extra: readonly RegExp[] = []): (name: string) => boolean {
  const all = [...COMM_KERNEL_PATTERNS.map((p) => p.pattern), ...extra];
  const cache = new Map<string, boolean>();
  return (name) => {
    let v = cache.get(name);
    if (v === undefined) {
      v = all.some((p) => p.test(name));
      cache.set(name, v);
    }
    return v;
  };
}
