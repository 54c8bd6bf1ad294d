import type { Scenario, ScheduleName } from '../../core/model/scenario';
import type { DocumentData, OpenedDocument } from './document';
import type { EngineResult, SweepPoint } from './engine';
import type { ReferenceResult } from './reference';

export type WorkerRequest =
  | { id: number; type: 'analyze'; scenario: Scenario; schedule?: ScheduleName }
  | { id: number; type: 'sweep'; scenario: Scenario; schedules: ScheduleName[]; microbatches: number[] }
  | { id: number; type: 'reference'; scenario: Scenario; schedule: ScheduleName | null }
  | { id: number; type: 'open'; data: DocumentData }
  | { id: number; type: 'save'; scenario: Scenario; kept: string | null };

export type WorkerResponse =
  | { id: number; type: 'analyze'; result: EngineResult }
  | { id: number; type: 'sweep'; points: SweepPoint[] }
  | { id: number; type: 'reference'; result: ReferenceResult }
  | { id: number; type: 'open'; result: OpenedDocument }
  | { id: number; type: 'save'; text: string }
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'crash'; message: string };
