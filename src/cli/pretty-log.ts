// The server's log for a person at a terminal (issue 20): pino writes JSON lines (what a log
// collector wants, and what `serve` writes when stdout is not a terminal); at a terminal each line
// is shown as `12:00:01 INFO  [request id] message key=value …` instead.
import type { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'err']);

export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 19) : '';
  const level = (LEVELS[o.level as number] ?? String(o.level)).padEnd(5);
  const id = typeof o.reqId === 'string' ? ` [${o.reqId.slice(0, 8)}]` : '';
  const fields = Object.entries(o)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = o.err as { message?: string; stack?: string } | undefined;
  return `${time} ${level}${id} ${String(o.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}${err ? `\n  ${err.stack ?? err.message}` : ''}\n`;
}

/** A destination for pino that writes each line readably to `out`. */
export function prettyDestination(out: Writable): { write(line: string): void } {
  return { write: (line: string) => out.write(prettyLine(line.trimEnd())) };
}
