// Formatting for the quiz widget: dates, durations, marks, percentages and the essay word count,
// all in the page's language (`<html lang>`).
import { formatDateTime, formatNumber, gettext, interpolate, ngettext } from "../../lib/i18n";

export { formatDateTime };

/** Only the time of day ("10:42"). */
export function formatTimeOfDay(iso: string | null | undefined, timeZone = ""): string {
  return formatDateTime(iso, timeZone, { hour: "numeric", minute: "2-digit" });
}

/** "1 hour 30 minutes", "45 seconds". */
export function formatDuration(totalSeconds: number): string {
  const total = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours) parts.push(interpolate(ngettext("%(count)s hour", "%(count)s hours", hours), { count: formatNumber(hours) }, true));
  if (minutes) {
    parts.push(interpolate(ngettext("%(count)s minute", "%(count)s minutes", minutes), { count: formatNumber(minutes) }, true));
  }
  if (seconds || !parts.length) {
    parts.push(interpolate(ngettext("%(count)s second", "%(count)s seconds", seconds), { count: formatNumber(seconds) }, true));
  }
  return parts.join(" ");
}

/** The countdown's clock: "12:34", "1:02:03". */
export function formatClock(totalSeconds: number): string {
  const total = Math.max(0, Math.floor(totalSeconds));
  const two = (n: number): string => formatNumber(n, { minimumIntegerDigits: 2, useGrouping: false });
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${formatNumber(h)}:${two(m)}:${two(s)}` : `${formatNumber(m)}:${two(s)}`;
}

/** A percentage given as a number of percent (60 -> "60%"). */
export function formatPercent(percent: number): string {
  return formatNumber((Number(percent) || 0) / 100, { style: "percent", maximumFractionDigits: 1 });
}

/** A mark or score ("0.5", "7.25"). */
export function formatMark(value: number): string {
  return formatNumber(Number(value) || 0, { maximumFractionDigits: 2 });
}

/** "1 mark", "2 marks". */
export function formatMarks(mark: number): string {
  return interpolate(ngettext("%(mark)s mark", "%(mark)s marks", mark), { mark: formatMark(mark) }, true);
}

/**
 * Words in an essay: each Chinese, Japanese or Korean character counts as one word (those scripts
 * do not put spaces between words), any other run of letters and digits as one.
 */
export function countWords(text: string): number {
  const found = text.match(
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+(?:['’.\-](?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+)*/gu,
  );
  return found ? found.length : 0;
}

/** The text of a piece of (trusted, sanitised) HTML, for places that take text only such as `<option>`. */
export function htmlToText(markup: string): string {
  if (typeof document === "undefined") return markup;
  const template = document.createElement("template"); // inert: nothing loads or runs
  template.innerHTML = markup;
  return (template.content.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** "Between 50 and 300 words", "At least 50 words", "At most 300 words", or "" with no limits. */
export function wordLimits(min: number | null | undefined, max: number | null | undefined): string {
  const low = Number(min) || 0;
  const high = Number(max) || 0;
  if (low && high) {
    return interpolate(gettext("Between %(min)s and %(max)s words."), { min: formatNumber(low), max: formatNumber(high) }, true);
  }
  if (low) return interpolate(ngettext("At least %(min)s word.", "At least %(min)s words.", low), { min: formatNumber(low) }, true);
  if (high) return interpolate(ngettext("At most %(max)s word.", "At most %(max)s words.", high), { max: formatNumber(high) }, true);
  return "";
}
