// Autosave of an attempt's answers: changes wait ~1.5 s, then only the changed slots go to
// `POST {attempt}answers/`, one request at a time. Network failures are retried with backoff; what
// is not yet confirmed by the server is kept in sessionStorage (by attempt id) so that a reload or
// a crash loses nothing, and is sent with `keepalive` when the page goes away.
import { ApiError, apiSend, isAbortError } from "../../lib/api";
import type { Answer, SaveResult, SlotAnswer } from "./types";

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "retrying"; detail: string }
  | { kind: "failed"; detail: string };

export interface SaverHost {
  status(status: SaveStatus): void;
  /** The server saved these slots; its answer carries the deadline and its clock. */
  saved(result: SaveResult, slots: number[]): void;
  /** 400: these slots were refused (nothing of the batch was saved; the others are sent again). */
  rejected(errors: Map<number, string>): void;
  /** 409 (`deadline_passed`, `attempt_finished`): the attempt is closed; nothing more is sent. */
  closed(error: ApiError): void;
}

export const SAVE_DELAY = 1500;
const FIRST_RETRY = 2000;
const LAST_RETRY = 30000;
const STORAGE_PREFIX = "lms-quiz-attempt-";

type Responses = Map<number, Answer | null>;

function storageKey(attemptId: number): string {
  return `${STORAGE_PREFIX}${attemptId}`;
}

/** The answers kept in this tab for an attempt, not yet confirmed by the server. */
export function readStored(attemptId: number): Responses {
  const out: Responses = new Map();
  try {
    const raw = sessionStorage.getItem(storageKey(attemptId));
    const data = raw ? (JSON.parse(raw) as { answers?: Record<string, unknown> }) : null;
    for (const [slot, response] of Object.entries(data?.answers ?? {})) {
      const n = Number(slot);
      const valid = response === null || (typeof response === "object" && !Array.isArray(response));
      if (Number.isInteger(n) && valid) out.set(n, response as Answer | null);
    }
  } catch {
    // storage disabled or damaged: nothing to restore
  }
  return out;
}

export function clearStored(attemptId: number): void {
  try {
    sessionStorage.removeItem(storageKey(attemptId));
  } catch {
    // storage disabled
  }
}

function writeStored(attemptId: number, answers: Responses): void {
  try {
    if (!answers.size) {
      sessionStorage.removeItem(storageKey(attemptId));
      return;
    }
    const data: Record<string, Answer | null> = {};
    for (const [slot, response] of answers) data[String(slot)] = response;
    sessionStorage.setItem(storageKey(attemptId), JSON.stringify({ answers: data, at: Date.now() }));
  } catch {
    // storage full or disabled: the answers are still sent
  }
}

