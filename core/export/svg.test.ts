// @vitest-environment jsdom
// DOMParser comes from jsdom (the test environment); the exporter itself never touches a DOM.
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { loadScenario, saveScenario } from '../format/scenario-file';
import { uniformConfig } from '../model/config';
import { defaultScenario } from '../model/scenario';
import { SCHEDULES } from '../schedules';
import { oneFOneB } from '../schedules/one-f-one-b';
import { simulate } from '../sim/simulate';
import { fakeAnalysis, oneFOneBTwoByTwo, pairWithParts } from './fixtures.test-helper';
import { renderSvg, SCENARIO_METADATA_ID, SVG_LAYER_IDS } from './svg';
import { xmlUnescape } from '../util/xml';

const SVG_NS = 'http://www.w3.org/2000/svg';

function parse(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  expect(error?.textContent ?? null).toBeNull();
  expect(doc.documentElement.namespaceURI).toBe(SVG_NS);
  expect(doc.documentElement.localName).toBe('svg');
  return doc;
}

function layer(doc: Document, id: string): Element {
  const el = doc.getElementById(id);
  expect(el, `layer #${id}`).not.toBeNull();
  return el!;
}

/** 1F1B on P devices, m micro-batches, F = 1, B = W = 1 (full backward 2), given P2P time. */
function oneFOneBAnalysis(P: number, m: number, p2p = 0) {
  const config = uniformConfig(P, m, 1, 1, 1, { p2p });
  const schedule = oneFOneB.generate(config);
  const result = simulate(schedule, config);
  if (!result.ok) throw new Error(result.error.message);
  return fakeAnalysis(result.timeline, { ...defaultScenario(), devices: P, microbatches: m });
}

