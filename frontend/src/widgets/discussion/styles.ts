// Styles of <lms-discussion>: thread cards, posts with their replies indented by a rule, compact
// action rows with large enough touch targets, a debate's two columns (tabs on a phone).
import { css } from "lit";

export const discussionStyles = css`
  :host {
    --d-accent: var(--lms-accent, #b71c1c);
    --d-on-accent: var(--lms-on-accent, #ffffff);
    --d-border: var(--lms-border, var(--lms-line, #e3e6ea));
    --d-control: #767b82;
    --d-surface: var(--lms-surface, #ffffff);
    --d-subtle: #f5f6f8;
    --d-muted: var(--lms-muted, #5b636e);
    --d-radius: var(--lms-radius, 8px);
    --d-blue: #1b4a8a;
    --d-blue-bg: #e8f0fb;
    --d-green: #1d5b34;
    --d-green-bg: #e8f3ec;
    --d-amber: #5c3800;
    --d-amber-bg: #fff4de;
    --d-red: #8a1111;
    --d-red-bg: #fdecec;
    --d-pro: #1b4a8a;
    --d-con: #8a3a11;
    container-type: inline-size;
    overflow-wrap: anywhere;
  }
  .discussion { display: grid; gap: 1rem; min-width: 0; }
  h2, h3, h4 { margin: 0; line-height: 1.3; }
  h3 { font-size: 1.25rem; }
  h4 { font-size: 1rem; }
  p { margin: 0; }
  [tabindex="-1"]:focus { outline: none; }
  .small { font-size: 0.875rem; }
  .row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
  .spread { justify-content: space-between; }
  .grow { flex: 1 1 auto; min-width: 0; }

  /* Controls */
  button, input, select, textarea { font: inherit; color: inherit; }
  .button {
    display: inline-flex; align-items: center; justify-content: center; gap: 0.375rem;
    min-height: 2.5rem; padding: 0.4rem 1rem; border: 1px solid var(--d-control); border-radius: 6px;
    background: var(--d-surface); color: var(--lms-text, #1f2328); font-weight: 600; cursor: pointer;
    text-decoration: none; line-height: 1.2;
  }
  .button:hover:not(:disabled) { background: var(--d-subtle); }
  .button--primary { border-color: var(--d-accent); background: var(--d-accent); color: var(--d-on-accent); }
  .button--primary:hover:not(:disabled) { background: #8e1515; }
  .button--small { min-height: 2.25rem; padding: 0.25rem 0.75rem; font-size: 0.875rem; }
  .button:disabled { cursor: not-allowed; opacity: 0.6; }
  .link { border: 0; background: none; padding: 0.25rem 0; color: var(--d-accent); cursor: pointer; text-decoration: underline; font-size: 0.9375rem; }
  .action {
    display: inline-flex; align-items: center; gap: 0.3rem; min-height: 2.25rem; padding: 0.25rem 0.6rem;
    border: 0; border-radius: 6px; background: none; color: var(--d-muted); font-size: 0.875rem; font-weight: 600; cursor: pointer;
  }
  .action:hover:not(:disabled) { background: var(--d-subtle); color: var(--lms-text, #1f2328); }
  .action[aria-pressed="true"] { color: var(--d-accent); }
  .action:disabled { cursor: default; opacity: 0.55; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible, [role="tab"]:focus-visible {
    outline: 3px solid var(--d-accent); outline-offset: 2px;
  }
  label, .legend { font-weight: 600; font-size: 0.9375rem; }
  .field { display: grid; gap: 0.3rem; min-width: 0; }
  .field input[type="text"], .field input[type="number"], .field select, .field textarea, .input {
    width: 100%; min-height: 2.5rem; padding: 0.45rem 0.6rem; border: 1px solid var(--d-control); border-radius: 6px;
    background: var(--d-surface);
  }
  textarea { resize: vertical; min-height: 6rem; line-height: 1.5; }
  .field [aria-invalid="true"] { border-color: var(--d-red); box-shadow: 0 0 0 1px var(--d-red); }
  .field-error { color: var(--d-red); font-size: 0.875rem; }
  .hint { color: var(--d-muted); font-size: 0.8125rem; font-weight: 400; }
  .check { display: flex; align-items: flex-start; gap: 0.5rem; font-weight: 400; }
  .check input { width: 1.125rem; height: 1.125rem; margin-top: 0.2rem; flex: none; accent-color: var(--d-accent); }
  .form { display: grid; gap: 0.75rem; padding: 1rem; border: 1px solid var(--d-border); border-radius: var(--d-radius); background: var(--d-subtle); }
  .form--inline { padding: 0.75rem; margin-top: 0.5rem; background: var(--d-surface); }
  .form-grid { display: grid; gap: 0.75rem; grid-template-columns: minmax(0, 1fr); }
  @container (min-width: 36rem) {
    .form-grid--2 { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
    .form-grid--even { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  }
  .form-grid--top { align-items: start; }

  /* Notices */
  .note { display: flex; gap: 0.5rem; align-items: flex-start; padding: 0.6rem 0.85rem; border-radius: 6px; border: 1px solid var(--d-border); background: var(--d-subtle); font-size: 0.9375rem; }
  .note--error { border-color: #efc2bd; background: var(--d-red-bg); color: var(--d-red); }
  .note--info { border-color: #b9cbe6; background: var(--d-blue-bg); color: var(--d-blue); }
  .note--warning { border-color: #ecd3a5; background: var(--d-amber-bg); color: var(--d-amber); }
  .note--success { border-color: #b5d6c0; background: var(--d-green-bg); color: var(--d-green); }
  .icon { flex: none; width: 1em; height: 1em; vertical-align: -0.125em; }
  .note .icon { margin-top: 0.2em; }

  /* Badges */
  .badge { display: inline-flex; align-items: center; gap: 0.25rem; padding: 0.05rem 0.55rem; border-radius: 999px; font-size: 0.75rem; font-weight: 700; line-height: 1.6; background: #eef0f3; color: #3c4249; white-space: nowrap; }
  .badge--discussion { background: #eef0f3; color: #3c4249; }
  .badge--question { background: var(--d-blue-bg); color: var(--d-blue); }
  .badge--seminar { background: var(--d-green-bg); color: var(--d-green); }
  .badge--debate { background: #f3e8fb; color: #5a1f84; }
  .badge--pinned { background: var(--d-amber-bg); color: var(--d-amber); }
  .badge--locked, .badge--closed { background: var(--d-red-bg); color: var(--d-red); }
  .badge--endorsed { background: var(--d-green-bg); color: var(--d-green); }
  .badge--accepted { background: var(--d-green); color: #ffffff; }
  .badge--hidden { background: #3c4249; color: #ffffff; }
  .badge--flags { background: var(--d-amber-bg); color: var(--d-amber); }
  .badge--pro { background: var(--d-blue-bg); color: var(--d-pro); }
  .badge--con { background: #fbeee6; color: var(--d-con); }

  /* Thread list */
  [data-field="list-heading"] { font-size: 1rem; color: var(--d-muted); }
  .head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem; }
  .threads { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .thread-card {
    display: grid; gap: 0.35rem; padding: 0.85rem 1rem; border: 1px solid var(--d-border); border-radius: var(--d-radius);
    background: var(--d-surface); position: relative;
  }
  .thread-card:hover { border-color: #c4c9d0; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.06); }
  .thread-card--pinned { border-left: 4px solid #d89a1c; }
  .thread-card__title { font-size: 1.0625rem; font-weight: 700; color: var(--lms-text, #1f2328); text-decoration: none; }
  .thread-card__title:hover { color: var(--d-accent); text-decoration: underline; }
  .thread-card__title::after { content: ""; position: absolute; inset: 0; }
  .thread-card__title:focus-visible { outline: none; }
  .thread-card:focus-within { outline: 3px solid var(--d-accent); outline-offset: 2px; }
  .meta { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; color: var(--d-muted); font-size: 0.8125rem; }
  .meta > * { display: inline-flex; align-items: center; gap: 0.25rem; }
  .count { font-weight: 700; color: var(--lms-text, #1f2328); }
  .empty { padding: 1.5rem 1rem; text-align: center; border: 1px dashed var(--d-border); border-radius: var(--d-radius); color: var(--d-muted); }
  .pager { display: flex; flex-wrap: wrap; align-items: center; justify-content: center; gap: 0.75rem; }

  /* A thread */
  .back { justify-self: start; }
  .thread-head { display: grid; gap: 0.5rem; }
  .status-note { font-size: 0.9375rem; }
  .tools { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  details.mod { border: 1px solid var(--d-border); border-radius: var(--d-radius); background: var(--d-surface); }
  details.mod > summary { cursor: pointer; padding: 0.5rem 0.85rem; font-weight: 600; font-size: 0.9375rem; min-height: 2.5rem; display: flex; align-items: center; }
  details.mod > .form { border: 0; border-top: 1px solid var(--d-border); border-radius: 0 0 var(--d-radius) var(--d-radius); }
  .sort { display: inline-flex; border: 1px solid var(--d-control); border-radius: 6px; overflow: hidden; }
  .sort button { min-height: 2.25rem; padding: 0.25rem 0.85rem; border: 0; border-left: 1px solid var(--d-control); background: var(--d-surface); cursor: pointer; font-size: 0.875rem; font-weight: 600; }
  .sort button:first-child { border-left: 0; }
  .sort button[aria-pressed="true"] { background: var(--lms-text, #1f2328); color: #ffffff; }
  .posts { display: grid; gap: 0.75rem; }

  /* A post */
  .post { display: grid; grid-template-columns: 2.25rem minmax(0, 1fr); gap: 0 0.75rem; min-width: 0; }
  .post--top { padding: 1rem; border: 1px solid var(--d-border); border-radius: var(--d-radius); background: var(--d-surface); }
  .post--opening { border-width: 2px; }
  .post--accepted { border-color: var(--d-green); box-shadow: inset 4px 0 0 var(--d-green); }
  .post--hidden { background: #f1f2f4; border-style: dashed; }
  .post--hidden > .post__main > .html { color: #4d5156; font-style: italic; }
  .avatar {
    width: 2.25rem; height: 2.25rem; border-radius: 50%; display: grid; place-items: center; font-weight: 700; font-size: 0.9375rem;
    background: #e4e7eb; color: #3c4249;
  }
  .avatar--anonymous { background: #eceef1; color: #8a9099; }
  .post__main { min-width: 0; display: grid; gap: 0.4rem; }
  .byline { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.6rem; font-size: 0.875rem; }
  .byline .name { font-weight: 700; }
  .byline time, .byline .when { color: var(--d-muted); }
  .hidden-reason { font-size: 0.875rem; color: #3c4249; }
  .html { min-width: 0; line-height: 1.6; }
  .html > :first-child { margin-top: 0; }
  .html > :last-child { margin-bottom: 0; }
  .html p { margin: 0 0 0.5rem; }
  .html img, .html video { max-width: 100%; height: auto; }
  .html pre { max-width: 100%; overflow-x: auto; background: var(--d-subtle); padding: 0.5rem; border-radius: 4px; }
  .html table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
  .html td, .html th { border: 1px solid var(--d-border); padding: 0.25rem 0.5rem; }
  .html blockquote { margin: 0 0 0.5rem; padding-left: 0.75rem; border-left: 3px solid var(--d-border); color: var(--d-muted); }
  .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 0.125rem; margin-left: -0.6rem; }
  .vote { display: inline-flex; align-items: center; gap: 0; }
  .vote .score { min-width: 1.75rem; text-align: center; font-weight: 700; font-size: 0.9375rem; }
  .replies { display: grid; gap: 0.75rem; margin-top: 0.5rem; padding-left: 0.85rem; border-left: 2px solid var(--d-border); }
  @container (max-width: 30rem) {
    .post { grid-template-columns: minmax(0, 1fr); }
    .avatar { display: none; }
    .post--top { padding: 0.75rem; }
    .replies { padding-left: 0.6rem; }
  }

  /* Debate */
  .motion { padding: 1rem 1.25rem; border-radius: var(--d-radius); background: linear-gradient(90deg, var(--d-blue-bg), #fbeee6); border: 1px solid var(--d-border); }
  .motion__label { font-size: 0.75rem; font-weight: 700; letter-spacing: 0.06em; text-transform: uppercase; color: var(--d-muted); }
  .motion__text { font-size: 1.25rem; font-weight: 700; line-height: 1.35; margin-top: 0.25rem; }
  .panel { padding: 0.85rem 1rem; border: 1px solid var(--d-border); border-radius: var(--d-radius); background: var(--d-surface); display: grid; gap: 0.6rem; }
  .groups { list-style: none; margin: 0; padding: 0; }
  .timeline { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .round { display: grid; gap: 0.35rem; padding: 0.6rem 0.75rem; border-radius: 6px; border: 1px solid var(--d-border); border-left-width: 4px; }
  .round--open { border-left-color: var(--d-green); background: var(--d-green-bg); }
  .round--closed { border-left-color: #9aa0a6; }
  .round--upcoming { border-left-color: var(--d-blue); }
  .round__scores { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.875rem; }
  .state { font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
  .tabs { display: none; border-bottom: 1px solid var(--d-border); }
  .tabs [role="tab"] { flex: 1; min-height: 2.75rem; border: 0; border-bottom: 3px solid transparent; background: none; font-weight: 700; cursor: pointer; }
  .tabs [role="tab"][aria-selected="true"] { border-bottom-color: var(--d-accent); color: var(--d-accent); }
  .sides { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; }
  .side { display: grid; gap: 0.75rem; min-width: 0; padding: 0.75rem; border-radius: var(--d-radius); border-top: 4px solid var(--d-pro); background: #f7f9fc; }
  .side--con { border-top-color: var(--d-con); background: #fcf8f5; }
  .side__head { display: grid; gap: 0.25rem; }
  .side__label { font-size: 1.0625rem; font-weight: 700; }
  .side--pro .side__label { color: var(--d-pro); }
  .side--con .side__label { color: var(--d-con); }
  .round-group { display: grid; gap: 0.5rem; }
  /* In a side's column the side and the round are its headings already. */
  .side .byline :is(.badge--pro, .badge--con, [data-field="round"]) { display: none; }
  .round-group > h5 { margin: 0; font-size: 0.8125rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--d-muted); }
  .bars { display: grid; gap: 0.4rem; }
  .bar { display: grid; grid-template-columns: 5.5rem minmax(0, 1fr) 3.5rem; gap: 0.5rem; align-items: center; font-size: 0.875rem; }
  .bar__track { height: 0.75rem; border-radius: 999px; overflow: hidden; display: flex; background: #eceef1; }
  .bar__pro { background: var(--d-pro); }
  .bar__con { background: var(--d-con); }
  @container (max-width: 40rem) {
    .tabs { display: flex; }
    .sides { grid-template-columns: minmax(0, 1fr); }
    .side[data-inactive] { display: none; }
  }
`;
