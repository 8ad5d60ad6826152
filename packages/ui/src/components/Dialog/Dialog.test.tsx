import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import * as examples from './Dialog.examples.tsx';

/** A click outside the dialog, as react-aria listens for it (pointer down and up on the overlay). */
function clickOutside() {
  const overlay = document.querySelector('.ma-dialog-overlay');
  if (overlay === null) throw new Error('no overlay');
  fireEvent.pointerDown(overlay, { button: 0, pointerId: 1, pointerType: 'mouse' });
  fireEvent.pointerUp(overlay, { button: 0, pointerId: 1, pointerType: 'mouse' });
  fireEvent.click(overlay);
}

describe('Dialog', () => {
  itHasNoAxeViolations(examples);

  it('opens a modal dialog named by its title, hiding the page behind it', async () => {
    render(<examples.WithForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Renommer' }));
    const dialog = screen.getByRole('dialog', { name: 'Renommer le fichier' });
    expect(dialog).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Renommer' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Nom du fichier' })).toHaveFocus();
  });

  it('traps the focus: Tab cycles through the dialog only', async () => {
    render(<examples.WithForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Renommer' }));
    const dialog = screen.getByRole('dialog');
    const name = (element: Element | null) =>
      element instanceof HTMLInputElement
        ? element.labels?.[0]?.textContent
        : (element?.getAttribute('aria-label') ?? element?.textContent);
    const visited: (string | null | undefined)[] = [];
    for (let i = 0; i < 5; i += 1) {
      await userEvent.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
      visited.push(name(document.activeElement));
    }
    expect(visited).toEqual(['Annuler', 'Enregistrer', 'Fermer', 'Nom du fichier', 'Annuler']);
    await userEvent.tab({ shift: true });
    expect(screen.getByRole('textbox', { name: 'Nom du fichier' })).toHaveFocus();
  });

  it('closes with Escape and gives the focus back to the button that opened it', async () => {
    render(<examples.WithForm />);
    const trigger = screen.getByRole('button', { name: 'Renommer' });
    await userEvent.click(trigger);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    // react-aria restores the focus in the next animation frame.
    await waitFor(() => expect(trigger).toHaveFocus());
  });

  it('closes with « Fermer », with an action, and on a click outside', async () => {
    render(<examples.WithForm />);
    const trigger = screen.getByRole('button', { name: 'Renommer' });
    await userEvent.click(trigger);
    await userEvent.click(screen.getByRole('button', { name: 'Fermer' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await userEvent.click(trigger);
    await userEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await userEvent.click(trigger);
    clickOutside();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('submits its form and closes', async () => {
    render(<examples.WithForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Renommer' }));
    const field = screen.getByRole('textbox', { name: 'Nom du fichier' });
    await userEvent.clear(field);
    await userEvent.type(field, 'bilan.pdf{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Nouveau nom : bilan.pdf')).toBeInTheDocument();
  });

  it('as an alertdialog: the safe action first, no closing by a click outside', async () => {
    render(<examples.Confirmation />);
    await userEvent.click(screen.getByRole('button', { name: 'Supprimer le fichier' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Supprimer ce fichier ?' });
    expect(within(dialog).getByRole('button', { name: 'Conserver' })).toHaveFocus();
    clickOutside();
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Fichier supprimé.');
  });

  it('can be open from the start, its content in a scrolling body', () => {
    render(<examples.OpenWithLongContent />);
    const dialog = screen.getByRole('dialog', { name: 'Conditions d’utilisation' });
    expect(dialog.querySelectorAll('.ma-dialog__body p')).toHaveLength(12);
    expect(dialog.closest('.ma-dialog-modal')).toHaveClass('ma-dialog-modal--lg');
    // jsdom lays nothing out: the body does not overflow, so it is not a tab stop.
    expect(dialog.querySelector('.ma-dialog__body')).not.toHaveAttribute('tabindex');
  });

  it('puts a body that scrolls in the tab order, so the keyboard can scroll it', async () => {
    const height = vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockReturnValue(2000);
    render(<examples.OpenWithLongContent />);
    height.mockRestore();
    const body = screen.getByRole('dialog').querySelector('.ma-dialog__body');
    expect(body).toHaveAttribute('tabindex', '0');
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Fermer' })).toHaveFocus();
    await userEvent.tab();
    expect(body).toHaveFocus();
  });
});
