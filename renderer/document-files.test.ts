import { describe, expect, it } from 'vitest';
import { slug } from './document-files';

describe('slug', () => {
  it('makes a file name of lower-case words joined by dashes', () => {
    expect(slug('DeepSeek-V3 (DualPipe, 16 PP ranks)')).toBe('deepseek-v3-dualpipe-16-pp-ranks');
  });

  it('never returns an empty name', () => {
    expect(slug('')).toBe('scenario');
    expect(slug('  ***  ')).toBe('scenario');
  });
});
