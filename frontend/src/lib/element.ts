// Base class of the LMS widgets: a LitElement with shared styles, loading/error templates,
// a `state` attribute for tests and styling, and requests that are cancelled when the element leaves the page.
import { LitElement, css, html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, apiGet, isAbortError } from "./api";
import { gettext } from "./i18n";

/** Styles every widget starts from; subclasses add theirs: `static override styles = [LmsElement.styles, css`…`]`. */
export const baseStyles = css`
  :host {
    display: block;
    font-family: var(--lms-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
      "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif);
    font-size: var(--lms-font-size, 1rem);
    line-height: 1.5;
    color: var(--lms-text, #1f2328);
  }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  .muted { color: var(--lms-muted, #5f6368); }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .loading { display: flex; align-items: center; gap: 0.5rem; color: var(--lms-muted, #5f6368); }
  .spinner {
    flex: none;
    width: 1rem;
    height: 1rem;
    border: 2px solid var(--lms-border, #e0e0e0);
    border-top-color: var(--lms-accent, #b71c1c);
    border-radius: 50%;
    animation: lms-spin 0.8s linear infinite;
  }
  @keyframes lms-spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
  .message { margin: 0; }
  .detail { display: block; margin-top: 0.25rem; color: var(--lms-muted, #5f6368); font-size: 0.875rem; }
`;

/**
 * Base for LMS widgets. Lit re-renders only the parts of the template whose values changed,
 * so focus, selection and half-typed input survive updates.
 */
export class LmsElement extends LitElement {
  static override styles: CSSResultGroup = baseStyles;

  /**
   * Where the widget is: unset while loading, then e.g. `loaded`, `signed-out`, `error`.
   * Reflected to the `state` attribute for tests and for styling (`lms-me[state=error]`).
   */
  @property({ reflect: true }) accessor state: string | undefined = undefined;

  private requests: AbortController | null = null;

  /**
   * A signal for a new request: aborts the previous one made through this method, and aborts
   * when the element is disconnected. Pass it to `apiGet(url, { signal })`.
   */
  protected newSignal(): AbortSignal {
    this.requests?.abort();
    this.requests = new AbortController();
    return this.requests.signal;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.requests?.abort();
    this.requests = null;
  }

  /** A polite "Loading…" status with a spinner. */
  protected renderLoading(label: string = gettext("Loading…")): TemplateResult {
    return html`<div class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span><span>${label}</span></div>`;
  }

  /** An alert with a message and, when given, the server's detail under it. */
  protected renderError(message: string, detail?: string | null): TemplateResult {
    const more = detail ? html` <span part="detail" class="detail" data-field="detail">${detail}</span>` : nothing;
    return html`<p part="message" class="message" data-field="message" role="alert">${message}${more}</p>`;
  }
}

/** What a widget fed by one API resource shows: loading, the data, signed out, or an error. */
export type ResourceView<T> =
  | { kind: "loading" }
  | { kind: "loaded"; data: T }
  | { kind: "signed-out" }
  | { kind: "error"; detail: string };

/** The `state` attribute of a resource widget once its load has finished. */
export type ResourceState = "loaded" | "signed-out" | "error";

/**
 * Base for widgets that show one API resource (`<lms-me>`, `<lms-learning>`): loads it on
 * connect and when `api` changes, aborts on disconnect, and turns 401/403 into "signed-out"
 * and any other failure into "error" with the server's detail. Subclasses render `this.view`.
 */
export abstract class LmsResourceElement<T> extends LmsElement {
  /** URL of the resource (`api` attribute); changing it reloads. */
  @property() accessor api: string | null = null;

  @state() protected accessor view: ResourceView<T> = { kind: "loading" };

  /** The URL the current (or finished) load is for; null means "load on connect". */
  private loadedFrom: string | null = null;

  /** Where the resource is when no `api` attribute is given. */
  protected abstract get defaultApi(): string;

  private get endpoint(): string {
    return this.api || this.defaultApi;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.loadedFrom !== this.endpoint) void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // aborts a load in flight
    if (this.view.kind === "loading") this.loadedFrom = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("api") && this.isConnected && this.loadedFrom !== this.endpoint) void this.refresh();
  }

  /** (Re)load the resource; resolves once the widget shows the outcome. */
  async refresh(): Promise<void> {
    const signal = this.newSignal();
    const url = this.endpoint;
    this.loadedFrom = url;
    this.state = undefined;
    this.view = { kind: "loading" };

    let next: ResourceView<T>;
    try {
      const data = await apiGet<T>(url, { signal });
      if (!data || typeof data !== "object") throw new ApiError(200, { code: "invalid_response", detail: "" });
      next = { kind: "loaded", data };
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return;
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        next = { kind: "signed-out" };
      } else {
        next = { kind: "error", detail: err instanceof ApiError ? err.detail : err instanceof Error ? err.message : "" };
      }
    }
    if (signal.aborted) return;
    this.view = next;
    this.state = next.kind satisfies ResourceState;
    await this.updateComplete;
  }
}

/** Register a custom element once (safe if two bundles both define it). */
export function define(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
