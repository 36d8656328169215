// <lms-video-player> custom element: plays a lecture video from /api/v1/videos/{id}/ (HLS through hls.js,
// the browser's own HLS, or the MP4 fallback) with quality, captions, a capped speed, resume, an optional
// seek lock, and heartbeats of the ranges played so the server can credit what was really watched.
import Hls, { type ErrorData, type Level } from "hls.js";
import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { ApiError, apiGet, apiSend, isAbortError } from "../lib/api";
import { LmsElement, define } from "../lib/element";
import { formatNumber, gettext, interpolate } from "../lib/i18n";

/** A span of the video in seconds, [start, end]. */
export type TimeSpan = [number, number];

export interface VideoPlayback {
  hls: string;
  mp4: string;
  expires_at: string;
}

export interface VideoRendition {
  name: string;
  width: number;
  height: number;
  kbps: number;
}

export interface VideoCaption {
  language: string;
  label: string;
  cues: number;
  url: string;
}

export interface VideoHeartbeat {
  url: string;
  token: string;
  interval: number;
}

export interface VideoWatch {
  position: number;
  watched: TimeSpan[];
  watched_seconds: number;
  share: number;
  required_share: number;
  completed: boolean;
  heartbeat: VideoHeartbeat;
}

/** Shape of `GET /api/v1/videos/{id}/?lecture={id}`. `watch` is null when nothing is recorded. */
export interface VideoResource {
  id: number;
  title: string;
  status: "ready" | "queued" | "processing" | "failed" | "uploaded";
  status_label: string;
  progress: number;
  error: string;
  duration: number;
  poster: string | null;
  playback: VideoPlayback | null;
  renditions: VideoRendition[];
  captions: VideoCaption[];
  max_playback_rate: number;
  lock_seeking: boolean;
  watch: VideoWatch | null;
}

/** Answer of the heartbeat POST; also the `detail` of the `lms-video-progress` event. */
export interface HeartbeatResult {
  watched: TimeSpan[];
  watched_seconds: number;
  share: number;
  completed: boolean;
  credited: number;
  position: number;
}

export type BeatState = "playing" | "paused" | "hidden" | "ended";
export type PlayerState = "loading" | "ready" | "processing" | "error";
export type Engine = "hls.js" | "native" | "mp4";

const RATES = [0.75, 1, 1.25, 1.5, 2];
const POLL_MS = 5000;
const SEEK_STEP = 5;
/** Seconds past the furthest point watched that a locked video still lets one seek to. */
const LOCK_SLACK = 2;
/** Resume only when the last position is this far from either end. */
const RESUME_MARGIN = 5;
/** Consecutive failed heartbeats before the small "not saved" note shows. */
const FAILURES_SHOWN = 3;
/** A second expired address this soon after a renewal is not an expiry: playback has failed. */
const RENEW_GUARD_MS = 30000;
const CAPTIONS_KEY = "lms-video-captions";
const HLS_TYPE = "application/vnd.apple.mpegurl";

const round1 = (seconds: number): number => Math.round(seconds * 10) / 10;

/** The ranges of a TimeRanges object, rounded to 0.1 s, leaving out those that round to nothing. */
function spans(ranges: TimeRanges): TimeSpan[] {
  const out: TimeSpan[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const span: TimeSpan = [round1(ranges.start(i)), round1(ranges.end(i))];
    if (span[1] > span[0]) out.push(span);
  }
  return out;
}

/** The furthest end among spans (0 for none). */
function furthest(...lists: TimeSpan[][]): number {
  return Math.max(0, ...lists.flat().map((span) => span[1]));
}

