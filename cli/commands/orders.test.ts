import { describe, expect, it } from 'vitest';
import { runCli } from '../commands';
import { memoryIO } from '../memory-io.test-helper';

const scenarioText = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'pipescope-scenario', version: 1, ...over });

describe('pipescope export --format pytorch-csv | order-json', () => {
  it("writes PyTorch's CSV of the scenario's schedule, byte for byte as _dump_csv would", async () => {
    const t = memoryIO({ 's.json': scenarioText({ schedule: '1f1b', devices: 2, microbatches: 2 }) });
    expect(await runCli(['export', 's.json', '--format', 'pytorch-csv', '-o', 'o.csv'], t.io)).toBe(0);
    // worked by hand in pytorch-csv.test.ts: 1F1B on 2 ranks, 2 micro-batches
    expect(t.files['o.csv']).toBe('0F0,0F1,,0B0,,0B1\r\n,1F0,1B0,1F1,1B1\r\n');
  });

  it('refuses DualPipe with the reason, exit 1', async () => {
    const t = memoryIO({ 's.json': scenarioText({ schedule: 'dualpipe', devices: 4, microbatches: 8 }) });
    expect(await runCli(['export', 's.json', '--format', 'pytorch-csv', '-o', 'o.csv'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(
      /^s\.json: schedule: dualpipe has no pytorch-csv: stage \d+ runs on device \d+ and on device \d+ .*PyTorch's pipelining holds each stage on one rank/,
    );
    expect(t.files['o.csv']).toBeUndefined();
  });
});

describe('pipescope simulate --order FILE', () => {
  it('runs an exported CSV as the custom schedule with the same makespan; the scenario gives the costs', async () => {
    const scenario = scenarioText({ schedule: 'zb-v', devices: 4, microbatches: 8, costs: { forward: 2 } });
    const t = memoryIO({ 's.json': scenario });
    expect(await runCli(['simulate', 's.json', '--json'], t.io)).toBe(0);
    const direct = JSON.parse(t.stdout());
    const e = memoryIO({ 's.json': scenario });
    expect(await runCli(['export', 's.json', '--format', 'pytorch-csv', '-o', 'zbv.csv'], e.io)).toBe(0);
    const c = memoryIO({ 's.json': scenario, 'zbv.csv': e.files['zbv.csv'] });
    expect(await runCli(['simulate', 's.json', '--order', 'zbv.csv', '--json'], c.io)).toBe(0);
    const custom = JSON.parse(c.stdout());
    expect(custom).toMatchObject({ schedule: 'custom', devices: 4, microbatches: 8 });
    expect(custom.makespan).toBe(direct.makespan);
  });

  it('reads an order JSON without a scenario (default costs)', async () => {
    const t = memoryIO({ 's.json': scenarioText({ schedule: 'gpipe', devices: 2, microbatches: 3 }) });
    expect(await runCli(['export', 's.json', '--format', 'order-json', '-o', 'o.json'], t.io)).toBe(0);
    const c = memoryIO({ 'o.json': t.files['o.json'] });
    expect(await runCli(['simulate', '--order', 'o.json', '--json'], c.io)).toBe(0);
    // GPipe, F = B = W = 1: (m + P - 1)(F + B + W) = 4 x 3
    expect(JSON.parse(c.stdout()).makespan).toBe(12);
  });

  it('names the waiting cycle of a deadlocked order, exit 1', async () => {
    const c = memoryIO({ 'bad.csv': '0B0,0F0\r\n1F0,1B0\r\n' });
    expect(await runCli(['simulate', '--order', 'bad.csv'], c.io)).toBe(1);
    expect(c.stderr()).toMatch(
      /^\(defaults\): order: deadlock: device 0 waits at 0B0 for 1B0 on device 1, device 1 waits at 1F0 for 0F0 on device 0, which closes the cycle/,
    );
  });

  it('names the line and cell of an action it cannot read', async () => {
    const c = memoryIO({ 'bad.csv': '0F0,0B0\r\n1F0,1X0\r\n' });
    expect(await runCli(['simulate', '--order', 'bad.csv'], c.io)).toBe(1);
    expect(c.stderr()).toBe('bad.csv: line 2, cell 2: "1X0" needs F, I, W or B after the stage number\n');
  });

  it('takes --order or --schedule, not both (exit 2)', async () => {
    const c = memoryIO({ 'o.csv': '0F0,0B0\r\n' });
    expect(await runCli(['simulate', '--order', 'o.csv', '--schedule', '1f1b'], c.io)).toBe(2);
    expect(c.stderr()).toMatch(/give --order or --schedule, not both/);
  });
});
