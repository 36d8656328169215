// <lms-quiz> custom element: a quiz inside a lecture page, from /api/v1/quizzes/{id}/ — the summary
// (facts, past attempts, result, Start/Continue), the attempt (every question type with native
// controls, autosave, a countdown on the server's clock, an inline submit confirmation) and the
// review (marks, right/wrong, feedback, the right answer). This file holds the flow (loading,
// starting, answering, submitting, focus); ./quiz/ holds the question types, autosave, the
// countdown, the summary, the attempt's bar and the styles.
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, apiGet, apiSend, isAbortError } from "../lib/api";
import { LmsElement, define } from "../lib/element";
import { formatNumber, gettext, interpolate, ngettext } from "../lib/i18n";
import { AnswerSaver, clearStored, readStored, slotErrors, toBody, type SaveStatus, type SaverHost } from "./quiz/autosave";
import { Countdown, type CountdownHost } from "./quiz/countdown";
import { renderBar, renderSaveStatus } from "./quiz/bar";
import { renderQuestionCard } from "./quiz/card";
import { icon } from "./quiz/icons";
import { fillBlanks, isAnswered, type AnswerContext } from "./quiz/questions";
import { quizStyles } from "./quiz/styles";
import { renderAttemptResult, renderSummary } from "./quiz/summary";
import type { Answer, Attempt, AttemptSummary, Question, Quiz, SaveResult } from "./quiz/types";

export type { Attempt, Question, Quiz } from "./quiz/types";

export type QuizView = "loading" | "summary" | "attempt" | "review" | "signed-out" | "error";

type Notice = { kind: "info" | "warning" | "error"; text: string; detail?: string };

const DEFAULT_LOGIN_URL = "/accounts/login/";
/** Waits between automatic submits that could not reach the server (ms). */
const AUTO_SUBMIT_RETRY = [2000, 4000, 8000, 15000, 30000];

