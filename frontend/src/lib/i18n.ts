// Translation helpers: delegate to Django's JavaScriptCatalog globals when present, else pass text through untranslated.

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
