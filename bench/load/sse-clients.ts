// SSE subscribers, in their own process: opens `count` connections from `localAddress`, says
// "ready" once every one has its first event, then records when each receives a frame containing
// `pattern`, and prints the arrival times (epoch ms, sub-ms precision) as JSON.
// Usage: tsx bench/load/sse-clients.ts <url> <count> <localAddress> <pattern>
import http from 'node:http';

const [url, countText, localAddress, pattern] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const target = new URL(url);
const arrivals: number[] = [];
let connected = 0;
const now = () => performance.timeOrigin + performance.now();

function open(attempt = 0): void {
  const req = http.get(
    {
      host: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      localAddress,
      agent: false,
      headers: { accept: 'text/event-stream' },
    },
    (res) => {
      res.setEncoding('utf8');
      let first = true;
      let done = false;
      res.on('data', (chunk: string) => {
        if (first && chunk.includes('data:')) {
          first = false;
          if (++connected === count) process.stdout.write('ready\n');
        }
        if (!done && chunk.includes(pattern)) {
          done = true;
          arrivals.push(now());
          if (arrivals.length === count) {
            process.stdout.write(`${JSON.stringify({ arrivals })}\n`);
            process.exit(0);
          }
        }
      });
    },
  );
  // A connection refused or reset while the server's accept queue is full is simply retried.
  req.on('error', (err) => {
    if (attempt < 20) setTimeout(() => open(attempt + 1), 50 + Math.random() * 200);
    else process.stderr.write(`sse client: ${err.message}\n`);
  });
}

// Open in small waves so the accept queue is not flooded.
for (let i = 0; i < count; i += 100) {
  for (let j = i; j < Math.min(count, i + 100); j++) open();
  await new Promise((r) => setTimeout(r, 40));
}
setTimeout(() => {
  process.stderr.write(`sse clients: timed out with ${connected} connected, ${arrivals.length} received\n`);
  process.exit(1);
}, 180_000).unref();
