// <lms-me> custom element: loads the signed-in person from /api/v1/me/ and renders a compact profile card.
import { css, html, nothing, type TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { LmsResourceElement, define, type ResourceState } from "../lib/element";
import { gettext } from "../lib/i18n";

export interface WorkUnitRef {
  id: number;
  name: string;
  path?: string | null;
}

export interface CategoryRef {
  id: number;
  name: string;
  slug: string;
}

export interface MeProfile {
  work_unit: WorkUnitRef | null;
  category: CategoryRef | null;
  position: string;
  rank_level: string;
  rank_level_label: string;
  phone: string;
}

/** Shape of `GET /api/v1/me/`. */
export interface MeResponse {
  id: number;
  username: string;
  full_name: string;
  email: string;
  roles: string[];
  role_labels: string[];
  profile: MeProfile | null;
  supervised_units: unknown[];
  language: string;
}

export type MeState = ResourceState;

const DEFAULT_API = "/api/v1/me/";
const DEFAULT_LOGIN_URL = "/accounts/login/";

function firstChar(text: string): string {
  const [first] = Array.from(text.trim());
  return first ? first.toUpperCase() : "?";
}

function notAssigned(field: string): TemplateResult {
  return html`<span class="muted" data-field=${field}>${gettext("Not assigned")}</span>`;
}

function row(label: string, value: unknown): TemplateResult {
  return html`<div class="row"><dt part="label">${label}</dt><dd part="value">${value}</dd></div>`;
}

export class LmsMe extends LmsResourceElement<MeResponse> {
  static override styles = [
    LmsResourceElement.styles,
    css`
      :host { max-width: var(--lms-card-max-width, 32rem); }
      .card {
        background: var(--lms-surface, #ffffff);
        border: 1px solid var(--lms-border, #e0e0e0);
        border-top: 4px solid var(--lms-accent, #b71c1c);
        border-radius: var(--lms-radius, 8px);
        padding: 1rem 1.125rem;
        box-shadow: 0 1px 2px rgba(0, 0, 0, 0.06);
        overflow-wrap: anywhere;
      }
      .head { display: flex; align-items: center; gap: 0.75rem; margin-bottom: 0.75rem; }
      .avatar {
        flex: none;
        display: inline-grid;
        place-items: center;
        width: 2.5rem;
        height: 2.5rem;
        border-radius: 50%;
        background: var(--lms-accent, #b71c1c);
        color: var(--lms-on-accent, #ffffff);
        font-weight: 600;
        font-size: 1.125rem;
      }
      .name { margin: 0; font-size: 1.125rem; font-weight: 600; min-width: 0; }
      dl { margin: 0; display: grid; gap: 0.5rem; }
      .row { display: flex; flex-wrap: wrap; column-gap: 0.75rem; row-gap: 0.125rem; }
      dt {
        flex: 0 0 8.5rem;
        color: var(--lms-muted, #5f6368);
        font-size: 0.875rem;
        padding-top: 0.1em;
      }
      dd { flex: 1 1 12rem; min-width: 0; margin: 0; }
      .sub { display: block; color: var(--lms-muted, #5f6368); font-size: 0.8125rem; }
      .badges { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.375rem; }
      .badge {
        display: inline-block;
        padding: 0.0625rem 0.5rem;
        border-radius: 999px;
        font-size: 0.8125rem;
        border: 1px solid var(--lms-accent, #b71c1c);
        color: var(--lms-accent, #b71c1c);
        background: #fdecea;
        background: color-mix(in srgb, var(--lms-accent, #b71c1c) 8%, white);
      }
      .link {
        display: inline-block;
        margin-top: 0.5rem;
        color: var(--lms-accent, #b71c1c);
        font-weight: 600;
      }
      .link:focus-visible { outline: 2px solid var(--lms-accent, #b71c1c); outline-offset: 2px; }
      @media (max-width: 400px) {
        .card { padding: 0.875rem; }
        dt { flex-basis: 100%; }
      }
    `,
  ];

  /** Where "Sign in" points (`login-url` attribute). */
  @property({ attribute: "login-url" }) accessor loginUrl: string | null = null;

  protected get defaultApi(): string {
    return DEFAULT_API;
  }

  protected override render(): TemplateResult {
    const view = this.view;
    switch (view.kind) {
      case "loading":
        return html`<div part="card" class="card" aria-busy="true">${this.renderLoading()}</div>`;
      case "signed-out":
        return html`<div part="card" class="card" data-state="signed-out">
          <p part="message" class="message" data-field="message">${gettext("You are not signed in.")}</p>
          <a part="link" class="link" data-field="login-link" href=${this.loginUrl || DEFAULT_LOGIN_URL}>${gettext("Sign in")}</a>
        </div>`;
      case "error":
        return html`<div part="card" class="card" data-state="error">
          ${this.renderError(gettext("Could not load your profile."), view.detail)}
        </div>`;
      case "loaded":
        return this.renderCard(view.data);
    }
  }

  private renderCard(me: MeResponse): TemplateResult {
    const name = (me.full_name || "").trim() || me.username || "";
    const profile = me.profile;
    const unit = profile?.work_unit ?? null;
    const category = profile?.category ?? null;
    const position = (profile?.position || "").trim();
    const rankLabel = (profile?.rank_level_label || "").trim();
    const unitPath = (unit?.path || "").trim();

    const roleCodes = Array.isArray(me.roles) ? me.roles : [];
    const roleLabels = Array.isArray(me.role_labels) ? me.role_labels : [];
    const roles = roleCodes.length
      ? html`<ul part="roles" class="badges" data-field="roles">
          ${roleCodes.map((code, i) => html`<li part="role" class="badge" data-role=${code}>${roleLabels[i] || code}</li>`)}
        </ul>`
      : notAssigned("roles");

    return html`<div part="card" class="card" data-state="loaded">
      <div class="head">
        <span part="avatar" class="avatar" aria-hidden="true">${firstChar(name)}</span>
        <p part="name" class="name" data-field="name">${name}</p>
      </div>
      <dl part="fields">
        ${row(
          gettext("Work unit"),
          html`${unit ? html`<span data-field="unit">${unit.name}</span>` : notAssigned("unit")}${unit && unitPath && unitPath !== unit.name
            ? html`<span part="path" class="sub" data-field="unit-path">${unitPath}</span>`
            : nothing}`,
        )}
        ${row(
          gettext("Trainee category"),
          category ? html`<span data-field="category">${category.name}</span>` : notAssigned("category"),
        )}
        ${row(
          gettext("Position"),
          html`${position ? html`<span data-field="position">${position}</span>` : notAssigned("position")}${rankLabel
            ? html`<span class="sub" data-field="rank-level">${rankLabel}</span>`
            : nothing}`,
        )}
        ${row(gettext("Roles"), roles)}
      </dl>
    </div>`;
  }
}

define("lms-me", LmsMe);

declare global {
  interface HTMLElementTagNameMap {
    "lms-me": LmsMe;
  }
}
