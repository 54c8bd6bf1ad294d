import { defineControllableV } from './v-controllable';

/**
 * V-Min (Qi et al., "Pipeline Parallelism with Controllable Memory", NeurIPS 2024): the V-shape
 * building block with the shortest lifespan, about a third of 1F1B's activations, at the price of
 * a larger bubble, in the order sail-sg's generator builds (zbv_greedy.py, mem_config "min").
 */
export const zbVMin = defineControllableV('min', {
  name: 'zb-v-min',
  title: 'ZB V-Min',
  summary:
    "Controllable-memory V (V-Min): two half-size chunks per device in a V, about a third of 1F1B's activation memory, bubble about 2P/3m.",
  analyticBubble: {
    formula: 'none',
    conditions:
      'the paper gives a bubble rate about 2P/(3m) of the makespan with F = B = W, asymptotically, no closed form; docs/schedules-zero-bubble.md lists the simulated idle',
    source: 'Qi et al., NeurIPS 2024; sail-sg pipeline-parallelism-with-controllable-memory playground',
  },
  memory: {
    activationsInFlight:
      "at most 2 floor((P + 4)/3) chunks of half a share per device (floor((P + 4)/3) full activations, about a third of 1F1B's P), when m >= P; a little less on some devices when P mod 3 = 2",
    source:
      'Qi et al., NeurIPS 2024 ((P+4)//3 micro-batches for V-Min); checked against the generated orders',
  },
});
