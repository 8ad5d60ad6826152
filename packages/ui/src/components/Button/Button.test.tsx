import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { Button } from './Button.tsx';
import * as examples from './Button.examples.tsx';

describe('Button', () => {
  itHasNoAxeViolations(examples);

  it('renders one button per variant, named by its text, with its variant class', () => {
    render(<examples.Variants />);
    expect(screen.getByRole('button', { name: 'Enregistrer' })).toHaveClass('ma-button--primary');
    expect(screen.getByRole('button', { name: 'Annuler' })).toHaveClass('ma-button--secondary');
    expect(screen.getByRole('button', { name: 'Supprimer' })).toHaveClass('ma-button--danger');
    expect(screen.getByRole('button', { name: 'Plus tard' })).toHaveClass('ma-button--ghost');
  });

  it('is type="button" unless told otherwise, so it does not submit its form by accident', async () => {
    const submit = vi.fn((event: SubmitEvent) => event.preventDefault());
    render(
      <form onSubmit={(event) => submit(event.nativeEvent as SubmitEvent)}>
        <Button>Aperçu</Button>
        <Button type="submit">Envoyer</Button>
      </form>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Aperçu' }));
    expect(submit).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('activates with Enter and Space', async () => {
    const onClick = vi.fn();
    render(<Button onClick={onClick}>Valider</Button>);
    await userEvent.tab();
    expect(screen.getByRole('button')).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    expect(onClick).toHaveBeenCalledTimes(2);
  });

  it('while loading: busy, still focusable, says « Chargement… », ignores presses and submits', async () => {
    const onClick = vi.fn();
    const submit = vi.fn();
    render(
      <form onSubmit={submit}>
        <Button type="submit" loading onClick={onClick}>
          Enregistrer
        </Button>
      </form>,
    );
    const button = screen.getByRole('button', { name: 'Enregistrer (Chargement…)' });
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toBeEnabled();
    await userEvent.tab();
    expect(button).toHaveFocus();
    await userEvent.click(button);
    await userEvent.keyboard('{Enter}');
    expect(onClick).not.toHaveBeenCalled();
    expect(submit).not.toHaveBeenCalled();
  });

  it('keeps the focus through a loading cycle', async () => {
    render(<examples.Loading />);
    const button = screen.getByRole('button', { name: 'Envoyer' });
    await userEvent.click(button);
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveFocus();
  });

  it('when disabled, leaves the tab order; with focusableWhenDisabled, stays in it inert', async () => {
    const onClick = vi.fn();
    render(
      <>
        <Button disabled onClick={onClick}>
          Enregistrer
        </Button>
        <Button disabled focusableWhenDisabled onClick={onClick}>
          Page suivante
        </Button>
      </>,
    );
    expect(screen.getByRole('button', { name: 'Enregistrer' })).toBeDisabled();
    const soft = screen.getByRole('button', { name: 'Page suivante' });
    expect(soft).toHaveAttribute('aria-disabled', 'true');
    expect(soft).not.toHaveAttribute('aria-busy');
    await userEvent.tab();
    expect(soft).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await userEvent.click(soft);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('hides its icon from assistive technologies', () => {
    render(<examples.WithIconAndSmall />);
    const button = screen.getByRole('button', { name: 'Ajouter une ligne' });
    expect(button.querySelector('.ma-button__icon')).toHaveAttribute('aria-hidden', 'true');
    expect(screen.getByRole('button', { name: 'Retirer' })).toHaveClass('ma-button--sm');
  });
});
