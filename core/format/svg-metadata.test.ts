// @vitest-environment jsdom
// jsdom's DOMParser (a strict XML parser) is the reference for what an XML tool shows; the reader
// itself never touches a DOM.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits';
import { loadScenario } from './scenario-file';
import { looksLikeSvg, scenarioTextFromSvg } from './svg-metadata';

const SVG = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
const META = (text: string) => `<metadata id="pipescope-scenario">${text}</metadata>`;

function textOf(svg: string): string {
  const r = scenarioTextFromSvg(svg);
  if (!r.ok) throw new Error(r.message);
  return r.text;
}

/** What an XML tool shows: the root's first <metadata id="pipescope-scenario"> child, or why none. */
function reference(svg: string): { wellFormed: boolean; text: string | null; hasElements: boolean } {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.getElementsByTagName('parsererror').length > 0)
    return { wellFormed: false, text: null, hasElements: false };
  const meta = Array.from(doc.documentElement.children).find(
    (e) => e.localName === 'metadata' && e.getAttribute('id') === 'pipescope-scenario',
  );
  if (!meta) return { wellFormed: true, text: null, hasElements: false };
  return { wellFormed: true, text: meta.textContent, hasElements: meta.children.length > 0 };
}

describe('scenarioTextFromSvg', () => {
  it('reads the text content of the root’s <metadata id="pipescope-scenario">, references and CDATA included', () => {
    const svg = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n${SVG(
      `<title>t</title>${META('{"a": "&lt;b&gt; &amp; &#233;&#xE9; <![CDATA[<raw> & ]]>"}')}`,
    )}\n`;
    expect(textOf(svg)).toBe('{"a": "<b> & éé <raw> & "}');
  });

  it('ignores a <metadata> inside a comment, a CDATA section, a <script> or any element but the root', () => {
    const decoys = [
      `<!-- ${META('{"from": "comment"}')} -->`,
      `<script><![CDATA[ ${META('{"from": "cdata"}')} ]]></script>`,
      `<script>${META('{"from": "script"}')}</script>`,
      `<g>${META('{"from": "group"}')}</g>`,
      `<?pi ${META('{"from": "pi"}')} ?>`,
      `<text title='${'<'.replace('<', '&lt;')}metadata'>x</text>`,
    ].join('');
    expect(textOf(SVG(`${decoys}${META('{"from": "root"}')}`))).toBe('{"from": "root"}');
    const none = scenarioTextFromSvg(SVG(decoys));
    expect(none.ok).toBe(false);
  });

  it('takes the first of two scenario elements, as getElementById does', () => {
    expect(textOf(SVG(`${META('1')}${META('2')}`))).toBe('1');
  });

  it('refuses XML that is not well-formed, saying where', () => {
    const r = scenarioTextFromSvg(`<svg>\n  <g>${META('{}')}</svg>`);
    expect(r).toEqual({
      ok: false,
      message: 'not well-formed XML at line 2, column 53: </svg> where </g> was expected',
    });
    expect(
      scenarioTextFromSvg('<svg><metadata id="pipescope-scenario">a & b</metadata></svg>'),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('a "&" that starts no reference'),
    });
    expect(scenarioTextFromSvg('<html><metadata id="pipescope-scenario">{}</metadata></html>')).toMatchObject(
      {
        ok: false,
        message: expect.stringContaining('the root element is <html>, not <svg>'),
      },
    );
  });

  it('agrees with an XML parser (jsdom) on which scenario an SVG holds, decoys and damage included', () => {
    const text = fc.constantFrom('{}', '{"a": 1}', 'x &amp; y', '&lt;m&gt;', '&#65;', ' ', '');
    const leaf = fc.oneof(
      text,
      text.map((t) => `<!--${t.replace(/-/g, '')}-->`),
      text.map((t) => `<![CDATA[${t}]]>`),
      text.map((t) => `<?x ${t}?>`),
      text.map(META),
    );
    const node: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? leaf
        : fc.oneof(
            leaf,
            fc
              .tuple(
                fc.constantFrom('g', 'script', 'metadata', 'desc'),
                fc.boolean(),
                fc.array(node(depth - 1), { maxLength: 3 }),
              )
              .map(
                ([name, id, kids]) =>
                  `<${name}${id ? ' id="pipescope-scenario"' : ''}>${kids.join('')}</${name}>`,
              ),
          ),
    );
    const damage = fc.constantFrom('', '<', '&', '</g>', '<g>', ']]>', '-->', '"');
    const doc = fc.tuple(fc.array(node(3), { maxLength: 5 }), damage, fc.nat()).map(([kids, bad, at]) => {
      const body = kids.join('');
      const k = at % (body.length + 1);
      return SVG(body.slice(0, k) + bad + body.slice(k));
    });
    fc.assert(
      fc.property(doc, (svg) => {
        const ref = reference(svg);
        const ours = scenarioTextFromSvg(svg);
        if (!ref.wellFormed) expect(ours.ok).toBe(false);
        else if (ref.text === null || ref.hasElements) expect(ours.ok).toBe(false);
        else expect(ours).toEqual({ ok: true, text: ref.text });
      }),
      { numRuns: 500 },
    );
  });

  it('answers a crafted 512 KB file in one pass (the old regular expression took time cubic in it)', () => {
    // Many unclosed start tags with the right id: each was a fresh start for the expression.
    const unit = '<metadata id="pipescope-scenario"';
    const svg = `<svg>${unit.repeat(Math.floor((512 * 1024) / unit.length))}`;
    const r = scenarioTextFromSvg(svg);
    expect(r.ok).toBe(false);
    expect(loadScenario(svg)).toMatchObject({ ok: false });
  });

  it('reads a file at the 32 MB cap: a scenario after 32 MB of decoys', () => {
    const decoy = `<!-- ${META('{"from": "comment"}')} --><g>${META('x')}</g>`;
    const scenario = '{"format": "pipescope-scenario", "version": 1, "name": "real"}';
    const room = LIMITS.fileBytes - 200 - scenario.length;
    const svg = SVG(
      `${decoy.repeat(Math.floor(room / decoy.length))}${META(scenario.replace(/"/g, '&quot;'))}`,
    );
    expect(svg.length).toBeLessThanOrEqual(LIMITS.fileBytes);
    expect(svg.length).toBeGreaterThan(LIMITS.fileBytes - 1000);
    const r = loadScenario(svg);
    expect(r.ok && r.scenario.name).toBe('real');
  });
});

describe('looksLikeSvg', () => {
  it('is true for text whose first non-space character is "<"', () => {
    expect(looksLikeSvg('  \n<svg/>')).toBe(true);
    expect(looksLikeSvg('{"a": "<"}')).toBe(false);
    expect(looksLikeSvg('   ')).toBe(false);
  });
});
