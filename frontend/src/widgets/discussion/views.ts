// The views of <lms-discussion>: the list of threads with the form to start one, and a thread with its
// head (status, follow, the moderators' tools), its replies (sorted, paginated) or its debate.
import { html, nothing, type TemplateResult } from "lit";
import { formatNumber, gettext, interpolate, ngettext } from "../../lib/i18n";
import { icon } from "../quiz/icons";
import { renderDebate, renderSeminar, type DebateHost } from "./debate";
import { ago, authorName, kindLabel, statusLabel } from "./labels";
import { anonymousBox, bodyField, formError, mayReply, renderPost } from "./post";
import type { Post, PostOrder, Thread, ThreadKind, ThreadStatus } from "./types";

/** The key of the form that starts a thread (its draft). */
export const NEW_THREAD = "new-thread";

/** What the views ask of the element. */
export interface ViewHost extends DebateHost {
  readonly threads: Thread[];
  readonly threadCount: number;
  readonly listPage: number;
  readonly listPages: number;
  readonly posts: Post[];
  readonly postCount: number;
  readonly postPage: number;
  readonly postPages: number;
  readonly order: PostOrder;
  readonly loadingPosts: boolean;
  /** Whether the form to start a thread is open. */
  composing: boolean;
  /** A selector to focus after the next render. */
  focusTarget: string | null;
  loadList(page?: number, focus?: boolean): Promise<void>;
  startThread(): Promise<void>;
  backToList(): void;
  follow(): void;
  pin(): void;
  setStatus(): void;
  setOrder(order: PostOrder): void;
  showPosts(page: number): Promise<void>;
}

function renderPager(page: number, pages: number, go: (page: number) => void, what: string): TemplateResult | typeof nothing {
  if (pages <= 1) return nothing;
  return html`<nav class="pager" aria-label=${what} data-pager=${what}>
    <button type="button" class="button button--small" data-action="previous-page" ?disabled=${page <= 1} @click=${() => go(page - 1)}>${gettext("Previous")}</button>
    <span class="small" data-field="page">${interpolate(gettext("Page %(page)s of %(pages)s"), { page: formatNumber(page), pages: formatNumber(pages) }, true)}</span>
    <button type="button" class="button button--small" data-action="next-page" ?disabled=${page >= pages} @click=${() => go(page + 1)}>${gettext("Next")}</button>
  </nav>`;
}

export function renderList(host: ViewHost): TemplateResult {
  return html`<div class="discussion" data-view="list">
    <div class="head">
      <h3 tabindex="-1" data-field="list-heading">${interpolate(
        ngettext("%(count)s thread", "%(count)s threads", host.threadCount),
        { count: formatNumber(host.threadCount) },
        true,
      )}</h3>
      ${host.composing
        ? nothing
        : html`<button type="button" class="button button--primary" data-action="new-thread" @click=${() => {
            host.composing = true;
            host.focusTarget = "[data-form=new-thread] input[name=title]";
          }}>${gettext("Start a thread")}</button>`}
    </div>
    ${host.composing ? renderNewThread(host, ) : nothing}
    ${host.threads.length
      ? html`<ul class="threads" role="list">${host.threads.map((thread) => renderThreadCard(host, thread))}</ul>`
      : html`<p class="empty" data-field="empty">${gettext("No threads yet. Ask a question or start a discussion about this lecture.")}</p>`}
    ${renderPager(host.listPage, host.listPages, (page) => void host.loadList(page, true), gettext("Pages of threads"))}
  </div>`;
}

