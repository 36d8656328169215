// The debate and seminar parts of a thread in <lms-discussion>: the motion, the two sides (columns,
// or tabs on a phone) with their speeches by round, the rounds with the moderator's scores, the
// audience vote; a seminar's groups with the moderator's filter and "split into groups".
import { html, nothing, type TemplateResult } from "lit";
import { formatDateTime, formatNumber, gettext, interpolate, ngettext } from "../../lib/i18n";
import { formError, bodyField, renderPost, type PostHost } from "./post";
import { roundStateLabel, sideWord, stageLabel } from "./labels";
import type { Debate, DebateRound, Post, Seminar, Side, Thread } from "./types";

export interface DebateHost extends PostHost {
  /** Speeches by side, and the chair's remarks (posts for no side). */
  readonly sidePosts: Record<Side | "chair", Post[]>;
  readonly tab: Side;
  readonly group: number | null;
  showTab(side: Side, focus?: boolean): void;
  /** POST `body` to one of the debate's or seminar's URLs; the answer replaces that part of the thread. */
  partAction(part: "debate" | "seminar", key: string, url: string, body: unknown): void;
  /** Give a speech for a side, or (`chair`) a moderator's remark for no side. */
  speak(side: Side | "chair"): void;
  setGroup(group: number | null): void;
  isBusy(key: string): boolean;
}

const SIDES: Side[] = ["pro", "con"];

function label(debate: Debate, side: Side): string {
  return debate.sides[side]?.label || sideWord(side);
}

function when(host: DebateHost, round: DebateRound): string {
  const from = formatDateTime(round.opens_at, host.timeZone);
  const to = formatDateTime(round.closes_at, host.timeZone);
  if (from && to) return interpolate(gettext("%(from)s – %(to)s"), { from, to }, true);
  return from || to;
}

function currentRound(debate: Debate): DebateRound | null {
  const round = debate.rounds.find((item) => item.id === debate.current_round) ?? null;
  return round && round.state === "open" ? round : null;
}

function score(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : formatNumber(value);
}

function renderStanding(host: DebateHost, debate: Debate): TemplateResult {
  const mine = debate.my_side;
  return html`<div class="panel" data-section="standing">
    ${mine
      ? html`<p data-field="my-side"><strong>${interpolate(gettext("You speak for: %(side)s"), { side: label(debate, mine) }, true)}</strong></p>`
      : debate.may_choose_side
        ? html`<p>${gettext("Choose the side you will argue for.")}</p>
            <div class="row">${SIDES.map(
              (side) => html`<button type="button" class="button button--small" data-action="choose-side" data-side=${side}
                ?disabled=${host.isBusy("debate")} @click=${() => host.partAction("debate", "debate", debate.urls.side, { side })}>${interpolate(
                gettext("Argue for: %(side)s"),
                { side: label(debate, side) },
                true,
              )}</button>`,
            )}</div>`
        : html`<p class="muted">${host.moderator ? gettext("You moderate this debate.") : gettext("You follow this debate from the audience.")}</p>`}
    ${host.moderator
      ? html`<div class="row"><button type="button" class="button button--small" data-action="balance-sides" ?disabled=${host.isBusy("debate")}
          @click=${() => host.partAction("debate", "debate", debate.urls.sides, { balance: true })}>${gettext("Assign the remaining trainees to sides")}</button></div>`
      : nothing}
    ${host.note("debate")}
  </div>`;
}

function bars(debate: Debate, title: string, counts: { pro: number; con: number } | null, field: string): TemplateResult | typeof nothing {
  if (!counts) return nothing;
  const total = counts.pro + counts.con;
  const pro = total ? Math.round((counts.pro / total) * 100) : 50;
  return html`<div class="bar" data-field=${field}>
    <span>${title}</span>
    <span class="bar__track" role="img" aria-label=${interpolate(
      gettext("%(pro_label)s %(pro)s, %(con_label)s %(con)s"),
      { pro_label: label(debate, "pro"), pro: formatNumber(counts.pro), con_label: label(debate, "con"), con: formatNumber(counts.con) },
      true,
    )}>${total ? html`<span class="bar__pro" style="width:${pro}%"></span><span class="bar__con" style="width:${100 - pro}%"></span>` : nothing}</span>
    <span class="small">${total ? `${formatNumber(counts.pro)} : ${formatNumber(counts.con)}` : gettext("No votes")}</span>
  </div>`;
}