describe('renderSvg', () => {
  it('is well-formed SVG 1.1 with a title, a legend, a time axis in ms and device labels', () => {
    const svg = renderSvg([oneFOneBTwoByTwo()], { title: 'Two by two' });
    const doc = parse(svg);
    const root = doc.documentElement;
    expect(root.getAttribute('version')).toBe('1.1');
    expect(root.getAttribute('font-family')).toMatch(/sans-serif$/);
    expect(doc.getElementsByTagName('title')[0].textContent).toBe('Two by two');
    const legend = layer(doc, SVG_LAYER_IDS.legend).textContent!;
    expect(legend).toContain('F (forward)');
    expect(legend).toContain('B+W (full backward)');
    expect(legend).toContain('idle: fill / drain (warm-up, cool-down)');
    expect(legend).not.toContain('W (backward, weights)'); // no split W in this schedule
    const axis = layer(doc, SVG_LAYER_IDS.axis);
    expect(axis.textContent).toContain('time (ms)');
    const tickLabels = [...axis.getElementsByTagName('text')].map((t) => t.textContent);
    expect(tickLabels).toContain('0');
    expect(tickLabels).toContain('9'); // makespan 9 ms, ticks every 1 ms at this width
    const lanes = layer(doc, SVG_LAYER_IDS.lanes).textContent!;
    expect(lanes).toContain('Device 0');
    expect(lanes).toContain('Device 1');
    expect(lanes).toContain('1F1B'); // the block's schedule label
  });

  it('draws one rect per op in the op layer, coloured by kind through group fills only', () => {
    const doc = parse(renderSvg([oneFOneBTwoByTwo()]));
    const ops = layer(doc, SVG_LAYER_IDS.ops);
    const rects = [...ops.getElementsByTagName('rect')];
    expect(rects).toHaveLength(8);
    expect(rects.every((r) => !r.hasAttribute('style') && !r.hasAttribute('class'))).toBe(true);
    expect(doc.querySelectorAll('[class], style').length).toBe(0);
  });

  it('places bars on the time axis: a 2 ms op is twice as wide as a 1 ms op', () => {
    const doc = parse(renderSvg([oneFOneBTwoByTwo()], { width: 1024 }));
    const widths = [...layer(doc, SVG_LAYER_IDS.ops).getElementsByTagName('rect')].map((r) =>
      Number(r.getAttribute('width')),
    );
    // plot width 1024 - 120 - 24 = 880 px over 9 ms: F = 97.8 px, BW = 195.6 px
    expect(widths.sort((a, b) => a - b)).toEqual([97.8, 97.8, 97.8, 97.8, 195.6, 195.6, 195.6, 195.6]);
  });

  it('hatches idle time by cause like the chart: the 2x2 1F1B’s fill and drain one look, device 1’s tail another', () => {
    const doc = parse(renderSvg([oneFOneBTwoByTwo()], { width: 1024 }));
    const paths = [...layer(doc, SVG_LAYER_IDS.bubbles).getElementsByTagName('path')];
    // Device 0: fill [2,4] (before its first backward) and drain [6,7]; device 1: fill [0,1] and tail [7,9].
    expect(paths.map((p) => p.getAttribute('fill'))).toEqual(['url(#idle-hatch-0)', 'url(#idle-hatch-6)']);
    expect(paths[0].getAttribute('d')!.match(/M/g)).toHaveLength(3);
    expect(paths[1].getAttribute('d')).toMatch(/^M804\.4 /); // x = 120 + 7 * 880 / 9 = 804.44
    const legend = layer(doc, SVG_LAYER_IDS.legend).textContent!;
    expect(legend).toContain('idle: tail (done, others still running)');
    expect(legend).not.toContain('striped');
  });

  it('stripes the bars of DualPipe’s second direction and says so in the legend', () => {
    const config = uniformConfig(4, 8, 1, 1, 1);
    const result = simulate(SCHEDULES.dualpipe.generate(config), config);
    if (!result.ok) throw new Error(result.error.message);
    const doc = parse(
      renderSvg([fakeAnalysis(result.timeline, { ...defaultScenario(), schedule: 'dualpipe', devices: 4 })]),
    );
    const stripes = layer(doc, SVG_LAYER_IDS.reverse).getElementsByTagName('path')[0].getAttribute('d')!;
    // Half of DualPipe's ops belong to direction 1.
    expect(stripes.match(/M/g)).toHaveLength(result.timeline.schedule.count / 2);
    expect(layer(doc, SVG_LAYER_IDS.legend).textContent).toContain(
      'striped: runs from the last device to device 0',
    );
  });

  it('marks idle time: device 0 of the 2x2 1F1B idles [2,4] and [6,7]', () => {
    const doc = parse(renderSvg([oneFOneBTwoByTwo()], { width: 1024 }));
    const d = layer(doc, SVG_LAYER_IDS.bubbles).getElementsByTagName('path')[0].getAttribute('d')!;
    // x = 120 + t * 880 / 9: [2,4] starts at 315.6 and is 195.6 wide; [6,7] starts at 706.7
    expect(d).toContain('M315.6 ');
    expect(d).toContain('h195.6');
    expect(d).toContain('M706.7 ');
  });

  it('outlines overlapped pairs and draws comm lanes for parts', () => {
    const doc = parse(renderSvg([pairWithParts()]));
    const pairPath = layer(doc, SVG_LAYER_IDS.pairs).getElementsByTagName('path')[0].getAttribute('d')!;
    expect(pairPath.match(/M/g)).toHaveLength(1);
    expect(layer(doc, SVG_LAYER_IDS.legend).textContent).toContain('overlapped F&B pair');
    expect(layer(doc, SVG_LAYER_IDS.legend).textContent).toContain('dispatch (F, comm)');
    expect(layer(doc, SVG_LAYER_IDS.lanes).textContent).toContain('Device 0 comm');
    expect(layer(doc, SVG_LAYER_IDS.ops).getElementsByTagName('rect')).toHaveLength(12);
  });

  it('keeps a scenario named <script> as text, in the title and in the metadata', () => {
    const scenario = { ...oneFOneBTwoByTwo().scenario, name: '<script>alert("x") & \'y\'</script>' };
    const a = fakeAnalysis(oneFOneBTwoByTwo().timeline, scenario);
    const scenarioText = `${JSON.stringify({ name: scenario.name, description: 'a < b && c > d' }, null, 2)}\n`;
    const svg = renderSvg([a], { scenarioText, labels: ['<b>mine</b>'] });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    const doc = parse(svg);
    expect(doc.getElementsByTagNameNS(SVG_NS, 'script')).toHaveLength(0);
    expect(doc.getElementsByTagName('title')[0].textContent).toBe(scenario.name);
    expect(layer(doc, SVG_LAYER_IDS.lanes).textContent).toContain('<b>mine</b>');
    expect(layer(doc, SCENARIO_METADATA_ID).textContent).toBe(scenarioText);
  });

  it('round-trips the scenario text through <metadata> by plain XML unescaping', () => {
    const scenarioText =
      '{\n  "name": "quotes \\" and \'apostrophes\' & <tags>",\n  "x": "\u00e9\u4e2d\ud83d\ude00"\n}\n';
    const svg = renderSvg([oneFOneBTwoByTwo()], { scenarioText });
    const match = svg.match(/<metadata id="pipescope-scenario">([\s\S]*?)<\/metadata>/);
    expect(match).not.toBeNull();
    expect(xmlUnescape(match![1])).toBe(scenarioText);
    expect(layer(parse(svg), SCENARIO_METADATA_ID).textContent).toBe(scenarioText);
  });

  it('reopens in PipeScope: loadScenario of the exported SVG gives back the scenario, <script> name and all', () => {
    const scenario = {
      ...defaultScenario(),
      name: '<script>alert(1)</script>',
      description: 'quotes " \' & ampersands; a < b > c\nsecond line',
    };
    const svg = renderSvg([fakeAnalysis(oneFOneBTwoByTwo().timeline, scenario)], {
      scenarioText: saveScenario(scenario),
    });
    const loaded = loadScenario(svg);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.scenario).toEqual(scenario);
  });

  it('has no metadata element when no scenario text is given', () => {
    expect(renderSvg([oneFOneBTwoByTwo()])).not.toContain('<metadata');
  });

  it('labels wide bars with their micro-batch and leaves narrow ones bare', () => {
    const wide = parse(renderSvg([oneFOneBTwoByTwo()]));
    const labels = [...layer(wide, SVG_LAYER_IDS.labels).getElementsByTagName('text')].map(
      (t) => t.textContent,
    );
    expect(labels.sort()).toEqual(['0', '0', '0', '0', '1', '1', '1', '1']);
    const narrow = parse(renderSvg([oneFOneBAnalysis(4, 400)]));
    expect(layer(narrow, SVG_LAYER_IDS.labels).getElementsByTagName('text')).toHaveLength(0);
  });

  it('stacks several analyses on one time axis, one labelled block each', () => {
    const doc = parse(
      renderSvg([oneFOneBTwoByTwo(), oneFOneBAnalysis(3, 4)], { labels: ['first', 'second'] }),
    );
    expect(layer(doc, SVG_LAYER_IDS.ops).getElementsByTagName('rect')).toHaveLength(8 + 24);
    const lanes = layer(doc, SVG_LAYER_IDS.lanes).textContent!;
    expect(lanes).toContain('first');
    expect(lanes).toContain('second');
    expect(layer(doc, SVG_LAYER_IDS.metrics).textContent).toContain('second');
  });

  it('carries the metrics table with each figure named by its definition', () => {
    const table = layer(parse(renderSvg([oneFOneBTwoByTwo()])), SVG_LAYER_IDS.metrics);
    const cells = [...table.getElementsByTagName('text')].map((t) => t.textContent);
    expect(cells.slice(0, 2)).toEqual(['Figure', '1F1B']);
    const rows = [];
    for (let k = 2; k + 1 < 2 + 2 * 9; k += 2) rows.push([cells[k], cells[k + 1]]);
    // By hand: busy 6 ms per device of 9: idle fraction 1 - 12 / 18 = 33.3%; ideal = 12 / 2 = 6 ms,
    // (9 - 6) / 6 = 50%; no communication: ratio 0 : 1, overlap undefined; device 0 holds F0 and F1
    // before BW0: 2 activations.
    expect(rows).toEqual([
      ['Makespan (ms)', '9'],
      ['Bubble (idle fraction)', '33.3%'],
      ['Bubble (over ideal)', '50.0%'],
      ['Communication : computation', '0.00 : 1'],
      ['Overlap (HTA)', 'n/a'],
      ['Exposed communication (mean) (ms per device)', '0'],
      ['Exposed communication (max) (ms per device)', '0'],
      ['Peak activations (max)', '2'],
      ['Parameter multiplier', '1x'],
    ]);
    expect(table.textContent).toContain('Bubble (idle fraction): ');
    expect(table.textContent).toContain('Bubble (over ideal): ');
  });

  it('uses the dark palette when asked', () => {
    const light = renderSvg([oneFOneBTwoByTwo()], { theme: 'light' });
    const dark = renderSvg([oneFOneBTwoByTwo()], { theme: 'dark' });
    expect(light).toContain('fill="#ffffff"');
    expect(dark).toContain('fill="#1b1d21"');
    parse(dark);
  });

  it('stays within 80 bytes per op for a 10,000-op schedule, with and without P2P gaps', () => {
    for (const p2p of [0, 1]) {
      const a = oneFOneBAnalysis(8, 625, p2p);
      expect(a.schedule.count).toBe(10_000);
      const svg = renderSvg([a]);
      const bytes = new TextEncoder().encode(svg).length;
      console.log(`10k-op 1F1B, p2p ${p2p}: ${bytes} bytes, ${(bytes / 10_000).toFixed(1)} B/op`);
      expect(bytes / 10_000).toBeLessThanOrEqual(80);
      expect(layer(parse(svg), SVG_LAYER_IDS.ops).getElementsByTagName('rect')).toHaveLength(10_000);
    }
  });

  it('draws finite coordinates for a timeline only 5e-324 ms long (pixels per ms would be infinite)', () => {
    const r = analyze({
      ...defaultScenario(),
      costs: { forward: 0, backwardInput: 0, backwardWeight: 5e-324 },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.analysis.timeline.makespan).toBeGreaterThan(0);
    const svg = renderSvg([r.analysis]);
    expect(svg).not.toMatch(/NaN|Infinity/);
    parse(svg);
  });
});
