/** Types of build/import-cycles.mjs (a plain Node script, so that `npm test` runs it without a build). */
export declare const CHECKED_FOLDERS: string[];
export declare function importSpecifiers(text: string): string[];
export declare function resolveSpecifier(
  fromFile: string,
  specifier: string,
  isFile?: (path: string) => boolean,
): string | null;
export declare function importGraph(files: string[], read?: (file: string) => string): Map<string, string[]>;
export declare function findCycles(graph: Map<string, string[]>, limit?: number): string[][];
export declare function describeCycle(cycle: string[], root?: string): string;
