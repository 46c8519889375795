import { useState } from 'react';
import { encodeLink } from '../lab/config/link.ts';
import { useApp } from '../state/useApp.ts';

/** Copies a link to this experiment at its current step; opening it replays to the same losses. */
export function ShareButton() {
  const config = useApp((s) => s.config);
  const step = useApp((s) => s.frame?.step ?? 0);
  const [copied, setCopied] = useState<string | null>(null);
  const share = async () => {
    const url = new URL(window.location.href);
    url.hash = encodeLink(config, step);
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
