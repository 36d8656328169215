// <lms-video-upload> custom element: sends the video of the form it sits in through the resumable
// (tus) upload API, with progress, pause/resume, resuming an interrupted upload and the server's errors.
import { css, html, nothing, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { DetailedError, Upload, isSupported, type PreviousUpload } from "tus-js-client";
import { csrfHeaders } from "../lib/api";
import { LmsElement, define } from "../lib/element";
import { formatNumber, gettext, interpolate } from "../lib/i18n";

/** Where an upload is: nothing chosen yet, sending, paused by the user, finished, or stopped by an error. */
export type UploadState = "idle" | "uploading" | "paused" | "done" | "error";

/** Detail of the `lms-video-uploaded` event (and of the server's `Lms-Video-Id` / `Lms-Video-Url` headers). */
export interface UploadedVideo {
  id: string | null;
  url: string | null;
}

const DEFAULT_ENDPOINT = "/api/v1/videos/uploads/";
/** Bytes per PATCH: a proxy in front must accept a body this large (nginx `client_max_body_size`). */
const DEFAULT_CHUNK_BYTES = 50 * 1024 * 1024;
/**
 * Waits between attempts after a network failure, a 409 or a 423. They add up to over a minute: a request
 * cut off mid-body may hold the upload (423) until the server notices, or its lease lapses after 60 s.
 */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000];

function megabytes(bytes: number): string {
  return formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}

