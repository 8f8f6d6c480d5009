// Broken input to domain code. Expected outcomes are values; this is for input that cannot be
// evaluated at all. `code` is stable and reaches API clients unchanged.
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
