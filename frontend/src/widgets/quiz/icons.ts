// Small inline icons (decorative: every icon sits beside a text that says the same).
import { html, svg, type SVGTemplateResult, type TemplateResult } from "lit";

export type IconName = "check" | "cross" | "partial" | "dash" | "clock" | "up" | "down" | "info" | "warning";

const PATHS: Record<IconName, SVGTemplateResult> = {
  check: svg`<path d="M3.5 8.5l3 3 6-7" />`,
  cross: svg`<path d="M4 4l8 8M12 4l-8 8" />`,
  partial: svg`<circle cx="8" cy="8" r="5.5" /><path d="M8 2.5v11A5.5 5.5 0 0 0 8 2.5z" fill="currentColor" />`,
  dash: svg`<path d="M4 8h8" />`,
  clock: svg`<circle cx="8" cy="8" r="5.5" /><path d="M8 5v3.25l2 1.5" />`,
  up: svg`<path d="M8 13V3M3.5 7.5L8 3l4.5 4.5" />`,
  down: svg`<path d="M8 3v10M3.5 8.5L8 13l4.5-4.5" />`,
  info: svg`<circle cx="8" cy="8" r="5.75" /><path d="M8 7.25V11M8 5v.01" />`,
  warning: svg`<path d="M8 2.5l6 10.5H2z" /><path d="M8 6.5v3M8 11.25v.01" />`,
};

export function icon(name: IconName): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"
    fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round">${PATHS[name]}</svg>`;
}
