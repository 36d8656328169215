// The attempt's countdown, on the server's clock: the offset between the server's `server_now` and
// the client clock is measured at each answer from the server, so a wrong clock on the trainee's
// computer neither shortens nor lengthens the time.

/** Seconds left at which the time left is announced to screen readers (only then, not every second). */
export const WARNINGS = [300, 60];

export interface CountdownHost {
  /** The whole seconds left changed. */
  tick(secondsLeft: number): void;
  /** Crossed one of WARNINGS (only when crossed while counting, not when loaded with less). */
  warn(secondsLeft: number): void;
  /** Reached zero (once per deadline). */
  expire(): void;
}

export class Countdown {
  /** Server clock minus client clock, in ms. */
  private offset = 0;
  /** The deadline on the server's clock (ms since the epoch), or null for none. */
  private deadline: number | null = null;
  private timer: number | undefined;
  private shown: number | null = null;
  private expired = false;

  constructor(private readonly host: CountdownHost) {}

  /** The whole seconds left (rounded up, never below 0), or null without a deadline. */
  get secondsLeft(): number | null {
    if (this.deadline === null) return null;
    return Math.max(0, Math.ceil((this.deadline - this.serverNow()) / 1000));
  }

  /** The server's clock now, as far as the client can tell (ms since the epoch). */
  serverNow(): number {
    return Date.now() + this.offset;
  }

  /**
   * Take the deadline and the server's clock from an answer of the server (received just now) and
   * (re)start counting. A deadline moved later (extra time granted) can expire again; `undefined`
   * keeps the deadline, `null` means none.
   */
  sync(deadline: string | null | undefined, serverNow: string | null | undefined): void {
    const now = serverNow ? Date.parse(serverNow) : NaN;
    if (Number.isFinite(now)) this.offset = now - Date.now();
    if (deadline === undefined) {
      // The answer did not say: the deadline stays as it was.
      this.start();
      return;
    }
    const end = deadline ? Date.parse(deadline) : NaN;
    const next = Number.isFinite(end) ? end : null;
    if (next !== this.deadline) {
      this.deadline = next;
      this.expired = false;
      this.shown = null;
    }
    this.start();
  }

  start(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
    if (this.deadline === null) return;
    this.check();
    // A quarter-second step keeps the display within 250 ms of the true second without drifting.
    this.timer = window.setInterval(() => this.check(), 250);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const left = this.secondsLeft;
    if (left === null) return;
    const before = this.shown;
    if (left !== before) {
      this.shown = left;
      this.host.tick(left);
      if (before !== null && WARNINGS.some((mark) => before > mark && left <= mark && left > 0)) this.host.warn(left);
    }
    if (left <= 0 && !this.expired && this.deadline !== null && this.serverNow() >= this.deadline) {
      this.expired = true;
      this.stop();
      this.host.expire();
    }
  }
}
