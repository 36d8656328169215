// The attempt's sticky bar: the time left (role="timer", on the server's clock) and the save status
// (a polite live region).
import { html, type TemplateResult } from "lit";
import { classMap } from "lit/directives/class-map.js";
import { gettext, interpolate } from "../../lib/i18n";
import type { SaveStatus } from "./autosave";
import { formatClock, formatTimeOfDay } from "./format";
import { icon } from "./icons";

export function renderBar(left: number | null, status: TemplateResult): TemplateResult {
  return html`<div class="bar" data-field="bar">
    ${left === null
      ? html`<span></span>`
      : html`<div class=${classMap({ countdown: true, "countdown--low": left <= 300 && left > 60, "countdown--last": left <= 60 })}
          role="timer" aria-atomic="true" data-field="countdown" data-seconds=${left}>
          ${icon("clock")}<span>${gettext("Time left")}</span> <strong>${formatClock(left)}</strong>
        </div>`}
    ${status}
  </div>`;
}

export function renderSaveStatus(saveStatus: SaveStatus, refused: boolean, timeZone: string): TemplateResult {
  // Saved, except answers the server refused: those are not saved.
  const status: SaveStatus = refused && (saveStatus.kind === "saved" || saveStatus.kind === "idle")
    ? { kind: "failed", detail: "" }
    : saveStatus;
  let content: TemplateResult | string = "";
  switch (status.kind) {
    case "pending":
    case "saving":
      content = gettext("Saving…");
      break;
    case "saved":
      content = html`${icon("check")}<span>${interpolate(
        gettext("All answers saved at %(time)s"),
        { time: formatTimeOfDay(status.at, timeZone) },
        true,
      )}</span>`;
      break;
    case "retrying":
      content = html`${icon("warning")}<span>${gettext("Not saved — retrying")}</span>`;
      break;
    case "failed":
      content = html`${icon("warning")}<span>${status.detail
        ? interpolate(gettext("Not saved: %(reason)s"), { reason: status.detail }, true)
        : gettext("Not saved — see the marked questions")}</span>`;
      break;
  }
  return html`<div class="save-status" role="status" aria-live="polite" data-field="save-status" data-save=${status.kind}>${content}</div>`;
}
