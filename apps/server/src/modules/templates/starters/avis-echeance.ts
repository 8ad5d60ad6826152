import { ADDRESSEE, documentHead, LETTERHEAD, PDF_FOOTER } from './layout.ts';

/**
 * « Avis d'échéance »: the premium of the coming term, its instalments, and, for a contract renewed
 * tacitly, the notice article L113-15-1 of the Code des assurances (loi Chatel) requires.
 *
 * The twenty-day sentence concerns a notice sent after `policy.notice_date` (fifteen days before
 * the cancellation deadline): it is left out only when the render date is known to be earlier, as
 * an extra conditional sentence is harmless and a missing one is not. ISO dates compare as text.
 * L113-15-1 covers consumers only: for a professional's contract (`chatel_applies` false) the
 * notice cites L113-12 instead.
 */
export const AVIS_ECHEANCE_HTML = `${documentHead(
  "Avis d'échéance",
  `  .amounts { display: flex; gap: 6mm; align-items: stretch; }
  .amounts table.facts { flex: 1; }
  .amounts table.facts th { width: auto; }
  .amounts table.facts td { text-align: right; font-variant-numeric: tabular-nums; }
  .due { width: 62mm; padding: 3.5mm 4mm; border-radius: 1.5mm; background: #1f3a5f; color: #ffffff; }
  .due .label { color: #c9d6e6; }
  .due .big { font-size: 17pt; font-weight: 700; line-height: 1.2; margin: 1mm 0 1.5mm; font-variant-numeric: tabular-nums; }
  .due .when { font-size: 9pt; }`,
)}
<body>
  <div class="top">
  ${LETTERHEAD}
  ${ADDRESSEE}
  </div>

  <div class="title">
    <h1>Avis d'échéance</h1>
    <div class="subtitle">{{ policy.product_line_label | default: "Contrat d'assurance" }} — échéance du {{ policy.renewal_date | date_long }}</div>
  </div>

  <div class="refs">
    <div><span class="label">Contrat n°</span><span class="value">{{ policy.number }}</span></div>
    <div><span class="label">Assureur</span><span class="value">{{ company.name }}</span></div>
    <div><span class="label">Fractionnement</span><span class="value">{{ policy.payment_frequency_label | default: '—' }}</span></div>
    <div><span class="label">Date d'envoi</span><span class="value">{{ today | date_fr }}</span></div>
  </div>

  {%- comment %} L'année qui s'ouvre au renouvellement ; à défaut, l'année en cours. {% endcomment %}
  {%- if next_premiums.size > 0 %}{% assign schedule = next_premiums %}{% else %}{% assign schedule = premiums %}{% endif %}
  <p style="margin-top: 5mm;">Votre contrat arrive à échéance le <strong>{{ policy.renewal_date | date_fr }}</strong>. Vous trouverez ci-dessous le montant de la prime de la nouvelle période{% if schedule.size > 1 %} et son échéancier{% endif %}.</p>

  <h2>Prime annuelle</h2>
  <div class="amounts">
    <table class="facts">
      <tr><th>Prime hors taxes</th><td>{{ policy.annual_premium | money }}</td></tr>
      {%- if policy.annual_premium_total and policy.annual_premium %}
      <tr><th>Taxes{% if policy.tax_rate %} ({{ policy.tax_rate | percent }}){% endif %}</th><td>{{ policy.annual_premium_total | minus: policy.annual_premium | money }}</td></tr>
      {%- endif %}
      <tr class="strong"><th>Prime toutes taxes comprises</th><td>{{ policy.annual_premium_total | money }}</td></tr>
    </table>
    {%- assign first_due = schedule | first %}
    <div class="due">
      <span class="label">{% if schedule.size > 1 %}Première échéance{% else %}Montant à régler{% endif %}</span>
      <div class="big">{% if first_due %}{{ first_due.total | money }}{% else %}{{ policy.annual_premium_total | money }}{% endif %}</div>
      <div class="when">à régler au plus tard le {% if first_due %}{{ first_due.due_date | date_fr }}{% else %}{{ policy.renewal_date | date_fr }}{% endif %}</div>
    </div>
  </div>

  {%- if schedule.size > 0 %}
  {%- assign last_due = schedule | last %}
  <h2>Échéancier du {{ first_due.period_start | date_fr }} au {{ last_due.period_end | date_fr }}</h2>
  <table class="lines">
    <thead>
      <tr><th>N°</th><th>Échéance</th><th>Période couverte</th><th class="num">Prime HT</th><th class="num">Taxes</th><th class="num">Prime TTC</th></tr>
    </thead>
    <tbody>
      {%- for p in schedule %}
      <tr>
        <td>{{ p.sequence }}</td>
        <td>{{ p.due_date | date_fr }}</td>
        <td>du {{ p.period_start | date_fr }} au {{ p.period_end | date_fr }}</td>
        <td class="num">{{ p.amount | money }}</td>
        <td class="num">{{ p.tax | money }}</td>
        <td class="num">{{ p.total | money }}</td>
      </tr>
      {%- endfor %}
      {%- if schedule.size > 1 %}
      <tr class="total">
        <td colspan="3">Total de la période</td>
        <td class="num">{{ schedule | sum: "amount" | money }}</td>
        <td class="num">{{ schedule | sum: "tax" | money }}</td>
        <td class="num">{{ schedule | sum: "total" | money }}</td>
      </tr>
      {%- endif %}
    </tbody>
  </table>
  {%- endif %}

  {%- if policy.tacit_renewal %}
  <div class="notice">
    <div class="heading">Reconduction tacite de votre contrat{% if policy.cancellation_deadline %} — date limite de résiliation : {{ policy.cancellation_deadline | date_fr }}{% endif %}</div>
    {%- if policy.chatel_applies == false %}
    {%- comment %} Contrat professionnel : la loi Chatel ne s'applique pas, l'article L113-12 oui. {% endcomment %}
    <p>Conformément à l'article L113-12 du Code des assurances, vous pouvez résilier votre contrat à sa date d'échéance en nous adressant une lettre ou un envoi recommandé électronique {% if policy.cancellation_deadline %}au plus tard le {{ policy.cancellation_deadline | date_fr }}{% else %}au moins deux mois avant la date d'échéance{% endif %}.</p>
    {%- elsif policy.cancellation_deadline %}
    <p>Conformément à l'article L113-15-1 du Code des assurances, vous pouvez vous opposer à la reconduction tacite de votre contrat en nous adressant une lettre ou un envoi recommandé électronique au plus tard le {{ policy.cancellation_deadline | date_fr }}.</p>
    {%- comment %} notice_date : dernier jour d'envoi de l'avis sans ouvrir le délai de vingt jours. {% endcomment %}
    {%- unless policy.notice_date and today and today <= policy.notice_date %}
    <p>Si cet avis vous est adressé moins de quinze jours avant cette date, ou après celle-ci, vous disposez d'un délai de vingt jours à compter de sa date d'envoi pour résilier votre contrat.</p>
    {%- endunless %}
    {%- else %}
    <p>Conformément à l'article L113-15-1 du Code des assurances, vous pouvez vous opposer à la reconduction tacite de votre contrat en nous adressant une lettre ou un envoi recommandé électronique dans le délai prévu par votre contrat.</p>
    <p>Si cet avis vous est adressé moins de quinze jours avant la fin de ce délai, ou après celle-ci, vous disposez d'un délai de vingt jours à compter de sa date d'envoi pour résilier votre contrat.</p>
    {%- endif %}
    {%- if client.kind == 'person' and policy.chatel_applies != false %}{% if policy.product_line == 'auto' or policy.product_line == 'habitation' %}
    <p>Après un an d'engagement, vous pouvez également résilier ce contrat à tout moment, sans frais ni pénalités : la résiliation prend effet un mois après sa réception par l'assureur (article L113-15-2 du Code des assurances).</p>
    {%- endif %}{% endif %}
  </div>
  {%- endif %}

${PDF_FOOTER}
</body>
</html>
`;
