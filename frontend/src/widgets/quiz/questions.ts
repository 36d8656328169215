// The answer area of each question type, with native, labelled controls, and what a review adds
// (right/wrong marks on the options, feedback, the right answer, the grader's comment).
import { html, nothing, render, type TemplateResult } from "lit";
import { classMap } from "lit/directives/class-map.js";
import { live } from "lit/directives/live.js";
import { repeat } from "lit/directives/repeat.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { formatNumber, gettext, interpolate } from "../../lib/i18n";
import { countWords, htmlToText, wordLimits } from "./format";
import { icon } from "./icons";
import type { Answer, HtmlItem, Question, QuestionReview } from "./types";

/** What a question's answer area needs from the widget. */
export interface AnswerContext {
  question: Question;
  response: Answer | null;
  /** The trainee has changed this answer on this page (an essay then no longer shows its template). */
  touched: boolean;
  disabled: boolean;
  /** Present in the review only. */
  review: QuestionReview | null;
  change(response: Answer | null): void;
  /** An ordering item moved: announce its new place and keep the focus on its button. */
  moved(itemId: string, direction: "up" | "down", position: number, count: number): void;
  /** Focus the first of these (inside the question) that exists and is enabled, after the next render. */
  focus(selectors: string[]): void;
  /** The host element, for event listeners bound in inputs rendered into the question text (blanks). */
  host: object;
}

// --- Reading responses (the server's data is checked, never trusted to have the right shape) -------

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function choiceOf(response: Answer | null | undefined): string | null {
  return str(response?.choice);
}

