import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, parseBlocks } from './markdown.tsx';

const SOURCE = `# Title

A paragraph with \`code\`, **bold** and a [link](https://example.org)
on two lines.

## Props

| Prop | Type |
|---|---|
| \`size\` | \`'sm' \\| 'md'\` |

- one
- two
  continued

1. first

\`\`\`tsx
<Button />
\`\`\`
`;

describe('gallery Markdown', () => {
  it('parses headings, paragraphs, tables, lists and code', () => {
    expect(parseBlocks(SOURCE).map((block) => block.kind)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'table',
      'list',
      'list',
      'code',
    ]);
  });

  it('renders React elements with shifted headings and escaped pipes', () => {
    render(<Markdown source={SOURCE} />);
    expect(screen.queryByRole('heading', { name: 'Title' })).toBeNull();
    expect(screen.getByRole('heading', { level: 3, name: 'Props' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'link' })).toHaveAttribute(
      'href',
      'https://example.org',
    );
    expect(screen.getByText('bold').tagName).toBe('STRONG');
    const table = screen.getByRole('table');
    expect(within(table).getByRole('cell', { name: "'sm' | 'md'" })).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'one',
      'two continued',
      'first',
    ]);
    expect(screen.getByText('<Button />').closest('pre')).toHaveClass('gallery-code');
  });

  it('never turns text into markup', () => {
    const { container } = render(<Markdown source={'<img src=x onerror="alert(1)">'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container).toHaveTextContent('<img src=x onerror="alert(1)">');
  });
});
