// <lms-discussion> custom element: the discussions of a lecture (or of a course's board) from
// /api/v1/threads/ — the list of threads, starting one, a thread with its replies (sorted, paginated,
// nested), voting, flagging, following, accepting an answer, the moderators' actions, and the debate
// and seminar modes. This file holds the flow (loading, routing by `#thread-N`, sending); ./discussion/
// holds the list and thread views, the post template, the debate and seminar parts, the words and the styles.
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, apiGet, apiSend, isAbortError } from "../lib/api";
import { LmsElement, define } from "../lib/element";
import { gettext } from "../lib/i18n";
import { discussionStyles } from "./discussion/styles";
import { NEW_THREAD, renderList, renderThread, type ViewHost } from "./discussion/views";
import type { Draft, Paginated, Post, PostOrder, Side, Thread } from "./discussion/types";
import { icon } from "./quiz/icons";

export type { Post, Thread } from "./discussion/types";

export type DiscussionState = "list" | "thread" | "signed-out" | "forbidden" | "error";

type Note = { kind: "error" | "success" | "info"; text: string };

/** Codes of the server's refusals that belong to one field of a form. */
const FIELD_OF_CODE: Record<string, string> = {
  empty_title: "title",
  title_too_long: "title",
  empty_post: "body",
  post_too_long: "body",
  reason_required: "reason",
  bad_reason: "reason",
};
/** Speeches of one side of a debate, read in one request. */
const SIDE_PAGE_SIZE = 100;

