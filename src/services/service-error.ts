// Typed errors from use cases. `kind` maps to an HTTP status in one place (http/plugins/errors);
// `code` is stable for clients; `message` is for a clerk to read.
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited';

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, code = 'not_found') =>
  new ServiceError('not_found', code, `${what} was not found`);
export const conflict = (code: string, message: string) => new ServiceError('conflict', code, message);
export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new ServiceError('invalid', code, message, details);
export const forbidden = (message = 'your role does not allow this') =>
  new ServiceError('forbidden', 'forbidden', message);
