import type { QueuePlace } from '@wildid/common/identifications/identification-view';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** 0.934 → "93%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A wait: "40 s", "12 min", "1.5 h". */
export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}

/** `etaSeconds` is null until the server has measured a rate (no job finished in the last minutes). */
export function queueText(queue: QueuePlace): string {
  const wait = queue.etaSeconds === null ? '' : `, about ${formatSeconds(queue.etaSeconds)}`;
  return `${queue.ahead} ahead${wait}`;
}
