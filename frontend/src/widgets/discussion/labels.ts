// Words of <lms-discussion> that depend on a value from the API (a thread's kind, a flag's reason,
// a round's state…), and the dates it shows, in the page's language.
import { dateLanguage, formatDateTime, gettext, interpolate, pageLanguage } from "../../lib/i18n";
import type { AudienceStage, Person, Post, RoundState, Side, ThreadKind, ThreadStatus } from "./types";

export function kindLabel(kind: ThreadKind): string {
  switch (kind) {
    case "question":
      return gettext("Question");
    case "seminar":
      return gettext("Seminar");
    case "debate":
      return gettext("Debate");
    default:
      return gettext("Discussion");
  }
}

export function statusLabel(status: ThreadStatus): string {
  switch (status) {
    case "locked":
      return gettext("Locked");
    case "closed":
      return gettext("Closed");
    default:
      return gettext("Open");
  }
}

/** The reasons of PostFlag.Reason, in its order. */
export function flagReasons(): [string, string][] {
  return [
    ["abuse", gettext("Abusive or disrespectful")],
    ["spam", gettext("Spam or advertising")],
    ["off_topic", gettext("Off topic")],
    ["confidential", gettext("Discloses confidential information")],
    ["other", gettext("Something else")],
  ];
}

export function roundStateLabel(state: RoundState): string {
  switch (state) {
    case "open":
      return gettext("Open now");
    case "closed":
      return gettext("Closed");
    default:
      return gettext("Upcoming");
  }
}

export function stageLabel(stage: AudienceStage): string {
  switch (stage) {
    case "before":
      return gettext("Vote before the debate");
    case "debating":
      return gettext("Voting reopens after the closing round.");
    case "after":
      return gettext("Vote after the debate");
    default:
      return gettext("Voting has closed.");
  }
}

export function sideWord(side: Side): string {
  return side === "pro" ? gettext("For") : gettext("Against");
}

/** Who wrote a post, as this viewer may know: "Anonymous" for a peer's anonymous post. */
export function authorName(author: Person | null, anonymous: boolean, mine: boolean): string {
  if (!author) return gettext("Anonymous");
  if (mine) return anonymous ? gettext("You (anonymous to other trainees)") : interpolate(gettext("%(name)s (you)"), { name: author.name }, true);
  return anonymous ? interpolate(gettext("%(name)s (anonymous to trainees)"), { name: author.name }, true) : author.name;
}

export function postAuthor(post: Post): string {
  return authorName(post.author, post.anonymous, post.mine);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 hours ago" / "3小时前"; a full date beyond four weeks. */
export function ago(value: string | null | undefined, timeZone = ""): string {
  if (!value) return "";
  const date = new Date(value);
  const seconds = (date.getTime() - Date.now()) / 1000;
  if (Number.isNaN(seconds)) return "";
  if (Math.abs(seconds) > 28 * 24 * 3600) return formatDateTime(value, timeZone, { dateStyle: "medium" });
  if (Math.abs(seconds) < 60) return gettext("just now");
  const format = new Intl.RelativeTimeFormat(pageLanguage() ?? dateLanguage(), { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), "minute");
}