function renderAudience(host: DebateHost, debate: Debate): TemplateResult {
  const audience = debate.audience;
  const stage = audience.stage;
  // Instructors chair the debate: they do not vote.
  const voting = (stage === "before" || stage === "after") && !host.moderator;
  const mine = voting ? audience.my_vote[stage] : null;
  return html`<section class="panel" data-section="audience" aria-labelledby="audience-heading">
    <h4 id="audience-heading">${gettext("Audience vote")}</h4>
    <p class=${voting ? "" : "muted"} data-field="stage">${stageLabel(stage)}</p>
    ${voting
      ? html`<div class="row" role="group" aria-label=${stageLabel(stage)}>${SIDES.map(
          (side) => html`<button type="button" class="button button--small ${mine === side ? "button--primary" : ""}" data-action="vote-side" data-side=${side}
            aria-pressed=${mine === side ? "true" : "false"} ?disabled=${host.isBusy("audience")}
            @click=${() => host.partAction("debate", "audience", debate.urls.vote, { side })}>${label(debate, side)}</button>`,
        )}</div>
        ${mine ? html`<p class="small" data-field="my-vote">${interpolate(gettext("Your vote: %(side)s"), { side: label(debate, mine) }, true)}</p>` : nothing}`
      : nothing}
    ${host.note("audience")}
    ${audience.before || audience.after
      ? html`<div class="bars">${bars(debate, gettext("Before"), audience.before, "votes-before")} ${bars(debate, gettext("After"), audience.after, "votes-after")}</div>`
      : nothing}
  </section>`;
}