export function choicesOf(response: Answer | null | undefined): string[] {
  const value = response?.choices;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function boolOf(response: Answer | null | undefined): boolean | null {
  return typeof response?.value === "boolean" ? response.value : null;
}

export function textOf(response: Answer | null | undefined, key: "text" | "value" = "text"): string {
  return str(response?.[key]) ?? "";
}

export function mapOf(response: Answer | null | undefined, key: "pairs" | "blanks"): Record<string, string> {
  const value = response?.[key];
  const out: Record<string, string> = {};
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** The order shown: the response's when it is a permutation of the items, else the items' own. */
export function orderOf(response: Answer | null | undefined, items: HtmlItem[]): string[] {
  const ids = items.map((item) => item.id);
  const value = response?.order;
  if (Array.isArray(value) && value.length === ids.length && ids.every((id) => value.includes(id))) {
    return value as string[];
  }
  return ids;
}

/** Whether a response counts as an answer (for "Answered" and the unanswered list at submit). */
export function isAnswered(question: Question, response: Answer | null | undefined): boolean {
  if (!response) return false;
  switch (question.qtype) {
    case "single":
      return choiceOf(response) !== null;
    case "multiple":
      return choicesOf(response).length > 0;
    case "truefalse":
      return boolOf(response) !== null;
    case "short":
    case "essay":
      return textOf(response).trim() !== "";
    case "numerical":
      return textOf(response, "value").trim() !== "";
    case "matching":
      return Object.keys(mapOf(response, "pairs")).length > 0;
    case "ordering":
      return Array.isArray(response.order) && response.order.length > 0;
    case "blanks":
      return Object.values(mapOf(response, "blanks")).some((value) => value.trim() !== "");
    case "description":
      return false;
  }
}

// --- Shared bits ---------------------------------------------------------------------------------

export const ids = {
  text: (slot: number): string => `q${slot}-text`,
  heading: (slot: number): string => `q${slot}-heading`,
  field: (slot: number): string => `q${slot}-field`,
};

const textCache = new Map<string, string>();

function plain(markup: string): string {
  let text = textCache.get(markup);
  if (text === undefined) {
    text = htmlToText(markup);
    textCache.set(markup, text);
  }
  return text;
}

function tag(kind: "right" | "wrong" | "chosen", text: string): TemplateResult {
  const name = kind === "right" ? "check" : kind === "wrong" ? "cross" : "dash";
  return html`<span class="tag tag--${kind}" data-mark=${kind}>${kind === "chosen" ? nothing : icon(name)}<span>${text}</span></span>`;
}

/** Beside an option in the review: the right ones, and a chosen one that is not right. */
interface OptionMark {
  tag: TemplateResult | typeof nothing;
  /** How the chosen option looks in the review: right, wrong, or (unknown) just chosen. */
  verdict: "right" | "wrong" | null;
}

function optionMark(chosen: boolean, right: boolean, known: boolean, review: boolean): OptionMark {
  if (!known) return { tag: review && chosen ? tag("chosen", gettext("Your answer")) : nothing, verdict: null };
  if (right && chosen) return { tag: tag("right", gettext("Your answer: right")), verdict: "right" };
  if (right) return { tag: tag("right", gettext("Right answer")), verdict: null };
  return chosen ? { tag: tag("wrong", gettext("Your answer: not right")), verdict: "wrong" } : { tag: nothing, verdict: null };
}

function option(
  ctx: AnswerContext,
  type: "radio" | "checkbox",
  value: string,
  label: unknown,
  checked: boolean,
  onChange: (checked: boolean) => void,
  mark: OptionMark,
): TemplateResult {
  const slot = ctx.question.slot;
  const classes = {
    option: true,
    "option--checked": checked,
    "option--disabled": ctx.disabled,
    "option--right": mark.verdict === "right",
    "option--wrong": mark.verdict === "wrong",
  };
  return html`<label class=${classMap(classes)} data-option=${value}>
    <input type=${type} name=${`q${slot}`} value=${value} .checked=${live(checked)} ?disabled=${ctx.disabled}
      @change=${(event: Event) => onChange((event.target as HTMLInputElement).checked)} />
    <span class="option__text html">${label}</span>${mark.tag}
  </label>`;
}

// --- The types -----------------------------------------------------------------------------------

function renderSingle(ctx: AnswerContext): TemplateResult {
  const chosen = choiceOf(ctx.response);
  const correct = ctx.review?.correct ? choiceOf(ctx.review.correct) : null;
  const slot = ctx.question.slot;
  return html`<fieldset class="choices" aria-describedby=${ids.text(slot)}>
      <legend>${gettext("Select one:")}</legend>
      ${(ctx.question.options ?? []).map((item) =>
        option(ctx, "radio", item.id, unsafeHTML(item.html), item.id === chosen, () => ctx.change({ choice: item.id }),
          optionMark(item.id === chosen, item.id === correct, correct !== null, !!ctx.review)),
      )}
    </fieldset>
    ${!ctx.disabled && chosen !== null
      ? html`<button type="button" class="link-button" data-action="clear" @click=${() => {
          ctx.change(null);
          ctx.focus(["input[type=radio]"]);
        }}>${gettext("Clear my choice")}</button>`
      : nothing}`;
}

function renderMultiple(ctx: AnswerContext): TemplateResult {
  const options = ctx.question.options ?? [];
  const chosen = new Set(choicesOf(ctx.response));
  const correct = ctx.review?.correct ? new Set(choicesOf(ctx.review.correct)) : null;
  const toggle = (id: string, checked: boolean): void => {
    const next = options.filter((item) => (item.id === id ? checked : chosen.has(item.id))).map((item) => item.id);
    ctx.change(next.length ? { choices: next } : null);
  };
  return html`<fieldset class="choices" aria-describedby=${ids.text(ctx.question.slot)}>
    <legend>${gettext("Select one or more:")}</legend>
    ${options.map((item) =>
      option(ctx, "checkbox", item.id, unsafeHTML(item.html), chosen.has(item.id), (checked) => toggle(item.id, checked),
        optionMark(chosen.has(item.id), !!correct?.has(item.id), correct !== null, !!ctx.review)),
    )}
  </fieldset>`;
}

function renderTrueFalse(ctx: AnswerContext): TemplateResult {
  const value = boolOf(ctx.response);
  const correct = ctx.review?.correct ? boolOf(ctx.review.correct) : null;
  const choices: [boolean, string][] = [
    [true, gettext("True")],
    [false, gettext("False")],
  ];
  return html`<fieldset class="choices" aria-describedby=${ids.text(ctx.question.slot)}>
    <legend>${gettext("Select one:")}</legend>
    ${choices.map(([choice, label]) =>
      option(ctx, "radio", String(choice), label, value === choice, () => ctx.change({ value: choice }),
        optionMark(value === choice, correct === choice, correct !== null, !!ctx.review)),
    )}
  </fieldset>`;
}

function renderText(ctx: AnswerContext, key: "text" | "value"): TemplateResult {
  const slot = ctx.question.slot;
  const value = textOf(ctx.response, key);
  const numeric = key === "value";
  return html`<div class="field">
    <label for=${ids.field(slot)}>${gettext("Answer:")}</label>
    <input id=${ids.field(slot)} class="text-input ${numeric ? "text-input--number" : ""}" type="text"
      inputmode=${numeric ? "decimal" : "text"} autocomplete="off" autocapitalize="off" spellcheck="false"
      maxlength="10000" aria-describedby=${ids.text(slot)} .value=${live(value)} ?disabled=${ctx.disabled}
      @input=${(event: Event) => {
        const text = (event.target as HTMLInputElement).value;
        ctx.change(text === "" ? null : { [key]: text });
      }} />
  </div>`;
}

function renderMatching(ctx: AnswerContext): TemplateResult {
  const slot = ctx.question.slot;
  const choices = ctx.question.choices ?? [];
  const pairs = mapOf(ctx.response, "pairs");
  const correct = ctx.review?.correct ? mapOf(ctx.review.correct, "pairs") : null;
  const choose = (stem: string, choice: string): void => {
    const next = { ...pairs };
    if (choice) next[stem] = choice;
    else delete next[stem];
    ctx.change(Object.keys(next).length ? { pairs: next } : null);
  };
  return html`<div class="matching" role="group" aria-describedby=${ids.text(slot)}>
    ${(ctx.question.stems ?? []).map((stem, index) => {
      const stemId = `q${slot}-stem-${index}`;
      const chosen = pairs[stem.id] ?? "";
      const right = correct ? correct[stem.id] ?? "" : null;
      const rightText = right ? plain(choices.find((choice) => choice.id === right)?.html ?? "") : "";
      return html`<div class="pair" data-stem=${stem.id}>
        <div class="pair__stem html" id=${stemId}>${unsafeHTML(stem.html)}</div>
        <div class="pair__answer">
          <select class="select" aria-labelledby=${stemId} ?disabled=${ctx.disabled}
            @change=${(event: Event) => choose(stem.id, (event.target as HTMLSelectElement).value)}>
            <option value="" .selected=${live(chosen === "")}>${gettext("Choose…")}</option>
            ${choices.map(
              (choice) => html`<option value=${choice.id} .selected=${live(choice.id === chosen)}>${plain(choice.html)}</option>`,
            )}
          </select>
          ${right === null
            ? nothing
            : right === chosen
              ? tag("right", gettext("Your answer: right"))
              : html`${chosen ? tag("wrong", gettext("Your answer: not right")) : nothing}
                  <span class="tag tag--right" data-mark="right-answer">${icon("check")}<span>${interpolate(
                    gettext("Right answer: %(answer)s"),
                    { answer: rightText },
                    true,
                  )}</span></span>`}
        </div>
      </div>`;
    })}
  </div>`;
}

function renderOrdering(ctx: AnswerContext): TemplateResult {
  const slot = ctx.question.slot;
  const items = ctx.question.items ?? [];
  const byId = new Map(items.map((item) => [item.id, item]));
  const order = orderOf(ctx.response, items);
  const move = (index: number, delta: -1 | 1): void => {
    const target = index + delta;
    if (target < 0 || target >= order.length) return;
    const next = [...order];
    [next[index], next[target]] = [next[target], next[index]];
    ctx.change({ order: next });
    ctx.moved(order[index], delta < 0 ? "up" : "down", target + 1, next.length);
  };
  return html`${ctx.disabled
      ? nothing
      : html`<p class="hint muted" id=${`q${slot}-order-hint`}>${gettext(
          "Put the items in the right order with the Move up and Move down buttons.",
        )}</p>`}
    <ol class="ordering" aria-describedby=${ids.text(slot)}>
      ${repeat(
        order,
        (id) => id,
        (id, index) => {
          const itemId = `q${slot}-item-${index}`;
          return html`<li class="ordering__item" data-item=${id}>
            <span class="ordering__position" aria-hidden="true">${formatNumber(index + 1)}</span>
            <span class="ordering__text html" id=${itemId}>${unsafeHTML(byId.get(id)?.html ?? "")}</span>
            ${ctx.disabled
              ? nothing
              : html`<span class="ordering__buttons">
                  <button type="button" class="icon-button" data-move="up" aria-label=${gettext("Move up")}
                    aria-describedby=${itemId} ?disabled=${index === 0} @click=${() => move(index, -1)}>${icon("up")}</button>
                  <button type="button" class="icon-button" data-move="down" aria-label=${gettext("Move down")}
                    aria-describedby=${itemId} ?disabled=${index === order.length - 1}
                    @click=${() => move(index, 1)}>${icon("down")}</button>
                </span>`}
          </li>`;
        },
      )}
    </ol>`;
}

/** The blank ids the text marks with `<span data-blank="n">`. */
function markedBlanks(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/data-blank\s*=\s*["']?([^"'\s>]+)/g)) found.add(match[1]);
  return found;
}

function blankInput(ctx: AnswerContext, id: string, position: number): TemplateResult {
  const values = mapOf(ctx.response, "blanks");
  const value = values[id] ?? "";
  return html`<input type="text" class="blank" data-blank-input=${id} autocomplete="off" autocapitalize="off"
    spellcheck="false" maxlength="10000"
    aria-label=${interpolate(gettext("Blank %(number)s"), { number: formatNumber(position) }, true)}
    .value=${live(value)} ?disabled=${ctx.disabled}
    @input=${(event: Event) => {
      const next = { ...mapOf(ctx.response, "blanks") };
      const text = (event.target as HTMLInputElement).value;
      if (text === "") delete next[id];
      else next[id] = text;
      ctx.change(Object.keys(next).length ? { blanks: next } : null);
    }} />`;
}

/**
 * The text of a "blanks" question with its inputs: the sanitised HTML is rendered as it is, then
 * `fillBlanks` (called after every render) renders an input into each `<span data-blank>`. A blank
 * the text does not mark gets its input after the text, so none is ever lost.
 */
function renderBlanks(ctx: AnswerContext): TemplateResult {
  const slot = ctx.question.slot;
  const blanks = ctx.question.blanks ?? [];
  const marked = markedBlanks(ctx.question.text);
  const missing = blanks.map((blank, index) => ({ id: blank.id, position: index + 1 })).filter((blank) => !marked.has(blank.id));
  return html`<div class="question__text html blanks" id=${ids.text(slot)} data-blanks=${slot}>${unsafeHTML(ctx.question.text)}</div>
    ${missing.length
      ? html`<div class="blanks-extra">${missing.map((blank) => html`<span>${blankInput(ctx, blank.id, blank.position)}</span>`)}</div>`
      : nothing}`;
}

/** Render (or update) the inputs inside the blanks of a "blanks" question's text. */
export function fillBlanks(container: Element, ctx: AnswerContext): void {
  const blanks = ctx.question.blanks ?? [];
  const spans = container.querySelectorAll<HTMLElement>("span[data-blank]");
  spans.forEach((span, index) => {
    const id = span.dataset.blank ?? String(index + 1);
    const known = blanks.findIndex((blank) => blank.id === id);
    render(blankInput(ctx, id, known >= 0 ? known + 1 : index + 1), span, { host: ctx.host });
  });
}

function renderEssay(ctx: AnswerContext): TemplateResult {
  const slot = ctx.question.slot;
  const q = ctx.question;
  const template = q.response_template ?? "";
  const value = ctx.response || ctx.touched ? textOf(ctx.response) : template;
  const words = ctx.response ? countWords(value) : 0;
  const min = Number(q.min_words) || 0;
  const max = Number(q.max_words) || 0;
  const limits = wordLimits(min, max);
  const outside = (min > 0 && words < min) || (max > 0 && words > max);
  const hintId = `q${slot}-words`;
  return html`<div class="field">
    <label for=${ids.field(slot)}>${gettext("Your answer:")}</label>
    <textarea id=${ids.field(slot)} class="essay" rows="10" maxlength="50000" aria-describedby=${`${ids.text(slot)} ${hintId}`}
      .value=${live(value)} ?disabled=${ctx.disabled}
      @input=${(event: Event) => {
        const text = (event.target as HTMLTextAreaElement).value;
        ctx.change(text === "" ? null : { text });
      }}></textarea>
    <p class="hint" id=${hintId}>
      <span class=${classMap({ words: true, "words--outside": outside && words > 0 })} data-field="word-count">${interpolate(
        gettext("Words: %(count)s"),
        { count: formatNumber(words) },
        true,
      )}</span>${limits ? html` <span class="muted" data-field="word-limits">${limits}</span>` : nothing}
    </p>
  </div>`;
}

/** The answer area of a question (the text itself is rendered by the widget, except for blanks). */
export function renderAnswer(ctx: AnswerContext): TemplateResult | typeof nothing {
  switch (ctx.question.qtype) {
    case "single":
      return renderSingle(ctx);
    case "multiple":
      return renderMultiple(ctx);
    case "truefalse":
      return renderTrueFalse(ctx);
    case "short":
      return renderText(ctx, "text");
    case "numerical":
      return renderText(ctx, "value");
    case "matching":
      return renderMatching(ctx);
    case "ordering":
      return renderOrdering(ctx);
    case "blanks":
      return renderBlanks(ctx);
    case "essay":
      return renderEssay(ctx);
    case "description":
      return nothing;
  }
}

// --- Review --------------------------------------------------------------------------------------

export function stateLabel(state: QuestionReview["state"]): { text: string; icon: Parameters<typeof icon>[0] } | null {
  switch (state) {
    case "right":
      return { text: gettext("Right"), icon: "check" };
    case "partial":
      return { text: gettext("Partly right"), icon: "partial" };
    case "wrong":
      return { text: gettext("Wrong"), icon: "cross" };
    case "unanswered":
      return { text: gettext("Not answered"), icon: "dash" };
    case "needs_grading":
      return { text: gettext("Waiting for grading"), icon: "clock" };
    default:
      return null;
  }
}

/** Feedback, the right answer and the grader's comment, as far as the review carries them. */
export function renderReviewDetails(review: QuestionReview | null): TemplateResult | typeof nothing {
  if (!review) return nothing;
  const feedback = (Array.isArray(review.feedback) ? review.feedback : []).filter((item) => typeof item === "string" && item);
  if (!feedback.length && !review.right_answer && !review.comment) return nothing;
  return html`<div class="review-details">
    ${feedback.length
      ? html`<div class="box box--feedback" data-field="feedback">
          <p class="box__title">${gettext("Feedback")}</p>
          ${feedback.map((item) => html`<div class="html">${unsafeHTML(item)}</div>`)}
        </div>`
      : nothing}
    ${review.right_answer
      ? html`<div class="box box--right" data-field="right-answer">
          <p class="box__title">${icon("check")}<span>${gettext("The right answer:")}</span></p>
          <div class="html">${unsafeHTML(review.right_answer)}</div>
        </div>`
      : nothing}
    ${review.comment
      ? html`<div class="box box--comment" data-field="comment">
          <p class="box__title">${gettext("Grader’s comment")}</p>
          <p class="comment">${review.comment}</p>
        </div>`
      : nothing}
  </div>`;
}
