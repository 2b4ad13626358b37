/**
 * Progress of a long CLI command: a bar with counts, rate and time left on a terminal
 * (cli-progress), or, when stdout is not a terminal (a pipe, a log file, CI), a short plain
 * line when a stage starts, at most every few seconds while it runs, and when it ends.
 */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  /** A new stage with a known total (0 or undefined: a stage without counts, e.g. reading a file). */
  stage(name: string, total?: number): void;
  /** Work done so far in the current stage (and a total that became known meanwhile). */
  update(done: number, total?: number): void;
  /** Close the current stage (the bar stays on screen, full). */
  done(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Draw a bar (default: the stream is a terminal). */
  tty?: boolean;
  /** Plain output: the least time between two lines of one stage (default 5 s). */
  everyMs?: number;
  now?: () => number;
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One plain line: "stage: done/total (pct%), rate/s, ~time left" (what a log file gets). */
export function plainLine(name: string, done: number, total: number, elapsedMs: number, final = false): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  if (!total) return `${name}: ${final ? `done in ${formatDuration(elapsedMs / 1000)}` : done ? `${fmtInt(done)} …` : '…'}`;
  const pct = Math.min(100, Math.floor((done / total) * 100));
  const parts = [`${name}: ${fmtInt(done)}/${fmtInt(total)} (${pct}%)`];
  if (elapsedMs > 0 && done > 0) parts.push(`${fmtInt(rate)}/s`);
  if (final) parts.push(`done in ${formatDuration(elapsedMs / 1000)}`);
  else if (rate > 0) parts.push(`~${formatDuration((total - done) / rate)} left`);
  return parts.join(', ');
}

export function createProgress(opts: ProgressOptions = {}): ProgressReporter {
  const stream = opts.stream ?? process.stdout;
  const tty = opts.tty ?? Boolean((stream as NodeJS.WriteStream).isTTY);
  const now = opts.now ?? Date.now;
  const everyMs = opts.everyMs ?? 5000;
  let name = '', total = 0, done = 0, started = 0, lastLine = 0, open = false;
  let bar: cliProgress.SingleBar | null = null;

  const payload = () => {
    const s = (now() - started) / 1000;
    return { stage: name, rate: s > 0 ? fmtInt(done / s) : '0' };
  };

  const close = () => {
    if (!open) return;
    open = false;
    if (bar) {
      bar.update(total || done, payload());
      bar.stop();
      bar = null;
    } else {
      stream.write(`${plainLine(name, total ? Math.max(done, total) : done, total, now() - started, true)}\n`);
    }
  };

  return {
    stage(n, t = 0) {
      close();
      name = n; total = t; done = 0; started = now(); lastLine = started; open = true;
      if (tty) {
        bar = new cliProgress.SingleBar({
          stream: stream as NodeJS.WritableStream,
          format: t ? '{stage} [{bar}] {percentage}% | {value}/{total} | {rate}/s | 剩余 left {eta_formatted}' : '{stage} … {duration_formatted}',
          formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? fmtInt(Number(v)) : String(v)),
          hideCursor: true,
          etaBuffer: 50,
          barsize: 30,
        }, cliProgress.Presets.shades_classic);
        bar.start(t, 0, payload());
      } else {
        stream.write(`${plainLine(name, 0, total, 0)}\n`);
      }
    },
    update(d, t) {
      if (!open) return;
      done = d;
      if (t !== undefined && t !== total) { total = t; bar?.setTotal(t); }
      if (bar) { bar.update(d, payload()); return; }
      const at = now();
      if (at - lastLine >= everyMs) {
        lastLine = at;
        stream.write(`${plainLine(name, done, total, at - started)}\n`);
      }
    },
    done: close,
  };
}

/** For callers that take a (done, total) callback. */
export const reportTo = (p: ProgressReporter) => (done: number, total: number) => p.update(done, total);
