// <lms-learning> custom element: a compact "My learning" from /api/v1/me/learning/ — the year's hours,
// courses in progress with Continue/Start, queue places, approvals awaited and the next class sessions.
import { css, html, nothing, type TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { LmsResourceElement, define, type ResourceState } from "../lib/element";
import { formatDateTime, formatNumber, gettext, interpolate, ngettext } from "../lib/i18n";

export interface LearningCourse {
  id: number;
  code: string;
  title: string;
  url?: string | null;
}

export interface NextLecture {
  id: number;
  title: string;
  url: string | null;
}

export interface InProgress {
  course: LearningCourse;
  kind: string;
  lectures_done: number;
  lectures_total: number;
  percent: number;
  next_lecture: NextLecture | null;
}

export interface QueuePlace {
  course: LearningCourse;
  position: number;
}

export interface PendingChoice {
  course: LearningCourse;
  since: string | null;
}

export interface UpcomingSession {
  course: LearningCourse;
  starts_at: string;
  ends_at: string;
  place: string;
}

export interface CompletedCourse {
  course: LearningCourse;
  credited_hours: string;
  completed_at: string | null;
}

/** Shape of `GET /api/v1/me/learning/` (hours are decimal strings such as "12.5"). */
export interface LearningResponse {
  year: number;
  closed: boolean;
  required_hours_due: string;
  planned_hours: string;
  done_hours: string;
  owed_hours: string;
  elective_hours_to_choose: string;
  in_progress: InProgress[];
  waitlisted: QueuePlace[];
  pending: PendingChoice[];
  upcoming_sessions: UpcomingSession[];
  completed: CompletedCourse[];
}

export type LearningState = ResourceState;

const DEFAULT_API = "/api/v1/me/learning/";
const DEFAULT_LEARNING_URL = "/learning/";
/** How many courses in progress and class sessions the compact view lists. */
const SHOWN = 3;

function hours(value: unknown): number {
  const n = typeof value === "number" ? value : Number.parseFloat(String(value ?? ""));
  return Number.isFinite(n) ? n : 0;
}

/** "12.5" -> "12.5" in the page's language, always with one decimal like the server page ("6.0"). */
function formatHours(value: number): string {
  return formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function list<T>(value: T[] | null | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

export class LmsLearning extends LmsResourceElement<LearningResponse> {
  static override styles = [
    LmsResourceElement.styles,
    css`
      .learning { display: grid; gap: 1rem; overflow-wrap: anywhere; min-width: 0; }
      section { min-width: 0; }
      h3 { margin: 0 0 0.5rem; font-size: 1.0625rem; line-height: 1.3; }
      p { margin: 0.25rem 0; }
      ul, ol { margin: 0; padding: 0; list-style: none; display: grid; gap: 0.625rem; }
      .meter { margin: 0.25rem 0 0.5rem; }
      .meter__label {
        display: flex;
        justify-content: space-between;
        flex-wrap: wrap;
        column-gap: 0.5rem;
        font-size: 0.9375rem;
      }
      progress {
        display: block;
        width: 100%;
        height: 0.75rem;
        accent-color: var(--lms-accent, #b71c1c);
      }
      .course {
        border: 1px solid var(--lms-border, #e0e0e0);
        border-radius: var(--lms-radius, 8px);
        padding: 0.625rem 0.75rem;
        background: var(--lms-surface, #ffffff);
      }
      .course__title { font-weight: 600; }
      .course .meter { margin-bottom: 0.25rem; }
      .actions { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 0.75rem; }
      a { color: var(--lms-accent, #b71c1c); }
      a:focus-visible { outline: 2px solid var(--lms-accent, #b71c1c); outline-offset: 2px; }
      .button {
        display: inline-block;
        margin-top: 0.25rem;
        padding: 0.3rem 0.875rem;
        border-radius: 6px;
        background: var(--lms-accent, #b71c1c);
        color: var(--lms-on-accent, #ffffff);
        font-weight: 600;
        text-decoration: none;
      }
      .button:focus-visible { outline-color: var(--lms-text, #1f2328); }
      .notice { color: var(--lms-text, #1f2328); font-size: 0.9375rem; }
      .small { font-size: 0.875rem; }
      .link { font-weight: 600; }
      /* Wide: hours and sessions on the left, the courses (and queue places) on the right. */
      @media (min-width: 48rem) {
        .learning { grid-template-columns: repeat(2, minmax(0, 1fr)); grid-auto-flow: row dense; align-items: start; }
        .learning > section { grid-column: 1; }
        .learning > [data-section="in-progress"] { grid-column: 2; grid-row: span 2; }
        .learning > [data-section="waiting"] { grid-column: 2; }
        .learning > .wide { grid-column: 1 / -1; }
      }
    `,
  ];

  /** Where "See all on My learning" points (`learning-url` attribute). */
  @property({ attribute: "learning-url" }) accessor learningUrl: string | null = null;

  /** IANA time zone for the session times (`time-zone`, e.g. the site's "Asia/Shanghai"); default: the browser's. */
  @property({ attribute: "time-zone" }) accessor timeZone: string | null = null;

  protected get defaultApi(): string {
    return DEFAULT_API;
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    switch (view.kind) {
      case "loading":
        // The page's own text (light DOM) stays visible while the figures load.
        return html`<div aria-busy="true"><slot></slot>${this.renderLoading()}</div>`;
      case "signed-out":
        return nothing;
      case "error":
        return html`<div data-state="error">${this.renderError(gettext("Could not load your learning."), view.detail)}</div>`;
      case "loaded":
        return this.renderLearning(view.data);
    }
  }

  private renderLearning(learning: LearningResponse): TemplateResult {
    const waiting = list(learning.waitlisted).length + list(learning.pending).length;
    return html`<div part="learning" class="learning" data-state="loaded">
      ${this.renderHours(learning)} ${this.renderInProgress(list(learning.in_progress))}
      ${waiting ? this.renderWaiting(list(learning.waitlisted), list(learning.pending)) : nothing}
      ${this.renderSessions(list(learning.upcoming_sessions))}
      <p class="wide">
        <a part="link" class="link" data-field="learning-link" href=${this.learningUrl || DEFAULT_LEARNING_URL}
          >${gettext("See all on My learning")}</a
        >
      </p>
    </div>`;
  }

  private renderHours(learning: LearningResponse): TemplateResult {
    const required = hours(learning.required_hours_due);
    const done = hours(learning.done_hours);
    const owed = hours(learning.owed_hours);
    const percent = required > 0 ? Math.min(100, Math.round((100 * done) / required)) : 0;
    const unit = gettext("h");
    return html`<section part="hours" data-section="hours" aria-labelledby="hours-heading">
      <h3 id="hours-heading">${interpolate(gettext("My hours in %(year)s"), { year: learning.year }, true)}</h3>
      ${learning.closed
        ? html`<p class="notice small" data-field="closed">${interpolate(
            gettext("The %(year)s training year is closed: nothing in it can change any more."),
            { year: learning.year },
            true,
          )}</p>`
        : nothing}
      <div class="meter">
        <div class="meter__label">
          <span>${gettext("Completed")}</span>
          <strong data-field="done">${formatHours(done)} / ${formatHours(required)} ${unit}</strong>
        </div>
        ${required > 0
          ? html`<progress max="100" .value=${percent} aria-label=${gettext("Hours completed of the hours required")}
              >${percent}%</progress
            >`
          : nothing}
      </div>
      <div class="meter__label" data-field="owed">
        <span>${gettext("Still owed")}</span><strong>${formatHours(owed)} ${unit}</strong>
      </div>
    </section>`;
  }

  private renderInProgress(items: InProgress[]): TemplateResult {
    const shown = items.slice(0, SHOWN);
    const more = items.length - shown.length;
    return html`<section part="in-progress" data-section="in-progress" aria-labelledby="progress-heading">
      <h3 id="progress-heading">${gettext("In progress")}</h3>
      ${shown.length
        ? html`<ul>
            ${shown.map((item) => this.renderCourse(item))}
          </ul>`
        : html`<p class="muted">${gettext("No course in progress.")}</p>`}
      ${more > 0
        ? html`<p class="muted small" data-field="more-in-progress">${interpolate(
            ngettext("and %(count)s more course", "and %(count)s more courses", more),
            { count: more },
            true,
          )}</p>`
        : nothing}
    </section>`;
  }

  private renderCourse(item: InProgress): TemplateResult {
    const course = item.course;
    const total = item.lectures_total || 0;
    const done = item.lectures_done || 0;
    const title = course.url
      ? html`<a class="course__title" href=${course.url}>${course.title}</a>`
      : html`<span class="course__title">${course.title}</span>`;
    if (!total) {
      return html`<li class="course" data-course=${course.code}>
        ${title}
        <p class="muted small">${gettext("Taught in class: the training office records your attendance.")}</p>
      </li>`;
    }
    const next = item.next_lecture;
    return html`<li class="course" data-course=${course.code}>
      ${title}
      <div class="meter">
        <div class="meter__label">
          <span data-field="lectures">${interpolate(
            gettext("%(done)s of %(total)s lectures done"),
            { done: formatNumber(done), total: formatNumber(total) },
            true,
          )}</span>
          <strong>${formatNumber(item.percent || 0)}%</strong>
        </div>
        <progress
          max=${total}
          .value=${done}
          aria-label=${interpolate(gettext("Lectures done in %(course)s"), { course: course.title }, true)}
        >${formatNumber(item.percent || 0)}%</progress>
      </div>
      ${next && next.url
        ? html`<div class="actions">
            <a class="button" data-continue href=${next.url}
              >${done > 0 ? gettext("Continue") : gettext("Start")}<span class="visually-hidden">: ${course.title}</span></a
            >
            <span class="muted small">${interpolate(gettext("Next: %(lecture)s"), { lecture: next.title }, true)}</span>
          </div>`
        : nothing}
    </li>`;
  }

  private renderWaiting(waitlisted: QueuePlace[], pending: PendingChoice[]): TemplateResult {
    return html`<section part="waiting" data-section="waiting" aria-labelledby="waiting-heading">
      <h3 id="waiting-heading">${gettext("Waiting")}</h3>
      ${waitlisted.length
        ? html`<ul>
            ${waitlisted.map(
              (place) => html`<li data-waitlisted=${place.course.code}>
                ${place.course.url ? html`<a href=${place.course.url}>${place.course.title}</a>` : place.course.title} —
                ${interpolate(
                  gettext("wait-listed, number %(position)s in the queue"),
                  { position: formatNumber(place.position) },
                  true,
                )}
              </li>`,
            )}
          </ul>`
        : nothing}
      ${pending.length
        ? html`<p data-field="pending">${interpolate(
            ngettext(
              "%(count)s course awaiting the training office’s approval",
              "%(count)s courses awaiting the training office’s approval",
              pending.length,
            ),
            { count: formatNumber(pending.length) },
            true,
          )}</p>`
        : nothing}
    </section>`;
  }

  private renderSessions(sessions: UpcomingSession[]): TemplateResult {
    const shown = sessions.slice(0, SHOWN);
    return html`<section part="sessions" data-section="sessions" aria-labelledby="sessions-heading">
      <h3 id="sessions-heading">${gettext("Upcoming class sessions")}</h3>
      ${shown.length
        ? html`<ol>
            ${shown.map((session) => this.renderSession(session))}
          </ol>`
        : html`<p class="muted">${gettext("No class session in the coming weeks.")}</p>`}
    </section>`;
  }

  private renderSession(session: UpcomingSession): TemplateResult {
    const starts = new Date(session.starts_at);
    const ends = new Date(session.ends_at);
    const valid = !Number.isNaN(starts.getTime());
    return html`<li data-session=${session.course.code}>
      ${valid
        ? html`<time datetime=${session.starts_at}>${formatDateTime(starts, this.timeZone || "")}</time
            >${Number.isNaN(ends.getTime()) ? nothing : html`–${formatDateTime(ends, this.timeZone || "", { timeStyle: "short" })}`} · `
        : nothing}<strong>${session.course.title}</strong>${session.place ? html` · ${session.place}` : nothing}
    </li>`;
  }
}

define("lms-learning", LmsLearning);

declare global {
  interface HTMLElementTagNameMap {
    "lms-learning": LmsLearning;
  }
}
