// The quiz's summary (title, intro, facts, result, past attempts, Start/Continue) and an attempt's
// result line in its review.
import { html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { formatNumber, gettext, interpolate, ngettext } from "../../lib/i18n";
import { formatDateTime, formatDuration, formatMark, formatPercent } from "./format";
import { icon } from "./icons";
import type { Attempt, AttemptSummary, Quiz } from "./types";

export interface SummaryContext {
  quiz: Quiz;
  /** What the widget is busy with ("" for nothing): the buttons wait. */
  busy: string;
  timeZone: string;
  /** The notice and the preview note, shown under the title. */
  notes: unknown;
  start(): void;
  review(item: AttemptSummary): void;
}

export function renderSummary(ctx: SummaryContext): TemplateResult {
  const quiz = ctx.quiz;
  const attempts = Array.isArray(quiz.attempts) ? quiz.attempts : [];
  const canGoOn = !!quiz.in_progress;
  const enabled = (quiz.can_start || canGoOn) && !ctx.busy;
  return html`<article class="quiz" data-view="summary" aria-labelledby="quiz-title">
    <div class="head">
      ${quiz.course?.title ? html`<p class="eyebrow" data-field="course">${quiz.course.title}</p>` : nothing}
      <h2 id="quiz-title" tabindex="-1" data-field="title">${quiz.title}</h2>
    </div>
    ${ctx.notes}
    ${quiz.intro ? html`<div class="html intro" data-field="intro">${unsafeHTML(quiz.intro)}</div>` : nothing}
    ${renderFacts(quiz, ctx.timeZone)}
    ${quiz.result ? renderOverall(quiz) : nothing}
    ${attempts.length ? renderAttemptList(attempts, ctx) : nothing}
    <div class="start">
      <button type="button" class="button button--primary" data-action="start" ?disabled=${!enabled}
        aria-describedby=${!enabled && quiz.refusal ? "quiz-refusal" : nothing} @click=${() => ctx.start()}>
        ${ctx.busy === "starting" ? gettext("Starting…") : canGoOn ? gettext("Continue attempt") : gettext("Start attempt")}
      </button>
      ${!canGoOn && !quiz.can_start && quiz.refusal
        ? html`<p class="refusal" id="quiz-refusal" data-field="refusal">${quiz.refusal}</p>`
        : nothing}
      ${enabled && !canGoOn && quiz.time_limit
        ? html`<p class="muted small" data-field="timer-note">${gettext(
            "The time starts when you start the attempt and goes on if you leave the page.",
          )}</p>`
        : nothing}
    </div>
  </article>`;
}

function renderFacts(quiz: Quiz, timeZone: string): TemplateResult {
  const fact = (field: string, label: string, value: string): TemplateResult =>
    html`<div class="fact" data-fact=${field}><dt>${label}</dt><dd>${value}</dd></div>`;
  const now = Date.now();
  const opens = quiz.opens_at && Date.parse(quiz.opens_at) > now ? quiz.opens_at : null;
  const closed = quiz.closes_at && Date.parse(quiz.closes_at) <= now;
  const allowed = quiz.attempts_allowed;
  const left = allowed === null || allowed === undefined ? null : Math.max(0, allowed - (quiz.attempts_used || 0));
  const methods: Record<string, string> = {
    highest: gettext("Highest grade"),
    average: gettext("Average grade"),
    first: gettext("First attempt"),
    last: gettext("Last attempt"),
  };
  return html`<dl class="facts" data-field="facts">
    ${fact("questions", gettext("Questions"), formatNumber(quiz.question_count || 0))}
    ${fact("time-limit", gettext("Time limit"), quiz.time_limit ? formatDuration(quiz.time_limit) : gettext("None"))}
    ${fact(
      "attempts",
      gettext("Attempts"),
      left === null
        ? gettext("Unlimited")
        : interpolate(
            ngettext("%(left)s of %(allowed)s attempt left", "%(left)s of %(allowed)s attempts left", allowed!),
            { left: formatNumber(left), allowed: formatNumber(allowed!) },
            true,
          ),
    )}
    ${opens ? fact("opens", gettext("Opens"), formatDateTime(opens, timeZone)) : nothing}
    ${quiz.closes_at ? fact("closes", closed ? gettext("Closed") : gettext("Closes"), formatDateTime(quiz.closes_at, timeZone)) : nothing}
    ${fact("pass-mark", gettext("Pass mark"), formatPercent(quiz.pass_mark))}
    ${methods[quiz.grading_method] && (allowed === null || (allowed ?? 0) > 1)
      ? fact("grading", gettext("Grade kept"), methods[quiz.grading_method])
      : nothing}
  </dl>`;
}

export function passedBadge(passed: boolean | null | undefined): TemplateResult | typeof nothing {
  if (passed === null || passed === undefined) return nothing;
  return passed
    ? html`<span class="badge badge--right" data-field="passed">${icon("check")}${gettext("Passed")}</span>`
    : html`<span class="badge badge--wrong" data-field="passed">${icon("cross")}${gettext("Not passed")}</span>`;
}

function renderOverall(quiz: Quiz): TemplateResult {
  const result = quiz.result!;
  return html`<section class="result" data-field="result" aria-labelledby="quiz-result-label">
    <div class="result__figure">
      <span class="result__label" id="quiz-result-label">${gettext("Your grade for this quiz")}</span>
      <span class="result__value" data-field="grade">${formatPercent(result.grade)}</span>
    </div>
    ${passedBadge(result.passed)}
  </section>`;
}

function statusLabel(status: string): string {
  switch (status) {
    case "in_progress":
      return gettext("In progress");
    case "submitted":
      return gettext("Awaiting grading");
    default:
      return gettext("Finished");
  }
}

function renderAttemptList(attempts: AttemptSummary[], ctx: SummaryContext): TemplateResult {
  return html`<section class="attempts" aria-labelledby="quiz-attempts-heading" data-field="attempts">
    <h3 id="quiz-attempts-heading">${gettext("Your attempts")}</h3>
    <ol>
      ${attempts.map((item) => {
        const name = interpolate(gettext("Attempt %(number)s"), { number: formatNumber(item.number) }, true);
        return html`<li class="attempt-row" data-attempt=${item.id}>
          <span class="attempt-row__name">${name}</span>
          <span class="muted" data-field="status">${statusLabel(item.status)}</span>
          ${item.submitted_at ? html`<span class="muted small"><time datetime=${item.submitted_at}>${formatDateTime(item.submitted_at, ctx.timeZone)}</time></span>` : nothing}
          <span class="attempt-row__spacer"></span>
          ${item.grade !== null && item.grade !== undefined
            ? html`<strong data-field="grade">${formatPercent(item.grade)}</strong>`
            : nothing}
          ${passedBadge(item.passed)}
          ${item.status !== "in_progress" && item.url
            ? html`<button type="button" class="button" data-action="review" ?disabled=${!!ctx.busy}
                @click=${() => ctx.review(item)}>${gettext("Review")}<span class="visually-hidden">: ${name}</span></button>`
            : nothing}
        </li>`;
      })}
    </ol>
  </section>`;
}

export function renderAttemptResult(attempt: Attempt, timeZone: string): TemplateResult {
  const review = attempt.review;
  const figure = (field: string, label: string, value: string): TemplateResult =>
    html`<div class="result__figure" data-field=${field}><span class="result__label">${label}</span><span class="result__value">${value}</span></div>`;
  const hasScore = review && review.score !== null && review.score !== undefined;
  const hasGrade = review && review.grade !== null && review.grade !== undefined;
  return html`<section class="result" data-field="attempt-result" aria-label=${gettext("Result")}>
    ${hasScore ? figure("score", gettext("Score"), `${formatMark(review!.score!)} / ${formatMark(review!.max_score)}`) : nothing}
    ${hasGrade ? figure("grade", gettext("Grade"), formatPercent(review!.grade!)) : nothing}
    ${passedBadge(review?.passed)}
    ${attempt.status === "submitted"
      ? html`<span class="badge badge--pending" data-field="awaiting">${icon("clock")}${gettext("Awaiting grading")}</span>`
      : nothing}
    <p class="result__note muted small" data-field="submitted">${attempt.submitted_at
      ? interpolate(gettext("Submitted %(date)s"), { date: formatDateTime(attempt.submitted_at, timeZone) }, true)
      : ""}${attempt.overdue ? html` · <span data-field="overdue">${gettext("Closed by the server when the time ran out.")}</span>` : nothing}${!hasScore && !hasGrade && attempt.status !== "submitted"
      ? html` ${gettext("Your answers have been submitted.")}`
      : nothing}</p>
  </section>`;
}
