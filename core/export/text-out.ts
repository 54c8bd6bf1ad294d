import { formatMegabytes } from '../format/limits';

/**
 * Export text written piece by piece against a budget of characters, so that an export near the
 * caps stops with a message instead of growing past what a string can hold (V8's limit is about
 * 512 million characters; the join alone would throw a RangeError) or what the heap can.
 */
export class TextOut {
  /** Joined blocks of text, and the small pieces of the block being written. */
  private readonly blocks: string[] = [];
  private pending: string[] = [];
  private chars = 0;
  constructor(
    private readonly maxChars: number,
    /** What is being written, for the message: "the CSV", "the Chrome trace"... */
    private readonly what: string,
  ) {}

  push(...pieces: string[]): void {
    for (const p of pieces) {
      this.chars += p.length;
      if (this.chars > this.maxChars) throw new ExportTooLarge(this.what, this.maxChars);
      this.pending.push(p);
    }
    // Millions of short rows held one by one cost several times their text in the heap: join
    // them into blocks as they come, so memory stays near the size of the text itself.
    if (this.pending.length >= PIECES_PER_BLOCK) this.seal();
  }

  private seal(): void {
    this.blocks.push(this.pending.join(''));
    this.pending = [];
  }

  text(): string {
    this.seal();
    return this.blocks.join('');
  }
}

/** Pieces joined into one block: a few hundred KB of typical rows. */
const PIECES_PER_BLOCK = 4096;

/** An export past its budget: a user-facing message (core/export/export-text.ts turns it into a value). */
export class ExportTooLarge extends Error {
  override name = 'ExportTooLarge';
  constructor(what: string, maxChars: number) {
    super(
      `${what} of this scenario is more than ${formatMegabytes(maxChars)}, the most PipeScope writes in one export: use fewer micro-batches or devices`,
    );
  }
}
