import type { ComponentType } from 'react';

/**
 * Every component folder, found by file name: its examples (the same modules the tests render),
 * their doc comments (read from the source) and its README. Adding a folder adds it here.
 */

const modules = import.meta.glob<Record<string, unknown>>('../src/components/*/*.examples.tsx', {
  eager: true,
});
const sources = import.meta.glob<string>('../src/components/*/*.examples.tsx', {
  eager: true,
  query: '?raw',
  import: 'default',
});
const readmes = import.meta.glob<string>('../src/components/*/README.md', {
  eager: true,
  query: '?raw',
  import: 'default',
});

/**
 * `inline`: shown in the component's page. `isolated`: on a page of its own (it covers the
 * page, like an open dialog). `page`: on a page of its own, and it brings its own landmarks.
 */
export type Placement = 'inline' | 'isolated' | 'page';

export interface GalleryExample {
  name: string;
  description: string;
  Component: ComponentType;
  placement: Placement;
}

export interface GalleryEntry {
  name: string;
  /** The first paragraph of the README. */
  summary: string;
  readme: string;
  examples: GalleryExample[];
}

/** The doc comment right above each `export function Name`, as plain text. */
function docComments(source: string): Map<string, string> {
  const comments = new Map<string, string>();
  for (const match of source.matchAll(/\/\*\*([\s\S]*?)\*\/\s*export function (\w+)/g)) {
    const [, body = '', name = ''] = match;
    const text = body
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, '').trim())
      .filter((line) => line !== '')
      .join(' ');
    comments.set(name, text);
  }
  return comments;
}

function summaryOf(readme: string): string {
  const paragraphs = readme.split(/\n\s*\n/).map((block) => block.trim());
  return (
    paragraphs.find((block) => block !== '' && !/^[#`|-]/.test(block))?.replace(/\n/g, ' ') ?? ''
  );
}

function names(module: Record<string, unknown>, key: string): string[] {
  const value = module[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export const entries: GalleryEntry[] = Object.entries(modules)
  .map(([path, module]) => {
    const name = /components\/(\w+)\//.exec(path)?.[1] ?? path;
    const readme = readmes[`../src/components/${name}/README.md`] ?? '';
    const comments = docComments(sources[path] ?? '');
    const isolated = names(module, 'isolated');
    const page = names(module, 'pageLevel');
    const source = sources[path] ?? '';
    // A module namespace lists its exports alphabetically: put them back in source order.
    const position = (exportName: string) => source.indexOf(`export function ${exportName}(`);
    const examples = Object.entries(module)
      .filter((entry): entry is [string, ComponentType] => {
        const [exportName, value] = entry;
        return typeof value === 'function' && /^[A-Z]/.test(exportName);
      })
      .map(([exampleName, Component]) => ({
        name: exampleName,
        description: comments.get(exampleName) ?? '',
        Component,
        placement: (page.includes(exampleName)
          ? 'page'
          : isolated.includes(exampleName)
            ? 'isolated'
            : 'inline') as Placement,
      }))
      .sort((a, b) => position(a.name) - position(b.name));
    return { name, summary: summaryOf(readme), readme, examples };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

export function findEntry(name: string | undefined): GalleryEntry | undefined {
  return entries.find((entry) => entry.name === name);
}
