export { chartHeight } from './chart-height';
export type { GanttAnalysis, GanttChartProps } from './gantt-chart';
export { GanttChart } from './gantt-chart';
export type { Viewport } from './viewport';
export { fitViewport } from './viewport';