function renderScoreForm(host: DebateHost, debate: Debate, round: DebateRound): TemplateResult {
  const key = `score:${round.id}`;
  const draft = host.draft(key);
  const id = `score-${round.id}`;
  const side = draft.side ?? "pro";
  return html`<details class="mod" data-score-form=${round.id}>
    <summary>${gettext("Score this round")}</summary>
    <form class="form" @submit=${(e: Event) => {
      e.preventDefault();
      host.partAction("debate", key, debate.urls.scores, { round: round.id, side, score: Number(draft.score ?? ""), note: draft.note ?? "" });
    }}>
      ${formError(draft)}
      <div class="form-grid form-grid--2">
        <div class="field">
          <label for=${`${id}-side`}>${gettext("Side")}</label>
          <select id=${`${id}-side`} name="side" @change=${(e: Event) => host.setDraft(key, { side: (e.target as HTMLSelectElement).value as Side })}>
            ${SIDES.map((item) => html`<option value=${item} ?selected=${side === item}>${label(debate, item)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${`${id}-score`}>${gettext("Score (0–10)")}</label>
          <input type="number" id=${`${id}-score`} name="score" min="0" max="10" step="1" required .value=${draft.score ?? ""}
            @input=${(e: Event) => host.setDraft(key, { score: (e.target as HTMLInputElement).value })}>
        </div>
      </div>
      <div class="field">
        <label for=${`${id}-note`}>${gettext("Note (optional)")}</label>
        <input type="text" id=${`${id}-note`} name="note" .value=${draft.note ?? ""}
          @input=${(e: Event) => host.setDraft(key, { note: (e.target as HTMLInputElement).value })}>
      </div>
      <div class="row"><button type="submit" class="button button--primary button--small" ?disabled=${!!draft.busy}>${gettext("Save score")}</button></div>
    </form>
  </details>`;
}

function renderRounds(host: DebateHost, debate: Debate): TemplateResult {
  return html`<section class="panel" data-section="rounds" aria-labelledby="rounds-heading">
    <h4 id="rounds-heading">${gettext("Rounds")}</h4>
    ${debate.rounds.length
      ? html`<ol class="timeline">${debate.rounds.map(
          (round) => html`<li class="round round--${round.state}" data-round=${round.id} data-state=${round.state}
            aria-current=${round.id === debate.current_round ? "step" : "false"}>
            <div class="row spread"><strong>${round.name}</strong><span class="state">${roundStateLabel(round.state)}</span></div>
            ${when(host, round) ? html`<span class="small muted">${when(host, round)}</span>` : nothing}
            <div class="round__scores" data-field="scores">
              ${SIDES.map((side) => html`<span>${interpolate(gettext("%(label)s:"), { label: label(debate, side) }, true)} <strong data-score=${side}>${score(round.scores?.[side])}</strong></span>`)}
            </div>
            ${host.moderator ? renderScoreForm(host, debate, round) : nothing}
          </li>`,
        )}</ol>`
      : html`<p class="muted">${gettext("No rounds are set yet.")}</p>`}
  </section>`;
}

function renderSide(host: DebateHost, thread: Thread, debate: Debate, side: Side): TemplateResult {
  const info = debate.sides[side];
  const posts = host.sidePosts[side];
  const groups: { name: string; posts: Post[] }[] = [];
  for (const round of debate.rounds) {
    const inRound = posts.filter((post) => post.round?.id === round.id);
    if (inRound.length) groups.push({ name: round.name, posts: inRound });
  }
  const known = new Set(debate.rounds.map((round) => round.id));
  const other = posts.filter((post) => !post.round || !known.has(post.round.id));
  if (other.length) groups.push({ name: gettext("Other speeches"), posts: other });
  const round = currentRound(debate);
  const mayPost = !!round && thread.status !== "closed" && debate.my_side === side && !host.moderator;
  const key = `speech:${side}`;
  const draft = host.draft(key);
  return html`<section class="side side--${side}" data-side=${side} id=${`side-${side}`} role="tabpanel" aria-labelledby=${`side-${side}-heading`}
    ?data-inactive=${host.tab !== side}>
    <div class="side__head">
      <h4 class="side__label" id=${`side-${side}-heading`}>${label(debate, side)}</h4>
      <span class="small muted">${interpolate(ngettext("%(count)s debater", "%(count)s debaters", info?.count ?? 0), { count: formatNumber(info?.count ?? 0) }, true)}${info?.debaters?.length
        ? html` · ${info.debaters.map((person) => person.name).join(gettext(", "))}`
        : nothing}</span>
      <span class="small">${interpolate(gettext("%(label)s:"), { label: gettext("Moderator's score") }, true)} <strong data-field="side-score">${score(info?.score)}</strong></span>
    </div>
    ${groups.length
      ? groups.map((group) => html`<div class="round-group"><h5>${group.name}</h5>${group.posts.map((post) => renderPost(host, post))}</div>`)
      : html`<p class="muted small" data-field="no-speeches">${gettext("No speeches yet.")}</p>`}
    ${mayPost
      ? html`<form class="form form--inline" data-form="speech" data-side=${side} @submit=${(e: Event) => {
          e.preventDefault();
          host.speak(side);
        }}>
          ${formError(draft)}
          ${bodyField(host, key, interpolate(gettext("Your speech for %(side)s in %(round)s"), { side: label(debate, side), round: round!.name }, true), 5)}
          <div class="row"><button type="submit" class="button button--primary button--small" ?disabled=${!!draft.busy}>${draft.busy ? gettext("Sending…") : gettext("Give this speech")}</button></div>
        </form>`
      : nothing}
  </section>`;
}

export function renderDebate(host: DebateHost, thread: Thread, debate: Debate): TemplateResult {
  const tabKey = (e: KeyboardEvent): void => {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      host.showTab(host.tab === "pro" ? "con" : "pro", true);
    }
  };
  return html`<div class="discussion" data-section="debate">
    <div class="motion" data-field="motion"><div class="motion__label">${gettext("Motion")}</div><p class="motion__text">${debate.motion}</p></div>
    ${renderStanding(host, debate)}
    <div class="form-grid form-grid--2 form-grid--top">${renderRounds(host, debate)} ${renderAudience(host, debate)}</div>
    <div class="tabs" role="tablist" aria-label=${gettext("Sides")} @keydown=${tabKey}>
      ${SIDES.map(
        (side) => html`<button type="button" role="tab" id=${`tab-${side}`} data-tab=${side} aria-controls=${`side-${side}`}
          aria-selected=${host.tab === side ? "true" : "false"} tabindex=${host.tab === side ? "0" : "-1"}
          @click=${() => host.showTab(side)}>${label(debate, side)} (${formatNumber(host.sidePosts[side].length)})</button>`,
      )}
    </div>
    <div class="sides">${SIDES.map((side) => renderSide(host, thread, debate, side))}</div>
    ${renderChair(host, thread)}
  </div>`;
}

/** The chair's remarks (a moderator's posts for no side), and for moderators the form to add one. */
function renderChair(host: DebateHost, thread: Thread): TemplateResult | typeof nothing {
  const posts = host.sidePosts.chair;
  const mayPost = host.moderator && thread.status !== "closed";
  if (!posts.length && !mayPost) return nothing;
  const key = "speech:chair";
  const draft = host.draft(key);
  return html`<section class="panel" data-section="chair" aria-labelledby="chair-heading">
    <h4 id="chair-heading">${gettext("From the chair")}</h4>
    ${posts.map((post) => renderPost(host, post))}
    ${mayPost
      ? html`<form class="form form--inline" data-form="speech" data-side="chair" @submit=${(e: Event) => {
          e.preventDefault();
          host.speak("chair");
        }}>
          ${formError(draft)} ${bodyField(host, key, gettext("A remark from the chair (for no side)"), 3)}
          <div class="row"><button type="submit" class="button button--primary button--small" ?disabled=${!!draft.busy}>${draft.busy ? gettext("Sending…") : gettext("Post remark")}</button></div>
        </form>`
      : nothing}
  </section>`;
}

export function renderSeminar(host: DebateHost, seminar: Seminar): TemplateResult {
  const mine = seminar.groups.find((group) => group.id === seminar.my_group || group.mine);
  return html`<section class="panel" data-section="seminar" aria-labelledby="groups-heading">
    <div class="row spread">
      <h4 id="groups-heading">${gettext("Seminar groups")}</h4>
      ${mine ? html`<span class="badge badge--seminar" data-field="my-group">${interpolate(gettext("Your group: %(name)s"), { name: mine.name }, true)}</span>` : nothing}
    </div>
    ${seminar.groups.length
      ? html`<ul class="row groups" data-field="groups">${seminar.groups.map(
          (group) => html`<li class="badge" data-group=${group.id}>${group.name} · ${interpolate(
            ngettext("%(count)s member", "%(count)s members", group.members),
            { count: formatNumber(group.members) },
            true,
          )}</li>`,
        )}</ul>`
      : html`<p class="muted">${gettext("The trainees are not split into groups yet.")}</p>`}
    ${host.moderator
      ? html`<div class="form-grid form-grid--even form-grid--top">
          ${seminar.groups.length
            ? html`<div class="field">
                <label for="group-filter">${gettext("Show the posts of")}</label>
                <select id="group-filter" data-field="group-filter" @change=${(e: Event) => {
                  const value = (e.target as HTMLSelectElement).value;
                  host.setGroup(value ? Number(value) : null);
                }}>
                  <option value="" ?selected=${host.group === null}>${gettext("Every group")}</option>
                  ${seminar.groups.map((group) => html`<option value=${group.id} ?selected=${host.group === group.id}>${group.name}</option>`)}
                </select>
              </div>`
            : nothing}
          <div class="field" role="group" aria-labelledby="split-label">
            <span class="legend" id="split-label">${gettext("Split the trainees into groups")}</span>
            <div class="row">
              <button type="button" class="button button--small" data-action="split" data-by="category" ?disabled=${host.isBusy("seminar")}
                @click=${() => host.partAction("seminar", "seminar", seminar.urls.groups, { by: "category" })}>${gettext("By trainee category")}</button>
              <button type="button" class="button button--small" data-action="split" data-by="unit" ?disabled=${host.isBusy("seminar")}
                @click=${() => host.partAction("seminar", "seminar", seminar.urls.groups, { by: "unit" })}>${gettext("By work unit")}</button>
            </div>
          </div>
        </div>`
      : nothing}
    ${host.note("seminar")}
  </section>`;
}