function renderThreadCard(host: ViewHost, thread: Thread): TemplateResult {
  const author = authorName(thread.author, thread.anonymous, !!thread.opening?.mine);
  return html`<li class="thread-card ${thread.pinned ? "thread-card--pinned" : ""}" data-thread=${thread.id} data-kind=${thread.kind}>
    <div class="row">
      <span class="badge badge--${thread.kind}" data-field="kind">${kindLabel(thread.kind)}</span>
      ${thread.pinned ? html`<span class="badge badge--pinned" data-field="pinned">${gettext("Pinned")}</span>` : nothing}
      ${thread.status !== "open" ? html`<span class="badge badge--${thread.status}" data-field="status">${statusLabel(thread.status)}</span>` : nothing}
      ${thread.accepted_post ? html`<span class="badge badge--endorsed">${icon("check")}${gettext("Answered")}</span>` : nothing}
      ${thread.opening?.moderation?.hidden ? html`<span class="badge badge--hidden">${gettext("Hidden")}</span>` : nothing}
    </div>
    <a class="thread-card__title" href=${`#thread-${thread.id}`} data-field="title">${thread.title}</a>
    ${thread.status !== "open" && thread.status_reason ? html`<p class="small muted" data-field="status-reason">${thread.status_reason}</p>` : nothing}
    <div class="meta">
      <span data-field="author">${author}</span>
      <span data-field="replies"><span class="count">${formatNumber(thread.reply_count)}</span> ${ngettext("reply", "replies", thread.reply_count)}</span>
      <span data-field="activity">${interpolate(gettext("Last activity %(when)s"), { when: ago(thread.last_posted_at, host.timeZone) }, true)}</span>
    </div>
  </li>`;
}

function renderNewThread(host: ViewHost): TemplateResult {
  const key = NEW_THREAD;
  const draft = host.draft(key);
  const kinds: ThreadKind[] = host.moderator ? ["discussion", "question", "seminar", "debate"] : ["discussion", "question"];
  const titleInvalid = !!draft.fields?.title;
  return html`<form class="form" data-form="new-thread" aria-labelledby="new-thread-heading" @submit=${(e: Event) => {
    e.preventDefault();
    void host.startThread();
  }}>
    <h4 id="new-thread-heading">${gettext("Start a thread")}</h4>
    ${formError(draft)}
    <div class="form-grid form-grid--2 form-grid--top">
      <div class="field">
        <label for="new-title">${gettext("Title")}</label>
        <input type="text" id="new-title" name="title" maxlength="200" .value=${draft.title ?? ""} aria-invalid=${titleInvalid ? "true" : "false"}
          aria-describedby=${titleInvalid ? "new-title-error" : ""} @input=${(e: Event) => host.setDraft(key, { title: (e.target as HTMLInputElement).value })}>
        ${titleInvalid ? html`<p class="field-error" id="new-title-error" data-error="title">${draft.fields?.title}</p>` : nothing}
      </div>
      <div class="field">
        <label for="new-kind">${gettext("Kind")}</label>
        <select id="new-kind" name="kind" @change=${(e: Event) => host.setDraft(key, { kind: (e.target as HTMLSelectElement).value as ThreadKind })}>
          ${kinds.map((kind) => html`<option value=${kind} ?selected=${(draft.kind ?? "discussion") === kind}>${kindLabel(kind)}</option>`)}
        </select>
        ${draft.fields?.kind ? html`<p class="field-error" data-error="kind">${draft.fields.kind}</p>` : nothing}
      </div>
    </div>
    ${bodyField(host, key, gettext("Your post"), 5)}
    ${host.moderator ? nothing : anonymousBox(host, key)}
    <div class="row">
      <button type="submit" class="button button--primary" ?disabled=${!!draft.busy}>${draft.busy ? gettext("Posting…") : gettext("Post thread")}</button>
      <button type="button" class="button" @click=${() => {
        host.composing = false;
        host.focusTarget = "[data-action=new-thread]";
      }}>${gettext("Cancel")}</button>
    </div>
  </form>`;
}

export function renderThread(host: ViewHost, thread: Thread): TemplateResult {
  const opening = thread.opening;
  return html`<div class="discussion" data-view="thread" data-thread=${thread.id} data-kind=${thread.kind}>
    <button type="button" class="link back" data-action="back" @click=${() => host.backToList()}>← ${gettext("All threads")}</button>
    <header class="thread-head">
      <div class="row">
        <span class="badge badge--${thread.kind}" data-field="kind">${kindLabel(thread.kind)}</span>
        ${thread.pinned ? html`<span class="badge badge--pinned">${gettext("Pinned")}</span>` : nothing}
        ${thread.status !== "open" ? html`<span class="badge badge--${thread.status}" data-field="status">${statusLabel(thread.status)}</span>` : nothing}
      </div>
      <h3 tabindex="-1" data-field="thread-title">${thread.title}</h3>
      ${thread.status !== "open"
        ? html`<p class="note note--warning status-note" data-field="status-reason">${icon("warning")}<span>${thread.status === "locked"
            ? gettext("Locked by a moderator: only moderators post for now.")
            : gettext("Closed: this thread takes no more posts.")}${thread.status_reason ? html` ${interpolate(gettext("Reason: %(reason)s"), { reason: thread.status_reason }, true)}` : nothing}</span></p>`
        : nothing}
      <div class="tools">
        <button type="button" class="button button--small" data-action="follow" aria-pressed=${thread.following ? "true" : "false"} ?disabled=${host.isBusy("follow")}
          @click=${() => host.follow()}>${thread.following ? gettext("Following") : gettext("Follow")}</button>
        ${host.moderator
          ? html`<button type="button" class="button button--small" data-action="pin" aria-pressed=${thread.pinned ? "true" : "false"} ?disabled=${host.isBusy("pin")}
              @click=${() => host.pin()}>${thread.pinned ? gettext("Unpin") : gettext("Pin to the top")}</button>`
          : nothing}
      </div>
      ${host.moderator ? renderStatusForm(host, thread) : nothing}
      ${host.note("thread")}
    </header>
    ${opening ? renderPost(host, opening) : nothing}
    ${thread.seminar ? renderSeminar(host, thread.seminar) : nothing}
    ${thread.kind === "debate" && thread.debate ? renderDebate(host, thread, thread.debate) : renderReplies(host, thread, opening)}
  </div>`;
}

function renderStatusForm(host: ViewHost, thread: Thread): TemplateResult {
  const draft = host.draft("status");
  const status = draft.status ?? thread.status;
  const statuses: ThreadStatus[] = ["open", "locked", "closed"];
  return html`<details class="mod" data-section="moderation">
    <summary>${gettext("Moderate this thread")}</summary>
    <form class="form" data-form="status" @submit=${(e: Event) => {
      e.preventDefault();
      host.setStatus();
    }}>
      ${formError(draft)}
      <div class="form-grid form-grid--even">
        <div class="field">
          <label for="status-reason">${gettext("Reason (shown in the thread)")}</label>
          <input type="text" id="status-reason" name="reason" maxlength="500" .value=${draft.reason ?? ""} aria-invalid=${draft.fields?.reason ? "true" : "false"}
            @input=${(e: Event) => host.setDraft("status", { reason: (e.target as HTMLInputElement).value })}>
          ${draft.fields?.reason ? html`<p class="field-error">${draft.fields.reason}</p>` : nothing}
        </div>
        <div class="field">
          <label for="status-select">${gettext("Status")}</label>
          <select id="status-select" name="status" @change=${(e: Event) => host.setDraft("status", { status: (e.target as HTMLSelectElement).value as ThreadStatus })}>
            ${statuses.map((item) => html`<option value=${item} ?selected=${status === item}>${item === "open"
              ? gettext("Open: everyone posts")
              : item === "locked"
                ? gettext("Locked: only moderators post")
                : gettext("Closed: nobody posts")}</option>`)}
          </select>
        </div>
      </div>
      <div class="row"><button type="submit" class="button button--small button--primary" ?disabled=${host.isBusy("status")}>${gettext("Change status")}</button></div>
    </form>
  </details>`;
}

function replyLabel(host: ViewHost, thread: Thread): string {
  if (thread.kind === "question") return gettext("Your answer");
  if (thread.kind === "seminar") return host.moderator ? gettext("A prompt for every group") : gettext("Your reply to your group");
  return gettext("Your reply");
}

function renderReplies(host: ViewHost, thread: Thread, opening: Post | null): TemplateResult {
  const orders: [PostOrder, string][] = [
    ["newest", gettext("Newest")],
    ["top", gettext("Top")],
    ["oldest", gettext("Oldest")],
  ];
  const key = opening ? `reply:${opening.id}` : "";
  const draft = host.draft(key);
  return html`<section class="discussion" aria-labelledby="replies-heading" aria-busy=${host.loadingPosts ? "true" : "false"}>
    ${opening && mayReply(host, opening)
      ? html`<form class="form" data-form="reply-opening" @submit=${(e: Event) => {
          e.preventDefault();
          host.reply(opening);
        }}>
          ${formError(draft)} ${bodyField(host, key, replyLabel(host, thread), 3)}
          ${host.moderator ? nothing : anonymousBox(host, key)}
          <div class="row"><button type="submit" class="button button--primary" ?disabled=${!!draft.busy}>${draft.busy
            ? gettext("Sending…")
            : thread.kind === "question"
              ? gettext("Post answer")
              : gettext("Post reply")}</button></div>
        </form>`
      : nothing}
    <div class="head">
      <h4 id="replies-heading" tabindex="-1" data-field="replies-heading">${interpolate(
        thread.kind === "question"
            ? ngettext("%(count)s answer", "%(count)s answers", host.postCount)
            : ngettext("%(count)s reply", "%(count)s replies", host.postCount),
        { count: formatNumber(host.postCount) },
        true,
      )}</h4>
      <div class="sort" role="group" aria-label=${gettext("Sort replies")}>
        ${orders.map(([order, label]) => html`<button type="button" data-order=${order} aria-pressed=${host.order === order ? "true" : "false"}
          @click=${() => host.setOrder(order)}>${label}</button>`)}
      </div>
    </div>
    ${host.note("posts")}
    ${host.posts.length
      ? html`<div class="posts" data-field="posts">${host.posts.map((post) => renderPost(host, post))}</div>`
      : html`<p class="empty" data-field="no-replies">${thread.kind === "question" ? gettext("No answers yet.") : gettext("No replies yet.")}</p>`}
    ${renderPager(host.postPage, host.postPages, (page) => void host.showPosts(page), gettext("Pages of replies"))}
  </section>`;
}
