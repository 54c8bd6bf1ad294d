import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffFileKind } from './sniff';
import { pairLayerTrace } from './synthetic';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('telling traces from scenarios by content', () => {
  it('takes gzip data for a trace, whatever the name', () => {
    expect(sniffFileKind(gzipSync('{"format": "pipescope-scenario"}'), 'scenario.json')).toBe('trace');
  });

  it('finds traceEvents after the device properties Kineto writes first', () => {
    const props = JSON.stringify(
      Array.from({ length: 8 }, (_, id) => ({ id, name: 'NVIDIA H100 80GB HBM3' })),
    );
    const head = `{\n  "schemaVersion": 1,\n  "deviceProperties": ${props},\n  "traceEvents": [`;
    expect(sniffFileKind(bytes(head), 'scenario.pipescope.json')).toBe('trace');
    expect(sniffFileKind(bytes(pairLayerTrace().text()), 'x.json')).toBe('trace');
    expect(sniffFileKind(bytes('[{"ph": "X", "name": "k"}]'), 'x.json')).toBe('trace');
  });

  it('takes a scenario file or an exported SVG for a scenario, whatever the name', () => {
    expect(
      sniffFileKind(bytes('{\n  "format": "pipescope-scenario",\n  "version": 1'), 'trace.json.gz'),
    ).toBe('scenario');
    expect(sniffFileKind(bytes('\uFEFF<?xml version="1.0"?><svg'), 'rank0.json')).toBe('scenario');
  });

  it('takes UTF-16 text for a scenario, with a byte-order mark or without, whatever the name', () => {
    // '{"' in UTF-16: little-endian 7B 00 22 00, big-endian 00 7B 00 22, written out by hand.
    const le = [0x7b, 0, 0x22, 0];
    const be = [0, 0x7b, 0, 0x22];
    expect(sniffFileKind(new Uint8Array([0xff, 0xfe, ...le]), 'rank0.json.gz')).toBe('scenario');
    expect(sniffFileKind(new Uint8Array([0xfe, 0xff, ...be]), 'rank0.json')).toBe('scenario');
    expect(sniffFileKind(new Uint8Array(le), 'x.json')).toBe('scenario');
    expect(sniffFileKind(new Uint8Array(be), 'x.json')).toBe('scenario');
    // UTF-32LE's mark starts as UTF-16LE's: the scenario reader names it in its refusal.
    expect(sniffFileKind(new Uint8Array([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), 'x.json')).toBe('scenario');
    // Two zero bytes are not text at all: the name decides.
    expect(sniffFileKind(new Uint8Array([0, 0, 0, 0]), 'x.json')).toBe('unknown');
  });

  it('lets the name decide only when the content says nothing', () => {
    expect(sniffFileKind(bytes('{"x": 1}'), 'rank0.pt.trace.json')).toBe('trace');
    expect(sniffFileKind(bytes('{"x": 1}'), 'mine.pipescope.json')).toBe('scenario');
    expect(sniffFileKind(bytes('{"x": 1}'), 'notes.json')).toBe('unknown');
  });
});
