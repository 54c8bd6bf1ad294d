import { defineControllableV } from './v-controllable';

/**
 * V-Half (Qi et al., "Pipeline Parallelism with Controllable Memory", NeurIPS 2024): the V-shape
 * building block whose lifespan halves ZB-V's, so a device holds about half of 1F1B's activations,
 * in the order sail-sg's generator builds (zbv_greedy.py, mem_config "half").
 */
export const zbVHalf = defineControllableV('half', {
  name: 'zb-v-half',
  title: 'ZB V-Half',
  summary:
    "Controllable-memory V (V-Half): two half-size chunks per device in a V, about half of 1F1B's activation memory, bubble about P/2m.",
  analyticBubble: {
    formula: 'none',
    conditions:
      'the paper gives a bubble rate about P/(2m) of the makespan with F = B = W, asymptotically, no closed form; docs/schedules-zero-bubble.md lists the simulated idle',
    source: 'Qi et al., NeurIPS 2024; sail-sg pipeline-parallelism-with-controllable-memory playground',
  },
  memory: {
    activationsInFlight:
      "2 floor((P + 2)/2) chunks of half a share on every device (floor((P + 2)/2) full activations, about half of 1F1B's P), when m >= P",
    source:
      'Qi et al., NeurIPS 2024 ((P+2)//2 micro-batches for V-Half); checked against the generated orders',
  },
});
