/** Types of build/start.mjs's exports (its tests). */
export declare function startArgs(argv: string[]): { web: boolean; files: string[]; errors: string[] };
export declare function webModeUrl(
  baseUrl: string,
  file: string,
  io?: {
    read?: (path: string) => Uint8Array;
    stat?: (path: string) => { isFile(): boolean; size: number };
  },
): { ok: true; url: string } | { ok: false; message: string };
