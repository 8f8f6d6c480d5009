// A small Server-Sent Events client for tests: reads frames from a real HTTP connection.
import http from 'node:http';
import type { WireJson } from './json.ts';

export interface SseEvent {
  id: string | null;
  event: string;
  data: WireJson;
}

export interface SseConnection {
  events: SseEvent[];
  /** Resolves with the first event (from the start) that matches, waiting up to `ms`. */
  waitFor(match: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
  /** Whether the server ended the stream (or the connection went). */
  ended(): boolean;
}

export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters: Array<() => void> = [];
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`SSE ${url}: ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let ended = false;
      res.on('end', () => (ended = true));
      res.on('close', () => (ended = true));
      res.on('error', () => (ended = true));
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          events.push({ id, event, data: JSON.parse(data.join('\n')) });
          for (const w of waiters.splice(0)) w();
        }
      });
      resolve({
        events,
        waitFor(match, ms = 5000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(
              () =>
                fail(
                  new Error(
                    `no matching SSE event within ${ms} ms; got ${events.map((e) => `${e.id}:${e.data?.type ?? e.event}`).join(', ')}`,
                  ),
                ),
              ms,
            );
            const check = () => {
              const found = events.find(match);
              if (found) {
                clearTimeout(timer);
                ok(found);
              } else waiters.push(check);
            };
            check();
          });
        },
        close: () => req.destroy(),
        ended: () => ended,
      });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}
