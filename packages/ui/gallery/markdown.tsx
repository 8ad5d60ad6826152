import type { ReactNode } from 'react';

/**
 * A small Markdown renderer for the components' READMEs: headings, paragraphs, lists, fenced code,
 * tables, and inline code, bold and links. It builds React elements (never HTML strings), so a
 * README cannot inject markup, and the page keeps to the CSP.
 */

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] };

/** Splits a table row on its pipes; `\|` is a pipe inside a cell. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const blocks: Block[] = [];
  let index = 0;
  const at = (i: number) => lines[i] ?? '';
  while (index < lines.length) {
    const line = at(index);
    if (line.trim() === '') {
      index += 1;
    } else if (line.startsWith('```')) {
      const body: string[] = [];
      index += 1;
      while (index < lines.length && !at(index).startsWith('```')) body.push(at(index++));
      index += 1;
      blocks.push({ kind: 'code', text: body.join('\n') });
    } else if (/^#{1,6} /.test(line)) {
      const [, hashes = '', text = ''] = /^(#+) (.*)$/.exec(line) ?? [];
      blocks.push({ kind: 'heading', level: hashes.length, text });
      index += 1;
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      while (index < lines.length && at(index).startsWith('|')) rows.push(cells(at(index++)));
      const [header = [], , ...body] = rows;
      blocks.push({ kind: 'table', header, rows: body });
    } else if (/^(- |\d+\. )/.test(line)) {
      const ordered = /^\d+\. /.test(line);
      const items: string[] = [];
      while (index < lines.length && at(index).trim() !== '') {
        const current = at(index);
        const item = /^(?:- |\d+\. )(.*)$/.exec(current);
        if (item !== null) items.push(item[1] ?? '');
        else items[items.length - 1] += ` ${current.trim()}`;
        index += 1;
      }
      blocks.push({ kind: 'list', ordered, items });
    } else {
      const text: string[] = [];
      while (
        index < lines.length &&
        at(index).trim() !== '' &&
        !/^(#{1,6} |```|\||- |\d+\. )/.test(at(index))
      ) {
        text.push(at(index++).trim());
      }
      blocks.push({ kind: 'paragraph', text: text.join(' ') });
    }
  }
  return blocks;
}

/** Inline Markdown: `code`, **bold**, [text](href). */
export function renderInline(text: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const [, code, bold, label, href] = match;
    const key = nodes.length;
    if (code !== undefined) nodes.push(<code key={key}>{code}</code>);
    else if (bold !== undefined) nodes.push(<strong key={key}>{renderInline(bold)}</strong>);
    else if (label !== undefined && href !== undefined) {
      nodes.push(
        <a key={key} href={href}>
          {renderInline(label)}
        </a>,
      );
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

export interface MarkdownProps {
  source: string;
  /** Added to every heading level: 1 turns `##` into `<h3>`. Level-1 headings are dropped. */
  headingOffset?: number;
}

export function Markdown({ source, headingOffset = 1 }: MarkdownProps) {
  return (
    <>
      {parseBlocks(source).map((block, index) => {
        switch (block.kind) {
          case 'heading': {
            if (block.level === 1) return null;
            const Tag = `h${Math.min(block.level + headingOffset, 6)}` as 'h3';
            return <Tag key={index}>{renderInline(block.text)}</Tag>;
          }
          case 'paragraph':
            return <p key={index}>{renderInline(block.text)}</p>;
          case 'list': {
            const Tag = block.ordered ? 'ol' : 'ul';
            return (
              <Tag key={index}>
                {block.items.map((item, i) => (
                  <li key={i}>{renderInline(item)}</li>
                ))}
              </Tag>
            );
          }
          case 'code':
            return (
              <pre key={index} className="gallery-code">
                <code>{block.text}</code>
              </pre>
            );
          case 'table':
            return (
              <table key={index} className="gallery-doc-table">
                <thead>
                  <tr>
                    {block.header.map((cell, i) => (
                      <th key={i} scope="col">
                        {renderInline(cell)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {block.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, i) => (
                        <td key={i}>{renderInline(cell)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
        }
      })}
    </>
  );
}
