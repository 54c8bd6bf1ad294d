import { useMemo, useState } from 'react';
import { PAIR_ORDER_ENTRIES, type PairOrderEntry } from '../../core/model/costs';
import type { TraceMapDocument } from '../../core/model/scenario';
import { parseTraceMapping, partMatcher } from '../../core/trace/mapping';
import type { RankJson } from '../../core/trace/summary';
import { countText, msText } from './format';

type Annotation = RankJson['annotations'][number];
type SortKey = 'name' | 'part' | 'count' | 'gpuMs' | 'spanMs' | 'cpuMs' | `stream:${number}`;

/** Rows shown before "show all": a real trace has hundreds of annotation names. */
const FIRST_ROWS = 60;

/**
 * GPU time per annotation name on one rank, sortable by any column, with the part each name
 * measures: the mapping's (the defaults, or a rule), changed here name by name.
 */
export function AnnotationsTable(p: {
  rank: RankJson;
  mapping: TraceMapDocument;
  onPart(name: string, part: PairOrderEntry | null | undefined): void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; down: boolean }>({ key: 'gpuMs', down: true });
  const [all, setAll] = useState(false);
  const partOf = useMemo(() => {
    const m = parseTraceMapping(p.mapping, 'mapping');
    return m.ok ? partMatcher(m.mapping) : () => null;
  }, [p.mapping]);
  const streams = p.rank.streams.map((s) => s.id);
  const rows = useMemo(() => {
    const value = (a: Annotation): string | number => {
      if (sort.key === 'name') return a.name;
      if (sort.key === 'part') return partOf(a.name) ?? '';
      if (sort.key.startsWith('stream:')) return a.streams[sort.key.slice(7)] ?? 0;
      return a[sort.key as 'count' | 'gpuMs' | 'spanMs' | 'cpuMs'];
    };
    const sorted = [...p.rank.annotations].sort((x, y) => {
      const a = value(x);
      const b = value(y);
      const c = typeof a === 'string' ? a.localeCompare(b as string) : a - (b as number);
      return sort.down ? -c : c;
    });
    return sorted;
  }, [p.rank.annotations, sort, partOf]);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  const head = (key: SortKey, label: string, num = true) => (
    <th
      className={num ? 'num' : undefined}
      aria-sort={sort.key === key ? (sort.down ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="sort"
        data-testid={`sort-${key}`}
        onClick={() =>
          setSort((s) => ({ key, down: s.key === key ? !s.down : key !== 'name' && key !== 'part' }))
        }
      >
        {label}
        {sort.key === key ? (sort.down ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
  const rules = p.mapping.parts ?? {};
  return (
    <div className="trace-scroll">
      <h3 className="trace-caption" id="trace-annotations-caption">
        Annotations of rank {p.rank.rank}: GPU time of the kernels each launched (the innermost annotation
        open at the launch), per stream; the part column says which chunk part a name measures
      </h3>
      <table
        className="trace-table"
        data-testid="trace-annotations"
        aria-labelledby="trace-annotations-caption"
      >
        <thead>
          <tr>
            {head('name', 'annotation', false)}
            {head('part', 'part', false)}
            {head('count', 'count')}
            {head('gpuMs', 'GPU (ms)')}
            {head('spanMs', 'span (ms)')}
            {head('cpuMs', 'CPU (ms)')}
            {streams.map((id) => head(`stream:${id}`, `stream ${id} (ms)`))}
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => {
            const own = Object.hasOwn(rules, a.name);
            const effective = partOf(a.name);
            return (
              <tr key={a.name} data-annotation={a.name}>
                <td className="name" title={a.name}>
                  {a.name}
                </td>
                <td>
                  <select
                    aria-label={`part measured by ${a.name}`}
                    value={own ? (rules[a.name] ?? 'none') : 'default'}
                    onChange={(e) => {
                      const v = e.target.value;
                      p.onPart(
                        a.name,
                        v === 'default' ? undefined : v === 'none' ? null : (v as PairOrderEntry),
                      );
                    }}
                  >
                    <option value="default">{own ? 'by the other rules' : (effective ?? '—')}</option>
                    <option value="none">not a part</option>
                    {PAIR_ORDER_ENTRIES.map((e) => (
                      <option key={e} value={e}>
                        {e}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="num">{countText(a.count)}</td>
                <td className="num">{msText(a.gpuMs)}</td>
                <td className="num">{msText(a.spanMs)}</td>
                <td className="num">{msText(a.cpuMs)}</td>
                {streams.map((id) => (
                  <td key={id} className="num">
                    {a.streams[String(id)] === undefined ? '' : msText(a.streams[String(id)])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > FIRST_ROWS ? (
        <button type="button" className="link" onClick={() => setAll((x) => !x)}>
          {all ? `Show the first ${FIRST_ROWS}` : `Show all ${countText(rows.length)} annotations`}
        </button>
      ) : null}
    </div>
  );
}
