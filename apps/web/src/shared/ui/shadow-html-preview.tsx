import { useEffect, useRef } from 'react';
import {
  extractStyles,
  PARKED_EVENT,
  PARKED_STYLE,
  parkAttributes,
  retargetSelector,
} from '../lib/html-preview-source.ts';
import './shadow-html-preview.css';

/**
 * The page's own look inside the shadow root: a sheet of paper. Custom properties cross the shadow
 * boundary, so the design tokens still apply.
 */
const PAPER_CSS = `
:host { display: block; }
.tpl-html { background: var(--ma-color-bg); color: var(--ma-color-text); }
.tpl-body { margin: 0; padding: 14mm 17mm; }
template { display: none; }
`;

/**
 * A template's `html`, `:root` and `body` rules aim at elements a shadow root has not: they are
 * pointed at the two wrappers that stand in for them.
 */
function retargetDocumentSelectors(rules: CSSRuleList): void {
  for (const rule of rules) {
    if (rule instanceof CSSStyleRule) {
      const selector = retargetSelector(rule.selectorText);
      if (selector !== rule.selectorText) rule.selectorText = selector;
    }
    if ('cssRules' in rule && rule.cssRules instanceof CSSRuleList) {
      retargetDocumentSelectors(rule.cssRules);
    }
  }
}

/** Constructable sheets (CSSOM: not governed by CSP), their document selectors retargeted. */
function sheetsOf(css: string[]): CSSStyleSheet[] {
  return css.map((text) => {
    const sheet = new CSSStyleSheet();
    // replaceSync ignores @import (a template cannot load anything anyway).
    sheet.replaceSync(text);
    retargetDocumentSelectors(sheet.cssRules);
    return sheet;
  });
}

/**
 * Drops what must never reach the page (active content, event handlers, script URLs) and what the
 * printer would not load either: any image that is not a `data:` URL (the CSP would refuse it).
 */
function neutralize(root: ParentNode): void {
  for (const element of root.querySelectorAll(
    'script, style, link, meta, base, iframe, frame, object, embed, form',
  )) {
    element.remove();
  }
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      const isUrl = ['href', 'src', 'srcset', 'xlink:href', 'action', 'poster'].includes(name);
      if (
        name.startsWith('on') ||
        name.startsWith(PARKED_EVENT) ||
        (isUrl && value.startsWith('javascript:')) ||
        ((name === 'src' || name === 'srcset' || name === 'poster') && !value.startsWith('data:'))
      ) {
        element.removeAttribute(attribute.name);
      }
    }
  }
}

/**
 * Renders a whole HTML document (a rendered template) into a shadow root without running any of it
 * and without loosening the app's CSP (`style-src 'self'`):
 * - DOMParser builds an inert document: its scripts never run (and are dropped anyway);
 * - `<style>` texts, taken out before parsing, become constructable stylesheets adopted by the
 *   shadow root;
 * - `style="…"` attributes, which the CSP would refuse (and report) when parsed, are parked under
 *   another name before parsing and applied through `element.style`, also CSSOM; event handler
 *   attributes are parked the same way, then dropped.
 * The shadow root keeps the template's CSS from leaking into the app and the app's from leaking in.
 */
export function renderHtmlIntoShadow(root: ShadowRoot, html: string): void {
  const { markup, css } = extractStyles(html);
  const parsed = new DOMParser().parseFromString(parkAttributes(markup), 'text/html');
  const paper = new CSSStyleSheet();
  paper.replaceSync(PAPER_CSS);
  const sheets = sheetsOf(css);
  neutralize(parsed);

  const htmlWrapper = document.createElement('div');
  htmlWrapper.className = 'tpl-html';
  const body = document.createElement('div');
  body.className = ['tpl-body', parsed.body.className].filter(Boolean).join(' ');
  const lang = parsed.documentElement.lang;
  if (lang !== '') htmlWrapper.lang = lang;
  const bodyStyle = parsed.body.getAttribute(PARKED_STYLE);
  if (bodyStyle !== null) body.setAttribute(PARKED_STYLE, bodyStyle);
  for (const node of parsed.body.childNodes) body.append(document.importNode(node, true));
  for (const element of [
    body,
    ...body.querySelectorAll<HTMLElement | SVGElement>(`[${PARKED_STYLE}]`),
  ]) {
    const inline = element.getAttribute(PARKED_STYLE);
    if (inline === null) continue;
    element.removeAttribute(PARKED_STYLE);
    element.style.cssText = inline;
  }
  htmlWrapper.append(body);
  root.replaceChildren(htmlWrapper);
  root.adoptedStyleSheets = [paper, ...sheets];
}

export interface ShadowHtmlPreviewProps {
  /** The whole document to show (`<!doctype html>…`). */
  html: string;
  /** Names the region (« Aperçu HTML du modèle »). */
  label: string;
  className?: string;
}

/**
 * A rendered HTML document shown in the page, isolated in a shadow root (see
 * `renderHtmlIntoShadow`). The region scrolls and is focusable, so keyboard users can scroll it.
 */
export function ShadowHtmlPreview({ html, label, className }: ShadowHtmlPreviewProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    renderHtmlIntoShadow(element.shadowRoot ?? element.attachShadow({ mode: 'open' }), html);
  }, [html]);
  return (
    <div
      ref={host}
      role="region"
      aria-label={label}
      tabIndex={0}
      className={['app-shadow-preview', className].filter(Boolean).join(' ')}
    />
  );
}
