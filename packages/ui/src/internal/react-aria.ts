import { useLayoutEffect } from 'react';
import './react-aria.css';

/**
 * react-aria's `usePress` (react-aria 3.53) inserts a `<style id="react-aria-pressable-style">` into
 * the document head on first use, unless an element with that id already exists. The app's CSP
 * (`style-src 'self'`, no `'unsafe-inline'`) blocks that element and logs a violation on every
 * page. The rule it carries is in our own stylesheet (react-aria.css); this marker tells
 * react-aria it is there.
 */
export const PRESSABLE_STYLE_ID = 'react-aria-pressable-style';

function ensurePressableStyleMarker(): void {
  if (document.getElementById(PRESSABLE_STYLE_ID) !== null) return;
  const marker = document.createElement('meta');
  marker.id = PRESSABLE_STYLE_ID;
  marker.name = PRESSABLE_STYLE_ID;
  marker.content = 'provided by the @monassurance/ui stylesheet';
  document.head.append(marker);
}

/**
 * Called by each component built on react-aria-components, before react-aria's own effects run
 * (layout effects run before the passive effects in which react-aria inserts its style).
 */
export function useReactAriaCsp(): void {
  useLayoutEffect(ensurePressableStyleMarker, []);
}
