import { memo } from 'react';
import type { ExplainSection } from './sections';

/**
 * The Explain panel: each section's sentences exactly as core's explain functions write them (so
 * the app and the CLI say the same), the critical-path sentence marked as what to optimize.
 * Memoized: its sections are, so an edit that leaves them alone does not re-render them.
 */
export const ExplainPanel = memo(function ExplainPanel({
  sections,
  title,
  testId,
}: {
  sections: ExplainSection[];
  /** The panel's heading; without one, its sections' headings stand alone. */
  title?: string;
  testId: string;
}) {
  if (sections.length === 0) return null;
  return (
    <section className="explain" data-testid={testId} aria-label={title ?? sections[0].title}>
      {title ? <h2>{title}</h2> : null}
      {sections.map((s) => (
        <div key={s.key} className="explain-section" data-section={s.key}>
          <h3>{s.title}</h3>
          <ul>
            {s.sentences.map((sentence, k) => (
              <li key={sentence} className={k === s.criticalPath ? 'critical' : undefined}>
                {k === s.criticalPath ? <strong className="lead">What to optimize: </strong> : null}
                <span data-testid="explain-sentence" data-section={s.key}>
                  {sentence}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
});
