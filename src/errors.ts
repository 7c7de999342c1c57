/** One base class for every error headroom raises on purpose; rendered to HTTP/CLI output in one place each. */
export class HeadroomError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  readonly code: string;

  constructor(code: string, message: string, opts: { status?: number; retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HeadroomError';
    this.code = code;
    this.status = opts.status ?? 500;
    this.retryable = opts.retryable ?? false;
  }
}

/** The caller handed us something we cannot work on (bad body, binary input, unknown kind). */
export class InvalidInputError extends HeadroomError {
  constructor(message: string, cause?: unknown) {
    super('invalid_input', `headroom: ${message}`, { status: 400, cause });
    this.name = 'InvalidInputError';
  }
}

/** A retrieval id that is unknown, malformed or expired. */
export class NotFoundError extends HeadroomError {
  constructor(message: string) {
    super('not_found', `headroom: ${message}`, { status: 404 });
    this.name = 'NotFoundError';
  }
}

/** A storage driver failed; callers fail open where they can. */
export class StoreError extends HeadroomError {
  constructor(message: string, cause?: unknown) {
    super('store_error', `headroom store: ${message}`, { status: 503, retryable: true, cause });
    this.name = 'StoreError';
  }
}