/** The file name without its extension, as the server's default title. */
function stem(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The API's translated `detail` from an error answer, if there is one. */
function serverDetail(error: unknown): string | null {
  if (!(error instanceof DetailedError) || !error.originalResponse) return null;
  try {
    const body = JSON.parse(error.originalResponse.getBody()) as unknown;
    if (body && typeof body === "object" && "detail" in body) {
      const detail = (body as { detail: unknown }).detail;
      return typeof detail === "string" && detail ? detail : null;
    }
  } catch {
    // not JSON: a proxy's error page
  }
  return null;
}

function statusOf(error: unknown): number {
  return error instanceof DetailedError && error.originalResponse ? error.originalResponse.getStatus() : 0;
}

/**
 * Put it inside the video form (`title`, `collection` and a file input named by `file-field`). When the form is
 * submitted with a file chosen, the widget sends the file with tus-js-client instead of posting the form, in
 * PATCHes of `chunk-size` bytes, and goes to `done-url` once the video is made. Without JavaScript, or where
 * tus cannot run, the form posts as usual.
 */
export class LmsVideoUpload extends LmsElement {
  static override styles = [
    LmsElement.styles,
    css`
      :host { margin: 1rem 0; }
      .panel {
        display: grid;
        gap: 0.5rem;
        max-width: 40rem;
        padding: 0.75rem 1rem;
        border: 1px solid var(--lms-border, #e0e0e0);
        border-radius: var(--lms-radius, 8px);
        background: var(--lms-surface, #ffffff);
      }
      progress { width: 100%; height: 0.875rem; accent-color: var(--lms-accent, #b71c1c); }
      .figures { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 1rem; }
      .percent { font-weight: 600; font-variant-numeric: tabular-nums; }
      .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
      button {
        font: inherit;
        padding: 0.3rem 0.875rem;
        border-radius: 6px;
        border: 1px solid var(--lms-accent, #b71c1c);
        background: var(--lms-surface, #ffffff);
        color: var(--lms-accent, #b71c1c);
        cursor: pointer;
      }
      button.primary { background: var(--lms-accent, #b71c1c); color: var(--lms-on-accent, #ffffff); }
      button:focus-visible { outline: 2px solid var(--lms-text, #1f2328); outline-offset: 2px; }
      .error { color: var(--lms-error, #b3261e); }
      .note { margin: 0; font-size: 0.9375rem; }
    `,
  ];

  /** The tus creation address (`endpoint`). */
  @property() accessor endpoint = DEFAULT_ENDPOINT;
  /** Where to go once the video is made (`done-url`): the library, where its processing shows. */
  @property({ attribute: "done-url" }) accessor doneUrl: string | null = null;
  /** The largest file the server takes (`max-bytes`), to refuse a larger one before sending anything. */
  @property({ attribute: "max-bytes", type: Number }) accessor maxBytes = 0;
  /** Bytes per PATCH (`chunk-size`). */
  @property({ attribute: "chunk-size", type: Number }) accessor chunkSize = DEFAULT_CHUNK_BYTES;
  /** The name of the form's file input (`file-field`). */
  @property({ attribute: "file-field" }) accessor fileField = "original";

  @state() private accessor sent = 0;
  @state() private accessor total = 0;
  @state() private accessor message: string | null = null;
  @state() private accessor resumable = false;

  private form: HTMLFormElement | null = null;
  private upload: Upload | null = null;
  /** The title the widget filled in from the file name (replaced when another file is chosen). */
  private filledTitle: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.form = this.closest("form");
    if (!isSupported || !this.form) return; // the plain form does the job
    this.state = "idle";
    this.form.addEventListener("submit", this.onSubmit);
    this.fileInput()?.addEventListener("change", this.onFileChosen);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.form?.removeEventListener("submit", this.onSubmit);
    this.fileInput()?.removeEventListener("change", this.onFileChosen);
    window.removeEventListener("beforeunload", this.onLeave);
    void this.upload?.abort();
  }

  /** Pause the upload under way (it resumes where it stopped). */
  pause(): void {
    if (this.state !== "uploading" || !this.upload) return;
    void this.upload.abort();
    this.setUploading(false);
    this.state = "paused";
  }

  /** Resume a paused or failed upload: tus asks the server where it stands and goes on from there. */
  resume(): void {
    if ((this.state !== "paused" && this.state !== "error") || !this.upload) return;
    this.message = null;
    this.setUploading(true);
    this.upload.start();
  }

  /** Give the upload up: the server removes what it received. */
  async cancel(): Promise<void> {
    const upload = this.upload;
    this.upload = null;
    this.setUploading(false);
    this.state = "idle";
    this.sent = 0;
    this.total = 0;
    if (upload) await upload.abort(true).catch(() => undefined);
  }

  private fileInput(): HTMLInputElement | null {
    return this.form?.querySelector<HTMLInputElement>(`input[type="file"][name="${this.fileField}"]`) ?? null;
  }

  private field(name: string): HTMLInputElement | HTMLSelectElement | null {
    return this.form?.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`) ?? null;
  }

  private chosenFile(): File | null {
    return this.fileInput()?.files?.[0] ?? null;
  }

  private readonly onFileChosen = (): void => {
    const file = this.chosenFile();
    this.message = null;
    this.resumable = false;
    if (this.state === "error" || this.state === "done") this.state = "idle";
    if (!file) return;
    const title = this.field("title");
    if (title && (!title.value || title.value === this.filledTitle)) {
      title.value = stem(file.name);
      this.filledTitle = title.value;
    }
    if (this.tooLarge(file)) return;
    // An upload of this very file (name, type, size, date) interrupted earlier, in this browser?
    void new Upload(file, { endpoint: this.endpoint })
      .findPreviousUploads()
      .then((previous) => {
        if (this.chosenFile() === file) this.resumable = previous.length > 0;
      })
      .catch(() => undefined);
  };

  private readonly onSubmit = (event: SubmitEvent): void => {
    const file = this.chosenFile();
    if (!file) return; // the form says what is missing
    event.preventDefault();
    if (this.state === "uploading") return;
    if (this.tooLarge(file)) return;
    void this.start(file);
  };

  private readonly onLeave = (event: BeforeUnloadEvent): void => {
    event.preventDefault();
  };

  private tooLarge(file: File): boolean {
    if (!this.maxBytes || file.size <= this.maxBytes) return false;
    this.state = "error";
    this.message = interpolate(
      gettext("The file is larger than the %(limit)s MB allowed."),
      { limit: formatNumber(Math.floor(this.maxBytes / (1024 * 1024))) },
      true,
    );
    return true;
  }

  private metadata(file: File): Record<string, string> {
    const metadata: Record<string, string> = { filename: file.name, filetype: file.type };
    const title = this.field("title")?.value.trim();
    const collection = this.field("collection")?.value;
    if (title) metadata.title = title;
    if (collection) metadata.collection = collection;
    return metadata;
  }

  private async start(file: File): Promise<void> {
    this.message = null;
    this.sent = 0;
    this.total = file.size;
    const upload = new Upload(file, {
      endpoint: this.endpoint,
      chunkSize: this.chunkSize,
      retryDelays: RETRY_DELAYS,
      metadata: this.metadata(file),
      headers: csrfHeaders(new URL(this.endpoint, location.href).href),
      // The address is kept in this browser (localStorage) until the upload succeeds, so a closed tab or a
      // lost connection resumes where the server stands.
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => {
        this.sent = sent;
        this.total = total;
      },
      onSuccess: ({ lastResponse }) => {
        this.finished({
          id: lastResponse.getHeader("Lms-Video-Id") ?? null,
          url: lastResponse.getHeader("Lms-Video-Url") ?? null,
        });
      },
      onError: (error) => this.failed(error),
    });
    this.upload = upload;
    this.setUploading(true);
    try {
      const previous: PreviousUpload[] = await upload.findPreviousUploads();
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
    } catch {
      // no stored address: a new upload
    }
    if (this.upload === upload) upload.start();
  }

  private finished(video: UploadedVideo): void {
    this.setUploading(false);
    this.sent = this.total;
    this.state = "done";
    this.resumable = false;
    this.dispatchEvent(new CustomEvent<UploadedVideo>("lms-video-uploaded", { detail: video, bubbles: true, composed: true }));
    if (this.doneUrl) window.location.assign(this.doneUrl);
  }

  private failed(error: Error): void {
    this.setUploading(false);
    this.state = "error";
    const status = statusOf(error);
    const detail = serverDetail(error);
    if (detail) {
      this.message = detail;
    } else if (status === 0) {
      this.message = gettext("The connection to the server was lost. Resume when it is back: the upload goes on where it stopped.");
    } else {
      this.message = interpolate(gettext("The server refused the upload (error %(status)s)."), { status }, true);
    }
    // A refusal of the file itself (too large, not a video) removed the upload on the server: start afresh.
    if (status >= 400 && status < 500 && status !== 409 && status !== 423) this.upload = null;
  }

  private setUploading(on: boolean): void {
    if (on) {
      this.state = "uploading";
      window.addEventListener("beforeunload", this.onLeave);
    } else {
      window.removeEventListener("beforeunload", this.onLeave);
    }
    this.form?.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[type="submit"]').forEach((button) => {
      button.disabled = on;
    });
    const input = this.fileInput();
    if (input) input.disabled = on;
  }

  protected override render(): TemplateResult | typeof nothing {
    const state = this.state as UploadState | undefined;
    if (!state) return nothing; // not enhanced: the plain form
    if (state === "idle") {
      return this.resumable
        ? html`<p class="note" data-field="resumable" role="status">${gettext(
            "An earlier upload of this file was interrupted: it will go on where it stopped.",
          )}</p>`
        : nothing;
    }
    const percent = this.total ? Math.floor((100 * this.sent) / this.total) : 0;
    return html`<div class="panel" part="panel" data-state=${state}>
      ${state === "error"
        ? html`<p class="message error" data-field="message" role="alert">${this.message}</p>`
        : html`<p class="message" role="status" aria-live="polite" data-field="status">${this.statusText(state)}</p>`}
      ${this.total
        ? html`<progress max="100" .value=${percent} aria-label=${gettext("Upload progress")}>${percent}%</progress>
            <div class="figures muted">
              <span class="percent" data-field="percent">${formatNumber(percent)}%</span>
              <span data-field="bytes">${interpolate(
                gettext("%(sent)s of %(total)s MB"),
                { sent: megabytes(this.sent), total: megabytes(this.total) },
                true,
              )}</span>
            </div>`
        : nothing}
      ${this.renderActions(state)}
    </div>`;
  }

  private statusText(state: UploadState): string {
    switch (state) {
      case "uploading":
        return gettext("Uploading… You can pause and resume, even after closing this page.");
      case "paused":
        return gettext("Paused. Resume to go on where it stopped.");
      case "done":
        return gettext("Uploaded. The video is queued for processing.");
      default:
        return "";
    }
  }

  private renderActions(state: UploadState): TemplateResult | typeof nothing {
    const cancel = html`<button type="button" data-action="cancel" @click=${() => void this.cancel()}>${gettext("Cancel upload")}</button>`;
    switch (state) {
      case "uploading":
        return html`<div class="actions"><button type="button" data-action="pause" @click=${() => this.pause()}>${gettext("Pause")}</button>${cancel}</div>`;
      case "paused":
        return html`<div class="actions"><button type="button" class="primary" data-action="resume" @click=${() => this.resume()}>${gettext("Resume")}</button>${cancel}</div>`;
      case "error":
        return this.upload
          ? html`<div class="actions"><button type="button" class="primary" data-action="resume" @click=${() => this.resume()}>${gettext("Resume")}</button>${cancel}</div>`
          : nothing;
      default:
        return nothing;
    }
  }
}

define("lms-video-upload", LmsVideoUpload);

declare global {
  interface HTMLElementTagNameMap {
    "lms-video-upload": LmsVideoUpload;
  }
}
