// Whether the screen is live. Empty until the browser has connected (so the server's HTML, read
// with JavaScript off, never claims a live connection it does not have).
import type { Connection } from './use-live-sitting.ts';
import { useLive } from './live-env.tsx';

export function ConnectionStatus({ connection }: { connection: Connection }) {
  const { t } = useLive();
  return (
    <p className={`connection connection-${connection}`} role="status" aria-live="polite">
      {connection === 'live' ? (
        <>
          <span aria-hidden="true">● </span>
          {t('live.connection_live')}
        </>
      ) : connection === 'reconnecting' ? (
        <>
          <span aria-hidden="true">○ </span>
          {t('live.connection_lost')}
        </>
      ) : null}
    </p>
  );
}

/** Shown only without JavaScript: the page is a snapshot. */
export function NoScriptNote() {
  const { t } = useLive();
  return (
    <noscript>
      <p className="note">{t('live.noscript')}</p>
    </noscript>
  );
}