/** The first message in an error value: a string, a list of them, or an object holding one. */
function firstMessage(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstMessage(item);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const item of Object.values(value as Record<string, unknown>)) {
      const found = firstMessage(item);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Per-slot messages of a 400: `errors` keyed by slot (`{"901": ["…"]}`), or under `answers` keyed by
 * slot or as a list in the order sent (DRF's shape for a list of objects).
 */
export function slotErrors(error: ApiError, sent: number[]): Map<number, string> {
  const out = new Map<number, string>();
  const take = (source: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(source)) {
      const slot = Number(key);
      const message = firstMessage(value);
      if (Number.isInteger(slot) && sent.includes(slot) && message) out.set(slot, message);
    }
  };
  take(error.errors);
  const nested = error.errors.answers;
  if (Array.isArray(nested)) {
    nested.forEach((value, index) => {
      const message = firstMessage(value);
      if (message && index < sent.length) out.set(sent[index], message);
    });
  } else if (nested && typeof nested === "object") {
    take(nested as Record<string, unknown>);
  }
  return out;
}

export function toBody(answers: Responses): { answers: SlotAnswer[] } {
  return { answers: [...answers].map(([slot, response]) => ({ slot, response })) };
}

export class AnswerSaver {
  /** Changed, not sent yet. */
  private pending: Responses = new Map();
  /** Sent, answer not in yet. */
  private inflight: Responses = new Map();
  private timer: number | undefined;
  private failures = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastBeacon = "";
  private readonly aborter = new AbortController();

  constructor(
    private readonly attemptId: number,
    private readonly answersUrl: string,
    private readonly host: SaverHost,
    private readonly delay = SAVE_DELAY,
  ) {
    window.addEventListener("online", this.onOnline);
  }

  /** Still saving (not stopped by the element, nor by the server closing the attempt). */
  get active(): boolean {
    return !this.stopped;
  }

  /** Anything not yet confirmed by the server. */
  get dirty(): boolean {
    return this.pending.size > 0 || this.inflight.size > 0;
  }

  /** A trainee's change: saved after the delay, kept in this tab until then. */
  change(slot: number, response: Answer | null): void {
    if (this.stopped) return;
    this.pending.set(slot, response);
    this.store();
    this.host.status({ kind: "pending" });
    this.schedule(this.delay);
  }

  /** Queue answers restored from this tab's storage: sent straight away. */
  restore(answers: Responses): void {
    for (const [slot, response] of answers) this.pending.set(slot, response);
    this.store();
    if (this.pending.size) this.schedule(0);
  }

  /** Send what is waiting now and resolve once the server has answered (true: all saved). */
  async flush(): Promise<boolean> {
    window.clearTimeout(this.timer);
    while (this.running) await this.running;
    if (this.pending.size && !this.stopped) await this.run();
    while (this.running) await this.running;
    return !this.dirty;
  }

  /**
   * Everything not confirmed, for the submit's body (the waiting autosave is called off). The
   * answers stay here and in storage until `done()`, so a failed submit loses nothing.
   */
  take(): Responses {
    window.clearTimeout(this.timer);
    return new Map([...this.inflight, ...this.pending]);
  }

  /** Put back answers a failed submit carried, to be saved as usual. */
  giveBack(answers: Responses): void {
    for (const [slot, response] of answers) if (!this.pending.has(slot)) this.pending.set(slot, response);
    this.store();
    if (this.pending.size && !this.stopped && !this.running) this.schedule(this.delay);
  }

  /** The attempt is over: stop, forget the stored answers, cancel what is in flight. */
  done(): void {
    this.stop();
    this.pending.clear();
    this.inflight.clear();
    clearStored(this.attemptId);
  }

  /** Stop sending (the element left the page or the attempt closed); storage is left as it is. */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    window.removeEventListener("online", this.onOnline);
    this.aborter.abort();
  }

  /** The page is going away: send whatever is unconfirmed so that it outlives the page. */
  beacon(): void {
    if (this.stopped || !this.dirty) return;
    const body = toBody(new Map([...this.inflight, ...this.pending]));
    const text = JSON.stringify(body);
    if (text === this.lastBeacon) return; // "hidden" then "pagehide": once is enough
    this.lastBeacon = text;
    apiSend(this.answersUrl, "POST", body, { keepalive: true }).catch(() => undefined);
  }

  private onOnline = (): void => {
    if (this.pending.size && !this.running) this.schedule(0);
  };

  private schedule(ms: number): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.run(), ms);
  }

  private store(): void {
    writeStored(this.attemptId, new Map([...this.inflight, ...this.pending]));
  }

  private run(): Promise<void> {
    if (this.running) {
      // One request at a time: what changed meanwhile goes when this one is answered.
      return this.running;
    }
    this.running = this.send().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async send(): Promise<void> {
    if (!this.pending.size || this.stopped) return;
    window.clearTimeout(this.timer);
    const batch = this.pending;
    this.pending = new Map();
    this.inflight = batch;
    const slots = [...batch.keys()];
    this.host.status({ kind: "saving" });
    try {
      const result = await apiSend<SaveResult>(this.answersUrl, "POST", toBody(batch), { signal: this.aborter.signal });
      this.inflight = new Map();
      this.failures = 0;
      this.store();
      this.host.saved(result, slots);
      if (this.pending.size) {
        this.host.status({ kind: "pending" });
        this.schedule(this.delay);
      } else {
        this.host.status({ kind: "saved", at: result?.saved_at || new Date().toISOString() });
      }
    } catch (err) {
      this.inflight = new Map();
      if (isAbortError(err) || this.stopped) {
        this.giveBack(batch);
        return;
      }
      const error = err instanceof ApiError ? err : new ApiError(0, { code: "network_error", detail: String(err) });
      if (error.status === 409) {
        this.stopped = true;
        window.clearTimeout(this.timer);
        this.host.closed(error);
        return;
      }
      if (error.status === 400) {
        const refused = slotErrors(error, slots);
        if (refused.size) {
          // Nothing of the batch was saved: send the others again, not the refused ones (they wait
          // for the trainee's next change).
          for (const [slot, response] of batch) {
            if (!refused.has(slot) && !this.pending.has(slot)) this.pending.set(slot, response);
          }
          this.store();
          this.host.rejected(refused);
          if (this.pending.size) this.schedule(0);
          else this.host.status({ kind: "failed", detail: "" });
          return;
        }
      }
      this.giveBack(batch);
      const transient = error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
      if (transient) {
        this.failures += 1;
        const wait = Math.min(LAST_RETRY, FIRST_RETRY * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4);
        this.host.status({ kind: "retrying", detail: error.detail });
        this.schedule(error.retryAfter !== null ? Math.max(wait, error.retryAfter * 1000) : wait);
      } else {
        // Signed out, forbidden, a 400 without per-slot errors…: no point in trying again by
        // itself; the next change tries again.
        this.host.status({ kind: "failed", detail: error.detail });
      }
    }
  }
}
