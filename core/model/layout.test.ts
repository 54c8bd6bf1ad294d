import { describe, expect, it } from 'vitest';
import { type StageContents, layoutErrors, layoutLayers, layoutStageCosts, parseLayout } from './layout';

/** A layout's stages as compact rows: [first layer, layers, E, L, m]. */
function rows(text: string): number[][] {
  const r = parseLayout(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.stages.map((s) => [s.firstLayer, s.layers, s.embedding, s.loss, s.mtp]);
}

function stagesOf(text: string): StageContents[] {
  const r = parseLayout(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.stages;
}

describe("Megatron's layout strings, parsed to the stages they describe", () => {
  it('"Ettt|(tt|)*29,m|L" (parse_str_to_list\'s docstring): 3 layers with the embedding, 29 stages of 2, the MTP alone, the loss alone', () => {
    const r = rows('Ettt|(tt|)*29,m|L');
    expect(r).toHaveLength(32);
    expect(r[0]).toEqual([0, 3, 1, 0, 0]);
    for (let k = 1; k <= 29; k++) expect(r[k]).toEqual([3 + 2 * (k - 1), 2, 0, 0, 0]);
    expect(r[30]).toEqual([61, 0, 0, 0, 1]);
    expect(r[31]).toEqual([61, 0, 0, 1, 0]);
    expect(layoutLayers(stagesOf('Ettt|(tt|)*29,m|L'))).toBe(61);
  });

  it('"Et*3|(tt|)*29,m|L" is the same layout written with t*3', () => {
    expect(rows('Et*3|(tt|)*29,m|L')).toEqual(rows('Ettt|(tt|)*29,m|L'));
  });

  it('"Et*2|(tt|)*22t|(tt|)*7mL" (DeepSeek-V3 on PP 8 x VPP 4, Megatron MoE model zoo): 32 stages, 61 layers, a one-layer stage', () => {
    const r = rows('Et*2|(tt|)*22t|(tt|)*7mL');
    expect(r).toHaveLength(32);
    expect(r[0]).toEqual([0, 2, 1, 0, 0]);
    expect(r[22]).toEqual([44, 2, 0, 0, 0]);
    expect(r[23]).toEqual([46, 1, 0, 0, 0]);
    expect(r[30]).toEqual([59, 2, 0, 0, 0]);
    expect(r[31]).toEqual([61, 0, 0, 1, 1]);
    expect(layoutLayers(stagesOf('Et*2|(tt|)*22t|(tt|)*7mL'))).toBe(61);
  });

  it('"Et|(tt|)*30L": the embedding with one layer, 30 stages of 2, the loss alone', () => {
    const r = rows('Et|(tt|)*30L');
    expect(r).toHaveLength(32);
    expect(r[0]).toEqual([0, 1, 1, 0, 0]);
    expect(r[30]).toEqual([59, 2, 0, 0, 0]);
    expect(r[31]).toEqual([61, 0, 0, 1, 0]);
  });

  it('commas and spaces only help reading; an empty stage is two bars', () => {
    expect(rows('E t,t | t t L')).toEqual(rows('Ett|ttL'));
    expect(rows('Et||tL')).toEqual([
      [0, 1, 1, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 1, 0, 1, 0],
    ]);
  });

  it('names the position of what it cannot read', () => {
    const at = (text: string) => {
      const r = parseLayout(text);
      return r.ok ? 'ok' : r.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    };
    expect(at('Et*3|tx|L')).toBe(
      'layout.stages: position 7: "x" is not in Megatron\'s layout notation: E (embedding), t (transformer layer), m (MTP module), L (loss), | (next stage), x*n, (...)*n',
    );
    expect(at('Et*|tL')).toBe(
      'layout.stages: position 3: "*" needs a count after it (x*n repeats x n times)',
    );
    expect(at('E(tt|*2L')).toBe('layout.stages: position 2: "(" is never closed by ")"');
    expect(at('E(t(t|)*2)*2L')).toBe(
      'layout.stages: position 4: groups do not nest: Megatron repeats "(...)*n" groups of layers and "|" only',
    );
    expect(at('E(tt|)L')).toBe('layout.stages: position 6: a group "(...)" needs a count: (...)*n');
    expect(at('t*100000000')).toBe('layout.stages: unrolls to more than 1,000,000 entries');
  });
});

describe('what a layout must hold', () => {
  const check = (text: string, stages: number, layers: number | null = null) => {
    const r = parseLayout(text);
    if (!r.ok) throw new Error('does not parse');
    return layoutErrors(text, r, { stages, layers, what: '1F1B on 4 devices' }).map((e) => e.message);
  };

  it('accepts every layer once, the embedding first and the loss last, on exactly the stages the schedule has', () => {
    expect(check('Et*3|t*4|t*4|t*3L', 4, 14)).toEqual([]);
  });

  it('names the stage that is one too many, at its position', () => {
    expect(check('Et*3|t*4|t*4|t*3|L', 4)).toEqual([
      'position 18: stage 5 is more than 1F1B on 4 devices has (4 stages); the layout names 5',
    ]);
    expect(check('Et*3|t*4|t*3L', 4)).toEqual([
      'position 13: the layout names 3 stages but 1F1B on 4 devices has 4: one "|" between each two stages',
    ]);
  });

  it('names a layer too many or too few against the model', () => {
    // the 14th layer is one of "t*3", written at position 14
    expect(check('Et*3|t*4|t*4|t*3L', 4, 13)).toEqual([
      'position 14: transformer layer 14 (t), but the model has 13: every layer once',
    ]);
    expect(check('Et*3|t*4|t*4|t*3L', 4, 15)).toEqual([
      'position 17: the layout places 14 transformer layers (t), but the model has 15: every layer once',
    ]);
  });

  it('wants one embedding first and one loss last, and MTP after the last layer', () => {
    expect(check('tE|tt|tt|tL', 4)).toEqual([
      'position 2: the embedding (E) must come first, before every layer',
    ]);
    expect(check('Et|tE|tt|tL', 4)).toEqual(['position 5: a second embedding (E); the model has one']);
    expect(check('Et|tt|tt|Lt', 4)).toEqual(['position 10: the loss (L) must come last, after every layer']);
    expect(check('Et|tt|mt|tL', 4)).toEqual([
      'position 7: an MTP module (m) before a transformer layer: MTP modules come after the last layer (Megatron)',
    ]);
    expect(check('t|tt|tt|t', 4)).toEqual([
      'position 1: the layout has no embedding (E); it comes first, on the first stage',
      'position 9: the layout has no loss (L); it comes last, on the last stage',
    ]);
  });
});

describe('per-stage costs', () => {
  it("adds each stage's layers and the embedding, loss and MTP modules placed on it", () => {
    const costs = layoutStageCosts(
      stagesOf('Et|tt|tmL'),
      {
        stages: 'Et|tt|tmL',
        layer: { forward: [1, 2, 3, 4], backwardInput: 2, backwardWeight: 1 },
        embedding: { forward: 0.5, backwardInput: 0, backwardWeight: 0.25 },
        loss: { forward: 3, backwardInput: 3, backwardWeight: 0 },
        mtp: { forward: 1, backwardInput: 1, backwardWeight: 1 },
      },
      { forward: 0, backwardInput: 0, backwardWeight: 0 },
    );
    // stage 0: E + layer 0; stage 1: layers 1, 2; stage 2: layer 3 + m + L
    expect(Array.from(costs.forward)).toEqual([1.5, 5, 8]);
    expect(Array.from(costs.backwardInput)).toEqual([2, 4, 6]);
    expect(Array.from(costs.backwardWeight)).toEqual([1.25, 2, 2]);
  });
});
