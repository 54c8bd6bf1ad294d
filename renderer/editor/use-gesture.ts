import { useRef } from 'react';

/**
 * A gesture key per focus: every keystroke while a field has focus merges into one undo entry;
 * leaving the field (blur) ends the gesture.
 */
export function useGesture(name: string): { key: () => string; begin: () => void } {
  const session = useRef(0);
  return {
    key: () => `${name}#${session.current}`,
    begin: () => {
      session.current++;
    },
  };
}
