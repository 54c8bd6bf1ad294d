import type { Draft } from 'immer';
import { createContext, useContext, useId, useMemo } from 'react';
import type { CostDerivation, DerivedValue } from '../../core/cost-model/derive';
import {
  type FieldMark,
  deriveSection,
  fieldMark,
  resetToDerived,
} from '../../core/cost-model/scenario-derive';
import type { Scenario } from '../../core/model/scenario';
import { formatNumber } from './number-field';

/**
 * The marks of a derived scenario's fields (docs/app.md, "Model & cluster"): which values follow
 * the derivation (hover: the formula and its inputs), which the user overrode (with "reset to
 * derived"), which no longer match what the derivation gives. The editor provides them to its
 * fields through a context; a scenario without a derive section has none.
 */
export interface DeriveMarks {
  derivation: CostDerivation | null;
  markAt(path: string): FieldMark | null;
  reset(path: string): void;
}

export const DeriveMarksContext = createContext<DeriveMarks | null>(null);

/** The marks of the scenario, or null when it is not derived. */
export function useDeriveMarks(
  s: Scenario,
  actions: { edit(label: string, recipe: (d: Draft<Scenario>) => void): void },
): DeriveMarks | null {
  const section = s.derive;
  const layout = s.layout?.stages ?? null;
  const result = useMemo(() => (section ? deriveSection(section, layout) : null), [section, layout]);
  return useMemo(() => {
    if (!section) return null;
    const derivation = result?.ok ? result.derivation : null;
    return {
      derivation,
      markAt: (path) => fieldMark(s, derivation, path),
      reset: (path) => {
        if (derivation)
          actions.edit(`Reset ${path} to derived`, (d) =>
            resetToDerived(d as Scenario, derivation.scenario, path),
          );
      },
    };
  }, [s, section, result, actions]);
}

const UNIT_TEXT: Record<DerivedValue['unit'], string> = {
  ms: 'ms',
  bytes: 'bytes',
  'GB/s': 'GB/s',
  count: '',
  name: '',
};

/** A derived value in words: `38.13 ms`, `dualpipe`. */
export function derivedText(value: number | string | null, record: DerivedValue | null): string {
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  const unit = record ? UNIT_TEXT[record.unit] : '';
  return `${formatNumber(Number(value.toPrecision(6)))}${unit ? ` ${unit}` : ''}`;
}

type MarkState = 'derived' | 'overridden' | 'stale';

const stateOf = (m: FieldMark): MarkState =>
  m.state === 'overridden' ? 'overridden' : m.stale ? 'stale' : 'derived';

const LABEL: Record<MarkState, string> = {
  derived: 'derived',
  overridden: 'overridden',
  stale: 'not as derived',
};

/** What a mark says: the state, the derived value when it differs, the formula and its inputs. */
export function MarkExplanation({ mark }: { mark: FieldMark }) {
  const state = stateOf(mark);
  const r = mark.record;
  return (
    <>
      <strong>
        {state === 'derived'
          ? 'Derived'
          : state === 'overridden'
            ? 'Overridden by hand'
            : 'Not what the derivation gives now'}
      </strong>
      {state !== 'derived' && mark.derivedValue !== null ? (
        <> — derived value {derivedText(mark.derivedValue, r)}</>
      ) : null}
      {r ? (
        <>
          <br />
          {r.formula}
          <span className="mark-inputs">
            {Object.entries(r.inputs).map(([k, v]) => (
              <span key={k}>
                {k} = {typeof v === 'number' ? formatNumber(Number(v.toPrecision(6))) : v}
              </span>
            ))}
          </span>
        </>
      ) : mark.state === 'derived' ? (
        <>
          <br />
          The derivation does not run now: fix the Model &amp; cluster fields.
        </>
      ) : null}
    </>
  );
}

/**
 * The mark beside a field's label: "derived" (hover or focus: formula and inputs), "overridden"
 * or "not as derived" with a button that resets the value to the derived one.
 */
export function DerivedMark({ path }: { path: string }) {
  const marks = useContext(DeriveMarksContext);
  const tipId = useId();
  const mark = marks?.markAt(path) ?? null;
  if (!marks || !mark) return null;
  const state = stateOf(mark);
  return (
    <span className={`derived-mark ${state}`} data-testid={`mark-${path}`} data-state={state}>
      <span className="tip tip-left">
        <button type="button" className="mark-badge" aria-describedby={tipId}>
          {LABEL[state]}
        </button>
        <span className="tip-body" role="tooltip" id={tipId} data-testid={`mark-tip-${path}`}>
          <MarkExplanation mark={mark} />
        </span>
      </span>
      {state !== 'derived' && marks.derivation ? (
        <button
          type="button"
          className="link mark-reset"
          data-testid={`reset-${path}`}
          onClick={() => marks.reset(path)}
        >
          reset
        </button>
      ) : null}
    </span>
  );
}

/** The class a table cell gets from its mark, and its mark in words (the cell's title). */
export function cellMark(
  marks: DeriveMarks | null,
  path: string,
): { className: string; title: string } | null {
  const mark = marks?.markAt(path) ?? null;
  if (!mark) return null;
  const state = stateOf(mark);
  const r = mark.record;
  const value =
    state !== 'derived' && mark.derivedValue !== null ? `; derived ${derivedText(mark.derivedValue, r)}` : '';
  return { className: `cell-${state}`, title: `${LABEL[state]}${value}${r ? `: ${r.formula}` : ''}` };
}

/**
 * Under a table of marked cells: the focused cell's mark, explained, with "reset to derived"
 * (a cell has no room for them).
 */
export function CellMarkDetails({ path }: { path: string | null }) {
  const marks = useContext(DeriveMarksContext);
  const mark = path && marks ? marks.markAt(path) : null;
  if (!marks || !path || !mark) return null;
  const state = stateOf(mark);
  return (
    <div className={`cell-mark-details ${state}`} data-testid="cell-mark-details" data-state={state}>
      <code>{path}</code> <MarkExplanation mark={mark} />
      {state !== 'derived' && marks.derivation ? (
        <>
          {' '}
          <button
            type="button"
            className="link mark-reset"
            data-testid={`reset-${path}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => marks.reset(path)}
          >
            reset to derived
          </button>
        </>
      ) : null}
    </div>
  );
}
