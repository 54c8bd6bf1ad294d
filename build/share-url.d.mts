/** Types of build/share-url.mjs. */
export declare const MAX_LINK_CHARS: number;
export declare const MAX_READ_HASH_CHARS: number;
export declare function base64url(bytes: Uint8Array): string;
export declare function scenarioUrl(
  baseUrl: string,
  bytes: Uint8Array,
  name: string,
  maxChars?: number,
): { ok: true; url: string } | { ok: false; message: string };
