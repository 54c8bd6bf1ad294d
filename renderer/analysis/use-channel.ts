import { useEffect, useState } from 'react';
import { AnalysisChannel, createAnalysisWorker, workersAvailable } from './client';

/** A worker channel owned by the calling component (terminated when it unmounts), or null where
 * workers are unavailable (jsdom), in which case callers analyse inline. */
export function useChannel(): AnalysisChannel | null {
  const [channel] = useState(() => {
    if (!workersAvailable) return null;
    try {
      return new AnalysisChannel(createAnalysisWorker);
    } catch {
      return null;
    }
  });
  useEffect(() => () => channel?.dispose(), [channel]);
  return channel;
}
