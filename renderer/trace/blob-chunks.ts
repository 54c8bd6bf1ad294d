/**
 * The browser edge of trace reading: a trace's raw bytes (a dropped or chosen File, or chunks the
 * desktop app reads from disk) as chunks for core/trace's streaming reader, gunzipped on the way
 * by the browser's DecompressionStream when the data starts with the gzip magic number (whatever
 * the file's name). Nothing is read until the chunks are iterated, and never the whole file at once.
 */

/**
 * Raw chunks, decompressed when they start with the gzip magic number. `onRaw` is told how many
 * raw bytes were taken from `raw` so far (progress against the file size, compressed or not).
 */
export async function decodedTraceChunks(
  raw: AsyncIterable<Uint8Array>,
  onRaw: (bytes: number) => void = () => {},
): Promise<AsyncIterable<Uint8Array>> {
  const it = raw[Symbol.asyncIterator]();
  let taken = 0;
  const next = async (): Promise<Uint8Array | null> => {
    const r = await it.next();
    if (r.done) return null;
    taken += r.value.length;
    onRaw(taken);
    return r.value;
  };
  // The first two bytes decide; a first chunk of one byte waits for the next.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < 2) {
    const c = await next();
    if (c === null) break;
    head.push(c);
    headBytes += c.length;
  }
  const first = head.length === 1 ? head[0] : concat(head);
  const gzipped = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (!gzipped) return plain(first, next, it);
  let sentFirst = false;
  const compressed = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const c = sentFirst ? await next() : first;
      sentFirst = true;
      if (c === null) controller.close();
      else controller.enqueue(c);
    },
    async cancel() {
      await it.return?.();
    },
  });
  return chunksOf(
    compressed.pipeThrough(
      new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    ),
  );
}

async function* plain(
  first: Uint8Array,
  next: () => Promise<Uint8Array | null>,
  it: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  try {
    if (first.length > 0) yield first;
    for (let c = await next(); c !== null; c = await next()) yield c;
  } finally {
    await it.return?.();
  }
}

/** A File or Blob holding a trace, as decoded chunks (see decodedTraceChunks). */
export function blobTraceChunks(
  file: Blob,
  onRaw?: (bytes: number) => void,
): Promise<AsyncIterable<Uint8Array>> {
  return decodedTraceChunks(chunksOf(file.stream()), onRaw);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopping early (cancel, an error in the trace) releases the file.
    await reader.cancel().catch(() => {});
  }
}
