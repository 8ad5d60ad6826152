import type { DocumentFormat } from './api/documents.ts';

export const FORMAT_LABELS: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  html: 'HTML',
  xlsx: 'Excel',
};

/** The start of a calendar day in the browser's time zone (the cabinet's), as the instant the API filters on. */
export function startOfDay(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00`).toISOString();
}

/** Accepts only a well-formed ISO date from the URL. */
export function isoDateOf(value: string | null): string | undefined {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** Accepts only a UUID from the URL (anything else would be a 400 from the API). */
export function uuidOf(value: string | null): string | undefined {
  return value !== null &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ? value
    : undefined;
}

/** A link the API returned: absolute already, or `/d/…` on this server's origin. */
export function absoluteUrl(url: string, origin: string): string {
  return /^https?:\/\//i.test(url) ? url : new URL(url, origin).href;
}
