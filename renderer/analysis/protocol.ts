import type { Scenario, ScheduleName } from '../../core/model/scenario';
import type { EngineResult, SweepPoint } from './engine';
import type { ReferenceResult } from './reference';

export type WorkerRequest =
  | { id: number; type: 'analyze'; scenario: Scenario; schedule?: ScheduleName }
  | { id: number; type: 'sweep'; scenario: Scenario; schedules: ScheduleName[]; microbatches: number[] }
  | { id: number; type: 'reference'; scenario: Scenario; schedule: ScheduleName | null };

export type WorkerResponse =
  | { id: number; type: 'analyze'; result: EngineResult }
  | { id: number; type: 'sweep'; points: SweepPoint[] }
  | { id: number; type: 'reference'; result: ReferenceResult }
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'crash'; message: string };
