// TEST-ONLY bundle (never shipped): `node build.mjs --testing` builds it for tests/e2e/test_widget_base.py.
// It defines a widget on the shared LmsElement base, a control widget with the old "re-render the whole
// shadow root" base, and re-exports the API client so the browser test can call it directly.
import { html, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { LmsElement, define } from "../lib/element";

export { ApiError, INVALID_RESPONSE, NETWORK_ERROR, apiGet, apiRequest, apiSend, isAbortError } from "../lib/api";
export { LmsElement } from "../lib/element";

/**
 * A reply box like a discussion's: the draft is reactive state (every keystroke re-renders the
 * character count), and `heading` / `replies` change from outside, like a poll bringing new posts.
 */
export class LmsTestDraft extends LmsElement {
  @property() accessor heading = "";
  @property({ type: Number }) accessor replies = 0;
  @state() private accessor draft = "";

  protected override render(): TemplateResult {
    return html`<h2 data-field="heading">${this.heading}</h2>
      <p data-field="replies">${this.replies}</p>
      <label>Reply <input data-field="draft" .value=${this.draft} @input=${this.onInput}></label>
      <p data-field="count">${this.draft.length}</p>`;
  }

  private onInput(event: Event): void {
    this.draft = (event.target as HTMLInputElement).value;
  }
}

/** The same reply box on the old hand-written base: every change rebuilds the shadow root. */
export class LmsTestNaiveDraft extends HTMLElement {
  static get observedAttributes(): string[] {
    return ["heading", "replies"];
  }

  private draft = "";
  private readonly root = this.attachShadow({ mode: "open" });

  get heading(): string {
    return this.getAttribute("heading") ?? "";
  }
  set heading(value: string) {
    this.setAttribute("heading", value);
  }
  get replies(): number {
    return Number(this.getAttribute("replies") ?? 0);
  }
  set replies(value: number) {
    this.setAttribute("replies", String(value));
  }
  /** Resolves at once: the naive base renders synchronously. */
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }

  connectedCallback(): void {
    this.update();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.update();
  }

  private update(): void {
    const h2 = Object.assign(document.createElement("h2"), { textContent: this.heading });
    h2.dataset.field = "heading";
    const replies = Object.assign(document.createElement("p"), { textContent: String(this.replies) });
    replies.dataset.field = "replies";
    const input = Object.assign(document.createElement("input"), { value: this.draft });
    input.dataset.field = "draft";
    input.addEventListener("input", () => {
      this.draft = input.value;
      this.update();
    });
    const label = document.createElement("label");
    label.append("Reply ", input);
    const count = Object.assign(document.createElement("p"), { textContent: String(this.draft.length) });
    count.dataset.field = "count";
    this.root.replaceChildren(h2, replies, label, count);
  }
}

define("lms-test-draft", LmsTestDraft);
define("lms-test-naive-draft", LmsTestNaiveDraft);
