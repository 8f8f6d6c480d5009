// The defaults of the limits against anonymous load, in a module of their own (no imports) so
// that the settings table in src/cli/config.ts can document and check them without loading the
// HTTP server for every command. The defaults keep a hall of 2,000 delegates behind one address
// working (docs/SECURITY.md) and the fan-out benchmark's 2,500 subscribers per address inside
// the per-address cap.
export const DEFAULT_TIMEOUTS = { headersMs: 10_000, requestMs: 60_000, idleMs: 120_000, keepAliveMs: 72_000 };
export const DEFAULT_PAGE_CACHE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_EXPORT_CACHE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_LIVE_STREAMS_PER_ADDRESS = 5000;
export const DEFAULT_LIVE_STREAMS = 20_000;
