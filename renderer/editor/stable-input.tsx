import { type InputHTMLAttributes, memo, useLayoutEffect, useRef, useState } from 'react';

type InputProps = InputHTMLAttributes<HTMLInputElement> & { 'data-testid'?: string };

/** The handlers the editor's inputs use, called through a ref (see Input). */
const HANDLERS = ['onChange', 'onFocus', 'onBlur', 'onKeyDown', 'onPointerDown', 'onPointerUp'] as const;
type Handler = (typeof HANDLERS)[number];

const MemoInput = memo(function MemoInput(p: InputProps) {
  return <input {...p} />;
});

/**
 * An `<input>` that React re-renders only when one of its attributes changes. Its event handlers,
 * new closures at every render of the field, are called through a ref, so they are not changes.
 * An edit re-renders the whole editor (every field reads the scenario), and React's update of a
 * controlled input writes several of its DOM properties even when nothing changed: the editor's
 * thirty-odd inputs cost a few ms of every keystroke.
 */
export function Input(p: InputProps) {
  const latest = useRef(p);
  useLayoutEffect(() => {
    latest.current = p;
  });
  const [stable] = useState(() => {
    const calls = {} as Record<Handler, (e: never) => void>;
    for (const h of HANDLERS) calls[h] = (e) => (latest.current[h] as ((e: never) => void) | undefined)?.(e);
    return calls;
  });
  const attrs: InputProps = { ...p };
  for (const h of HANDLERS) if (p[h]) (attrs as Record<Handler, unknown>)[h] = stable[h];
  return <MemoInput {...attrs} />;
}
