// JSON fetch helpers for the LMS REST API: same-origin cookies, CSRF header, and a typed ApiError on failure.

/** Error raised for any failed API call; `code`/`detail` come from the server's `{"code", "detail"}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;

  constructor(status: number, code: string, detail: string) {
    super(detail || code);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** Code used when no structured error body is available (non-JSON body, or the request never completed). */
export const NETWORK_ERROR = "network_error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export type UnsafeMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  /** Lets callers (e.g. a disconnected element) cancel the request. */
  signal?: AbortSignal;
}

/** Read a cookie by name (Django's CSRF cookie is `csrftoken` by default). */
export function getCookie(name: string): string | null {
  if (typeof document === "undefined" || !document.cookie) return null;
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    if (key === name) return decodeURIComponent(part.slice(eq + 1).trim());
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

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

async function readJson(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await response.text();
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

async function request<T>(url: string, method: string, body: unknown, options: RequestOptions): Promise<T> {
  const upper = method.toUpperCase();
  const headers: Record<string, string> = { Accept: "application/json" };
  const init: RequestInit = { method: upper, credentials: "same-origin", headers, signal: options.signal };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (!SAFE_METHODS.has(upper)) {
    const token = csrfToken();
    if (token) headers["X-CSRFToken"] = token;
  }

  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, NETWORK_ERROR, err instanceof Error ? err.message : String(err));
  }

  const parsed = await readJson(response).catch(() => ({ ok: false as const }));
  if (!response.ok) {
    const fallback = response.statusText || `HTTP ${response.status}`;
    const data = parsed.ok ? asObject(parsed.value) : null;
    if (!data) throw new ApiError(response.status, NETWORK_ERROR, fallback);
    const code = typeof data.code === "string" && data.code ? data.code : NETWORK_ERROR;
    const detail = typeof data.detail === "string" && data.detail ? data.detail : fallback;
    throw new ApiError(response.status, code, detail);
  }
  if (!parsed.ok) {
    // e.g. an HTML login page reached through a redirect.
    throw new ApiError(response.status, NETWORK_ERROR, "The server did not return JSON.");
  }
  return parsed.value as T;
}

/** GET a JSON resource. */
export function apiGet<T>(url: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(url, "GET", undefined, options);
}

/** Send a JSON body with an unsafe method (CSRF header included). */
export function apiSend<T>(url: string, method: UnsafeMethod, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>(url, method, body, options);
}