/** `base` (a directory-like URL) joined with a relative `path`, the query string dropped. */
function join(base: string, path: string): string {
  const clean = base.split(/[?#]/)[0];
  return `${clean.endsWith("/") ? clean : `${clean}/`}${path}`;
}

function withQuery(url: string, params: Record<string, string | number | null | undefined>): string {
  const target = new URL(url, location.href);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") target.searchParams.set(name, String(value));
  }
  return target.origin === location.origin ? `${target.pathname}${target.search}` : target.href;
}

function threadFromHash(): number | null {
  const match = /^#thread-(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

/** The form's message and per-field messages of a failed request. */
function problem(err: unknown): Pick<Draft, "error" | "fields"> {
  if (!(err instanceof ApiError)) return { error: gettext("Something went wrong. Try again."), fields: {} };
  const fields: Record<string, string> = {};
  for (const name of Object.keys(err.errors)) {
    const message = err.fieldError(name);
    if (message) fields[name] = message;
  }
  // A refusal about one field is said beside that field only.
  const field = FIELD_OF_CODE[err.code];
  if (field) return { error: "", fields: { ...fields, [field]: fields[field] || err.detail } };
  return { error: err.detail || gettext("Something went wrong. Try again."), fields };
}

function walk(posts: Post[], visit: (post: Post) => Post): Post[] {
  return posts.map((post) => {
    const next = visit(post);
    return next.replies ? { ...next, replies: walk(next.replies, visit) } : next;
  });
}

export class LmsDiscussion extends LmsElement implements ViewHost {
  static override styles = [LmsElement.styles, discussionStyles];

  /** The threads resource (`api` attribute), e.g. `/api/v1/threads/`. */
  @property() accessor api = "/api/v1/threads/";
  /** The course whose discussions these are (`course` attribute). */
  @property({ type: Number }) accessor course = 0;
  /** The page (lecture) of the course (`page-id` attribute); absent: the course's board. */
  @property({ type: Number, attribute: "page-id" }) accessor pageId: number | null = null;
  /** IANA time zone for dates (`time-zone`); default: the browser's. */
  @property({ attribute: "time-zone" }) accessor timeZone = "";
  /** Where "Sign in" points (`login-url`). */
  @property({ attribute: "login-url" }) accessor loginUrl = "/accounts/login/";

  @state() private accessor view: "loading" | DiscussionState = "loading";
  @state() private accessor failure = "";
  @state() accessor threads: Thread[] = [];
  @state() accessor threadCount = 0;
  @state() accessor listPage = 1;
  @state() accessor listPages = 1;
  @state() accessor composing = false;
  @state() accessor thread: Thread | null = null;
  @state() accessor posts: Post[] = [];
  @state() accessor postCount = 0;
  @state() accessor postPage = 1;
  @state() accessor postPages = 1;
  @state() accessor order: PostOrder = "newest";
  @state() accessor loadingPosts = false;
  @state() accessor sidePosts: Record<Side | "chair", Post[]> = { pro: [], con: [], chair: [] };
  @state() accessor tab: Side = "pro";
  @state() accessor group: number | null = null;
  @state() accessor panel: string | null = null;
  @state() private accessor drafts: Record<string, Draft> = {};
  @state() private accessor notes: Record<string, Note> = {};
  @state() private accessor busyKeys: ReadonlySet<string> = new Set();
  @state() private accessor announcement = "";

  /** Cancels the writes in flight when the element leaves the page. */
  private alive = new AbortController();
  private listModerator = false;
  focusTarget: string | null = null;
  private loadedFor = "";

  // --- Lifecycle ---------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.alive.signal.aborted) this.alive = new AbortController();
    window.addEventListener("hashchange", this.onRoute);
    window.addEventListener("popstate", this.onRoute);
    if (this.loadedFor !== this.source) void this.route();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.alive.abort();
    window.removeEventListener("hashchange", this.onRoute);
    window.removeEventListener("popstate", this.onRoute);
    if (this.view === "loading") this.loadedFor = "";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("api") || changed.has("course") || changed.has("pageId")) && this.isConnected && this.loadedFor && this.loadedFor !== this.source) {
      void this.route();
    }
  }

  protected override updated(): void {
    const target = this.focusTarget;
    if (!target) return;
    this.focusTarget = null;
    const element = this.renderRoot.querySelector<HTMLElement>(target);
    if (element) {
      element.focus({ preventScroll: true });
      element.scrollIntoView({ block: "nearest" });
    }
  }

  private get source(): string {
    return `${this.api}|${this.course}|${this.pageId ?? ""}`;
  }

  private onRoute = (): void => {
    void this.route();
  };

  /**
   * Show what the address asks for: `#thread-N` opens that thread, no fragment the list (so the
   * browser's Back leaves a thread); another fragment (`#main`, `#discussion`) changes nothing.
   */
  private async route(): Promise<void> {
    const first = this.loadedFor !== this.source;
    this.loadedFor = this.source;
    const id = threadFromHash();
    if (id !== null) {
      if (this.view !== "thread" || this.thread?.id !== id) await this.openThread(id);
    } else if (this.view !== "list" && (first || this.view !== "thread" || location.hash.length <= 1)) {
      await this.loadList(this.listPage);
    }
  }

  private show(view: "loading" | DiscussionState): void {
    this.view = view;
    this.state = view === "loading" ? undefined : view;
  }

  private fail(err: unknown, message: string): void {
    if (err instanceof ApiError && (err.status === 401 || err.code === "not_authenticated")) {
      this.show("signed-out");
    } else if (err instanceof ApiError && err.status === 403) {
      this.failure = err.detail;
      this.show("forbidden");
    } else {
      this.failure = err instanceof ApiError && err.detail ? `${message} ${err.detail}` : message;
      this.show("error");
    }
  }

  // --- Host of the post and debate templates -----------------------------------------------------

  get moderator(): boolean {
    if (this.view === "thread") return !!this.thread?.opening?.moderation;
    return this.listModerator;
  }

  draft(key: string): Draft {
    return this.drafts[key] ?? { body: "" };
  }

  setDraft(key: string, patch: Partial<Draft>): void {
    this.drafts = { ...this.drafts, [key]: { ...this.draft(key), ...patch } };
  }

  togglePanel(key: string): void {
    this.panel = this.panel === key ? null : key;
    if (this.panel) this.focusTarget = `[data-post="${key.split(":")[1]}"] form :is(textarea, select, input)`;
  }

  note(key: string): TemplateResult | typeof nothing {
    const note = this.notes[key];
    if (!note) return nothing;
    return html`<p class="note note--${note.kind}" data-note=${key} role=${note.kind === "error" ? "alert" : "status"}>${icon(
      note.kind === "error" ? "warning" : note.kind === "success" ? "check" : "info",
    )}<span>${note.text}</span></p>`;
  }

  isBusy(key: string): boolean {
    return this.busyKeys.has(key);
  }

  private setNote(key: string, note: Note | null): void {
    const notes = { ...this.notes };
    if (note) notes[key] = note;
    else delete notes[key];
    this.notes = notes;
  }

  private setBusy(key: string, on: boolean): void {
    const keys = new Set(this.busyKeys);
    if (on) keys.add(key);
    else keys.delete(key);
    this.busyKeys = keys;
  }

  private async say(text: string): Promise<void> {
    this.announcement = "";
    await this.updateComplete;
    this.announcement = text;
  }

  // --- The list ----------------------------------------------------------------------------------

  private listUrl(page: number): string {
    return withQuery(this.api, {
      course: this.course,
      page_id: this.pageId || null,
      board: this.pageId ? null : "true",
      page: page > 1 ? page : null,
    });
  }

  /** (Re)load a page of the threads and show the list; resolves once it shows. */
  async loadList(page = 1, focus = false): Promise<void> {
    const signal = this.newSignal();
    if (this.view !== "list") this.show("loading");
    try {
      const data = await apiGet<Paginated<Thread>>(this.listUrl(page), { signal });
      this.threads = Array.isArray(data?.results) ? data.results : [];
      this.threadCount = Number(data?.count) || 0;
      this.listPage = page;
      const size = Math.max(this.threads.length, 1);
      this.listPages = data?.next ? Math.max(page + 1, Math.ceil(this.threadCount / size)) : page;
      this.listModerator = this.threads.some((thread) => !!thread.opening?.moderation);
      this.thread = null;
      this.show("list");
      if (focus) this.focusTarget = "[data-field=list-heading]";
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return;
      this.fail(err, gettext("Could not load the discussion."));
    }
    await this.updateComplete;
  }

  backToList(): void {
    if (threadFromHash() !== null) history.pushState(null, "", `${location.pathname}${location.search}`);
    this.panel = null;
    void this.loadList(this.listPage, true);
  }

  async startThread(): Promise<void> {
    const key = NEW_THREAD;
    const draft = this.draft(key);
    if (draft.busy) return;
    this.setDraft(key, { busy: true, error: "", fields: {} });
    try {
      const thread = await apiSend<Thread>(this.api, "POST", {
        course: this.course,
        page: this.pageId || null,
        kind: draft.kind ?? "discussion",
        title: draft.title ?? "",
        body: draft.body,
        anonymous: !!draft.anonymous && !this.moderator,
      }, { signal: this.alive.signal });
      this.setDraft(key, { busy: false, title: "", body: "", anonymous: false, kind: "discussion", error: "", fields: {} });
      this.composing = false;
      void this.say(gettext("Your thread is posted."));
      location.hash = `thread-${thread.id}`;
    } catch (err) {
      if (isAbortError(err)) return;
      this.setDraft(key, { busy: false, ...problem(err) });
      this.focusTarget = "[data-form=new-thread] :is([aria-invalid=true], [role=alert])";
    }
  }

  // --- A thread ----------------------------------------------------------------------------------

  private threadUrl(id: number): string {
    return join(this.api, `${id}/`);
  }

  /** Open a thread: its opening and the first page of its replies. */
  async openThread(id: number): Promise<void> {
    const signal = this.newSignal();
    this.show("loading");
    try {
      const thread = await apiGet<Thread>(this.threadUrl(id), { signal });
      if (!thread || typeof thread.id !== "number") throw new ApiError(200, { code: "invalid_response", detail: "" });
      this.thread = thread;
      this.posts = [];
      this.sidePosts = { pro: [], con: [], chair: [] };
      this.postPage = 1;
      this.group = null;
      this.panel = null;
      this.tab = thread.debate?.my_side ?? "pro";
      await this.loadPosts(1, signal);
      if (signal.aborted) return;
      this.show("thread");
      this.focusTarget = "[data-field=thread-title]";
      await this.updateComplete;
      this.scrollIntoView({ block: "start" });
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return;
      this.fail(err, gettext("Could not load this thread."));
    }
  }

  /** Load a page of the thread's replies (both sides' speeches in a debate). */
  private async loadPosts(page: number, signal?: AbortSignal): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    const own = signal ?? this.newSignal();
    this.loadingPosts = true;
    try {
      if (thread.kind === "debate" && thread.debate) {
        // Each side's speeches, and every post for the chair's remarks (those for no side).
        const [pro, con, all] = await Promise.all(
          (["pro", "con", ""] as const).map((side) =>
            apiGet<Paginated<Post>>(withQuery(thread.posts_url, { side, order: "oldest", page_size: SIDE_PAGE_SIZE }), { signal: own }),
          ),
        );
        this.sidePosts = {
          pro: pro?.results ?? [],
          con: con?.results ?? [],
          chair: (all?.results ?? []).filter((post) => !post.side),
        };
      } else {
        const data = await apiGet<Paginated<Post>>(
          withQuery(thread.posts_url, { order: this.order, page: page > 1 ? page : null, group: this.group }),
          { signal: own },
        );
        this.posts = Array.isArray(data?.results) ? data.results : [];
        this.postCount = Number(data?.count) || 0;
        this.postPage = page;
        const size = Math.max(this.posts.length, 1);
        this.postPages = data?.next ? Math.max(page + 1, Math.ceil(this.postCount / size)) : page;
      }
    } finally {
      if (!own.aborted) this.loadingPosts = false;
    }
  }

  async showPosts(page: number): Promise<void> {
    try {
      await this.loadPosts(page);
      this.focusTarget = "[data-field=replies-heading]";
    } catch (err) {
      if (isAbortError(err)) return;
      this.setNote("posts", { kind: "error", text: problem(err).error ?? "" });
    }
  }

  setOrder(order: PostOrder): void {
    if (order === this.order) return;
    this.order = order;
    void this.showPosts(1);
  }

  setGroup(group: number | null): void {
    this.group = group;
    void this.showPosts(1);
  }

  showTab(side: Side, focus = false): void {
    this.tab = side;
    if (focus) this.focusTarget = `[data-tab=${side}]`;
  }

  /** The thread and its current page again, after a write that moves things around. */
  private async reloadThread(page = this.postPage): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    try {
      const fresh = await apiGet<Thread>(thread.url || this.threadUrl(thread.id), { signal: this.alive.signal });
      this.thread = fresh;
      await this.loadPosts(page);
    } catch (err) {
      if (isAbortError(err)) return;
      this.setNote("thread", { kind: "error", text: problem(err).error ?? "" });
    }
  }

  /** Put the server's copy of a post in place (keeping the replies shown below it). */
  private replacePost(fresh: Post): void {
    const swap = (post: Post): Post => (post.id === fresh.id ? { ...fresh, replies: fresh.replies ?? post.replies } : post);
    this.posts = walk(this.posts, swap);
    this.sidePosts = { pro: walk(this.sidePosts.pro, swap), con: walk(this.sidePosts.con, swap), chair: walk(this.sidePosts.chair, swap) };
    const thread = this.thread;
    if (thread?.opening?.id === fresh.id) this.thread = { ...thread, opening: swap(thread.opening) };
  }

  /** Send a write about a post; its answer (the post) replaces it. Errors show beside the post. */
  private async postAction(post: Post, path: string, body: unknown, key = `post:${post.id}`): Promise<Post | null> {
    if (this.isBusy(key)) return null;
    this.setBusy(key, true);
    this.setNote(`post:${post.id}`, null);
    try {
      const fresh = await apiSend<Post>(path ? join(post.url, path) : post.url, path ? "POST" : "PATCH", body, { signal: this.alive.signal });
      if (fresh && typeof fresh.id === "number") this.replacePost(fresh);
      return fresh;
    } catch (err) {
      if (isAbortError(err)) return null;
      throw err;
    } finally {
      this.setBusy(key, false);
    }
  }

  /** Run a post's write from a button; a refusal shows as a note under the post. */
  private async quick(post: Post, path: string, body: unknown, done?: string): Promise<Post | null> {
    try {
      const fresh = await this.postAction(post, path, body);
      if (fresh && done) void this.say(done);
      return fresh;
    } catch (err) {
      this.setNote(`post:${post.id}`, { kind: "error", text: problem(err).error ?? "" });
      return null;
    }
  }

  /** Run a post's write from its inline form; a refusal shows in the form, whose text stays. */
  private async fromForm(post: Post, key: string, path: string, body: unknown, done: string): Promise<Post | null> {
    if (this.draft(key).busy) return null;
    this.setDraft(key, { busy: true, error: "", fields: {} });
    try {
      const fresh = await this.postAction(post, path, body, key);
      this.setDraft(key, { busy: false });
      if (fresh) {
        this.drafts = Object.fromEntries(Object.entries(this.drafts).filter(([name]) => name !== key));
        if (this.panel === key) this.panel = null;
        this.setNote(`post:${post.id}`, { kind: "success", text: done });
      }
      return fresh;
    } catch (err) {
      this.setDraft(key, { busy: false, ...problem(err) });
      this.focusTarget = `[data-post="${post.id}"] form :is([aria-invalid=true], [role=alert])`;
      return null;
    }
  }

  vote(post: Post, value: number): void {
    void this.quick(post, "vote/", { value }, value === 0 ? gettext("Vote taken back.") : gettext("Vote recorded."));
  }

  edit(post: Post): void {
    const key = `edit:${post.id}`;
    void this.fromForm(post, key, "", { body: this.draft(key).body }, gettext("Your post is saved."));
  }

  flag(post: Post): void {
    const key = `flag:${post.id}`;
    const draft = this.draft(key);
    if (!draft.reason) {
      this.setDraft(key, { error: gettext("Choose why you are flagging this post."), fields: { reason: gettext("Choose a reason.") } });
      return;
    }
    void this.fromForm(post, key, "flag/", { reason: draft.reason, note: draft.note ?? "" },
      gettext("Thank you: the moderators will look at this post."));
  }

  hide(post: Post): void {
    const key = `hide:${post.id}`;
    void this.fromForm(post, key, "hide/", { reason: this.draft(key).reason ?? "" }, gettext("The post is hidden from trainees."));
  }

  restore(post: Post): void {
    void this.quick(post, "restore/", {}, gettext("The post is shown again."));
  }

  endorse(post: Post): void {
    void this.quick(post, "endorse/", { on: !post.endorsed_by }, post.endorsed_by ? gettext("Endorsement withdrawn.") : gettext("Answer endorsed."));
  }

  accept(post: Post): void {
    void (async () => {
      // Accepting one answer takes it from another: the page is read again.
      if (await this.quick(post, "accept/", { on: !post.accepted }, post.accepted ? gettext("Answer no longer accepted.") : gettext("Answer accepted."))) {
        await this.reloadThread();
      }
    })();
  }

  /** Reply to the opening or to a post, from the form keyed `reply:<post id>`. */
  reply(parent: Post): void {
    void this.send(`reply:${parent.id}`, { parent: parent.depth === 0 ? null : parent.id });
  }

  speak(side: Side | "chair"): void {
    void this.send(`speech:${side}`, side === "chair" ? {} : { side });
  }

  private async send(key: string, extra: Record<string, unknown>): Promise<void> {
    const thread = this.thread;
    const draft = this.draft(key);
    if (!thread || draft.busy) return;
    this.setDraft(key, { busy: true, error: "", fields: {} });
    try {
      const post = await apiSend<Post>(thread.posts_url, "POST", {
        body: draft.body,
        anonymous: !!draft.anonymous && !this.moderator,
        ...extra,
      }, { signal: this.alive.signal });
      this.drafts = Object.fromEntries(Object.entries(this.drafts).filter(([name]) => name !== key));
      if (this.panel === key) this.panel = null;
      const top = extra.parent === null || extra.parent === undefined;
      // A new reply to the opening is first among the newest; elsewhere, the page it is on is read again.
      if (top && this.order === "newest" && thread.kind !== "debate") await this.reloadThread(1);
      else await this.reloadThread();
      if (post && typeof post.id === "number") {
        this.focusTarget = `[data-post="${post.id}"]`;
        const shown = this.renderRoot.querySelector(`[data-post="${post.id}"]`);
        if (!shown) this.setNote("thread", { kind: "success", text: gettext("Your reply is posted.") });
      }
      void this.say(gettext("Your reply is posted."));
    } catch (err) {
      if (isAbortError(err)) return;
      this.setDraft(key, { busy: false, ...problem(err) });
      this.focusTarget = `[data-form] :is([aria-invalid=true], [role=alert])`;
    }
  }

  private async threadAction(path: string, body: unknown, key: string, done: string): Promise<void> {
    const thread = this.thread;
    if (!thread || this.isBusy(key)) return;
    this.setBusy(key, true);
    this.setDraft(key, { error: "", fields: {} });
    try {
      const fresh = await apiSend<Thread>(join(thread.url, path), "POST", body, { signal: this.alive.signal });
      if (fresh && typeof fresh.id === "number") {
        this.thread = { ...thread, ...fresh, debate: fresh.debate ?? thread.debate, seminar: fresh.seminar ?? thread.seminar };
      }
      this.setNote("thread", { kind: "success", text: done });
      void this.say(done);
    } catch (err) {
      if (isAbortError(err)) return;
      if (key === "status") this.setDraft(key, problem(err));
      else this.setNote("thread", { kind: "error", text: problem(err).error ?? "" });
    } finally {
      this.setBusy(key, false);
    }
  }

  follow(): void {
    const on = !this.thread?.following;
    void this.threadAction("follow/", { on }, "follow", on ? gettext("You follow this thread.") : gettext("You no longer follow this thread."));
  }

  pin(): void {
    const on = !this.thread?.pinned;
    void this.threadAction("pin/", { on }, "pin", on ? gettext("Thread pinned.") : gettext("Thread unpinned."));
  }

  setStatus(): void {
    const draft = this.draft("status");
    const status = draft.status ?? this.thread?.status ?? "open";
    void this.threadAction("status/", { status, reason: draft.reason ?? "" }, "status", gettext("The thread's status is changed."));
  }

  /** POST to a debate's or seminar's URL; its answer is the new debate or seminar. */
  partAction(part: "debate" | "seminar", key: string, url: string, body: unknown): void {
    void (async () => {
      const thread = this.thread;
      if (!thread || this.isBusy(key)) return;
      this.setBusy(key, true);
      this.setNote(key, null);
      const form = key.startsWith("score:");
      if (form) this.setDraft(key, { busy: true, error: "", fields: {} });
      try {
        const fresh = await apiSend<unknown>(url, "POST", body, { signal: this.alive.signal });
        if (fresh && typeof fresh === "object") this.thread = { ...thread, [part]: fresh };
        const done = form ? gettext("Score saved.") : part === "seminar" ? gettext("The trainees are split into groups.") : gettext("Saved.");
        if (form) this.setDraft(key, { busy: false, score: "", note: "" });
        this.setNote(key, { kind: "success", text: done });
        void this.say(done);
      } catch (err) {
        if (isAbortError(err)) return;
        if (form) this.setDraft(key, { busy: false, ...problem(err) });
        else this.setNote(key, { kind: "error", text: problem(err).error ?? "" });
      } finally {
        this.setBusy(key, false);
      }
    })();
  }

  // --- Rendering ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`${this.renderView()}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-field="announcer">${this.announcement}</div>`;
  }

  private renderView(): TemplateResult {
    switch (this.view) {
      case "loading":
        return this.renderLoading();
      case "signed-out":
        return html`<p class="note note--info" data-field="message">${icon("info")}<span>${gettext("Sign in to read and join the discussion.")}
          <a href=${this.loginHref()} data-field="login-link">${gettext("Sign in")}</a></span></p>`;
      case "forbidden":
        return html`<p class="note note--info" data-field="message" role="status">${icon("info")}<span>${this.failure ||
          gettext("You may not read this discussion.")}</span></p>`;
      case "error":
        return html`<div class="discussion">${this.renderError(this.failure || gettext("Could not load the discussion."))}
          <div class="row"><button type="button" class="button button--small" data-action="retry" @click=${() => void this.route()}>${gettext("Try again")}</button></div></div>`;
      case "thread":
        return this.thread ? renderThread(this, this.thread) : this.renderLoading();
      default:
        return renderList(this);
    }
  }

  private loginHref(): string {
    if (this.loginUrl.includes("?")) return this.loginUrl;
    return `${this.loginUrl}?next=${encodeURIComponent(location.pathname + location.search)}`;
  }

}

define("lms-discussion", LmsDiscussion);

declare global {
  interface HTMLElementTagNameMap {
    "lms-discussion": LmsDiscussion;
  }
}
