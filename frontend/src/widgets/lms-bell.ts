// <lms-bell> custom element: the header's link to my notifications, with the unread count from
// /api/v1/me/notifications/unread/. Shows nothing to someone signed out.
import { css, html, nothing, type TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { LmsResourceElement, define } from "../lib/element";
import { gettext, interpolate, ngettext } from "../lib/i18n";

/** Shape of `GET /api/v1/me/notifications/unread/`. */
export interface UnreadResponse {
  unread: number;
}

const DEFAULT_API = "/api/v1/me/notifications/unread/";

export class LmsBell extends LmsResourceElement<UnreadResponse> {
  static override styles = [
    LmsResourceElement.styles,
    css`
      :host { display: inline-block; font: inherit; color: inherit; }
      a { color: inherit; display: inline-flex; align-items: center; gap: 0.3rem; }
      a:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
      .count {
        min-width: 1.4em; padding: 0 0.35em; border-radius: 999px; text-align: center;
        background: #ffffff; color: var(--lms-accent, #b71c1c); font-weight: 700; font-size: 0.8em;
        line-height: 1.5;
      }
      svg { width: 1.1em; height: 1.1em; fill: currentColor; }
    `,
  ];

  /** The notifications page (`href` attribute). */
  @property() accessor href = "/learning/notifications/";

  protected get defaultApi(): string {
    return DEFAULT_API;
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (view.kind === "signed-out") return nothing;
    const unread = view.kind === "loaded" ? Math.max(0, Number(view.data.unread) || 0) : 0;
    const label =
      unread > 0
        ? interpolate(ngettext("Notifications: %(count)s unread", "Notifications: %(count)s unread", unread), { count: unread }, true)
        : gettext("Notifications");
    return html`<a part="link" href=${this.href} aria-label=${label} data-unread=${unread}>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>
      <span part="text">${gettext("Notifications")}</span>
      ${unread > 0 ? html`<span part="count" class="count" data-field="count">${unread}</span>` : nothing}
    </a>`;
  }
}

define("lms-bell", LmsBell);

declare global {
  interface HTMLElementTagNameMap {
    "lms-bell": LmsBell;
  }
}
