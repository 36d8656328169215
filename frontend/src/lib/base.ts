// Base class and safe DOM helpers shared by all LMS custom elements (open shadow root + render() hook).

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape text for the rare case a string must be placed in HTML markup. Prefer `el()`/textContent. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | boolean | null | undefined>;

/**
 * Build an element without HTML parsing: attributes via setAttribute, strings as Text nodes.
 * `true` sets an empty attribute, `false`/null/undefined skips it.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** Register a custom element once (safe if the bundle is included twice). */
export function define(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}

/**
 * Base for LMS widgets. Subclasses implement `render()` to return the shadow content;
 * call `update()` whenever their state changes.
 */
export abstract class LmsElement extends HTMLElement {
  protected readonly root: ShadowRoot;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
  }

  /** Component CSS, placed in a <style> inside the shadow root. */
  protected styles(): string {
    return "";
  }

  /** Return the nodes to show for the current state. */
  protected abstract render(): Node | Node[];

  /** Re-render the shadow root from scratch. */
  protected update(): void {
    const content = this.render();
    const style = el("style", {}, this.styles());
    this.root.replaceChildren(style, ...(Array.isArray(content) ? content : [content]));
  }

  connectedCallback(): void {
    this.update();
  }
}
