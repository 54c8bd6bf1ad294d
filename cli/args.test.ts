import { describe, expect, it } from 'vitest';
import { type ParsedArgs, type UsageError, isUsageError, parseArgs } from './args';
import { scheduleNames } from '../core/schedules/registry';

function ok(argv: string[]): ParsedArgs {
  const r = parseArgs(argv);
  if (isUsageError(r)) throw new Error(r.usageError);
  return r;
}

function bad(argv: string[]): string {
  const r = parseArgs(argv);
  expect(isUsageError(r)).toBe(true);
  return (r as UsageError).usageError;
}

describe('parseArgs', () => {
  it('reads every simulate flag, in --flag value and --flag=value forms', () => {
    const r = ok([
      'simulate',
      'a.json',
      '--schedule',
      'zb-h1',
      '--devices=8',
      '--microbatches',
      '32',
      '--chunks',
      '3',
      '--group-size=9',
      '--pairing',
      'combined-1f1b',
      '--forward',
      '1.5',
      '--backward-input=2',
      '--backward-weight',
      '0.5',
      '--p2p',
      '1e-2',
      '--json',
    ]);
    expect(r).toEqual({
      command: 'simulate',
      positionals: ['a.json'],
      flags: {
        schedule: ['zb-h1'],
        devices: 8,
        microbatches: 32,
        chunks: 3,
        groupSize: 9,
        pairing: 'combined-1f1b',
        forward: 1.5,
        backwardInput: 2,
        backwardWeight: 0.5,
        p2p: 0.01,
        json: true,
      },
    });
  });

  it('names the flag and its valid range when a value is out of range or not a number', () => {
    expect(bad(['simulate', '--devices', '0'])).toBe(
      '--devices must be a whole number of devices from 1 to 1,024 (got "0")',
    );
    expect(bad(['simulate', '--microbatches', '1000000'])).toBe(
      '--microbatches must be a whole number of micro-batches from 1 to 65,536 (got "1000000")',
    );
    expect(bad(['simulate', '--chunks', '2.5'])).toMatch(
      /^--chunks must be a whole number of chunks from 1 to 64/,
    );
    expect(bad(['simulate', '--group-size', '0'])).toBe(
      '--group-size must be a whole number of micro-batches from 1 to 65,536 (got "0")',
    );
    expect(bad(['compare', '--pairing', 'on'])).toBe(
      '--pairing must be one of off, steady-state, combined-1f1b (got "on")',
    );
    expect(bad(['simulate', '--forward', '-1'])).toBe(
      '--forward must be a time in ms from 0 to 1,000,000,000 (got "-1")',
    );
    expect(bad(['simulate', '--p2p', 'NaN'])).toMatch(/^--p2p must be a time in ms/);
    expect(bad(['simulate', '--backward-weight', 'Infinity'])).toMatch(
      /^--backward-weight must be a time in ms/,
    );
  });

  it('rejects unknown schedules, listing the valid ones', () => {
    expect(bad(['simulate', '--schedule', 'zb-h3'])).toBe(
      `--schedule must be one of ${scheduleNames().join(', ')} (got "zb-h3")`,
    );
  });

  it('takes several schedules for render and compare only, in the order given', () => {
    expect(ok(['render', 'x.json', '--schedule', '1f1b,zb-h1', '-o', 'o.svg']).flags.schedule).toEqual([
      '1f1b',
      'zb-h1',
    ]);
    expect(ok(['compare', '--schedule', 'dualpipe,1f1b,gpipe']).flags.schedule).toEqual([
      'dualpipe',
      '1f1b',
      'gpipe',
    ]);
    expect(bad(['simulate', '--schedule', '1f1b,zb-h1'])).toMatch(/takes one schedule for simulate/);
    expect(bad(['compare', '--schedule', '1f1b,1f1b'])).toMatch(/names a schedule twice/);
  });

  it('rejects flags a command does not take, and unknown commands', () => {
    expect(bad(['compare', '--format', 'csv'])).toMatch(
      /^unknown flag --format for compare; compare takes --schedule, --devices/,
    );
    expect(bad(['simulate', '--device', '4'])).toMatch(/^unknown flag --device for simulate/);
    expect(bad(['simulat'])).toMatch(/^unknown command "simulat"/);
  });

  it('asks for a missing value, a missing file and required flags', () => {
    expect(bad(['simulate', '--devices'])).toMatch(/^--devices needs a value: P/);
    expect(bad(['simulate', '--devices', '--json'])).toMatch(/^--devices needs a value/);
    expect(bad(['validate'])).toMatch(/^validate needs FILE/);
    expect(bad(['render', 's.json'])).toMatch(/^render needs -o FILE/);
    expect(bad(['export', 's.json', '-o', 'x'])).toMatch(/^export needs --format FORMAT/);
    expect(bad(['export', 's.json', '--format', 'pdf', '-o', 'x'])).toBe(
      '--format must be one of chrome-trace, csv, parts-csv, json, pytorch-csv, order-json (got "pdf")',
    );
  });

  it('refuses a flag given twice and extra positional arguments', () => {
    expect(bad(['simulate', '--devices', '4', '--devices', '5'])).toBe('--devices is given twice');
    expect(bad(['simulate', 'a.json', 'b.json'])).toMatch(/^simulate takes at most 1 file/);
  });

  it('collects a repeatable flag (trace --stream-role) in order, and still refuses others twice', () => {
    expect(
      ok(['trace', 'a.json', '--stream-role', '7=comm', '--stream-role=0:9=compute']).flags.streamRoles,
    ).toEqual([
      { rank: null, stream: 7, role: 'comm' },
      { rank: 0, stream: 9, role: 'compute' },
    ]);
    expect(bad(['trace', 'a.json', '--map', 'm.json', '--map', 'n.json'])).toBe('--map is given twice');
  });

  it('asks for the flag another one needs (trace --scenario with -o, and -o with --scenario)', () => {
    expect(ok(['trace', 'a.json', '--scenario', 'b.json', '-o', 'c.json']).flags).toEqual({
      scenario: 'b.json',
      output: 'c.json',
    });
    expect(bad(['trace', 'a.json', '--scenario', 'b.json'])).toMatch(/^--scenario needs -o FILE/);
    expect(bad(['trace', 'a.json', '-o', 'c.json'])).toMatch(/^--output needs --scenario BASE\.json/);
  });

  it('takes many files for validate, and "-" as a file name', () => {
    expect(ok(['validate', 'a.json', 'b.svg', '-']).positionals).toEqual(['a.json', 'b.svg', '-']);
  });

  it('gives help with no arguments or --help', () => {
    expect(ok([]).command).toBe('help');
    expect(ok(['simulate', '--help'])).toEqual({ command: 'help', positionals: ['simulate'], flags: {} });
  });
});
