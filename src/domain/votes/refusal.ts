// A use case's refusal as a value: the decision functions return it, the service turns it into a
// ServiceError (`kind` picks the HTTP status, `code` is stable for clients, `message` is for people).
export type RefusalKind = 'invalid' | 'conflict' | 'not_found';

export interface Refusal {
  kind: RefusalKind;
  code: string;
  message: string;
}

/** @example refusal('conflict', 'vote_closed', 'the vote is closed') */
export function refusal(kind: RefusalKind, code: string, message: string): Refusal {
  return { kind, code, message };
}
