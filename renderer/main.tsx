// First: zod must be configured before core/format builds its schemas (see zod-config.ts).
import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { type Scenario, defaultScenario } from '../core/model/scenario';
import { openDocument } from './analysis/document';
import { App } from './app';
import { platform } from './platform';
import { SCENARIO_PARAM } from './share-link';
import { AppStore } from './state/store';
import { initialView } from './state/view';
import './styles.css';

// The example engineers see first. A glob (not an import) so that a checkout without the file
// still builds and starts on the default scenario.
const examples = import.meta.glob('../examples/deepseek-v3.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function firstScenario(): { scenario: Scenario; kept: string | null; name: string; notice: string | null } {
  // A page opened on a link opens the link's scenario (use-share-link.ts): no example to analyse first.
  if (platform.kind === 'web' && window.location.hash.startsWith(`#${SCENARIO_PARAM}=`))
    return { scenario: defaultScenario(), kept: null, name: 'Untitled', notice: null };
  const text = examples['../examples/deepseek-v3.json'];
  if (text) {
    const r = openDocument(text);
    if (r.ok) return { scenario: r.scenario, kept: r.kept, name: 'deepseek-v3.json', notice: null };
    return {
      scenario: defaultScenario(),
      kept: null,
      name: 'Untitled',
      notice: `The DeepSeek-V3 example did not load (${r.errors[0]?.path}: ${r.errors[0]?.message}); showing the default scenario.`,
    };
  }
  return { scenario: defaultScenario(), kept: null, name: 'Untitled', notice: null };
}

const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
const first = firstScenario();
const store = new AppStore(
  first.scenario,
  { path: null, name: first.name },
  initialView(prefersDark ? 'dark' : 'light'),
  first.kept,
);
if (first.notice) store.setNotice(first.notice);

// For end-to-end tests and debugging from the console: the store is the app's whole state.
(window as unknown as { __pipescope?: AppStore }).__pipescope = store;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
