/**
 * Why a host request was aborted at its deadline: one shared reason, so an expiry costs
 * no DOMException (and a call that keeps its deadline costs no reason at all).
 */
export const DEADLINE_PASSED = new Error("the call's deadline passed; the gateway stopped waiting for the host");

function abortAtDeadline(controller: AbortController): void {
  controller.abort(DEADLINE_PASSED);
}

const QUEUED = 0;
const STARTED = 1;
const AT_HOST = 2;
const SETTLED = 3;

/**
 * Keeps one call's deadline with one timer, from the moment it is queued in a mailbox
 * (or sent to a host) until its answer: the runtime's own clock, never an HTTP client's
 * coarse timeouts.
 *
 * When the timer fires while the call waits in a mailbox or at its host, `onExpire`
 * answers the caller at once (deadline_exceeded), and the host request, if one runs, is
 * aborted then, so the host's `ctx.signal` fires. A job that expired in the mailbox must
 * not run (`expired`). Once the host has answered in time (`hostAnswered`) the turn's
 * result stands: the caller gets it even if a durable write takes it past the deadline,
 * since a caller told "deadline exceeded" must find the actor unchanged. Work that is
 * not a host call (activation, snapshots, restores) is bounded while it waits, not
 * while it runs.
 */
export class TurnDeadline {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;
  #callerSignal: AbortSignal | undefined;
  #onExpire: ((atHost: boolean) => void) | undefined;
  #stage = QUEUED;
  #expired = false;

  /** `onExpire(atHost)` is called at most once: false while queued, true while at the host. */
  constructor(deadline: number, onExpire: (atHost: boolean) => void) {
    this.#onExpire = onExpire;
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, deadline - Date.now()));
  }

  /** True once the deadline failed the call: its caller was answered. */
  get expired(): boolean {
    return this.#expired;
  }

  /** The job left the mailbox and runs. False when its deadline already failed it. */
  begin(): boolean {
    if (this.#expired) return false;
    this.#stage = STARTED;
    return true;
  }

  /**
   * The turn reaches its host: returns the signal for the host request, aborted when the
   * caller's own signal aborts, or at `hostDeadline` (the call's deadline, or sooner when
   * the type's call timeout is shorter).
   */
  startHostCall(deadline: number, hostDeadline: number, callerSignal: AbortSignal | undefined): AbortSignal {
    this.#stage = AT_HOST;
    const controller = (this.#controller = new AbortController());
    if (hostDeadline < deadline && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#expire(), Math.max(0, hostDeadline - Date.now()));
    }
    if (callerSignal) {
      if (callerSignal.aborted) controller.abort(callerSignal.reason);
      else {
        this.#callerSignal = callerSignal;
        callerSignal.addEventListener("abort", this);
      }
    }
    return controller.signal;
  }

  /** The host answered in time: from now on the deadline no longer fails the call. */
  hostAnswered(): void {
    this.#stage = SETTLED;
    this.#stopTimer();
  }

  /** The call is settled: stops the timer and lets go of the caller's signal. */
  done(): void {
    this.#stage = SETTLED;
    this.#stopTimer();
    if (this.#callerSignal) {
      this.#callerSignal.removeEventListener("abort", this);
      this.#callerSignal = undefined;
    }
  }

  /** The caller's signal aborted (an EventListenerObject: no closure per call). */
  handleEvent(): void {
    this.#controller?.abort(this.#callerSignal?.reason);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #expire(): void {
    this.#timer = undefined;
    const stage = this.#stage;
    if (stage === STARTED || stage === SETTLED) return;
    this.#expired = true;
    this.#stage = SETTLED;
    const onExpire = this.#onExpire;
    this.#onExpire = undefined;
    onExpire?.(stage === AT_HOST);
    const controller = this.#controller;
    // The caller's answer goes out first (its promise settles in this turn of the event
    // loop); tearing down the host request (socket or stream teardown, the host client's
    // error path) follows right after.
    if (controller) setImmediate(abortAtDeadline, controller);
  }
}
