import { type ReactNode, useId, useState } from 'react';

/**
 * One section of the editor (a fieldset whose legend is a disclosure button): a click or Enter on
 * its title folds it to that title, so the sections in use fit beside the chart at 1280x800. A
 * section holding an error stays open (its fields show where the error is) and its title says why.
 * Folding is view state of this panel: never undone, never saved, open again when the editor reopens.
 */
export function EditorSection({
  title,
  testId,
  hasErrors,
  children,
}: {
  title: string;
  testId?: string;
  hasErrors: boolean;
  children: ReactNode;
}) {
  const [folded, setFolded] = useState(false);
  const open = !folded || hasErrors;
  const bodyId = useId();
  const key = testId ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return (
    <fieldset className="section" data-testid={testId} data-folded={open ? undefined : true}>
      <legend>
        <button
          type="button"
          className="section-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          data-testid={`section-toggle-${key}`}
          aria-disabled={hasErrors || undefined}
          title={hasErrors ? 'This section has errors: it stays open until they are fixed' : undefined}
          onClick={() => {
            if (!hasErrors) setFolded(!folded);
          }}
        >
          <span className="section-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title}
        </button>
      </legend>
      <div id={bodyId} className="section-body" hidden={!open}>
        {children}
      </div>
    </fieldset>
  );
}
