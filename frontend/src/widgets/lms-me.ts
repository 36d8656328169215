// <lms-me> custom element: loads the signed-in person from /api/v1/me/ and renders a compact profile card.
import { ApiError, apiGet } from "../lib/api";
import { LmsElement, define, el } from "../lib/base";
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

export type MeState = "loaded" | "signed-out" | "error";

type View =
  | { kind: "loading" }
  | { kind: "loaded"; me: MeResponse }
  | { kind: "signed-out" }
  | { kind: "error"; detail: string };

const DEFAULT_API = "/api/v1/me/";
const DEFAULT_LOGIN_URL = "/accounts/login/";

const STYLES = `
:host {
  display: block;
  max-width: var(--lms-card-max-width, 32rem);
  font-family: var(--lms-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif);
  font-size: var(--lms-font-size, 1rem);
  line-height: 1.5;
  color: var(--lms-text, #1f2328);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
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
.muted { color: var(--lms-muted, #5f6368); }
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
.message { margin: 0; }
.detail { display: block; margin-top: 0.25rem; color: var(--lms-muted, #5f6368); font-size: 0.875rem; }
.link {
  display: inline-block;
  margin-top: 0.5rem;
  color: var(--lms-accent, #b71c1c);
  font-weight: 600;
}
.link:focus-visible { outline: 2px solid var(--lms-accent, #b71c1c); outline-offset: 2px; }
.loading { display: flex; align-items: center; gap: 0.5rem; color: var(--lms-muted, #5f6368); }
.spinner {
  width: 1rem;
  height: 1rem;
  border: 2px solid var(--lms-border, #e0e0e0);
  border-top-color: var(--lms-accent, #b71c1c);
  border-radius: 50%;
  animation: spin 0.8s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
@media (max-width: 400px) {
  .card { padding: 0.875rem; }
  dt { flex-basis: 100%; }
}
`;

function firstChar(text: string): string {
  const [first] = Array.from(text.trim());
  return first ? first.toUpperCase() : "?";
}

function notAssigned(field: string): HTMLElement {
  return el("span", { class: "muted", "data-field": field }, gettext("Not assigned"));
}

function row(label: string, ...value: (Node | null)[]): HTMLElement {
  return el("div", { class: "row" }, el("dt", { part: "label" }, label), el("dd", { part: "value" }, ...value));
}

export class LmsMe extends LmsElement {
  static get observedAttributes(): string[] {
    return ["api", "login-url"];
  }

  private view: View = { kind: "loading" };
  private controller: AbortController | null = null;
  private connected = false;
  private loadedFrom: string | null = null;

  /** URL of the "me" endpoint (`api` attribute). */
  get api(): string {
    return this.getAttribute("api") || DEFAULT_API;
  }

  /** Where "Sign in" points (`login-url` attribute). */
  get loginUrl(): string {
    return this.getAttribute("login-url") || DEFAULT_LOGIN_URL;
  }

  override connectedCallback(): void {
    this.connected = true;
    if (this.view.kind !== "loading" && this.loadedFrom === this.api) {
      this.update();
    } else {
      void this.refresh();
    }
  }

  disconnectedCallback(): void {
    this.connected = false;
    this.controller?.abort();
    this.controller = null;
    if (this.view.kind === "loading") this.loadedFrom = null;
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (!this.connected || oldValue === newValue) return;
    if (name === "api") void this.refresh();
    else this.update();
  }

  /** (Re)load the profile; resolves once the card shows the outcome. */
  async refresh(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const url = this.api;
    this.loadedFrom = url;
    this.removeAttribute("state");
    this.view = { kind: "loading" };
    this.update();

    let next: View;
    try {
      const me = await apiGet<MeResponse>(url, { signal: controller.signal });
      if (!me || typeof me !== "object") throw new ApiError(200, "invalid_response", "");
      next = { kind: "loaded", me };
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        next = { kind: "signed-out" };
      } else {
        const detail = err instanceof ApiError ? err.detail : err instanceof Error ? err.message : "";
        next = { kind: "error", detail };
      }
    }
    if (controller.signal.aborted || this.controller !== controller) return;
    this.controller = null;
    this.view = next;
    this.update();
    this.setAttribute("state", next.kind satisfies MeState);
  }

  protected override styles(): string {
    return STYLES;
  }

  protected render(): Node {
    switch (this.view.kind) {
      case "loading":
        return el(
          "div",
          { part: "card", class: "card loading", role: "status", "aria-busy": "true", "aria-live": "polite" },
          el("span", { class: "spinner", "aria-hidden": "true" }),
          el("span", {}, gettext("Loading…")),
        );
      case "signed-out":
        return el(
          "div",
          { part: "card", class: "card", "data-state": "signed-out" },
          el("p", { part: "message", class: "message", "data-field": "message" }, gettext("You are not signed in.")),
          el("a", { part: "link", class: "link", "data-field": "login-link", href: this.loginUrl }, gettext("Sign in")),
        );
      case "error":
        return el(
          "div",
          { part: "card", class: "card", "data-state": "error" },
          el(
            "p",
            { part: "message", class: "message", "data-field": "message", role: "alert" },
            gettext("Could not load your profile."),
            this.view.detail ? " " : null,
            this.view.detail ? el("span", { part: "detail", class: "detail", "data-field": "detail" }, this.view.detail) : null,
          ),
        );
      case "loaded":
        return this.renderCard(this.view.me);
    }
  }

  private renderCard(me: MeResponse): HTMLElement {
    const name = (me.full_name || "").trim() || me.username || "";
    const profile = me.profile;
    const unit = profile?.work_unit ?? null;
    const category = profile?.category ?? null;
    const position = (profile?.position || "").trim();
    const rankLabel = (profile?.rank_level_label || "").trim();
    const unitPath = (unit?.path || "").trim();

    const roleCodes = Array.isArray(me.roles) ? me.roles : [];
    const roleLabels = Array.isArray(me.role_labels) ? me.role_labels : [];
    const roles =
      roleCodes.length > 0
        ? el(
            "ul",
            { part: "roles", class: "badges", "data-field": "roles" },
            ...roleCodes.map((code, i) =>
              el("li", { part: "role", class: "badge", "data-role": code }, roleLabels[i] || code),
            ),
          )
        : notAssigned("roles");

    return el(
      "div",
      { part: "card", class: "card", "data-state": "loaded" },
      el(
        "div",
        { class: "head" },
        el("span", { part: "avatar", class: "avatar", "aria-hidden": "true" }, firstChar(name)),
        el("p", { part: "name", class: "name", "data-field": "name" }, name),
      ),
      el(
        "dl",
        { part: "fields" },
        row(
          gettext("Work unit"),
          unit ? el("span", { "data-field": "unit" }, unit.name) : notAssigned("unit"),
          unit && unitPath && unitPath !== unit.name
            ? el("span", { part: "path", class: "sub", "data-field": "unit-path" }, unitPath)
            : null,
        ),
        row(
          gettext("Trainee category"),
          category ? el("span", { "data-field": "category" }, category.name) : notAssigned("category"),
        ),
        row(
          gettext("Position"),
          position ? el("span", { "data-field": "position" }, position) : notAssigned("position"),
          rankLabel ? el("span", { class: "sub", "data-field": "rank-level" }, rankLabel) : null,
        ),
        row(gettext("Roles"), roles),
      ),
    );
  }
}

define("lms-me", LmsMe);

declare global {
  interface HTMLElementTagNameMap {
    "lms-me": LmsMe;
  }
}
