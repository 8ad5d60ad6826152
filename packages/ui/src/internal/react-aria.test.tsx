import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Combobox } from '../components/Combobox/Combobox.tsx';
import { Dialog } from '../components/Dialog/Dialog.tsx';
import { Tabs } from '../components/Tabs/Tabs.tsx';
import { PRESSABLE_STYLE_ID } from './react-aria.ts';

describe('react-aria under a strict CSP', () => {
  it.each([
    ['Tabs', () => <Tabs label="T" tabs={[{ id: 'a', label: 'A', content: 'a' }]} />],
    ['Combobox', () => <Combobox label="C" options={[]} />],
    ['Dialog', () => <Dialog title="D" isOpen onOpenChange={() => undefined} />],
  ])('%s leaves a marker so react-aria inserts no <style> of its own', (_name, Example) => {
    document.getElementById(PRESSABLE_STYLE_ID)?.remove();
    render(<Example />);
    const marker = document.getElementById(PRESSABLE_STYLE_ID);
    expect(marker?.tagName).toBe('META');
    const styles = [...document.querySelectorAll('style')].map((style) => style.textContent);
    expect(styles.filter((text) => text.includes('data-react-aria-pressable'))).toEqual([]);
  });

  it('adds the marker once', () => {
    render(
      <>
        <Tabs label="T" tabs={[{ id: 'a', label: 'A', content: 'a' }]} />
        <Tabs label="U" tabs={[{ id: 'b', label: 'B', content: 'b' }]} />
      </>,
    );
    expect(document.querySelectorAll(`#${PRESSABLE_STYLE_ID}`)).toHaveLength(1);
  });
});
