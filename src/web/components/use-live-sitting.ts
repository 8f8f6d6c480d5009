// The live connection of a screen: one EventSource per sitting, started after hydration. It asks
// for the entries after the index the page was rendered at (`?lastEventId=`), so nothing recorded
// between the render and the connection is missed; after a drop the browser reconnects by itself
// with Last-Event-ID (the log index), and the server sends exactly what was missed.
import { useEffect, useRef, useState } from 'react';
import type { LiveEntry, LiveState } from './live-types.ts';

export type Connection = 'starting' | 'live' | 'reconnecting';

export function liveEventsUrl(slug: string, sittingId: number, index: number): string {
  return `/live/${encodeURIComponent(slug)}/sittings/${sittingId}/events?lastEventId=${index}`;
}

export function useLiveSitting(
  input: { slug: string; sittingId: number; index: number; state: LiveState },
  onEntry?: (entry: LiveEntry) => void,
) {
  const [state, setState] = useState<LiveState>(input.state);
  const [connection, setConnection] = useState<Connection>('starting');
  const handler = useRef(onEntry);
  handler.current = onEntry;
  useEffect(() => {
    let last = input.index;
    const source = new EventSource(liveEventsUrl(input.slug, input.sittingId, input.index));
    source.addEventListener('open', () => setConnection('live'));
    source.addEventListener('error', () => setConnection('reconnecting'));
    source.addEventListener('state', (ev) => {
      const data = JSON.parse((ev as MessageEvent<string>).data) as { index: number; state: LiveState };
      last = Math.max(last, data.index);
      setState(data.state);
    });
    source.addEventListener('entry', (ev) => {
      const entry = JSON.parse((ev as MessageEvent<string>).data) as LiveEntry;
      if (entry.index <= last) return;
      last = entry.index;
      setState(entry.state);
      handler.current?.(entry);
    });
    return () => source.close();
  }, [input.slug, input.sittingId, input.index]);
  return { state, connection };
}
