import { fileSizeError, LIMITS } from '../core/format/limits';

/**
 * A scenario in a link (web mode): the file text Save writes, compressed (deflate-raw, RFC 1951)
 * and written in base64url (RFC 4648, section 5) after `#scenario=`, with the file's name after
 * `&name=`. Everything after `#` stays in the browser: no server sees it. `npm start -- FILE`
 * (build/start.mjs) writes the same links. A link read back is only bytes: it goes through the
 * document worker's loader and budgets like any file.
 */

export const SCENARIO_PARAM = 'scenario';
export const NAME_PARAM = 'name';

/**
 * Longest link hash PipeScope writes. Browsers take URLs of megabytes, but chat and mail tools
 * cut or refuse links past a few tens of thousands of characters; a scenario that needs more is
 * shared as a file.
 */
export const MAX_LINK_CHARS = 32_000;

/** Longest hash read: Chromium's URL limit (2 MB); anything longer cannot have come from a browser. */
export const MAX_READ_HASH_CHARS = 2 * 1024 * 1024;

/** Longest name kept from a link (names are for the title bar only). */
const MAX_NAME_CHARS = 200;

export type LinkResult = { ok: true; hash: string } | { ok: false; chars: number; message: string };

/** The `#scenario=...&name=...` hash of a scenario file's text, or why it is too long for a link. */
export async function scenarioHash(text: string, name: string): Promise<LinkResult> {
  const packed = base64url(await deflateRaw(new TextEncoder().encode(text)));
  const hash = `#${SCENARIO_PARAM}=${packed}&${NAME_PARAM}=${encodeURIComponent(name.slice(0, MAX_NAME_CHARS))}`;
  if (hash.length <= MAX_LINK_CHARS) return { ok: true, hash };
  return {
    ok: false,
    chars: hash.length,
    message: `This scenario is too large to share as a link (${hash.length.toLocaleString('en-US')} characters compressed; links are at most ${MAX_LINK_CHARS.toLocaleString('en-US')}, as chat and mail tools cut longer ones): share the file instead (Save).`,
  };
}

export type OpenedLink = { ok: true; name: string; data: Uint8Array } | { ok: false; message: string };

/**
 * The scenario file a hash carries (its bytes, for the document loader), null when the hash
 * carries none, or why it cannot be read. Malformed base64, a broken deflate stream and one that
 * inflates past the file budget (a "zip bomb") are messages, read no further than the budget.
 */
export async function openedFromHash(hash: string): Promise<OpenedLink | null> {
  if (!hash.startsWith(`#${SCENARIO_PARAM}=`)) return null;
  if (hash.length > MAX_READ_HASH_CHARS)
    return {
      ok: false,
      message: `the link is ${hash.length.toLocaleString('en-US')} characters long, more than any browser's URL`,
    };
  const params = new URLSearchParams(hash.slice(1));
  const packed = params.get(SCENARIO_PARAM) ?? '';
  const name = cleanName(params.get(NAME_PARAM));
  const bytes = fromBase64url(packed);
  if (!bytes) return { ok: false, message: 'the link is damaged: its scenario is not base64url text' };
  const data = await inflateRaw(bytes, LIMITS.fileBytes);
  if (!data.ok) return { ok: false, message: `the link is damaged: ${data.message}` };
  return { ok: true, name, data: data.bytes };
}

function cleanName(name: string | null): string {
  // Control characters would end up in the title bar; path separators make no sense in a name.
  let cleaned = '';
  for (const ch of name ?? '') {
    const code = ch.charCodeAt(0);
    cleaned += code < 0x20 || code === 0x7f || ch === '/' || ch === '\\' ? '_' : ch;
  }
  cleaned = cleaned.trim().slice(0, MAX_NAME_CHARS);
  return cleaned === '' ? 'Shared scenario' : cleaned;
}

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `maxBytes`; past them (or on a broken stream) a message, not a freeze. */
async function inflateRaw(
  bytes: Uint8Array,
  maxBytes: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      const tooLarge = fileSizeError(total, maxBytes);
      if (tooLarge) {
        await reader.cancel();
        return { ok: false, message: `it unpacks to more than a scenario file may hold (${tooLarge})` };
      }
      chunks.push(value);
    }
  } catch {
    return {
      ok: false,
      message: 'its scenario is not a deflate stream (cut short, or not written by PipeScope)',
    };
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes: out };
}

/** Base64url without padding (RFC 4648, section 5). */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...all) overflows the stack past ~100k arguments.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of base64url text (padding optional), or null when it is not base64url. */
export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(
    text
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(text.length / 4) * 4, '='),
  );
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
