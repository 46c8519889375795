import { useState } from 'react';
import { encodeLink, MAX_REPLAY_STEPS } from '../lab/config/link.ts';
import { useApp } from '../state/useApp.ts';

/** Copies a link to this experiment at its current step; opening it replays to the same losses. */
export function ShareButton() {
  const config = useApp((s) => s.config);
  const step = useApp((s) => s.frame?.step ?? 0);
  const [copied, setCopied] = useState<string | null>(null);
  const share = async () => {
    // A link opens at MAX_REPLAY_STEPS at most (link.ts): say so before handing out one that will not reproduce this step.
    if (step > MAX_REPLAY_STEPS) {
      const cap = MAX_REPLAY_STEPS.toLocaleString('en-US');
      const go = window.confirm(`This run is at step ${step.toLocaleString('en-US')}, but a link replays at most ${cap} steps: whoever opens it sees step ${cap}, not this one. Share a link to step ${cap} anyway?`);
      if (!go) return;
    }
    const url = new URL(window.location.href);
    url.hash = encodeLink(config, Math.min(step, MAX_REPLAY_STEPS));
    try {
      await navigator.clipboard.writeText(url.href);
      setCopied('Link copied');
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): show the link instead.
      window.prompt('Copy this link', url.href);
      setCopied(null);
    }
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <span className="share">
      <button type="button" onClick={() => void share()} data-testid="share" title="Copy a link that reproduces this run, step for step">
        Share
      </button>
      <span role="status" className="copied">
        {copied}
      </span>
    </span>
  );
}
