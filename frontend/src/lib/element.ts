// Base class of the LMS widgets: a LitElement with shared styles, loading/error templates,
// a `state` attribute for tests and styling, and requests that are cancelled when the element leaves the page.
import { LitElement, css, html, nothing, type CSSResultGroup, type TemplateResult } from "lit";
import { property } from "lit/decorators.js";
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

/** Register a custom element once (safe if two bundles both define it). */
export function define(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
