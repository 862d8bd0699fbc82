/**
 * Progress reporting for long commands (generate, backfill, compact, …). On a terminal: one line
 * redrawn in place with `\r` (bar, count, rate, ETA). Elsewhere (CI logs, pipes): a plain line at
 * every 10 %, because carriage returns turn log files into one unreadable line.
 */

/** Where progress goes: `process.stderr` fits, and so does anything with `write`. */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** Whether the stream is a terminal; decides between the redrawn bar and 10 % lines. */
  readonly isTTY?: boolean;
  /** Terminal width, when known; the bar shrinks to fit. */
  readonly columns?: number;
}

export interface ProgressOptions {
  /** What is being done, e.g. `transactions`. */
  readonly label: string;
  /** How many units the work has in all (0 is allowed: the work is done at once). */
  readonly total: number;
  readonly stream: ProgressStream;
  /** Unit shown after counts and rates. @default "" */
  readonly unit?: string;
  /** Millisecond clock, injected by tests. @default performance.now */
  readonly now?: () => number;
  /** Minimum time between two redraws on a terminal. @default 100 */
  readonly redrawIntervalMs?: number;
}

/** A running progress report. */
export interface Progress {
  /** Records `n` more units done (default 1). Cheap enough to call per item. */
  tick(n?: number): void;
  /** Prints the final state and ends the line. Further calls do nothing. */
  done(): void;
}

export function createProgress(options: ProgressOptions): Progress {
  const { label, total, stream } = options;
  const unit = options.unit ? ` ${options.unit}` : '';
  const now = options.now ?? (() => performance.now());
  const redrawIntervalMs = options.redrawIntervalMs ?? 100;
  const isTTY = stream.isTTY === true;
  const started = now();
  let completed = 0;
  let lastDraw = -Infinity;
  let lastDecile = 0;
  let finished = false;

  const rate = (t: number): number => {
    const seconds = (t - started) / 1000;
    return seconds > 0 ? completed / seconds : 0;
  };

  const drawBar = (t: number): void => {
    const fraction = total > 0 ? Math.min(1, completed / total) : 1;
    const r = rate(t);
    const eta = r > 0 && completed < total ? ` ETA ${formatDuration((total - completed) / r)}` : '';
    const stats = ` ${formatPercent(fraction)} ${formatCount(completed)}/${formatCount(total)}${unit} ${formatCount(Math.round(r))}${unit}/s${eta}`;
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - stats.length - 4));
    const filled = Math.round(fraction * width);
    // \x1b[K clears leftovers when the new line is shorter than the previous one.
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${stats}\x1b[K`);
  };

  return {
    tick(n = 1) {
      if (finished) return;
      completed += n;
      const t = now();
      if (isTTY) {
        if (t - lastDraw >= redrawIntervalMs) {
          lastDraw = t;
          drawBar(t);
        }
        return;
      }
      const decile = total > 0 ? Math.min(10, Math.floor((completed / total) * 10)) : 10;
      // The 100 % line is left to done(), which adds the elapsed time.
      if (decile > lastDecile && decile < 10) {
        lastDecile = decile;
        stream.write(`${label}: ${decile * 10}% (${formatCount(completed)}/${formatCount(total)}${unit}, ${formatCount(Math.round(rate(t)))}${unit}/s)\n`);
      }
    },
    done() {
      if (finished) return;
      finished = true;
      const t = now();
      if (isTTY) {
        drawBar(t);
        stream.write('\n');
        return;
      }
      const seconds = (t - started) / 1000;
      stream.write(`${label}: done, ${formatCount(completed)}${unit} in ${formatDuration(seconds)} (${formatCount(Math.round(rate(t)))}${unit}/s)\n`);
    },
  };
}

/** `1234567` → `1,234,567`, independent of the machine's locale. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Seconds as `0.4s`, `42s`, `3m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function formatPercent(fraction: number): string {
  return `${String(Math.floor(fraction * 100)).padStart(3, ' ')}%`;
}
