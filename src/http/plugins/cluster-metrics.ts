// /metrics across the workers of `quorate serve --workers N` (issue 20). The worker that receives
// the scrape asks the primary over the cluster's IPC channel; the primary asks every worker for its
// registry (prom-client's AggregatorRegistry) and answers with the sum — histograms and counters
// added up, the database's figures (the same for every worker) taken once — so one scrape speaks
// for the whole server whichever worker answers it.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type PrometheusContentType, type Registry } from 'prom-client';

type Request = { quorate: 'metrics-request'; id: number };
type Reply = { quorate: 'metrics-reply'; id: number; text?: string; error?: string };

let aggregator: AggregatorRegistry<PrometheusContentType> | null = null;
let nextId = 0;
const waiting = new Map<number, (reply: Reply) => void>();

/** In a worker: whether this process is one of several, whose figures the primary sums. */
export const inCluster = (): boolean => cluster.isWorker && typeof process.send === 'function';

/** In a worker: the registry whose metrics the primary collects from this process. */
export function shareWithPrimary(register: Registry): void {
  // Constructing one sets up prom-client's listener for the primary's requests in this worker.
  aggregator ??= new AggregatorRegistry();
  AggregatorRegistry.setRegistries([register]);
  process.on('message', (message: unknown) => {
    const m = message as Partial<Reply> | null;
    if (m?.quorate !== 'metrics-reply' || typeof m.id !== 'number') return;
    waiting.get(m.id)?.(m as Reply);
    waiting.delete(m.id);
  });
}

/** In a worker: every worker's metrics, summed by the primary. */
export function clusterScrape(timeoutMs = 8000): Promise<string> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('the primary did not answer for the metrics'));
    }, timeoutMs);
    waiting.set(id, (reply) => {
      clearTimeout(timer);
      if (reply.text !== undefined) resolve(reply.text);
      else reject(new Error(reply.error ?? 'no metrics'));
    });
    process.send!({ quorate: 'metrics-request', id } satisfies Request);
  });
}

/** In the primary: answers a worker's request for the summed metrics (other messages are ignored). */
export function answerClusterMetrics(worker: Worker, message: unknown): void {
  const m = message as Partial<Request> | null;
  if (m?.quorate !== 'metrics-request' || typeof m.id !== 'number') return;
  const id = m.id;
  aggregator ??= new AggregatorRegistry();
  aggregator.clusterMetrics().then(
    (text: string) => worker.isConnected() && worker.send({ quorate: 'metrics-reply', id, text } satisfies Reply),
    (err: Error) =>
      worker.isConnected() && worker.send({ quorate: 'metrics-reply', id, error: err.message } satisfies Reply),
  );
}
