import { useEffect, useRef } from 'react';

/**
 * Runs `run` when it leaves the page. Placed inside a dialog's content, it runs once the dialog
 * has really gone (after its closing animation), when react-aria has given up restoring the
 * focus to a trigger that no longer exists (« Activer » once the policy is active): the moment to
 * put the focus on what changed instead of leaving it on the page's body.
 */
export function OnUnmount({ run }: { run: () => void }) {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => () => latest.current(), []);
  return null;
}
