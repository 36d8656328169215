// The one API client of the widgets: same-origin session cookies, the CSRF header, JSON in and out,
// the server's {code, detail, errors} error shape as an ApiError, and retries for idempotent requests.
import { gettext } from "./i18n";

/** Field errors as the API sends them: `{"title": ["This field is required."], …}` (may nest). */
export type FieldErrors = Record<string, unknown>;

/** Error body of the LMS API (lms/platform/api/errors.py). */
export interface ApiErrorBody {
  code: string;
  detail: string;
  errors?: FieldErrors;
  retry_after?: number;
}

/** Code used when there is no structured error body: the request never completed. */
export const NETWORK_ERROR = "network_error";
/** Code used when the server answered, but not with the JSON the client expected. */
export const INVALID_RESPONSE = "invalid_response";

/**
 * Any failed API call. `code` is the server's stable word (`invalid`, `not_authenticated`,
 * `enrolment_closed`…), `detail` its translated sentence, `errors` the per-field messages of a
 * 400 with `code: "invalid"`. `status` is 0 when the server was never reached.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldErrors;
  /** Seconds to wait, from a 429's body or a `Retry-After` header. */
  readonly retryAfter: number | null;

  constructor(status: number, body: ApiErrorBody) {
    super(body.detail || body.code);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.detail = body.detail;
    this.errors = body.errors ?? {};
    this.retryAfter = typeof body.retry_after === "number" ? body.retry_after : null;
  }

  /** The first message for one field (`errors.title[0]`), if any. */
  fieldError(field: string): string | null {
    const value = this.errors[field];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" ? first : null;
  }
}

/** True for the error fetch() throws when its AbortSignal fires. */
export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Requests that may be sent twice without harm; only these are retried. POST and PATCH never are. */
const IDEMPOTENT = new Set<HttpMethod>(["GET", "HEAD", "PUT", "DELETE"]);
const SAFE = new Set<HttpMethod>(["GET", "HEAD"]);
/** Gateway failures worth another try: the app server was restarting or overloaded. */
const RETRY_STATUSES = new Set([502, 503, 504]);

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON, except FormData / URLSearchParams / Blob, which go as they are. */
  body?: unknown;
  /** Cancels the request and any wait between retries (e.g. when the element is disconnected). */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Extra attempts for idempotent requests after a network error or a 502/503/504 (default 2). */
  retries?: number;
  /** First wait between attempts in ms, doubled each time (default 300). */
  retryDelay?: number;
  /** Let the request outlive the page (a last report on `pagehide`); its answer may never be read. */
  keepalive?: boolean;
}

/** Read a cookie by name (Django's CSRF cookie is `csrftoken`). */
export function getCookie(name: string): string | null {
  if (typeof document === "undefined" || !document.cookie) return null;
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    if (key === name && eq !== -1) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** CSRF token from the cookie, or from a `{% csrf_token %}` input when the cookie is HttpOnly. */
export function csrfToken(): string | null {
  const fromCookie = getCookie("csrftoken");
  if (fromCookie) return fromCookie;
  if (typeof document === "undefined") return null;
  const input = document.querySelector<HTMLInputElement>('input[name="csrfmiddlewaretoken"]');
  return input?.value || null;
}

/**
 * The CSRF header for an unsafe request to `url`, for code whose requests another library sends
 * (tus-js-client): empty for another origin, which is never handed the token.
 */
export function csrfHeaders(url: string): Record<string, string> {
  const token = isSameOrigin(url) ? csrfToken() : null;
  return token ? { "X-CSRFToken": token } : {};
}

function isSameOrigin(url: string): boolean {
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

function isRawBody(body: unknown): body is BodyInit {
  return body instanceof FormData || body instanceof URLSearchParams || body instanceof Blob;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

type Parsed = { ok: true; value: unknown } | { ok: false };

async function readJson(response: Response): Promise<Parsed> {
  const text = await response.text();
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get("Retry-After");
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function errorFromResponse(response: Response, parsed: Parsed): ApiError {
  const data = parsed.ok ? asObject(parsed.value) : null;
  const fallback = gettext("The server sent an unexpected response.");
  const retryAfter = retryAfterSeconds(response);
  if (!data) return new ApiError(response.status, { code: INVALID_RESPONSE, detail: fallback, retry_after: retryAfter });
  const body: ApiErrorBody = {
    code: typeof data.code === "string" && data.code ? data.code : INVALID_RESPONSE,
    detail: typeof data.detail === "string" && data.detail ? data.detail : fallback,
    retry_after: typeof data.retry_after === "number" ? data.retry_after : retryAfter,
  };
  const errors = asObject(data.errors);
  if (errors) body.errors = errors;
  return new ApiError(response.status, body);
}

/** Wait `ms`, or reject with the AbortError as soon as `signal` fires. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException("Aborted", "AbortError"));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException("Aborted", "AbortError"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Call the API and return the parsed JSON (`undefined` for an empty body, e.g. 204).
 * Throws an ApiError for any failure, or the AbortError when `signal` fires.
 */
export async function apiRequest<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const method: HttpMethod = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    headers,
    signal: options.signal,
    keepalive: options.keepalive ?? false,
  };
  if (options.body !== undefined) {
    if (isRawBody(options.body)) {
      init.body = options.body;
    } else {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
  }
  if (!SAFE.has(method)) Object.assign(headers, csrfHeaders(url));

  const retries = IDEMPOTENT.has(method) ? Math.max(0, options.retries ?? 2) : 0;
  const baseDelay = options.retryDelay ?? 300;
  for (let attempt = 0; ; attempt++) {
    let error: ApiError;
    let wait = baseDelay * 2 ** attempt * (0.75 + Math.random() * 0.5);
    try {
      const response = await fetch(url, init);
      const parsed = await readJson(response);
      if (response.ok) {
        // e.g. an HTML login page reached through a redirect.
        if (!parsed.ok) throw new ApiError(response.status, { code: INVALID_RESPONSE, detail: gettext("The server sent an unexpected response.") });
        return parsed.value as T;
      }
      error = errorFromResponse(response, parsed);
      if (!RETRY_STATUSES.has(response.status)) throw error;
      if (error.retryAfter !== null) wait = Math.max(wait, Math.min(error.retryAfter, 10) * 1000);
    } catch (err) {
      if (err instanceof ApiError || isAbortError(err)) throw err;
      // fetch() rejects with a TypeError when the network fails.
      error = new ApiError(0, {
        code: NETWORK_ERROR,
        detail: gettext("Could not reach the server. Check your connection and try again."),
      });
    }
    if (attempt >= retries) throw error;
    await sleep(wait, options.signal);
  }
}

/** GET a JSON resource (retried on network errors and 502/503/504). */
export function apiGet<T>(url: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<T> {
  return apiRequest<T>(url, { ...options, method: "GET" });
}

/** Send a body with an unsafe method (CSRF header included; only PUT and DELETE are retried). */
export function apiSend<T>(
  url: string,
  method: Exclude<HttpMethod, "GET" | "HEAD">,
  body?: unknown,
  options: Omit<RequestOptions, "method" | "body"> = {},
): Promise<T> {
  return apiRequest<T>(url, { ...options, method, body });
}
