/**
 * zod settings for the page and the analysis worker, applied before any schema exists: imported
 * first by main.tsx and by analysis/analysis.worker.ts, since zod decides at schema creation
 * whether to compile parsers with `new Function`.
 *
 * jitless: zod 4 otherwise probes whether it may compile (`new Function("")`). Under our Content
 * Security Policy (no 'unsafe-eval') the probe fails, harmlessly, but the browser reports a
 * `securitypolicyviolation` on every load, which would hide a real one. Interpreted parsing is what
 * zod falls back to anyway where eval is refused.
 */
import { z } from 'zod';

z.config({ jitless: true });
