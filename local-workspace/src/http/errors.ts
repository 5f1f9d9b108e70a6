/**
 * Errors in ZenML's shapes: `{"detail": [ExceptionName, message]}`, except request-validation
 * errors (a malformed body or path value: 422), which ZenML sends as a bare
 * `[ExceptionName, message]` list. Invalid list parameters are 422 too, but wrapped: ZenML
 * builds its filter models from the query itself and raises a ValueError, which its exception
 * handler wraps like any other (zenml `zen_server/utils.py` make_dependable, `exceptions.py`).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly exception: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** A 422 sent wrapped as `{"detail": [...]}` (invalid list parameters). */
    readonly wrapped = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): unknown {
    return this.status === 422 && !this.wrapped ? [this.exception, this.message] : { detail: [this.exception, this.message] };
  }
}

/** 400: a value the server cannot act on (ZenML's ValueError). */
export const badRequest = (message: string) => new ApiError(400, 'ValueError', message);
/** 401: no or bad credentials. */
export const unauthorized = (message: string) =>
  new ApiError(401, 'AuthorizationException', message, { 'www-authenticate': 'Bearer' });
/** 403: permission denied or an illegal operation. */
export const forbidden = (message: string) => new ApiError(403, 'IllegalOperationError', message);
/** 404: no such entity (ZenML raises KeyError). */
export const notFound = (message: string) => new ApiError(404, 'KeyError', message);
/** 409: an entity with that name exists. */
export const conflict = (message: string) => new ApiError(409, 'EntityExistsError', message);
/** 422: the request itself is malformed or invalid. */
export const invalid = (message: string) => new ApiError(422, 'ValueError', message);
/** 422, wrapped: a list parameter (page, size, sort_by, logical_operator, a filter) is invalid. */
export const invalidQuery = (message: string) => new ApiError(422, 'ValueError', message, {}, true);
/** 413: the body is larger than the server accepts. */
export const tooLarge = (message: string) => new ApiError(413, 'ValueError', message);
/** 429: too many attempts; `Retry-After` says when to try again (RFC 6585 §4). */
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new ApiError(429, 'TooManyRequests', message, { 'retry-after': String(retryAfterSeconds) });
