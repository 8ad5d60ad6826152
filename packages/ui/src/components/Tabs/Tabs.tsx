import type { Key, ReactNode } from 'react';
import { I18nProvider, Tab, TabList, TabPanel, Tabs as AriaTabs } from 'react-aria-components';
import { cx } from '../../internal/class-names.ts';
import { useReactAriaCsp } from '../../internal/react-aria.ts';
import './Tabs.css';

export interface TabItem {
  id: string;
  label: ReactNode;
  content: ReactNode;
  disabled?: boolean;
}

export interface TabsProps {
  /** Names the tab list: what the tabs are views of. */
  label: string;
  tabs: readonly TabItem[];
  /** The selected tab (controlled); or `defaultSelectedId`. */
  selectedId?: string;
  defaultSelectedId?: string;
  onSelectionChange?: (id: string) => void;
  className?: string;
}

/**
 * Tabs (react-aria-components): a `tablist` of `tab`s, each controlling a `tabpanel`. Arrow keys
 * move between tabs and show their panel at once; Tab goes into the panel.
 */
export function Tabs({
  label,
  tabs,
  selectedId,
  defaultSelectedId,
  onSelectionChange,
  className,
}: TabsProps) {
  useReactAriaCsp();
  const disabledKeys = tabs.filter((tab) => tab.disabled === true).map((tab) => tab.id);
  return (
    <I18nProvider locale="fr-FR">
      <AriaTabs
        className={cx('ma-tabs', className)}
        selectedKey={selectedId}
        defaultSelectedKey={defaultSelectedId}
        disabledKeys={disabledKeys}
        onSelectionChange={(key: Key) => onSelectionChange?.(String(key))}
      >
        <TabList aria-label={label} className="ma-tabs__list">
          {tabs.map((tab) => (
            <Tab key={tab.id} id={tab.id} className="ma-tabs__tab">
              {tab.label}
            </Tab>
          ))}
        </TabList>
        {tabs.map((tab) => (
          <TabPanel key={tab.id} id={tab.id} className="ma-tabs__panel">
            {tab.content}
          </TabPanel>
        ))}
      </AriaTabs>
    </I18nProvider>
  );
}
