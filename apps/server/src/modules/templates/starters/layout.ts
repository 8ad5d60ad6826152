/**
 * Parts shared by the HTML starters: the house style, the cabinet's letterhead, the client's
 * address block and the legal footer. Each starter is stored as one complete document, so a
 * cabinet edits a plain HTML file; these parts only keep the four starters consistent.
 *
 * The renderer disables JavaScript, blocks every request and injects the Inter font: nothing here
 * may point at a URL, a web font or an image file (the logo mark is inline SVG).
 */

/** Styles every HTML starter shares; `extra` holds the document's own rules. */
export function documentHead(title: string, extra: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
  /* The bottom margin leaves room for the legal footer the renderer prints in it. */
  @page { size: A4; margin: 14mm 17mm 27mm 17mm; }
  * { box-sizing: border-box; }
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body {
    margin: 0;
    font-family: Inter, "Helvetica Neue", Arial, sans-serif;
    font-size: 9.5pt;
    line-height: 1.45;
    color: #1d2433;
  }
  p { margin: 0 0 2.5mm; }
  strong { font-weight: 600; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .muted { color: #5b6472; }

  .top { display: flex; justify-content: space-between; align-items: flex-start; min-height: 44mm; }
  .brand { display: flex; gap: 3.5mm; align-items: flex-start; max-width: 88mm; }
  .brand svg { flex: none; margin-top: 0.5mm; }
  .org-name { font-size: 13pt; font-weight: 700; color: #1f3a5f; line-height: 1.2; }
  .org-kind { font-size: 8pt; color: #5b6472; text-transform: uppercase; letter-spacing: 0.06em; margin: 0.8mm 0 2mm; }
  .org-lines { font-size: 8.5pt; color: #3c4555; line-height: 1.4; }
  /* Left edge at 110 mm from the sheet's edge, 45 mm down: the window of a DL envelope. */
  .addressee { width: 76mm; margin-top: 24mm; font-size: 10pt; line-height: 1.4; }
  .addressee .name { font-weight: 600; }

  .title { margin: 7mm 0 5mm; padding-bottom: 3mm; border-bottom: 1.5pt solid #1f3a5f; }
  h1 { margin: 0; font-size: 19pt; font-weight: 700; color: #1f3a5f; letter-spacing: -0.01em; line-height: 1.15; }
  .subtitle { margin-top: 1.2mm; font-size: 10pt; color: #5b6472; }
  h2 {
    margin: 5.5mm 0 2mm; font-size: 8.5pt; font-weight: 700; color: #1f3a5f;
    text-transform: uppercase; letter-spacing: 0.06em;
  }

  .refs { display: flex; border: 0.75pt solid #d5dae1; border-radius: 1.5mm; background: #f4f6f9; }
  .refs > div { flex: 1; padding: 2.2mm 3.5mm; border-left: 0.75pt solid #d5dae1; }
  .refs > div:first-child { border-left: none; }
  .label { display: block; font-size: 7.5pt; color: #5b6472; text-transform: uppercase; letter-spacing: 0.05em; }
  .value { font-weight: 600; }

  table { width: 100%; border-collapse: collapse; }
  table.facts th, table.facts td { padding: 1.5mm 0; border-bottom: 0.75pt solid #e3e7ec; text-align: left; vertical-align: top; }
  table.facts th { width: 58mm; font-weight: 400; color: #5b6472; }
  table.facts td { font-weight: 600; }
  table.facts tr.strong th { color: #1d2433; font-weight: 600; }
  table.lines { font-size: 9pt; }
  table.lines th {
    padding: 2mm 2.5mm; background: #1f3a5f; color: #ffffff; font-weight: 600; font-size: 8pt;
    text-align: left; white-space: nowrap;
  }
  table.lines td { padding: 1.6mm 2.5mm; border-bottom: 0.75pt solid #e3e7ec; }
  table.lines tr.total td { border-top: 1pt solid #1f3a5f; border-bottom: none; background: #f4f6f9; font-weight: 700; }
  table.lines .num { text-align: right; }

  .notice { margin-top: 5mm; padding: 3mm 4mm; border-left: 1.2mm solid #1f3a5f; background: #f4f6f9; font-size: 9pt; }
  .notice p:last-child { margin-bottom: 0; }
  .notice .heading { font-weight: 700; color: #1f3a5f; margin-bottom: 1.5mm; }

  .closing { display: flex; justify-content: space-between; align-items: flex-start; margin-top: 8mm; break-inside: avoid; }
  .signature { width: 72mm; }
  .signature .box { height: 24mm; margin-top: 2mm; border: 0.75pt dashed #b9c1cc; border-radius: 1.5mm; }
  .signature .caption { margin-top: 1.2mm; font-size: 7.5pt; color: #5b6472; text-align: center; }
${extra}
</style>
</head>`;
}

/** Inline shield mark: a neutral logo that needs no image file. */
const LOGO_MARK = `<svg width="30" height="34" viewBox="0 0 30 34" aria-hidden="true"><path d="M15 1 L28 6 V16 C28 24.5 22.5 30.5 15 33 C7.5 30.5 2 24.5 2 16 V6 Z" fill="#1f3a5f"/><path d="M9.5 17 l4 4 l7.5 -8.5" fill="none" stroke="#ffffff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** The cabinet's name, status of courtier, address and ORIAS number, top left. */
export const LETTERHEAD = `<div class="brand">
    ${LOGO_MARK}
    <div>
      <div class="org-name">{{ organization.name }}</div>
      <div class="org-kind">Société de courtage en assurances</div>
      <div class="org-lines">
        {%- for line in organization.address_lines %}{{ line }}<br>{% endfor %}
        {%- if organization.orias_number %}ORIAS n° {{ organization.orias_number }}{% endif %}
      </div>
    </div>
  </div>`;

/** The client's name and postal address, placed for a window envelope. */
export const ADDRESSEE = `<div class="addressee">
    <div class="name">{% if client.kind == 'person' and client.civility %}{{ client.civility }} {% endif %}{{ client.display_name }}</div>
    {%- for line in client.address_lines %}
    <div>{{ line }}</div>
    {%- endfor %}
  </div>`;

/**
 * The legal mentions of a courtier (name, address, SIREN, ORIAS, ACPR) and the page number. The
 * renderer prints it in the bottom margin, outside the page's own styles: it needs inline styles
 * with explicit sizes, and the page numbers are filled in by Chromium.
 */
export const PDF_FOOTER = `<template id="pdf-footer">
<div style="box-sizing: border-box; width: 100%; padding: 0 17mm; font-family: Inter, 'Helvetica Neue', Arial, sans-serif; font-size: 7px; line-height: 1.5; color: #5b6472; -webkit-print-color-adjust: exact;">
  <div style="display: flex; align-items: flex-end; gap: 6mm; padding-top: 2mm; border-top: 0.5px solid #c3cad4;">
    <div style="flex: 1;">
      <strong style="color: #1f3a5f;">{{ organization.name }}</strong> — Société de courtage en assurances
      {%- if organization.address_lines.size > 0 %} — {{ organization.address_lines | join: ', ' }}{% endif %}
      {%- if organization.siren %} — SIREN {{ organization.siren }}{% endif %}<br>
      Immatriculé à l'ORIAS sous le n° {{ organization.orias_number }} (www.orias.fr) — Soumis au contrôle de l'ACPR, 4 place de Budapest, CS 92459, 75436 Paris Cedex 09
      {%- if organization.legal_mentions %}<br>{{ organization.legal_mentions }}{% endif %}
    </div>
    <div style="flex: none; white-space: nowrap;">Page <span class="pageNumber"></span> / <span class="totalPages"></span></div>
  </div>
</div>
</template>`;
