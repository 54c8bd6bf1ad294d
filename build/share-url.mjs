// The address that opens a scenario file in PipeScope's web mode: the page's URL with the file's
// text in the hash, compressed (deflate-raw, RFC 1951) and written in base64url (RFC 4648,
// section 5), as the app itself writes its links (renderer/share-link.ts). `npm start -- FILE`
// prints it when it serves web mode. The page reads such a link like any file (the document
// loader and its budgets), so this module only packs bytes and checks the length.
import { deflateRawSync } from 'node:zlib';

/** Longest hash a link the app shares may have (renderer/share-link.ts, MAX_LINK_CHARS). */
export const MAX_LINK_CHARS = 32_000;

/** Longest hash the page reads: Chromium's URL limit (renderer/share-link.ts, MAX_READ_HASH_CHARS). */
export const MAX_READ_HASH_CHARS = 2 * 1024 * 1024;

/** Longest file name kept in a link (names are for the title bar only). */
const MAX_NAME_CHARS = 200;

/** Base64url without padding. */
export function base64url(bytes) {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * `{ ok: true, url }`: `baseUrl` with the scenario of `bytes` (a file's raw content) and its
 * `name` in the hash; or `{ ok: false, message }` when the hash would be longer than
 * `maxChars` (default: what the page reads; a link meant for sharing is held to MAX_LINK_CHARS).
 */
export function scenarioUrl(baseUrl, bytes, name, maxChars = MAX_READ_HASH_CHARS) {
  const packed = base64url(deflateRawSync(bytes));
  const hash = `#scenario=${packed}&name=${encodeURIComponent(String(name).slice(0, MAX_NAME_CHARS))}`;
  if (hash.length > maxChars)
    return {
      ok: false,
      message: `${name} is too large to open through the address (${hash.length.toLocaleString('en-US')} characters compressed; at most ${maxChars.toLocaleString('en-US')}): open it with Open in the page instead`,
    };
  const base = String(baseUrl).replace(/#.*$/, '');
  return { ok: true, url: `${base}${hash}` };
}
