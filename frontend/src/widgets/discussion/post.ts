// A post of <lms-discussion> with what its reader may do to it (vote, reply, edit, flag, accept,
// and for moderators endorse, hide, restore), its inline forms and the replies below it.
import { html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { formatDateTime, formatNumber, gettext, interpolate } from "../../lib/i18n";
import { icon } from "../quiz/icons";
import { ago, flagReasons, postAuthor, sideWord } from "./labels";
import type { Draft, Post, Thread } from "./types";

/** What a post's template asks of the element that shows it. */
export interface PostHost {
  readonly thread: Thread | null;
  readonly moderator: boolean;
  readonly timeZone: string;
  /** The inline form open now: `reply:12`, `edit:12`, `flag:12`, `hide:12`. */
  readonly panel: string | null;
  draft(key: string): Draft;
  setDraft(key: string, patch: Partial<Draft>): void;
  togglePanel(key: string): void;
  note(key: string): TemplateResult | typeof nothing;
  vote(post: Post, value: number): void;
  reply(parent: Post): void;
  edit(post: Post): void;
  flag(post: Post): void;
  hide(post: Post): void;
  restore(post: Post): void;
  endorse(post: Post): void;
  accept(post: Post): void;
}

/** A form's message for the whole of it (the server's sentence), as an alert. */
export function formError(draft: Draft): TemplateResult | typeof nothing {
  return draft.error
    ? html`<p class="note note--error" role="alert" tabindex="-1" data-field="form-error">${icon("warning")}<span>${draft.error}</span></p>`
    : nothing;
}

function fieldError(draft: Draft, field: string, id: string): TemplateResult | typeof nothing {
  const message = draft.fields?.[field];
  return message ? html`<p class="field-error" id=${`${id}-error`} data-error=${field}>${message}</p>` : nothing;
}

/** A Markdown text area bound to `host.draft(key).body`. */
export function bodyField(host: PostHost, key: string, label: string, rows = 4): TemplateResult {
  const draft = host.draft(key);
  const id = `${key.replace(/[^\w-]/g, "-")}-body`;
  const invalid = !!draft.fields?.body;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <textarea id=${id} name="body" rows=${rows} data-field="body" .value=${draft.body}
      aria-invalid=${invalid ? "true" : "false"} aria-describedby=${`${id}-hint ${invalid ? `${id}-error` : ""}`}
      @input=${(e: Event) => host.setDraft(key, { body: (e.target as HTMLTextAreaElement).value })}></textarea>
    <span class="hint" id=${`${id}-hint`}>${gettext("Markdown: **bold**, *italic*, lists, links and > quotes.")}</span>
    ${fieldError(draft, "body", id)}
  </div>`;
}

function initial(post: Post): string {
  const name = post.author?.name?.trim();
  return name ? Array.from(name)[0].toUpperCase() : "?";
}

function byline(host: PostHost, post: Post): TemplateResult {
  const thread = host.thread;
  const opening = post.depth === 0;
  return html`<div class="byline">
    <span class="name" data-field="author">${postAuthor(post)}</span>
    <time datetime=${post.created_at} title=${formatDateTime(post.created_at, host.timeZone)}>${ago(post.created_at, host.timeZone)}</time>
    ${post.edited_at ? html`<span class="when" title=${formatDateTime(post.edited_at, host.timeZone)}>${gettext("edited")}</span>` : nothing}
    ${post.side ? html`<span class="badge badge--${post.side}">${sideLabel(host, post.side)}</span>` : nothing}
    ${post.round ? html`<span class="badge" data-field="round">${post.round.name}</span>` : nothing}
    ${post.group ? html`<span class="badge badge--seminar" data-field="group">${post.group.name}</span>` : nothing}
    ${!opening && post.group === null && thread?.kind === "seminar" ? html`<span class="badge">${gettext("For every group")}</span>` : nothing}
    ${post.accepted ? html`<span class="badge badge--accepted" data-badge="accepted">${icon("check")}${gettext("Accepted answer")}</span>` : nothing}
    ${post.endorsed_by
      ? html`<span class="badge badge--endorsed" data-badge="endorsed" title=${interpolate(gettext("Endorsed by %(name)s"), { name: post.endorsed_by.name }, true)}>${icon("check")}${gettext("Endorsed by an instructor")}</span>`
      : nothing}
    ${post.moderation?.hidden ? html`<span class="badge badge--hidden" data-badge="hidden">${gettext("Hidden")}</span>` : nothing}
    ${post.moderation && post.moderation.open_flags > 0
      ? html`<span class="badge badge--flags" data-badge="flags">${interpolate(gettext("Flagged: %(count)s"), { count: formatNumber(post.moderation.open_flags) }, true)}</span>`
      : nothing}
  </div>`;
}

function sideLabel(host: PostHost, side: "pro" | "con"): string {
  return host.thread?.debate?.sides[side]?.label || sideWord(side);
}

export function mayReply(host: PostHost, post: Post): boolean {
  const status = host.thread?.status ?? "open";
  if (host.thread?.kind === "debate") return false;
  return post.can_reply && !post.moderation?.hidden && (status === "open" || (status === "locked" && host.moderator));
}

function renderVote(host: PostHost, post: Post): TemplateResult {
  const score = html`<span class="score" data-field="score" aria-label=${interpolate(gettext("Score: %(score)s"), { score: formatNumber(post.score) }, true)}>${formatNumber(post.score)}</span>`;
  if (post.mine || post.moderation?.hidden) return html`<span class="vote">${score}</span>`;
  const up = post.my_vote === 1;
  const down = post.my_vote === -1;
  return html`<span class="vote" role="group" aria-label=${gettext("Votes")}>
    <button type="button" class="action" data-action="upvote" aria-pressed=${up ? "true" : "false"}
      aria-label=${up ? gettext("Take back your up-vote") : gettext("Vote up")} title=${up ? gettext("Take back your up-vote") : gettext("Vote up")}
      @click=${() => host.vote(post, up ? 0 : 1)}>${icon("up")}</button>
    ${score}
    <button type="button" class="action" data-action="downvote" aria-pressed=${down ? "true" : "false"}
      aria-label=${down ? gettext("Take back your down-vote") : gettext("Vote down")} title=${down ? gettext("Take back your down-vote") : gettext("Vote down")}
      @click=${() => host.vote(post, down ? 0 : -1)}>${icon("down")}</button>
  </span>`;
}

function renderActions(host: PostHost, post: Post): TemplateResult {
  const thread = host.thread;
  const hidden = !!post.moderation?.hidden;
  const answer = thread?.kind === "question" && post.depth === 1 && !hidden;
  const asker = !!thread?.opening?.mine;
  const open = (name: string): boolean => host.panel === `${name}:${post.id}`;
  return html`<div class="actions">
    ${renderVote(host, post)}
    ${post.depth > 0 && mayReply(host, post)
      ? html`<button type="button" class="action" data-action="reply" aria-expanded=${open("reply") ? "true" : "false"} @click=${() => host.togglePanel(`reply:${post.id}`)}>${gettext("Reply")}</button>`
      : nothing}
    ${post.mine && post.body !== null && !hidden && thread?.status !== "closed"
      ? html`<button type="button" class="action" data-action="edit" aria-expanded=${open("edit") ? "true" : "false"} @click=${() => host.togglePanel(`edit:${post.id}`)}>${gettext("Edit")}</button>`
      : nothing}
    ${answer && (asker || host.moderator)
      ? html`<button type="button" class="action" data-action="accept" aria-pressed=${post.accepted ? "true" : "false"} @click=${() => host.accept(post)}>${post.accepted ? gettext("Unaccept") : gettext("Accept this answer")}</button>`
      : nothing}
    ${answer && host.moderator
      ? html`<button type="button" class="action" data-action="endorse" aria-pressed=${post.endorsed_by ? "true" : "false"} @click=${() => host.endorse(post)}>${post.endorsed_by ? gettext("Withdraw endorsement") : gettext("Endorse")}</button>`
      : nothing}
    ${!post.mine && !hidden
      ? html`<button type="button" class="action" data-action="flag" aria-expanded=${open("flag") ? "true" : "false"} @click=${() => host.togglePanel(`flag:${post.id}`)}>${gettext("Flag")}</button>`
      : nothing}
    ${host.moderator && !hidden
      ? html`<button type="button" class="action" data-action="hide" aria-expanded=${open("hide") ? "true" : "false"} @click=${() => host.togglePanel(`hide:${post.id}`)}>${gettext("Hide")}</button>`
      : nothing}
    ${host.moderator && hidden ? html`<button type="button" class="action" data-action="restore" @click=${() => host.restore(post)}>${gettext("Restore")}</button>` : nothing}
  </div>`;
}

function submitRow(busy: boolean, label: string, cancel: () => void): TemplateResult {
  return html`<div class="row">
    <button type="submit" class="button button--primary button--small" ?disabled=${busy}>${busy ? gettext("Sending…") : label}</button>
    <button type="button" class="button button--small" @click=${cancel}>${gettext("Cancel")}</button>
  </div>`;
}

function renderPanel(host: PostHost, post: Post): TemplateResult | typeof nothing {
  const panel = host.panel;
  if (!panel || !panel.endsWith(`:${post.id}`)) return nothing;
  const kind = panel.slice(0, panel.indexOf(":"));
  const draft = host.draft(panel);
  const close = (): void => host.togglePanel(panel);
  const submit = (run: () => void) => (e: Event): void => {
    e.preventDefault();
    run();
  };
  const id = panel.replace(/[^\w-]/g, "-");
  if (kind === "reply") {
    return html`<form class="form form--inline" data-form="reply" @submit=${submit(() => host.reply(post))}>
      ${formError(draft)} ${bodyField(host, panel, interpolate(gettext("Your reply to %(name)s"), { name: postAuthor(post) }, true), 3)}
      ${host.moderator ? nothing : anonymousBox(host, panel)}
      ${submitRow(!!draft.busy, gettext("Post reply"), close)}
    </form>`;
  }
  if (kind === "edit") {
    return html`<form class="form form--inline" data-form="edit" @submit=${submit(() => host.edit(post))}>
      ${formError(draft)} ${bodyField(host, panel, gettext("Edit your post"), 5)}
      ${submitRow(!!draft.busy, gettext("Save"), close)}
    </form>`;
  }
  if (kind === "flag") {
    return html`<form class="form form--inline" data-form="flag" @submit=${submit(() => host.flag(post))}>
      ${formError(draft)}
      <div class="field">
        <label for=${`${id}-reason`}>${gettext("Why should the moderators look at this post?")}</label>
        <select id=${`${id}-reason`} name="reason" data-field="reason" .value=${draft.reason ?? ""} aria-invalid=${draft.fields?.reason ? "true" : "false"}
          @change=${(e: Event) => host.setDraft(panel, { reason: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${!draft.reason}>${gettext("Choose a reason")}</option>
          ${flagReasons().map(([value, label]) => html`<option value=${value} ?selected=${draft.reason === value}>${label}</option>`)}
        </select>
        ${fieldError(draft, "reason", `${id}-reason`)}
      </div>
      <div class="field">
        <label for=${`${id}-note`}>${gettext("Note for the moderators (optional)")}</label>
        <input type="text" id=${`${id}-note`} name="note" maxlength="500" .value=${draft.note ?? ""}
          @input=${(e: Event) => host.setDraft(panel, { note: (e.target as HTMLInputElement).value })}>
      </div>
      ${submitRow(!!draft.busy, gettext("Flag this post"), close)}
    </form>`;
  }
  if (kind === "hide") {
    return html`<form class="form form--inline" data-form="hide" @submit=${submit(() => host.hide(post))}>
      ${formError(draft)}
      <div class="field">
        <label for=${`${id}-reason`}>${gettext("Why hide this post? Its author will see the reason.")}</label>
        <input type="text" id=${`${id}-reason`} name="reason" maxlength="500" data-field="reason" .value=${draft.reason ?? ""}
          aria-invalid=${draft.fields?.reason ? "true" : "false"}
          @input=${(e: Event) => host.setDraft(panel, { reason: (e.target as HTMLInputElement).value })}>
        ${fieldError(draft, "reason", `${id}-reason`)}
      </div>
      ${submitRow(!!draft.busy, gettext("Hide post"), close)}
    </form>`;
  }
  return nothing;
}

/** The "post anonymously" box of a form (trainees only: moderators speak in their own name). */
export function anonymousBox(host: PostHost, key: string): TemplateResult {
  const id = `${key.replace(/[^\w-]/g, "-")}-anonymous`;
  return html`<label class="check" for=${id}>
    <input type="checkbox" id=${id} name="anonymous" data-field="anonymous" .checked=${!!host.draft(key).anonymous}
      @change=${(e: Event) => host.setDraft(key, { anonymous: (e.target as HTMLInputElement).checked })}>
    <span>${gettext("Post anonymously (your instructors still see your name)")}</span>
  </label>`;
}

/** A post, its actions and forms, and (recursively) the replies below it. */
export function renderPost(host: PostHost, post: Post, top = true): TemplateResult {
  const hidden = !!post.moderation?.hidden;
  const classes = ["post", top ? "post--top" : "", post.depth === 0 ? "post--opening" : "", post.accepted ? "post--accepted" : "", hidden ? "post--hidden" : ""];
  return html`<article class=${classes.filter(Boolean).join(" ")} id=${`post-${post.id}`} data-post=${post.id} data-depth=${post.depth}
    aria-label=${interpolate(gettext("Post by %(name)s"), { name: postAuthor(post) }, true)}>
    <span class="avatar ${post.author ? "" : "avatar--anonymous"}" aria-hidden="true">${initial(post)}</span>
    <div class="post__main">
      ${byline(host, post)}
      ${hidden
        ? html`<p class="hidden-reason" data-field="hidden-reason">${interpolate(gettext("Hidden from trainees: %(reason)s"), { reason: post.moderation?.hidden_reason || "—" }, true)}</p>`
        : nothing}
      <div class="html" data-field="html">${unsafeHTML(post.html)}</div>
      ${renderActions(host, post)} ${host.note(`post:${post.id}`)} ${renderPanel(host, post)}
      ${post.replies?.length ? html`<div class="replies">${post.replies.map((reply) => renderPost(host, reply, false))}</div>` : nothing}
    </div>
  </article>`;
}
