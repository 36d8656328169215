// Styles of <lms-quiz>: cards like a modern LMS quiz, a sticky bar with the time left and the save
// status, large touch targets, a visible focus ring, and no motion for those who ask for none.
import { css } from "lit";

export const quizStyles = css`
  :host {
    --quiz-accent: var(--lms-accent, #b71c1c);
    --quiz-on-accent: var(--lms-on-accent, #ffffff);
    --quiz-border: var(--lms-border, #d0d4d9);
    --quiz-control-border: #767b82;
    --quiz-surface: var(--lms-surface, #ffffff);
    --quiz-subtle: #f5f6f8;
    --quiz-right: var(--lms-success, #1b5e20);
    --quiz-right-bg: #e8f3ea;
    --quiz-wrong: #a3231b;
    --quiz-wrong-bg: #fbebe9;
    --quiz-partial: #7a4a00;
    --quiz-partial-bg: #fdf2de;
    --quiz-pending: #1d4f91;
    --quiz-pending-bg: #e8f0fb;
    --quiz-radius: var(--lms-radius, 8px);
    overflow-wrap: anywhere;
  }
  .quiz { display: grid; gap: 1.25rem; min-width: 0; }
  h2, h3 { line-height: 1.3; margin: 0; }
  h2 { font-size: 1.5rem; }
  h3 { font-size: 1.0625rem; }
  h2:focus, h3:focus, [tabindex="-1"]:focus { outline: none; }
  h2:focus-visible, h3:focus-visible, [tabindex="-1"]:focus-visible {
    outline: 3px solid var(--quiz-accent);
    outline-offset: 3px;
    border-radius: 2px;
  }
  p { margin: 0; }
  .small { font-size: 0.875rem; }
  .html { min-width: 0; }
  .html > :first-child { margin-top: 0; }
  .html > :last-child { margin-bottom: 0; }
  .html p { margin: 0 0 0.5rem; }
  .html img, .html video { max-width: 100%; height: auto; }
  .html table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
  .html pre { max-width: 100%; overflow-x: auto; }
  .html td, .html th { border: 1px solid var(--quiz-border); padding: 0.25rem 0.5rem; }
  .icon { flex: none; width: 1em; height: 1em; vertical-align: -0.125em; }

  /* Buttons */
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375rem;
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border: 1px solid var(--quiz-control-border);
    border-radius: 6px;
    background: var(--quiz-surface);
    color: var(--lms-text, #1f2328);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    text-align: center;
  }
  .button:hover:not(:disabled) { background: var(--quiz-subtle); }
  .button--primary { border-color: var(--quiz-accent); background: var(--quiz-accent); color: var(--quiz-on-accent); }
  .button--primary:hover:not(:disabled) { background: #8e1515; }
  .button:disabled { cursor: not-allowed; border-color: #c4c7cc; background: #eceef1; color: #4d5156; }
  .link-button {
    justify-self: start;
    padding: 0.25rem 0;
    border: 0;
    background: none;
    color: var(--quiz-accent);
    font: inherit;
    font-size: 0.9375rem;
    text-decoration: underline;
    cursor: pointer;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 2.5rem;
    height: 2.5rem;
    border: 1px solid var(--quiz-control-border);
    border-radius: 6px;
    background: var(--quiz-surface);
    color: var(--lms-text, #1f2328);
    cursor: pointer;
  }
  .icon-button .icon { width: 1.125rem; height: 1.125rem; }
  .icon-button:disabled { cursor: default; border-color: #d5d8dc; color: #a2a6ab; }
  .icon-button:hover:not(:disabled) { background: var(--quiz-subtle); }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible {
    outline: 3px solid var(--quiz-accent);
    outline-offset: 2px;
  }
  .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem; }

  /* Notices */
  .note {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    padding: 0.75rem 1rem;
    border-radius: var(--quiz-radius);
    border: 1px solid var(--quiz-border);
    background: var(--quiz-subtle);
  }
  .note .icon { margin-top: 0.2em; }
  .note--info { border-color: #b9cbe6; background: var(--quiz-pending-bg); color: var(--quiz-pending); }
  .note--warning { border-color: #ecd3a5; background: var(--quiz-partial-bg); color: var(--quiz-partial); }
  .note--error { border-color: #efc2bd; background: var(--quiz-wrong-bg); color: var(--quiz-wrong); }

  /* Summary */
  .eyebrow { color: var(--lms-muted, #5f6368); font-size: 0.875rem; font-weight: 600; letter-spacing: 0.02em; }
  .head { display: grid; gap: 0.25rem; }
  .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 0; }
  .fact {
    display: grid;
    gap: 0.125rem;
    align-content: start;
    padding: 0.625rem 0.875rem;
    border: 1px solid var(--quiz-border);
    border-radius: var(--quiz-radius);
    background: var(--quiz-surface);
  }
  .fact dt { color: var(--lms-muted, #5f6368); font-size: 0.8125rem; }
  .fact dd { margin: 0; font-weight: 600; }
  .result {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1.25rem;
    padding: 1rem 1.25rem;
    border: 1px solid var(--quiz-border);
    border-radius: var(--quiz-radius);
    background: var(--quiz-subtle);
  }
  .result__figure { display: grid; gap: 0.125rem; }
  .result__label { color: var(--lms-muted, #5f6368); font-size: 0.8125rem; }
  .result__value { font-size: 1.375rem; font-weight: 700; }
  .result__note { flex-basis: 100%; }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    padding: 0.125rem 0.625rem;
    border-radius: 999px;
    font-size: 0.875rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .badge--right { background: var(--quiz-right-bg); color: var(--quiz-right); }
  .badge--wrong { background: var(--quiz-wrong-bg); color: var(--quiz-wrong); }
  .badge--partial { background: var(--quiz-partial-bg); color: var(--quiz-partial); }
  .badge--unanswered { background: #eceef1; color: #44484d; }
  .badge--needs_grading, .badge--pending { background: var(--quiz-pending-bg); color: var(--quiz-pending); }
  .attempts { display: grid; gap: 0.5rem; }
  .attempts ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .attempt-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
    padding: 0.625rem 1rem;
    border: 1px solid var(--quiz-border);
    border-radius: var(--quiz-radius);
  }
  .attempt-row__name { font-weight: 600; }
  .attempt-row__spacer { flex: 1 1 auto; }
  .attempt-row .button { min-height: 2.25rem; padding: 0.25rem 0.875rem; }
  .start { display: grid; gap: 0.5rem; justify-items: start; }
  .refusal { color: var(--quiz-wrong); font-weight: 600; }

  /* Attempt bar */
  .bar {
    position: sticky;
    top: 0;
    z-index: 2;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.375rem 1rem;
    padding: 0.5rem 0.875rem;
    border: 1px solid var(--quiz-border);
    border-radius: var(--quiz-radius);
    background: var(--quiz-surface);
    box-shadow: 0 2px 6px rgba(0, 0, 0, 0.06);
  }
  .countdown {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.25rem 0.75rem;
    border-radius: 999px;
    background: var(--quiz-subtle);
    font-variant-numeric: tabular-nums;
  }
  .countdown strong { font-size: 1.0625rem; }
  .countdown--low { background: var(--quiz-partial-bg); color: var(--quiz-partial); }
  .countdown--last { background: var(--quiz-wrong-bg); color: var(--quiz-wrong); }
  .save-status { display: inline-flex; align-items: center; gap: 0.375rem; font-size: 0.875rem; color: var(--lms-muted, #5f6368); min-height: 1.5rem; }
  .save-status[data-save="saved"] { color: var(--quiz-right); }
  .save-status[data-save="retrying"], .save-status[data-save="failed"] { color: var(--quiz-wrong); font-weight: 600; }

  /* Questions */
  .questions { display: grid; gap: 1.25rem; }
  .question {
    display: grid;
    gap: 0.875rem;
    min-width: 0;
    padding: 1.125rem 1.25rem 1.25rem;
    border: 1px solid var(--quiz-border);
    border-radius: var(--quiz-radius);
    background: var(--quiz-surface);
    scroll-margin-top: 5rem;
  }
  .question--error { border-color: var(--quiz-wrong); box-shadow: 0 0 0 1px var(--quiz-wrong); }
  .question--description { background: var(--quiz-subtle); }
  .question__head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem 0.75rem;
    padding-bottom: 0.625rem;
    border-bottom: 1px solid var(--quiz-border);
  }
  .question__head h3 { margin-right: auto; scroll-margin-top: 5rem; }
  .question__meta { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.375rem 0.75rem; font-size: 0.875rem; }
  .question__answered { color: var(--lms-muted, #5f6368); }
  .question__answered--yes { color: var(--quiz-right); }
  .question__error {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    color: var(--quiz-wrong);
    font-weight: 600;
  }
  .question__error .icon { margin-top: 0.2em; }

  fieldset { margin: 0; padding: 0; border: 0; min-width: 0; display: grid; gap: 0.5rem; }
  legend { padding: 0; margin-bottom: 0.5rem; font-size: 0.9375rem; color: var(--lms-muted, #5f6368); }
  .option {
    display: flex;
    align-items: flex-start;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    min-height: 2.75rem;
    padding: 0.625rem 0.875rem;
    border: 1px solid var(--quiz-border);
    border-radius: 6px;
    cursor: pointer;
    background: var(--quiz-surface);
  }
  .option:hover:not(.option--disabled) { border-color: var(--quiz-control-border); background: var(--quiz-subtle); }
  .option--checked { border-color: #5f6368; background: var(--quiz-subtle); box-shadow: inset 3px 0 0 var(--quiz-accent); }
  .option--right { border-color: var(--quiz-right); background: var(--quiz-right-bg); box-shadow: inset 3px 0 0 var(--quiz-right); }
  .option--wrong { border-color: var(--quiz-wrong); background: var(--quiz-wrong-bg); box-shadow: inset 3px 0 0 var(--quiz-wrong); }
  .option--disabled { cursor: default; }
  .option input { flex: none; width: 1.125rem; height: 1.125rem; margin: 0.15rem 0 0; accent-color: var(--quiz-accent); }
  .option__text { flex: 1 1 12rem; min-width: 0; }
  .tag {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    font-size: 0.8125rem;
    font-weight: 600;
    padding: 0.0625rem 0.5rem;
    border-radius: 999px;
    align-self: center;
  }
  .tag--right { background: var(--quiz-right-bg); color: var(--quiz-right); }
  .tag--wrong { background: var(--quiz-wrong-bg); color: var(--quiz-wrong); }
  .tag--chosen { background: #eceef1; color: #33373c; }

  .field { display: grid; gap: 0.375rem; }
  label { font-weight: 600; }
  .option, .option * { font-weight: normal; }
  .text-input, .select, .essay, .blank {
    font: inherit;
    color: var(--lms-text, #1f2328);
    background: var(--quiz-surface);
    border: 1px solid var(--quiz-control-border);
    border-radius: 6px;
  }
  .text-input { width: 100%; max-width: 28rem; min-height: 2.75rem; padding: 0.5rem 0.75rem; }
  .text-input--number { max-width: 14rem; }
  .select { width: 100%; min-height: 2.75rem; padding: 0.375rem 0.5rem; }
  .essay { width: 100%; min-height: 12rem; padding: 0.625rem 0.75rem; line-height: 1.6; resize: vertical; }
  .blank { width: 9em; max-width: 100%; min-height: 2.25rem; padding: 0.125rem 0.5rem; margin: 0.125rem 0.125rem; }
  input:disabled, select:disabled, textarea:disabled { background: var(--quiz-subtle); color: var(--lms-text, #1f2328); opacity: 1; }
  .hint { font-size: 0.875rem; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; }
  .words--outside { color: var(--quiz-wrong); font-weight: 600; }
  .blanks { line-height: 2.25; }
  .blanks-extra { display: flex; flex-wrap: wrap; gap: 0.5rem; }

  .matching { display: grid; gap: 0.75rem; }
  .pair {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 0.5rem 1rem;
    align-items: center;
    padding: 0.625rem 0.875rem;
    border: 1px solid var(--quiz-border);
    border-radius: 6px;
  }
  .pair__answer { display: grid; gap: 0.375rem; justify-items: start; }

  .ordering { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .ordering__item {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding: 0.5rem 0.5rem 0.5rem 0.75rem;
    border: 1px solid var(--quiz-border);
    border-radius: 6px;
    background: var(--quiz-surface);
  }
  .ordering__position {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 1.75rem;
    height: 1.75rem;
    border-radius: 50%;
    background: var(--quiz-subtle);
    font-weight: 700;
    font-size: 0.875rem;
  }
  .ordering__text { flex: 1 1 auto; }
  .ordering__buttons { flex: none; display: inline-flex; gap: 0.375rem; }

  .review-details { display: grid; gap: 0.75rem; }
  .box { display: grid; gap: 0.375rem; padding: 0.75rem 1rem; border-radius: 6px; border-left: 4px solid var(--quiz-border); background: var(--quiz-subtle); }
  .box__title { display: inline-flex; align-items: center; gap: 0.375rem; font-weight: 700; font-size: 0.9375rem; }
  .box--right { border-left-color: var(--quiz-right); background: var(--quiz-right-bg); }
  .box--right .box__title { color: var(--quiz-right); }
  .box--feedback { border-left-color: var(--quiz-pending); background: var(--quiz-pending-bg); }
  .comment { white-space: pre-wrap; }

  /* Submit */
  .finish {
    display: grid;
    gap: 0.75rem;
    padding: 1.125rem 1.25rem;
    border: 1px solid var(--quiz-border);
    border-radius: var(--quiz-radius);
    background: var(--quiz-subtle);
  }
  .confirm__message { font-weight: 700; font-size: 1.0625rem; }
  .confirm__list { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }

  @media (max-width: 36rem) {
    h2 { font-size: 1.3125rem; }
    .question { padding: 0.875rem 0.875rem 1rem; }
    .pair { grid-template-columns: minmax(0, 1fr); }
    .bar { padding: 0.375rem 0.625rem; }
    .attempt-row__spacer { display: none; }
    .button { width: 100%; }
    .attempt-row .button { width: auto; }
  }
  @media (prefers-reduced-motion: no-preference) {
    .option, .button, .icon-button, .countdown { transition: background-color 0.15s ease, border-color 0.15s ease; }
  }
`;
