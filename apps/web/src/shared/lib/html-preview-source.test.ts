import { describe, expect, it } from 'vitest';
import {
  extractStyles,
  PARKED_EVENT,
  PARKED_STYLE,
  parkAttributes,
  retargetSelector,
} from './html-preview-source.ts';

describe('html preview source', () => {
  it('takes the style elements out, commented ones dropped, in order', () => {
    const { markup, css } = extractStyles(
      '<head><style media="print">p { color: red }</style></head><!-- <style>x{}</style> -->' +
        '<body><svg><STYLE>rect { fill: blue }</STYLE></svg><p>a > b</p></body>',
    );
    expect(css).toEqual(['p { color: red }', 'rect { fill: blue }']);
    expect(markup).toBe('<head></head><body><svg></svg><p>a > b</p></body>');
  });

  it('parks every style and event attribute of a tag, and nothing in text', () => {
    const parked = parkAttributes(
      '<p style="color: red" onclick="x()" ONMOUSEOVER=\'y()\' class="a">style="not me" onload=</p>',
    );
    expect(parked).toBe(
      `<p ${PARKED_STYLE}="color: red" ${PARKED_EVENT}onclick="x()" ${PARKED_EVENT}ONMOUSEOVER='y()' class="a">style="not me" onload=</p>`,
    );
    expect(parkAttributes('<div data-style="x" one-way="y">')).toBe(
      '<div data-style="x" one-way="y">',
    );
  });

  it('points document selectors at the wrappers, and only whole names', () => {
    expect(retargetSelector('body')).toBe('.tpl-body');
    expect(retargetSelector('html, body.cover > p')).toBe('.tpl-html, .tpl-body.cover > p');
    expect(retargetSelector(':root')).toBe('.tpl-html');
    expect(retargetSelector(':not(body) .x')).toBe(':not(.tpl-body) .x');
    expect(retargetSelector('.body, #html, tbody, html-x')).toBe('.body, #html, tbody, html-x');
  });
});
