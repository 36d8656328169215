// One question's card: "Question 3 of 10", its mark, answered or not (attempt) or its state and
// mark (review), the text, the answer area, a refused answer's message, and the review's details.
import { html, nothing, type TemplateResult } from "lit";
import { classMap } from "lit/directives/class-map.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { formatNumber, gettext, interpolate } from "../../lib/i18n";
import { formatMark, formatMarks } from "./format";
import { icon } from "./icons";
import { ids, isAnswered, renderAnswer, renderReviewDetails, stateLabel, type AnswerContext } from "./questions";

/**
 * `number` of `total` counts the questions that are not descriptions; `error` is the server's
 * message for an answer it refused; `attempt`: during the attempt (else the review).
 */
export function renderQuestionCard(
  ctx: AnswerContext,
  number: number,
  total: number,
  error: string | null,
  attempt: boolean,
): TemplateResult {
  const q = ctx.question;
  const review = ctx.review;
  const description = q.qtype === "description";
  // An ordering question always has an answer during the attempt: the order it shows.
  const answered = isAnswered(q, ctx.response) || q.qtype === "ordering";
  const state = review ? stateLabel(review.state) : null;
  const heading = description
    ? gettext("Information")
    : interpolate(gettext("Question %(number)s of %(total)s"), { number: formatNumber(number), total: formatNumber(total) }, true);
  return html`<section class=${classMap({ question: true, "question--description": description, "question--error": !!error })}
    data-question=${q.slot} data-qtype=${q.qtype} aria-labelledby=${ids.heading(q.slot)}>
    <div class="question__head">
      <h3 id=${ids.heading(q.slot)} tabindex="-1">${heading}</h3>
      ${description
        ? nothing
        : html`<span class="question__meta">
            ${state && review
              ? html`<span class="badge badge--${review.state}" data-field="state" data-state=${review.state ?? ""}>${icon(state.icon)}${state.text}</span>`
              : nothing}
            ${review && review.mark !== null && review.mark !== undefined
              ? html`<span data-field="mark">${interpolate(
                  gettext("Mark %(mark)s / %(max)s"),
                  { mark: formatMark(review.mark), max: formatMark(q.mark) },
                  true,
                )}</span>`
              : html`<span class="muted" data-field="mark">${formatMarks(q.mark)}</span>`}
            ${attempt
              ? html`<span class=${classMap({ question__answered: true, "question__answered--yes": answered })} data-field="answered"
                  >${answered ? gettext("Answered") : gettext("Not answered yet")}</span>`
              : nothing}
          </span>`}
    </div>
    ${q.qtype === "blanks" ? nothing : html`<div class="question__text html" id=${ids.text(q.slot)}>${unsafeHTML(q.text)}</div>`}
    ${renderAnswer(ctx)}
    ${error
      ? html`<p class="question__error" data-field="error" id=${`q${q.slot}-error`}>${icon("warning")}<span>${interpolate(
          gettext("Not saved: %(reason)s"),
          { reason: error },
          true,
        )}</span></p>`
      : nothing}
    ${renderReviewDetails(review)}
  </section>`;
}
