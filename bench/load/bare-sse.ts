// Baseline: a bare Node HTTP server that broadcasts one SSE message to every subscriber on
// POST /broadcast. Prints its address.
import http from 'node:http';

const subscribers = new Set<http.ServerResponse>();
const server = http.createServer((req, res) => {
  if (req.url === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('id: 0\nevent: state\ndata: {"hello":true}\n\n');
    subscribers.add(res);
    req.on('close', () => subscribers.delete(res));
    return;
  }
  if (req.url === '/broadcast' && req.method === 'POST') {
    const frame = `id: 1\nevent: entry\ndata: ${JSON.stringify({ type: 'vote.closed', state: { vote: { outcome: { adopted: true } } } })}\n\n`;
    for (const s of subscribers) s.write(frame);
    res.end('ok');
    return;
  }
  if (req.url === '/memory') {
    res.end(String(process.memoryUsage().rss));
    return;
  }
  res.statusCode = 404;
  res.end();
});
server.maxConnections = 100_000;
server.listen(0, '127.0.0.1', () => {
  const a = server.address() as { port: number };
  console.log(`listening at http://127.0.0.1:${a.port}`);
});
