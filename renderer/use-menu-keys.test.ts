import { describe, expect, it } from 'vitest';
import { nextMenuIndex } from './use-menu-keys';

const items = [
  { label: 'Everything' },
  { label: 'Visible range' },
  { label: 'Selected devices', disabled: true },
  { label: 'SVG…' },
  { label: 'PNG…' },
  { label: 'Perfetto trace' },
];

describe('nextMenuIndex', () => {
  it('moves down and up, wrapping around at the ends and skipping disabled items', () => {
    expect(nextMenuIndex(items, -1, 'ArrowDown')).toBe(0);
    expect(nextMenuIndex(items, 1, 'ArrowDown')).toBe(3);
    expect(nextMenuIndex(items, 5, 'ArrowDown')).toBe(0);
    expect(nextMenuIndex(items, 0, 'ArrowUp')).toBe(5);
    expect(nextMenuIndex(items, 3, 'ArrowUp')).toBe(1);
    expect(nextMenuIndex(items, -1, 'ArrowUp')).toBe(5);
  });

  it('goes to the first and the last enabled item with Home and End', () => {
    expect(nextMenuIndex(items, 4, 'Home')).toBe(0);
    expect(nextMenuIndex(items, 0, 'End')).toBe(5);
    expect(nextMenuIndex([...items.slice(0, 5), { label: 'x', disabled: true }], 0, 'End')).toBe(4);
  });

  it('jumps to the next item starting with a typed letter, in any case, after the current one', () => {
    expect(nextMenuIndex(items, 0, 'p')).toBe(4);
    expect(nextMenuIndex(items, 4, 'P')).toBe(5);
    expect(nextMenuIndex(items, 5, 'p')).toBe(4);
    expect(nextMenuIndex(items, 0, 's')).toBe(3); // "Selected devices" is disabled
    expect(nextMenuIndex(items, 0, 'z')).toBeNull();
  });

  it('leaves other keys alone', () => {
    expect(nextMenuIndex(items, 0, 'Enter')).toBeNull();
    expect(nextMenuIndex(items, 0, ' ')).toBeNull();
    expect(nextMenuIndex(items, 0, 'Tab')).toBeNull();
  });
});
