// A JSON answer as a test or a benchmark reads it: the assertions check its shape, so its type says
// only that it came off the wire. One alias, one suppression, rather than `any` at every call.
// biome-ignore lint/suspicious/noExplicitAny: a wire answer is checked by assertions, not by its type
export type WireJson = any;
