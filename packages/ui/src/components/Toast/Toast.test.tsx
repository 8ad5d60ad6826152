import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { itHasNoAxeViolations } from '../../test-support/examples.tsx';
import { ToastProvider, useToast, type ToastApi } from './Toast.tsx';
import * as examples from './Toast.examples.tsx';

/** Renders a provider and hands back its API, to drive it from the test. */
function renderToaster() {
  let api: ToastApi | undefined;
  function Grab() {
    api = useToast();
    return <button type="button">Ailleurs</button>;
  }
  render(
    <ToastProvider>
      <Grab />
    </ToastProvider>,
  );
  if (api === undefined) throw new Error('no api');
  return api;
}

describe('Toast', () => {
  itHasNoAxeViolations(examples);

  it('has its two live regions from the start, empty', () => {
    render(<examples.Default />);
    const region = screen.getByRole('region', { name: 'Notifications de l’exemple' });
    expect(screen.getByRole('status')).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByRole('alert')).toHaveAttribute('aria-live', 'assertive');
    expect(region).toContainElement(screen.getByRole('status'));
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('puts a success in the polite region and an error in the assertive one, tone first', async () => {
    render(<examples.Default />);
    await userEvent.click(screen.getByRole('button', { name: 'Succès' }));
    expect(screen.getByRole('status')).toHaveTextContent('Succès : Modifications enregistrées');
    await userEvent.click(screen.getByRole('button', { name: 'Erreur' }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Erreur : Envoi impossible');
    expect(alert).toHaveTextContent('Le serveur ne répond pas.');
    expect(screen.getByRole('status')).not.toHaveTextContent('Envoi impossible');
  });

  it('goes away after its timeout, but not while hovered or focused', () => {
    vi.useFakeTimers();
    const api = renderToaster();
    act(() => {
      api.show({ tone: 'success', title: 'Bien' });
    });
    const toast = screen.getByText('Bien').closest('.ma-toast');
    if (toast === null) throw new Error('no toast');
    fireEvent.mouseEnter(toast);
    act(() => vi.advanceTimersByTime(10_000));
    expect(screen.getByText('Bien')).toBeInTheDocument();
    fireEvent.mouseLeave(toast);
    act(() => screen.getByRole('button', { name: 'Fermer la notification' }).focus());
    act(() => vi.advanceTimersByTime(10_000));
    expect(screen.getByText('Bien')).toBeInTheDocument();
    act(() => screen.getByRole('button', { name: 'Ailleurs' }).focus());
    act(() => vi.advanceTimersByTime(5_999));
    expect(screen.getByText('Bien')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.queryByText('Bien')).toBeNull();
  });

  it('keeps an error, or a toast with a null timeout, until it is closed', () => {
    vi.useFakeTimers();
    const api = renderToaster();
    act(() => {
      api.show({ tone: 'error', title: 'Panne' });
      api.show({ title: 'Note', timeout: null });
    });
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText('Panne')).toBeInTheDocument();
    expect(screen.getByText('Note')).toBeInTheDocument();
  });

  it('closes with its button, the focus going to the next toast, then back where it was', async () => {
    const api = renderToaster();
    const elsewhere = screen.getByRole('button', { name: 'Ailleurs' });
    act(() => {
      api.show({ title: 'Un', timeout: null });
      api.show({ title: 'Deux', timeout: null });
    });
    elsewhere.focus();
    await userEvent.tab();
    const [first] = screen.getAllByRole('button', { name: 'Fermer la notification' });
    expect(first).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.queryByText('Un')).toBeNull();
    const [second] = screen.getAllByRole('button', { name: 'Fermer la notification' });
    expect(second).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.queryByText('Deux')).toBeNull();
    expect(elsewhere).toHaveFocus();
  });

  it('shows at most four, dropping the oldest, and dismisses by id', () => {
    const api = renderToaster();
    let last = 0;
    act(() => {
      for (let i = 1; i <= 5; i += 1) last = api.show({ title: `N${i}`, timeout: null });
    });
    expect(screen.queryByText('N1')).toBeNull();
    expect(screen.getByText('N5')).toBeInTheDocument();
    act(() => api.dismiss(last));
    expect(screen.queryByText('N5')).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Fermer la notification' })).toHaveLength(3);
  });

  it('refuses to work outside a ToastProvider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useToast())).toThrow(
      'useToast must be used inside a <ToastProvider>.',
    );
    vi.restoreAllMocks();
  });
});
