export { chartHeight } from './chart-height';
export type { GanttAnalysis, GanttChartProps } from './gantt-chart';
export { GanttChart } from './gantt-chart';
export type { Viewport } from './viewport';
export { fitViewport } from './viewport';
export { ORDER_KEYS_HELP, type OrderEdit } from './use-order-drag';
