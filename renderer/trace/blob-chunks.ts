/**
 * The browser edge of trace reading: a trace File (from a file input or a drop) as chunks of bytes
 * for core/trace's streaming reader, gunzipped on the way by the browser's DecompressionStream
 * when the file starts with the gzip magic number (whatever its name). Nothing is read until the
 * chunks are iterated, and never the whole file at once.
 */
export async function blobTraceChunks(file: Blob): Promise<AsyncIterable<Uint8Array>> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzipped = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const bytes = file.stream();
  const stream: ReadableStream<Uint8Array> = gzipped
    ? (bytes as ReadableStream<BufferSource>).pipeThrough(new DecompressionStream('gzip'))
    : bytes;
  return chunksOf(stream);
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