/** `base` (a directory-like URL) joined with a relative `path`, the query string dropped. */
function join(base: string, path: string): string {
  const clean = base.split(/[?#]/)[0];
  return `${clean.endsWith("/") ? clean : `${clean}/`}${path}`;
}

/** This tab's note of the attempt it had open, so that a reload goes straight back into it. */
function openKey(api: string): string {
  return `lms-quiz-open:${api}`;
}

function rememberOpen(api: string, attemptId: number | null): void {
  try {
    if (attemptId === null) sessionStorage.removeItem(openKey(api));
    else sessionStorage.setItem(openKey(api), String(attemptId));
  } catch {
    // storage disabled: a reload shows the summary with "Continue attempt"
  }
}

function wasOpen(api: string): number | null {
  try {
    const value = Number(sessionStorage.getItem(openKey(api)));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function isQuiz(data: unknown): data is Quiz {
  return !!data && typeof data === "object" && typeof (data as Quiz).id === "number";
}

function isAttempt(data: unknown): data is Attempt {
  return !!data && typeof data === "object" && typeof (data as Attempt).id === "number" && Array.isArray((data as Attempt).questions);
}

export class LmsQuiz extends LmsElement {
  static override styles = [LmsElement.styles, quizStyles];

  /** `GET` URL of the quiz (`api` attribute), e.g. `/api/v1/quizzes/12/`. */
  @property() accessor api = "";

  /** Where "Sign in" points (`login-url` attribute). */
  @property({ attribute: "login-url" }) accessor loginUrl: string | null = null;

  /** IANA time zone for dates (`time-zone`, e.g. "Asia/Shanghai"); default: the browser's. */
  @property({ attribute: "time-zone" }) accessor timeZone: string | null = null;

  @state() private accessor view: QuizView = "loading";
  @state() private accessor quiz: Quiz | null = null;
  @state() private accessor attempt: Attempt | null = null;
  /** The answers shown, by slot (the server's, then the trainee's changes). */
  @state() private accessor responses: Record<number, Answer | null> = {};
  /** Messages of answers the server refused, by slot. */
  @state() private accessor errors: Record<number, string> = {};
  @state() private accessor saveStatus: SaveStatus = { kind: "idle" };
  @state() private accessor notice: Notice | null = null;
  @state() private accessor failure: { message: string; detail: string } | null = null;
  @state() private accessor secondsLeft: number | null = null;
  @state() private accessor confirming = false;
  @state() private accessor busy: "" | "starting" | "submitting" | "opening" = "";
  /** Polite announcements (an ordering item moved). */
  @state() private accessor announcement = "";
  /** Assertive announcements of the time left (at 5 and 1 minutes only). */
  @state() private accessor timeWarning = "";

  /** Slots changed on this page. */
  private touched = new Set<number>();
  private saver: AnswerSaver | null = null;
  private attemptUrl = "";
  private loadedFrom: string | null = null;
  private autoRetries = 0;
  /** When the last automatic submit was sent (ms, client clock). */
  private autoSubmittedAt = 0;
  private autoTimer: number | undefined;
  private focusQueue: { selectors: string[]; scope: string; reveal: string } | null = null;

  private readonly countdown = new Countdown({
    tick: (seconds) => {
      this.secondsLeft = seconds;
    },
    warn: (seconds) => {
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      void this.say(
        "timeWarning",
        interpolate(ngettext("%(count)s minute left.", "%(count)s minutes left.", minutes), { count: formatNumber(minutes) }, true),
      );
    },
    expire: () => {
      this.secondsLeft = 0;
      // An attempt the server still shows open just after an automatic submit (its clock is a
      // little behind): try again in a while rather than at once, again and again.
      const since = Date.now() - this.autoSubmittedAt;
      window.clearTimeout(this.autoTimer);
      if (since < AUTO_SUBMIT_RETRY[0]) this.autoTimer = window.setTimeout(() => void this.submit(true), AUTO_SUBMIT_RETRY[1]);
      // Not synchronously: the countdown may expire while an attempt is being opened.
      else this.autoTimer = window.setTimeout(() => void this.submit(true), 0);
    },
  } satisfies CountdownHost);

  private readonly saverHost: SaverHost = {
    status: (status) => {
      this.saveStatus = status;
    },
    saved: (result: SaveResult, slots: number[]) => {
      if (result && typeof result === "object") {
        this.countdown.sync("deadline" in result ? result.deadline : undefined, result.server_now);
        this.secondsLeft = this.countdown.secondsLeft;
      }
      if (slots.some((slot) => slot in this.errors)) {
        const errors = { ...this.errors };
        for (const slot of slots) delete errors[slot];
        this.errors = errors;
      }
    },
    rejected: (refused) => {
      this.errors = { ...this.errors, ...Object.fromEntries(refused) };
    },
    closed: (error) => {
      void this.reloadAttempt(error.detail);
    },
  };

  // --- Lifecycle ---------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("pagehide", this.onPageHide);
    document.addEventListener("visibilitychange", this.onVisibility);
    if (this.loadedFrom !== this.api) void this.refresh();
    else if (this.view === "attempt" && this.attempt) void this.reloadAttempt();
  }

  override disconnectedCallback(): void {
    this.saver?.beacon();
    this.stopAttempt();
    if (this.view === "loading") this.loadedFrom = null; // the load was aborted: load again when put back
    super.disconnectedCallback();
    window.removeEventListener("pagehide", this.onPageHide);
    document.removeEventListener("visibilitychange", this.onVisibility);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("api") && this.isConnected && this.loadedFrom !== this.api) void this.refresh();
  }

  protected override updated(): void {
    // Inputs inside the blanks of "blanks" questions: the text is the server's HTML, the inputs ours.
    for (const container of this.renderRoot.querySelectorAll<HTMLElement>("[data-blanks]")) {
      const question = this.attempt?.questions.find((q) => String(q.slot) === container.dataset.blanks);
      if (question) fillBlanks(container, this.answerContext(question));
    }
    const queued = this.focusQueue;
    if (queued) {
      this.focusQueue = null;
      const scope = queued.scope ? this.renderRoot.querySelector(queued.scope) : this.renderRoot;
      for (const selector of queued.selectors) {
        const target = scope?.querySelector<HTMLElement>(selector);
        if (target && !(target as HTMLButtonElement).disabled) {
          target.focus();
          // Show the whole of a box (the submit confirmation), not just its first line.
          const box = queued.reveal ? target.closest(queued.reveal) : null;
          box?.scrollIntoView({ block: "nearest" });
          break;
        }
      }
    }
  }

  private onPageHide = (): void => {
    this.saver?.beacon();
  };

  private onVisibility = (): void => {
    // A phone may freeze or discard a hidden page without a pagehide.
    if (document.visibilityState === "hidden") this.saver?.beacon();
  };

  /** Focus the first of `selectors` (within `scope`) that exists and is enabled, after the next render. */
  private focusLater(selectors: string[], scope = "", reveal = ""): void {
    this.focusQueue = { selectors, scope, reveal };
    this.requestUpdate();
  }

  private show(view: QuizView): void {
    this.view = view;
    this.state = view === "loading" ? undefined : view;
  }

  private async say(which: "announcement" | "timeWarning", text: string): Promise<void> {
    // Emptied first, so that the same sentence twice is announced twice.
    this.setAnnouncement(which, "");
    await this.updateComplete;
    this.setAnnouncement(which, text);
  }

  private setAnnouncement(which: "announcement" | "timeWarning", text: string): void {
    if (which === "announcement") this.announcement = text;
    else this.timeWarning = text;
  }

  private failWith(err: unknown, message: string): void {
    if (err instanceof ApiError && (err.status === 401 || err.code === "not_authenticated")) {
      this.show("signed-out");
      return;
    }
    this.failure = { message, detail: err instanceof ApiError ? err.detail : err instanceof Error ? err.message : "" };
    this.show("error");
  }

  // --- Loading and starting ----------------------------------------------------------------------

  /** (Re)load the quiz and show its summary; resolves once it shows. */
  async refresh(focusHeading = false): Promise<void> {
    this.stopAttempt();
    this.loadedFrom = this.api;
    if (!this.api) return;
    const signal = this.newSignal();
    this.show("loading");
    let quiz: Quiz;
    try {
      const data = await apiGet<unknown>(this.api, { signal });
      if (!isQuiz(data)) throw new ApiError(200, { code: "invalid_response", detail: gettext("The server sent an unexpected response.") });
      quiz = data;
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return;
      this.failWith(err, gettext("Could not load the quiz."));
      return;
    }
    this.quiz = quiz;
    this.attempt = null;
    if (quiz.in_progress && wasOpen(this.api) === quiz.in_progress && !focusHeading) {
      // Reloaded during the attempt: back into it, as it was.
      await this.start(false);
      if (this.view === "attempt") return;
    }
    this.show("summary");
    await this.updateComplete;
    if (focusHeading) this.focusLater(["[data-field=title]"]);
  }

  private attemptAddress(id: number, attempt?: Attempt | null): string {
    if (attempt?.url) return attempt.url;
    const listed = this.quiz?.attempts?.find((item) => item.id === id)?.url;
    if (listed) return listed;
    // Not given: the attempts resource beside the quizzes one (/api/v1/quizzes/12/ -> /api/v1/attempts/77/).
    try {
      return new URL(`../../attempts/${id}/`, new URL(join(this.api, ""), location.href)).pathname;
    } catch {
      return `/api/v1/attempts/${id}/`;
    }
  }

  /** Start a new attempt, or go on with the one in progress. */
  private async start(focus = true): Promise<void> {
    const quiz = this.quiz;
    if (!quiz || this.busy) return;
    this.busy = "starting";
    this.notice = null;
    const signal = this.newSignal();
    try {
      let data: unknown;
      if (quiz.in_progress) {
        data = await apiGet<unknown>(this.attemptAddress(quiz.in_progress), { signal });
      } else {
        data = await apiSend<unknown>(join(this.api, "attempts/"), "POST", undefined, { signal });
      }
      if (!isAttempt(data)) throw new ApiError(200, { code: "invalid_response", detail: gettext("The server sent an unexpected response.") });
      this.busy = "";
      await this.openAttempt(data, focus);
    } catch (err) {
      this.busy = "";
      if (isAbortError(err) || signal.aborted) return;
      if (!focus) return; // resuming after a reload: the summary shows
      if (err instanceof ApiError && (err.status === 401 || err.code === "not_authenticated")) {
        this.show("signed-out");
        return;
      }
      const detail = err instanceof ApiError ? err.detail : "";
      if (err instanceof ApiError && err.status === 403) {
        // Refused (closed, no attempts left…): the summary is out of date; show it afresh with why.
        await this.refresh();
        this.notice = { kind: "error", text: detail || gettext("You cannot start this quiz.") };
      } else {
        this.notice = { kind: "error", text: gettext("Could not start the attempt."), detail };
      }
      this.focusLater(["[data-field=notice]"]);
    } finally {
      this.busy = "";
    }
  }

  /** Open an attempt: the questions with their saved answers (and this tab's unsaved ones), or its review. */
  private async openAttempt(attempt: Attempt, focusFirst: boolean): Promise<void> {
    this.stopAttempt();
    this.attemptUrl = this.attemptAddress(attempt.id, attempt);
    if (attempt.status !== "in_progress") {
      clearStored(attempt.id);
      await this.showReview(attempt, focusFirst);
      return;
    }
    const responses: Record<number, Answer | null> = {};
    for (const q of attempt.questions) responses[q.slot] = q.response ?? null;
    // What this tab changed and the server never confirmed (a reload, a crash, a lost connection).
    const newer = new Map<number, Answer | null>();
    for (const [slot, response] of readStored(attempt.id)) {
      const q = attempt.questions.find((item) => item.slot === slot);
      if (q && q.qtype !== "description" && !sameJson(response, q.response)) newer.set(slot, response);
    }
    this.touched = new Set(newer.keys());
    for (const [slot, response] of newer) responses[slot] = response;
    this.attempt = attempt;
    this.responses = responses;
    this.errors = {};
    this.confirming = false;
    this.saveStatus = { kind: "idle" };
    this.autoRetries = 0;
    this.saver = new AnswerSaver(attempt.id, join(this.attemptUrl, "answers/"), this.saverHost);
    if (newer.size) this.saver.restore(newer);
    else clearStored(attempt.id);
    this.countdown.sync(attempt.deadline, attempt.server_now);
    this.secondsLeft = this.countdown.secondsLeft;
    rememberOpen(this.api, attempt.id);
    this.show("attempt");
    await this.updateComplete;
    if (focusFirst) this.focusLater([".question h3"]);
  }

  /** Fetch the attempt again (after the server closed it, or a refused submit) and show where it is. */
  private async reloadAttempt(message = ""): Promise<void> {
    const attempt = this.attempt;
    if (!attempt) return;
    this.saver?.stop();
    this.countdown.stop();
    const signal = this.newSignal();
    try {
      const data = await apiGet<unknown>(this.attemptAddress(attempt.id, attempt), { signal });
      if (!isAttempt(data)) throw new ApiError(200, { code: "invalid_response", detail: gettext("The server sent an unexpected response.") });
      if (data.status !== "in_progress") this.saver?.done();
      await this.openAttempt(data, false);
      if (message) {
        this.notice = { kind: "warning", text: message };
        this.focusLater(["[data-field=result-heading]", "[data-field=notice]"]);
      }
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return;
      this.failWith(err, gettext("Could not load your attempt."));
    }
  }

  /** Open a finished attempt's review from the summary's list. */
  private async openReview(summary: AttemptSummary): Promise<void> {
    if (this.busy) return;
    this.busy = "opening";
    const signal = this.newSignal();
    try {
      const data = await apiGet<unknown>(summary.url || this.attemptAddress(summary.id), { signal });
      if (!isAttempt(data)) throw new ApiError(200, { code: "invalid_response", detail: gettext("The server sent an unexpected response.") });
      this.busy = "";
      this.notice = null;
      await this.openAttempt(data, true);
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return;
      this.notice = { kind: "error", text: gettext("Could not load your attempt."), detail: err instanceof ApiError ? err.detail : "" };
    } finally {
      this.busy = "";
    }
  }

  private async showReview(attempt: Attempt, focus: boolean): Promise<void> {
    this.stopAttempt();
    rememberOpen(this.api, null);
    this.attempt = attempt;
    const responses: Record<number, Answer | null> = {};
    for (const q of attempt.questions) responses[q.slot] = q.response ?? null;
    this.responses = responses;
    this.errors = {};
    this.show("review");
    await this.updateComplete;
    if (focus) this.focusLater(["[data-field=result-heading]"]);
  }

  /** Stop autosaving and counting (unsaved answers stay in this tab's storage). */
  private stopAttempt(): void {
    this.saver?.stop();
    this.saver = null;
    this.countdown.stop();
    window.clearTimeout(this.autoTimer);
    this.confirming = false;
  }

  private async backToQuiz(): Promise<void> {
    this.notice = null;
    rememberOpen(this.api, null);
    await this.refresh(true);
  }

  // --- Answering and submitting ------------------------------------------------------------------

  private answer(slot: number, response: Answer | null): void {
    if (this.view !== "attempt" || this.busy === "submitting") return;
    this.responses = { ...this.responses, [slot]: response };
    this.touched.add(slot);
    if (slot in this.errors) {
      const errors = { ...this.errors };
      delete errors[slot];
      this.errors = errors;
    }
    this.saver?.change(slot, response);
  }

  private answerContext(question: Question): AnswerContext {
    const review = this.view === "review" ? question.review : null;
    return {
      question,
      response: this.responses[question.slot] ?? null,
      touched: this.touched.has(question.slot),
      disabled: this.view !== "attempt" || this.busy === "submitting",
      review,
      host: this,
      change: (response) => this.answer(question.slot, response),
      moved: (itemId, direction, position, count) => {
        const item = `[data-question="${question.slot}"] [data-item="${itemId}"]`;
        const other = direction === "up" ? "down" : "up";
        this.focusLater([`${item} [data-move=${direction}]`, `${item} [data-move=${other}]`]);
        void this.say(
          "announcement",
          interpolate(gettext("Moved to position %(position)s of %(count)s."), { position: formatNumber(position), count: formatNumber(count) }, true),
        );
      },
      focus: (selectors) => this.focusLater(selectors, `[data-question="${question.slot}"]`),
    };
  }

  private get gradable(): Question[] {
    return (this.attempt?.questions ?? []).filter((q) => q.qtype !== "description");
  }

  private get unanswered(): Question[] {
    // An ordering question always has an answer: the order it shows (sent at submit when untouched).
    return this.gradable.filter((q) => q.qtype !== "ordering" && !isAnswered(q, this.responses[q.slot]));
  }

  private async askSubmit(): Promise<void> {
    this.confirming = true;
    this.focusLater(["[data-field=confirm-message]"], "", "[data-field=confirm]");
  }

  private cancelSubmit(): void {
    this.confirming = false;
    this.focusLater(["[data-action=submit]"]);
  }

  private goTo(slot: number): void {
    this.focusLater([`[data-question="${slot}"] h3`]);
  }

  /**
   * Submit the attempt: pending changes are saved first, then `submit/` carries whatever is still
   * unconfirmed (and the order shown of ordering questions never moved). `auto`: the time is up;
   * the server decides whether it still takes the answers.
   */
  private async submit(auto: boolean): Promise<void> {
    const attempt = this.attempt;
    const saver = this.saver;
    if (!attempt || !saver || this.view !== "attempt" || this.busy === "submitting") return;
    window.clearTimeout(this.autoTimer);
    this.busy = "submitting";
    this.confirming = auto ? false : this.confirming;
    if (auto) this.notice = { kind: "info", text: gettext("Time is up. Your answers are being submitted.") };
    else this.notice = null;
    let answers = new Map<number, Answer | null>();
    try {
      if (!auto) {
        await saver.flush();
        if (!saver.active) {
          this.busy = ""; // the server closed the attempt meanwhile: it is being reloaded
          return;
        }
        const refused = Object.keys(this.errors).map(Number);
        if (refused.length) {
          this.busy = "";
          this.notice = { kind: "error", text: gettext("Some answers could not be saved. Correct them, then submit again.") };
          this.confirming = false;
          this.focusLater([`[data-question="${refused[0]}"] h3`]);
          return;
        }
      }
      answers = saver.take();
      for (const q of attempt.questions) {
        if (q.qtype === "ordering" && !answers.has(q.slot) && !this.responses[q.slot]) {
          answers.set(q.slot, { order: (q.items ?? []).map((item) => item.id) });
        }
      }
      const signal = this.newSignal();
      if (auto) this.autoSubmittedAt = Date.now();
      const data = await apiSend<unknown>(join(this.attemptUrl, "submit/"), "POST", toBody(answers), { signal });
      if (!isAttempt(data)) throw new ApiError(200, { code: "invalid_response", detail: gettext("The server sent an unexpected response.") });
      saver.done();
      this.busy = "";
      if (auto) this.notice = { kind: "info", text: gettext("Time is up. Your answers were submitted.") };
      await this.showReview(data, true);
    } catch (err) {
      this.busy = "";
      if (isAbortError(err)) return;
      const error = err instanceof ApiError ? err : new ApiError(0, { code: "network_error", detail: String(err) });
      if (error.status === 409) {
        // Submitted already, or past the deadline: the server has closed the attempt.
        saver.done();
        await this.reloadAttempt(error.detail);
        return;
      }
      if (error.status === 401 || error.code === "not_authenticated") {
        saver.giveBack(answers);
        this.notice = { kind: "error", text: gettext("You have been signed out. Sign in again in another tab, then submit."), detail: error.detail };
        return;
      }
      if (error.status === 400) {
        const refused = slotErrors(error, [...answers.keys()]);
        for (const slot of refused.keys()) answers.delete(slot);
        saver.giveBack(answers);
        this.errors = { ...this.errors, ...Object.fromEntries(refused) };
        this.notice = { kind: "error", text: gettext("Some answers could not be saved. Correct them, then submit again."), detail: refused.size ? "" : error.detail };
        const first = [...refused.keys()][0];
        this.focusLater(first ? [`[data-question="${first}"] h3`] : ["[data-field=notice]"]);
        return;
      }
      saver.giveBack(answers);
      if (auto) {
        // The time is up but the server could not be reached: keep trying (it decides what counts).
        const wait = AUTO_SUBMIT_RETRY[Math.min(this.autoRetries, AUTO_SUBMIT_RETRY.length - 1)];
        this.autoRetries += 1;
        this.notice = { kind: "error", text: gettext("Time is up, but your answers could not be submitted yet. Trying again…"), detail: error.detail };
        this.autoTimer = window.setTimeout(() => void this.submit(true), wait);
      } else {
        this.notice = { kind: "error", text: gettext("Could not submit your answers. Check your connection and try again."), detail: error.detail };
        this.focusLater(["[data-field=notice]"]);
      }
    }
  }

  // --- Rendering ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    switch (this.view) {
      case "loading":
        return html`<div aria-busy="true"><slot></slot>${this.renderLoading()}</div>`;
      case "signed-out":
        return html`<div class="quiz" data-view="signed-out">
          <p class="note" data-field="message">${icon("info")}<span>${gettext("Sign in to take this quiz.")}
            <a data-field="login-link" href=${this.loginHref()}>${gettext("Sign in")}</a></span></p>
        </div>`;
      case "error":
        return html`<div class="quiz" data-view="error">
          ${this.renderError(this.failure?.message ?? "", this.failure?.detail)}
          <div class="actions"><button type="button" class="button" data-action="retry" @click=${() => void this.refresh()}>${gettext("Try again")}</button></div>
        </div>`;
      case "summary":
        return renderSummary({
          quiz: this.quiz!,
          busy: this.busy,
          timeZone: this.timeZone ?? "",
          notes: html`${this.renderNotice()} ${this.renderPreviewNote()}`,
          start: () => void this.start(),
          review: (item) => void this.openReview(item),
        });
      case "attempt":
        return this.renderAttempt(this.attempt!);
      case "review":
        return this.renderReview(this.attempt!);
    }
  }

  private loginHref(): string {
    const base = this.loginUrl || DEFAULT_LOGIN_URL;
    if (this.loginUrl) return base;
    return `${base}?next=${encodeURIComponent(location.pathname + location.search)}`;
  }

  private renderNotice(): TemplateResult | typeof nothing {
    const notice = this.notice;
    if (!notice) return nothing;
    const name = notice.kind === "error" ? "warning" : notice.kind === "warning" ? "warning" : "info";
    return html`<div class="note note--${notice.kind}" data-field="notice" data-kind=${notice.kind} tabindex="-1"
      role=${notice.kind === "info" ? "status" : "alert"}>
      ${icon(name)}<span>${notice.text}${notice.detail ? html` <span class="detail">${notice.detail}</span>` : nothing}</span>
    </div>`;
  }

  private renderPreviewNote(): TemplateResult | typeof nothing {
    if (!this.quiz || this.quiz.records_progress !== false) return nothing;
    return html`<p class="note note--info" data-field="preview">${icon("info")}<span>${gettext(
      "Preview: your answers are not recorded for the course.",
    )}</span></p>`;
  }







  // Attempt

  private renderAttempt(attempt: Attempt): TemplateResult {
    const title = this.quiz?.title ?? "";
    return html`<article class="quiz" data-view="attempt" aria-labelledby="quiz-title">
      <div class="head">
        <p class="eyebrow">${interpolate(gettext("Attempt %(number)s"), { number: formatNumber(attempt.number) }, true)}</p>
        <h2 id="quiz-title" tabindex="-1" data-field="title">${title}</h2>
      </div>
      ${renderBar(this.secondsLeft, renderSaveStatus(this.saveStatus, Object.keys(this.errors).length > 0, this.timeZone ?? ""))} ${this.renderNotice()} ${this.renderPreviewNote()}
      <div class="questions">${this.renderQuestions(attempt)}</div>
      ${this.renderFinish()}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-field="announcer">${this.announcement}</div>
      <div class="visually-hidden" aria-live="assertive" aria-atomic="true" data-field="time-warning">${this.timeWarning}</div>
    </article>`;
  }



  private renderQuestions(attempt: Attempt): TemplateResult[] {
    const total = attempt.questions.filter((q) => q.qtype !== "description").length;
    let number = 0;
    return attempt.questions.map((q) => {
      if (q.qtype !== "description") number += 1;
      return renderQuestionCard(this.answerContext(q), number, total, this.errors[q.slot] ?? null, this.view === "attempt");
    });
  }


  private renderFinish(): TemplateResult {
    const submitting = this.busy === "submitting";
    if (!this.confirming) {
      return html`<div class="finish" data-field="finish">
        <div class="actions">
          <button type="button" class="button button--primary" data-action="submit" ?disabled=${submitting}
            @click=${() => void this.askSubmit()}>${submitting ? gettext("Submitting…") : gettext("Submit answers")}</button>
        </div>
        <p class="muted small">${gettext("Your answers are saved as you go. You can leave and come back before you submit.")}</p>
      </div>`;
    }
    const missing = this.unanswered;
    const numbers = new Map(this.gradable.map((q, index) => [q.slot, index + 1]));
    return html`<div class="finish" data-field="confirm" role="group" aria-labelledby="quiz-confirm-message">
      <p class="confirm__message" id="quiz-confirm-message" tabindex="-1" data-field="confirm-message">${missing.length
        ? interpolate(
            ngettext("%(count)s question unanswered. Submit anyway?", "%(count)s questions unanswered. Submit anyway?", missing.length),
            { count: formatNumber(missing.length) },
            true,
          )
        : gettext("All questions answered. Submit your answers?")}</p>
      ${missing.length
        ? html`<ul class="confirm__list" aria-label=${gettext("Unanswered questions")} data-field="unanswered">
            ${missing.map(
              (q) => html`<li><button type="button" class="link-button" data-goto=${q.slot} @click=${() => this.goTo(q.slot)}>${interpolate(
                gettext("Question %(number)s"),
                { number: formatNumber(numbers.get(q.slot) ?? 0) },
                true,
              )}</button></li>`,
            )}
          </ul>`
        : nothing}
      <p class="muted small">${gettext("Once you submit, you can no longer change your answers.")}</p>
      <div class="actions">
        <button type="button" class="button button--primary" data-action="confirm-submit" ?disabled=${submitting}
          @click=${() => void this.submit(false)}>${submitting ? gettext("Submitting…") : gettext("Submit and finish")}</button>
        <button type="button" class="button" data-action="cancel-submit" ?disabled=${submitting}
          @click=${() => this.cancelSubmit()}>${gettext("Keep working")}</button>
      </div>
    </div>`;
  }

  // Review

  private renderReview(attempt: Attempt): TemplateResult {
    const title = this.quiz?.title ?? "";
    return html`<article class="quiz" data-view="review" aria-labelledby="quiz-result-heading">
      <div class="head">
        ${title ? html`<p class="eyebrow">${title}</p>` : nothing}
        <h2 id="quiz-result-heading" tabindex="-1" data-field="result-heading">${interpolate(
          gettext("Review of attempt %(number)s"),
          { number: formatNumber(attempt.number) },
          true,
        )}</h2>
      </div>
      ${this.renderNotice()} ${this.renderPreviewNote()} ${renderAttemptResult(attempt, this.timeZone ?? "")}
      <div class="questions">${this.renderQuestions(attempt)}</div>
      <div class="actions">
        <button type="button" class="button button--primary" data-action="back" @click=${() => void this.backToQuiz()}>${gettext(
          "Back to the quiz",
        )}</button>
      </div>
    </article>`;
  }

}

define("lms-quiz", LmsQuiz);

declare global {
  interface HTMLElementTagNameMap {
    "lms-quiz": LmsQuiz;
  }
}