/** "1:05", "1:02:03". */
function formatTime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => formatNumber(n, { minimumIntegerDigits: 2, useGrouping: false });
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${formatNumber(h)}:${two(m)}:${two(s)}` : `${formatNumber(m)}:${two(s)}`;
}

const formatRate = (rate: number): string => `${formatNumber(rate)}×`;
const formatShare = (share: number): string =>
  formatNumber(Math.max(0, Math.min(1, share || 0)), { style: "percent", maximumFractionDigits: 0 });

function storedCaptions(): string | null {
  try {
    return localStorage.getItem(CAPTIONS_KEY);
  } catch {
    return null; // storage disabled
  }
}

function storeCaptions(language: string): void {
  try {
    localStorage.setItem(CAPTIONS_KEY, language || "off");
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/** What the `<video>` plays from: replaced only when the source is (re)loaded. */
interface Sources {
  playback: VideoPlayback;
  poster: string | null;
  captions: VideoCaption[];
}

/** Body of the heartbeat POST. */
interface Beat {
  token: string;
  position: number;
  played: TimeSpan[];
  state: BeatState;
  rate: number;
}

type Notice = { kind: "resumed"; at: number } | { kind: "locked" } | { kind: "rate"; max: number };

interface QualityLevel {
  index: number;
  height: number;
}

export class LmsVideoPlayer extends LmsElement {
  static override styles = [
    LmsElement.styles,
    css`
      .player { display: grid; gap: 0.5rem; min-width: 0; }
      .frame {
        position: relative;
        width: 100%;
        max-height: 80vh;
        background: #000;
        border-radius: var(--lms-radius, 8px);
        overflow: hidden;
      }
      video { display: block; width: 100%; height: 100%; object-fit: contain; background: #000; }
      video:focus-visible { outline: 3px solid var(--lms-accent, #b71c1c); outline-offset: -3px; }
      .notice {
        position: absolute;
        top: 0.5rem;
        left: 0.5rem;
        right: 0.5rem;
        display: flex;
        justify-content: flex-start;
        pointer-events: none;
      }
      .notice > div {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 0.75rem;
        max-width: 100%;
        padding: 0.375rem 0.75rem;
        border-radius: 6px;
        background: rgba(0, 0, 0, 0.75);
        color: #fff;
        font-size: 0.9375rem;
        pointer-events: auto;
      }
      .notice button {
        font: inherit;
        font-weight: 600;
        padding: 0.125rem 0.625rem;
        border: 1px solid #fff;
        border-radius: 4px;
        background: transparent;
        color: #fff;
        cursor: pointer;
      }
      .notice button:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }
      .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; }
      .toolbar label { display: inline-flex; align-items: center; gap: 0.375rem; font-size: 0.9375rem; }
      select {
        font: inherit;
        min-height: 2rem;
        padding: 0.125rem 0.375rem;
        border: 1px solid var(--lms-border, #c4c7c5);
        border-radius: 6px;
        background: var(--lms-surface, #ffffff);
        color: var(--lms-text, #1f2328);
      }
      select:focus-visible { outline: 2px solid var(--lms-accent, #b71c1c); outline-offset: 2px; }
      .watch { display: grid; gap: 0.25rem; font-size: 0.9375rem; }
      .watch.done strong { color: var(--lms-success, #1b5e20); }
      progress {
        display: block;
        width: 100%;
        height: 0.5rem;
        accent-color: var(--lms-accent, #b71c1c);
      }
      .watch.done progress { accent-color: var(--lms-success, #1b5e20); }
      .unsaved { font-size: 0.875rem; }
      .waiting { display: grid; gap: 0.5rem; padding: 1rem; border: 1px solid var(--lms-border, #e0e0e0);
        border-radius: var(--lms-radius, 8px); background: var(--lms-surface, #ffffff); }
    `,
  ];

  /** `GET` URL of the video (`api` attribute), e.g. `/api/v1/videos/5/?lecture=12`. */
  @property() accessor api = "";

  /** `auto` (hls.js, else the browser's HLS, else MP4), `native` (the browser's HLS when it has it) or `mp4`. */
  @property() accessor engine: "auto" | "native" | "mp4" = "auto";

  /** Start muted (`muted` attribute): lets a page or a test start playback without a user gesture. */
  @property({ type: Boolean }) accessor muted = false;

  @state() private accessor view: PlayerState = "loading";
  /** The video as last fetched, its `watch` kept up to date by the heartbeat answers. */
  @state() private accessor resource: VideoResource | null = null;
  @state() private accessor sources: Sources | null = null;
  @state() private accessor failure: { message: string; detail: string } | null = null;
  @state() private accessor levels: QualityLevel[] = [];
  /** The height chosen in the quality menu (kept across reloads), or -1 for Auto. */
  @state() private accessor chosenHeight = -1;
  @state() private accessor autoHeight = 0;
  /** The captions language shown, "" for none. */
  @state() private accessor captions = "";
  @state() private accessor rate = 1;
  @state() private accessor notice: Notice | null = null;
  @state() private accessor unsaved = false;

  private hls: Hls | null = null;
  private activeEngine: Engine | null = null;
  private media: HTMLVideoElement | null = null;
  /** Video elements that already have our listeners (the same one serves every reload). */
  private listened = new WeakSet<HTMLVideoElement>();
  /** Ranges played before the source was last reloaded (a new source starts `played` afresh). */
  private carried: TimeSpan[] = [];
  private beatTimer: number | undefined;
  private pollTimer: number | undefined;
  private noticeTimer: number | undefined;
  private beats: AbortController | null = null;
  private beating = false;
  private queuedBeat: BeatState | null = null;
  private failures = 0;
  private renewing = false;
  private renewal: Promise<VideoResource | null> | null = null;
  /** When the media addresses were last replaced after running out. */
  private reloadedAt = 0;
  /** Where a native or MP4 source starts once its metadata is in (hls.js takes `startPosition`). */
  private pendingStart = 0;
  /** Where the current source was asked to start: the position until its metadata is in. */
  private startAt = 0;
  /** The `api` URL the current (or finished) load is for. */
  private loadedFrom: string | null = null;
  private recoveredMedia = false;
  private resumeDone = false;
  /** The language C turns back on. */
  private lastCaptions = "";

  /** The `<video>` element once the video is ready. */
  get video(): HTMLVideoElement | null {
    return this.renderRoot?.querySelector<HTMLVideoElement>("[data-video]") ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.onVisibility);
    window.addEventListener("pagehide", this.onPageHide);
    this.beats = new AbortController();
    if (!this.resource || this.loadedFrom !== this.api) void this.refresh();
    else if (this.view === "processing") void this.load();
    else if (this.view === "ready" && !this.activeEngine) {
      // Put back after a move in the page: go on where it was, paused.
      this.startBeats();
      void this.updateComplete.then(() => this.attach(this.startAt, false));
    }
  }

  override disconnectedCallback(): void {
    this.sendBeat(this.media?.ended ? "ended" : "paused", true);
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.onVisibility);
    window.removeEventListener("pagehide", this.onPageHide);
    this.beats?.abort();
    this.beats = null;
    this.startAt = this.position; // where to go on if the element is put back (moved in the page)
    this.detach();
    window.clearTimeout(this.pollTimer);
    window.clearTimeout(this.noticeTimer);
    window.clearInterval(this.beatTimer);
    this.beatTimer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("api") && this.isConnected && this.loadedFrom !== this.api) void this.refresh();
  }

  /** Load the video again from `api` (starting over); resolves once the outcome shows. */
  async refresh(): Promise<void> {
    this.loadedFrom = this.api;
    this.detach();
    this.carried = [];
    this.resumeDone = false;
    this.sources = null;
    this.view = "loading";
    this.state = "loading";
    if (this.api) await this.load();
  }

  private async load(): Promise<void> {
    window.clearTimeout(this.pollTimer);
    const signal = this.newSignal();
    let data: VideoResource;
    try {
      data = await apiGet<VideoResource>(this.api, { signal });
      if (!data || typeof data !== "object") throw new ApiError(200, { code: "invalid_response", detail: "" });
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return;
      this.fail(gettext("Could not load the video."), err instanceof ApiError ? err.detail : String(err));
      return;
    }
    this.resource = data;
    if (data.status === "ready" && data.playback) {
      const captions = data.captions ?? [];
      const stored = storedCaptions();
      this.captions = captions.some((caption) => caption.language === stored) ? stored! : "";
      this.rate = Math.min(this.rate, this.maxRate);
      this.sources = { playback: data.playback, poster: data.poster, captions };
      this.view = "ready";
      this.state = "ready";
      await this.updateComplete;
      this.startBeats();
      this.attach(this.resumePosition(data), false);
    } else if (data.status === "failed" || data.status === "ready") {
      this.fail(gettext("This video cannot be played."), data.error);
    } else {
      this.view = "processing";
      this.state = "processing";
      this.pollTimer = window.setTimeout(() => void this.load(), POLL_MS);
    }
    await this.updateComplete;
  }

  private fail(message: string, detail: string): void {
    this.detach();
    window.clearInterval(this.beatTimer);
    this.failure = { message, detail };
    this.view = "error";
    this.state = "error";
  }

  private resumePosition(data: VideoResource): number {
    const at = data.watch?.position ?? 0;
    if (this.resumeDone || at <= RESUME_MARGIN || at >= (data.duration || 0) - RESUME_MARGIN) return 0;
    this.resumeDone = true;
    this.show({ kind: "resumed", at }, 10000);
    return at;
  }

  // --- The media element and its engine ----------------------------------------------------------

  private chooseEngine(video: HTMLVideoElement): Engine {
    const native = video.canPlayType(HLS_TYPE) !== "";
    if (this.engine === "mp4") return "mp4";
    if (this.engine === "native" && native) return "native";
    // hls.js first where the browser has Media Source Extensions: it alone offers the quality choice and
    // tells an expired address (403) apart. Chromium now also answers "maybe" for HLS, without either.
    if (Hls.isSupported()) return "hls.js";
    return native ? "native" : "mp4";
  }

  /** Load the current sources into the `<video>`, starting at `at` seconds, playing if `play`. */
  private attach(at: number, play: boolean, engine?: Engine): void {
    const video = this.video;
    const sources = this.sources;
    if (!video || !sources) return;
    this.media = video;
    this.listen(video);
    video.muted = video.muted || this.muted;
    const chosen = engine ?? this.chooseEngine(video);
    this.startAt = at;
    this.activeEngine = chosen;
    this.setAttribute("active-engine", chosen);
    this.levels = [];
    if (chosen === "hls.js") {
      const hls = new Hls({
        startPosition: at > 0 ? at : -1,
        capLevelToPlayerSize: true,
        enableWebVTT: false, // captions are our own <track> elements
        enableCEA708Captions: false,
      });
      this.hls = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => this.onLevels(data.levels));
      hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
        this.autoHeight = hls.levels[data.level]?.height ?? 0;
      });
      hls.on(Hls.Events.ERROR, (_event, data) => this.onHlsError(data));
      hls.loadSource(sources.playback.hls);
      hls.attachMedia(video);
    } else {
      const url = chosen === "native" ? sources.playback.hls : sources.playback.mp4;
      this.pendingStart = at;
      video.src = url;
    }
    video.defaultPlaybackRate = this.rate;
    video.playbackRate = this.rate;
    this.applyCaptions();
    if (play) video.play().catch(() => undefined);
  }

  /** Stop the engine and keep the ranges played so far (a new source starts `played` afresh). */
  private detach(): void {
    const video = this.media;
    if (video) {
      this.carried = this.playedSpans();
      video.pause();
    }
    this.hls?.destroy();
    this.hls = null;
    if (video && this.activeEngine !== "hls.js") {
      video.removeAttribute("src");
      video.load();
    }
    this.activeEngine = null;
  }

  private listen(video: HTMLVideoElement): void {
    if (this.listened.has(video)) return;
    this.listened.add(video);
    video.addEventListener("pause", () => {
      if (!video.ended) this.sendBeat("paused");
    });
    video.addEventListener("ended", () => this.sendBeat("ended"));
    // The server credits only the wall-clock time since a beat said "playing": say so as soon as
    // playback starts or resumes, not up to one interval later.
    video.addEventListener("playing", () => {
      if (!document.hidden) this.sendBeat("playing");
    });
    video.addEventListener("loadedmetadata", () => {
      if (this.pendingStart > 0 && this.activeEngine !== "hls.js") video.currentTime = this.pendingStart;
      this.pendingStart = 0;
    });
    video.addEventListener("seeking", () => this.onSeeking(video));
    video.addEventListener("ratechange", () => this.onRateChange(video));
    video.addEventListener("error", () => {
      if (this.activeEngine && this.activeEngine !== "hls.js") void this.onMediaFailure();
    });
    video.textTracks.addEventListener("change", () => this.syncCaptions(video));
  }

  private onLevels(levels: Level[]): void {
    const seen = new Set<number>();
    this.levels = levels
      .map((level, index) => ({ index, height: level.height }))
      .filter((level) => level.height > 0 && !seen.has(level.height) && seen.add(level.height))
      .sort((a, b) => b.height - a.height);
    const match = this.levels.find((level) => level.height === this.chosenHeight);
    if (match && this.hls) this.hls.nextLevel = match.index;
  }

  private onHlsError(data: ErrorData): void {
    if (data.response?.code === 403) {
      void this.renewAndReload();
    } else if (!data.fatal) {
      return;
    } else if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !this.recoveredMedia) {
      this.recoveredMedia = true;
      this.hls?.recoverMediaError();
    } else {
      this.switchTo("mp4");
    }
  }

  private async onMediaFailure(): Promise<void> {
    if (Date.now() - this.reloadedAt > RENEW_GUARD_MS) await this.renewAndReload();
    else if (this.activeEngine === "native") this.switchTo("mp4");
    else this.fail(gettext("This video cannot be played."), this.media?.error?.message ?? "");
  }

  /** Where the viewer is (the start asked for while the source has no metadata yet). */
  private get position(): number {
    const video = this.media;
    return video && video.readyState >= 1 ? video.currentTime : this.startAt;
  }

  private switchTo(engine: Engine): void {
    const video = this.media;
    const at = this.position;
    const playing = !!video && !video.paused;
    this.detach();
    this.attach(at, playing, engine);
  }

  /**
   * The signed addresses ran out (about 2 h): fetch the video again for fresh ones (and a fresh
   * heartbeat token), then reload at the same position, playing or paused as before.
   */
  private async renewAndReload(): Promise<void> {
    if (this.renewing) return;
    if (Date.now() - this.reloadedAt < RENEW_GUARD_MS) {
      this.fail(gettext("This video cannot be played."), gettext("The video files could not be loaded."));
      return;
    }
    this.renewing = true;
    this.reloadedAt = Date.now();
    const video = this.media;
    const at = this.position;
    const playing = !!video && !video.paused;
    const engine = this.activeEngine === "mp4" ? "mp4" : undefined;
    try {
      const data = await this.renew();
      if (!this.isConnected) return;
      if (!data?.playback) {
        this.fail(gettext("This video cannot be played."), gettext("The video files could not be loaded."));
        return;
      }
      this.detach();
      this.sources = { playback: data.playback, poster: data.poster, captions: data.captions ?? [] };
      await this.updateComplete;
      this.attach(at, playing, engine);
    } finally {
      this.renewing = false;
    }
  }

  /**
   * GET the video again for fresh addresses and a fresh heartbeat token; null if that failed. Both
   * run out together, so a heartbeat and the media may ask at once: they share one request.
   */
  private renew(): Promise<VideoResource | null> {
    this.renewal ??= this.fetchAgain().finally(() => {
      this.renewal = null;
    });
    return this.renewal;
  }

  private async fetchAgain(): Promise<VideoResource | null> {
    const signal = this.newSignal();
    try {
      const data = await apiGet<VideoResource>(this.api, { signal });
      if (!data || typeof data !== "object") return null;
      this.resource = data;
      this.startBeats();
      return data;
    } catch {
      return null;
    }
  }

  // --- Controls ----------------------------------------------------------------------------------

  private get maxRate(): number {
    const max = Number(this.resource?.max_playback_rate);
    return Number.isFinite(max) && max > 0 ? max : 2;
  }

  private get rates(): number[] {
    const max = this.maxRate;
    const rates = RATES.filter((rate) => rate <= max + 1e-9);
    if (!rates.includes(max) && max > 1 && max <= 4) rates.push(max);
    if (!rates.includes(this.rate) && this.rate <= max) rates.push(this.rate);
    return rates.sort((a, b) => a - b);
  }

  private onRateChange(video: HTMLVideoElement): void {
    const max = this.maxRate;
    if (video.playbackRate > max + 1e-9) {
      video.playbackRate = max;
      video.defaultPlaybackRate = Math.min(video.defaultPlaybackRate, max);
      this.show({ kind: "rate", max }, 4000);
      return; // the change above fires ratechange again
    }
    this.rate = video.playbackRate;
  }

  private setRate(rate: number): void {
    const video = this.media;
    if (!video || !Number.isFinite(rate)) return;
    const capped = Math.min(rate, this.maxRate);
    video.defaultPlaybackRate = capped;
    video.playbackRate = capped;
  }

  private setLevel(value: string): void {
    const index = Number(value);
    const level = this.levels.find((item) => item.index === index);
    this.chosenHeight = level ? level.height : -1;
    if (this.hls) this.hls.nextLevel = level ? level.index : -1;
  }

  /** `<track>` elements of our own captions (hls.js may add tracks of its own to `textTracks`). */
  private get trackElements(): HTMLTrackElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLTrackElement>("track[data-caption]"));
  }

  /** Show captions in `language` ("" for none) and remember the choice for the next videos. */
  private setCaptions(language: string): void {
    this.captions = language;
    if (language) this.lastCaptions = language;
    storeCaptions(language);
    this.applyCaptions();
  }

  private applyCaptions(): void {
    for (const element of this.trackElements) {
      element.track.mode = element.srclang === this.captions ? "showing" : "disabled";
    }
  }

  /** The native controls' own captions menu changed the tracks: follow it. */
  private syncCaptions(video: HTMLVideoElement): void {
    if (!video.isConnected) return;
    const showing = this.trackElements.filter((element) => element.track.mode === "showing");
    if (showing.some((element) => element.srclang === this.captions)) {
      // Ours is still on; Chromium's automatic track selection may have turned another on beside it.
      if (showing.length > 1) this.applyCaptions();
      return;
    }
    const language = showing[0]?.srclang ?? "";
    if (language !== this.captions) this.setCaptions(language);
  }

  private toggleCaptions(): void {
    const list = this.sources?.captions ?? [];
    if (!list.length) return;
    if (this.captions) return this.setCaptions("");
    const wanted = [this.lastCaptions, storedCaptions()];
    this.setCaptions(list.find((caption) => wanted.includes(caption.language))?.language ?? list[0].language);
  }

  private startOver(): void {
    if (this.media) this.media.currentTime = 0;
    this.notice = null;
  }

  private show(notice: Notice, ms: number): void {
    this.notice = notice;
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => {
      // Not while the keyboard is on its button: the focus would fall back to the page.
      const focused = this.shadowRoot?.activeElement;
      if (focused && focused.closest("[data-field=notice]")) this.show(notice, ms);
      else this.notice = null;
    }, ms);
  }

  // --- Seek lock ---------------------------------------------------------------------------------

  private get locked(): boolean {
    return !!(this.resource?.lock_seeking && this.resource.watch);
  }

  /** The furthest point watched: the server's ranges and what this page has played. */
  private get watchedTo(): number {
    return furthest(this.resource?.watch?.watched ?? [], this.playedSpans());
  }

  private onSeeking(video: HTMLVideoElement): void {
    if (!this.locked) return;
    const limit = this.watchedTo;
    if (video.currentTime > limit + LOCK_SLACK) {
      video.currentTime = limit;
      this.show({ kind: "locked" }, 4000);
    }
  }

  // --- Keyboard ----------------------------------------------------------------------------------

  private onKeyDown = (event: KeyboardEvent): void => {
    const video = this.media;
    const target = event.composedPath()[0];
    if (!video || event.altKey || event.ctrlKey || event.metaKey) return;
    if (target instanceof HTMLSelectElement || target instanceof HTMLButtonElement) return;
    const key = event.key.toLowerCase();
    // Space is the browser's own on a focused <video> (and activates whichever native control has
    // focus): handling it here too would toggle twice.
    if (key === "k") {
      if (video.paused || video.ended) video.play().catch(() => undefined);
      else video.pause();
    } else if (key === "arrowleft" || key === "arrowright") {
      const step = key === "arrowleft" ? -SEEK_STEP : SEEK_STEP;
      video.currentTime = Math.max(0, Math.min(video.duration || Infinity, video.currentTime + step));
    } else if (key === "c") {
      this.toggleCaptions();
    } else if (key === "m") {
      video.muted = !video.muted;
    } else {
      return;
    }
    // Also keeps the native controls from acting on the same key a second time.
    event.preventDefault();
    event.stopPropagation();
  };

  // --- Heartbeats --------------------------------------------------------------------------------

  /** All ranges played here: before the last reload and since, rounded to 0.1 s. */
  private playedSpans(): TimeSpan[] {
    const now = this.media && this.activeEngine ? spans(this.media.played) : [];
    return [...this.carried, ...now];
  }

  private startBeats(): void {
    window.clearInterval(this.beatTimer);
    const heartbeat = this.resource?.watch?.heartbeat;
    if (!heartbeat) return;
    const seconds = Math.max(1, Number(heartbeat.interval) || 5);
    this.beatTimer = window.setInterval(() => {
      // Only while the picture really moves in a visible page: not paused, ended, buffering or hidden.
      const video = this.media;
      const playing = video && !video.paused && !video.ended && video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA;
      if (playing && !document.hidden) this.sendBeat("playing");
    }, seconds * 1000);
  }

  private onVisibility = (): void => {
    const video = this.media;
    if (!video || video.paused) return;
    // keepalive: a phone may freeze or discard a hidden page before an ordinary request completes.
    if (document.hidden) {
      this.sendBeat("hidden", true);
      // Watching counts only in sight: a trainee's video stops when the page is hidden, so
      // nothing is played that could be credited later.
      if (this.resource?.watch) video.pause();
    } else this.sendBeat("playing");
  };

  private onPageHide = (): void => {
    this.sendBeat("hidden", true);
  };

  /**
   * Report where the viewer is and what they played. `keepalive` (page hidden or leaving, element
   * removed) sends it so that it outlives the page; its answer is not read.
   */
  private sendBeat(beat: BeatState, keepalive = false): void {
    const watch = this.resource?.watch;
    const video = this.media;
    const played = this.playedSpans();
    // Nothing to report before anything has played, except that playing has started.
    if (!watch || !video || (!played.length && beat !== "playing")) return;
    const body: Beat = {
      token: watch.heartbeat.token,
      position: round1(video.currentTime || 0),
      played,
      state: beat,
      rate: video.playbackRate,
    };
    if (keepalive) {
      apiSend(watch.heartbeat.url, "POST", body, { keepalive: true }).catch(() => undefined);
      return;
    }
    if (!this.isConnected) return; // the last beat went out with keepalive on disconnect
    if (this.beating) {
      // A state change waits for the beat in flight; a regular beat is just skipped.
      if (beat !== "playing") this.queuedBeat = beat;
      return;
    }
    void this.post(watch.heartbeat.url, body);
  }

  /** POST one beat (once more with a fresh token if it ran out), then any state change that waited. */
  private async post(url: string, body: Beat): Promise<void> {
    const signal = this.beats?.signal;
    this.beating = true;
    try {
      let result: HeartbeatResult;
      try {
        result = await apiSend<HeartbeatResult>(url, "POST", body, { signal });
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 403 && err.code === "watch_expired")) throw err;
        const fresh = (await this.renew())?.watch?.heartbeat;
        if (!fresh) throw err;
        result = await apiSend<HeartbeatResult>(fresh.url, "POST", { ...body, token: fresh.token }, { signal });
      }
      this.failures = 0;
      this.unsaved = false;
      this.onBeatResult(result);
    } catch (err) {
      if (isAbortError(err)) return; // disconnected
      this.failures += 1;
      this.unsaved = this.failures >= FAILURES_SHOWN;
    } finally {
      this.beating = false;
    }
    const queued = this.queuedBeat;
    this.queuedBeat = null;
    if (queued) this.sendBeat(queued);
  }

  private onBeatResult(result: HeartbeatResult | undefined): void {
    const watch = this.resource?.watch;
    if (!result || !watch || !this.resource) return;
    this.resource = {
      ...this.resource,
      watch: {
        ...watch,
        watched: Array.isArray(result.watched) ? result.watched : watch.watched,
        watched_seconds: result.watched_seconds ?? watch.watched_seconds,
        share: result.share ?? watch.share,
        completed: result.completed ?? watch.completed,
        position: result.position ?? watch.position,
      },
    };
    this.dispatchEvent(
      new CustomEvent<HeartbeatResult>("lms-video-progress", { detail: result, bubbles: true, composed: true }),
    );
  }

  // --- Rendering ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    switch (this.view) {
      case "loading":
        return html`<div aria-busy="true"><slot></slot>${this.renderLoading()}</div>`;
      case "error":
        return html`<div data-state="error">
          ${this.renderError(this.failure?.message ?? "", this.failure?.detail)}
        </div>`;
      case "processing":
        return this.renderProcessing();
      case "ready":
        return this.renderPlayer();
    }
  }

  private renderProcessing(): TemplateResult {
    const data = this.resource;
    const progress = Math.max(0, Math.min(100, Number(data?.progress) || 0));
    return html`<div class="waiting" part="waiting" data-state="processing" role="status">
      <p class="message" data-field="message">${interpolate(
        gettext("This video is being processed (%(progress)s). It will play here when it is ready."),
        { progress: formatShare(progress / 100) },
        true,
      )}</p>
      <span class="muted" data-field="status">${data?.status_label ?? ""}</span>
      <progress max="100" .value=${progress} aria-label=${gettext("Processing progress")}></progress>
    </div>`;
  }

  private renderPlayer(): TemplateResult {
    const sources = this.sources!;
    const first = this.resource?.renditions?.[0];
    const ratio = first && first.width > 0 && first.height > 0 ? `${first.width} / ${first.height}` : "16 / 9";
    // Capture: the native controls stop the keys they handle from bubbling.
    const keys = { handleEvent: this.onKeyDown, capture: true };
    return html`<div class="player" part="player" data-state="ready" @keydown=${keys}
      aria-keyshortcuts="K ArrowLeft ArrowRight C M">
      <div class="frame" part="frame" style=${`aspect-ratio: ${ratio}`}>
        <video data-video part="video" controls playsinline preload="metadata"
          poster=${sources.poster ?? nothing} aria-label=${this.resource?.title ?? gettext("Video")}>
          ${sources.captions.map(
            (caption) => html`<track data-caption=${caption.language} kind="subtitles" srclang=${caption.language}
              label=${caption.label} src=${caption.url}></track>`,
          )}
        </video>
        <div class="notice" data-field="notice" role="status" aria-live="polite">${this.renderNotice()}</div>
      </div>
      ${this.renderToolbar()} ${this.renderWatched()}
    </div>`;
  }

  private renderNotice(): TemplateResult | typeof nothing {
    const notice = this.notice;
    if (!notice) return nothing;
    switch (notice.kind) {
      case "resumed":
        return html`<div data-notice="resumed">
          <span>${interpolate(gettext("Resumed at %(time)s"), { time: formatTime(notice.at) }, true)}</span>
          <button type="button" data-action="start-over" @click=${this.startOver}>${gettext("Start over")}</button>
        </div>`;
      case "locked":
        return html`<div data-notice="locked">${gettext("You can skip ahead only after watching")}</div>`;
      case "rate":
        return html`<div data-notice="rate">${interpolate(
          gettext("This video plays at most at %(rate)s speed"),
          { rate: formatRate(notice.max) },
          true,
        )}</div>`;
    }
  }

  private renderToolbar(): TemplateResult {
    const captions = this.sources?.captions ?? [];
    const current = this.levels.find((level) => level.height === this.chosenHeight);
    const auto = this.autoHeight && !current
      ? interpolate(gettext("Auto (%(quality)s)"), { quality: `${this.autoHeight}p` }, true)
      : gettext("Auto");
    return html`<div class="toolbar" part="toolbar" role="group" aria-label=${gettext("Player settings")}>
      ${this.levels.length > 1
        ? html`<label>${gettext("Quality")}
            <select data-control="quality" .value=${String(current?.index ?? -1)}
              @change=${(event: Event) => this.setLevel((event.target as HTMLSelectElement).value)}>
              <option value="-1" ?selected=${!current}>${auto}</option>
              ${this.levels.map(
                (level) => html`<option value=${level.index} ?selected=${level === current}>${level.height}p</option>`,
              )}
            </select></label>`
        : nothing}
      ${captions.length
        ? html`<label>${gettext("Captions")}
            <select data-control="captions" .value=${this.captions}
              @change=${(event: Event) => this.setCaptions((event.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.captions}>${gettext("Off")}</option>
              ${captions.map(
                (caption) => html`<option value=${caption.language} ?selected=${caption.language === this.captions}
                  >${caption.label}</option
                >`,
              )}
            </select></label>`
        : nothing}
      <label>${gettext("Speed")}
        <select data-control="rate" .value=${String(this.rate)}
          @change=${(event: Event) => this.setRate(Number((event.target as HTMLSelectElement).value))}>
          ${this.rates.map(
            (rate) => html`<option value=${String(rate)} ?selected=${rate === this.rate}>${formatRate(rate)}</option>`,
          )}
        </select></label>
    </div>`;
  }

  private renderWatched(): TemplateResult | typeof nothing {
    const watch = this.resource?.watch;
    if (!watch) return nothing;
    const done = watch.completed || watch.share >= watch.required_share;
    return html`<div class="watch ${done ? "done" : ""}" part="watch" data-field="watched">
      ${done
        ? html`<strong>${gettext("Watched enough")}<span aria-hidden="true"> ✓</span></strong>`
        : html`<span>${interpolate(
            gettext("Watched %(share)s · %(required)s needed"),
            { share: formatShare(watch.share), required: formatShare(watch.required_share) },
            true,
          )}</span>`}
      <progress data-field="watch-progress" max="1" .value=${Math.min(1, watch.share || 0)}
        aria-label=${gettext("Share of the video watched")}></progress>
      ${this.unsaved
        ? html`<span class="unsaved muted" data-field="unsaved"
            >${gettext("Progress not saved yet; still trying.")}</span
          >`
        : nothing}
    </div>`;
  }
}

define("lms-video-player", LmsVideoPlayer);

declare global {
  interface HTMLElementTagNameMap {
    "lms-video-player": LmsVideoPlayer;
  }
}
