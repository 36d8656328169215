// Translation helpers: typed wrappers over the globals of Django's JavaScriptCatalog (`/jsi18n/`);
// without the catalogue script they pass the English text through.

/** Globals installed by Django's `JavaScriptCatalog` view (served at `/jsi18n/`). */
declare global {
  interface Window {
    gettext?: (msgid: string) => string;
    ngettext?: (singular: string, plural: string, count: number) => string;
    interpolate?: (fmt: string, obj: unknown, named?: boolean) => string;
  }
}

function catalog(): Window | undefined {
  return typeof window === "undefined" ? undefined : window;
}

/**
 * Translate a message. Always call it with a plain string literal, e.g.
 * `gettext("Sign in")`, so `makemessages -d djangojs` can find the msgid.
 */
export function gettext(msgid: string): string {
  const fn = catalog()?.gettext;
  return typeof fn === "function" ? fn(msgid) : msgid;
}

/** Plural-aware translation; falls back to English plural rules. */
export function ngettext(singular: string, plural: string, count: number): string {
  const fn = catalog()?.ngettext;
  if (typeof fn === "function") return fn(singular, plural, count);
  return count === 1 ? singular : plural;
}

/**
 * Fill a translated format string, mirroring Django's `interpolate()`:
 * named=true substitutes `%(name)s` from an object, otherwise `%s` from an array.
 */
export function interpolate(fmt: string, obj: Record<string, unknown>, named: true): string;
export function interpolate(fmt: string, obj: readonly unknown[], named?: false): string;
export function interpolate(
  fmt: string,
  obj: Record<string, unknown> | readonly unknown[],
  named = false,
): string {
  const fn = catalog()?.interpolate;
  if (typeof fn === "function") return fn(fmt, obj, named);
  if (named) {
    const values = obj as Record<string, unknown>;
    return fmt.replace(/%\((\w+)\)s/g, (match: string, name: string) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match,
    );
  }
  const values = Array.isArray(obj) ? [...obj] : [];
  return fmt.replace(/%s/g, () => String(values.shift() ?? ""));
}

/** The page's language (`<html lang="zh-hans">`), for `Intl` formatting; undefined = the browser's. */
export function pageLanguage(): string | undefined {
  if (typeof document === "undefined") return undefined;
  const lang = document.documentElement.lang.trim();
  if (!lang) return undefined;
  try {
    return Intl.getCanonicalLocales(lang)[0];
  } catch {
    return undefined;
  }
}

/** Format a number for the page's language (e.g. `1,234.5`). */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = { maximumFractionDigits: 2 }): string {
  return new Intl.NumberFormat(pageLanguage(), options).format(value);
}

/**
 * The locale dates are written in: the page's language, with English written the way the site's
 * own pages write it ("7 Dec 2026, 15:03", Django's format), not the American "Dec 7, 2026".
 */
export function dateLanguage(): string | undefined {
  const language = pageLanguage();
  return language && /^en(-|$)/i.test(language) && language.toLowerCase() !== "en-us" ? "en-GB" : language;
}

/**
 * A date and time in `timeZone` (the browser's when empty or unknown), in the page's language:
 * "7 Dec 2026, 15:03" / "2026年12月7日 15:03". `options` default to a medium date and a short time.
 */
export function formatDateTime(
  value: string | Date | null | undefined,
  timeZone = "",
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
): string {
  if (!value) return "";
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const zone = timeZone.trim();
  try {
    return new Intl.DateTimeFormat(dateLanguage(), zone ? { ...options, timeZone: zone } : options).format(date);
  } catch {
    // An unknown time zone: the browser's own.
    return new Intl.DateTimeFormat(dateLanguage(), options).format(date);
  }
}
