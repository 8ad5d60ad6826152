import { ADDRESSEE, documentHead, LETTERHEAD, PDF_FOOTER } from './layout.ts';

/**
 * « Quittance de prime »: the receipt of one premium. A quittance is proof of payment, so « Pour
 * acquit » is printed only when the premium has a payment date; otherwise the document says it is
 * not a receipt rather than certify a payment that did not happen.
 */
export const QUITTANCE_HTML = `${documentHead(
  'Quittance de prime',
  `  .statement { font-size: 10pt; margin-top: 5mm; }
  .receipt { display: flex; gap: 6mm; align-items: stretch; margin-top: 2mm; }
  .receipt table.facts { flex: 1; }
  .receipt table.facts th { width: auto; }
  .receipt table.facts td { text-align: right; font-variant-numeric: tabular-nums; }
  .paid { width: 62mm; padding: 3.5mm 4mm; border-radius: 1.5mm; background: #1f3a5f; color: #ffffff; }
  .paid .label { color: #c9d6e6; }
  .paid .big { font-size: 17pt; font-weight: 700; line-height: 1.2; margin: 1mm 0 1.5mm; font-variant-numeric: tabular-nums; }
  .unpaid { margin-top: 5mm; padding: 3mm 4mm; border-left: 1.2mm solid #b4232c; background: #fbeeee; color: #7a1a20; font-weight: 600; }
  .acquit { font-size: 11pt; font-weight: 700; color: #1f3a5f; }`,
)}
<body>
  <div class="top">
  ${LETTERHEAD}
  ${ADDRESSEE}
  </div>

  <div class="title">
    <h1>Quittance de prime</h1>
    <div class="subtitle">Quittance n° {{ policy.number }}-{{ premium.sequence }}{% if policy.product_line_label %} — {{ policy.product_line_label }}{% endif %}</div>
  </div>

  <div class="refs">
    <div><span class="label">Contrat n°</span><span class="value">{{ policy.number }}</span></div>
    <div><span class="label">Assureur</span><span class="value">{{ company.name }}</span></div>
    <div><span class="label">Souscripteur</span><span class="value">{{ client.display_name }}</span></div>
    <div><span class="label">Échéance</span><span class="value">{{ premium.due_date | date_fr | default: '—' }}</span></div>
  </div>

  <p class="statement">
    {%- if premium.paid_at %}
    Nous soussignés, <strong>{{ organization.name }}</strong>, agissant pour le compte de {{ company.name }}, reconnaissons avoir reçu de {{ client.display_name }} la somme de <strong>{{ premium.total | money }}</strong> au titre de la prime du contrat n° {{ policy.number }}
    {%- else %}
    Prime du contrat n° {{ policy.number }} souscrit par {{ client.display_name }} auprès de {{ company.name }}
    {%- endif %}
    {%- if premium.period_start and premium.period_end %}, pour la période du {{ premium.period_start | date_fr }} au {{ premium.period_end | date_fr }}{% endif %}.
  </p>

  <h2>Détail de la prime</h2>
  <div class="receipt">
    <table class="facts">
      {%- if premium.period_start and premium.period_end %}
      <tr><th>Période couverte</th><td>du {{ premium.period_start | date_fr }} au {{ premium.period_end | date_fr }}</td></tr>
      {%- endif %}
      <tr><th>Prime hors taxes</th><td>{{ premium.amount | money }}</td></tr>
      <tr><th>Taxes{% if policy.tax_rate %} ({{ policy.tax_rate | percent }}){% endif %}</th><td>{{ premium.tax | money }}</td></tr>
      <tr class="strong"><th>Prime toutes taxes comprises</th><td>{{ premium.total | money }}</td></tr>
    </table>
    <div class="paid">
      <span class="label">{% if premium.paid_at %}Montant réglé{% else %}Montant dû{% endif %}</span>
      <div class="big">{{ premium.total | money }}</div>
      <div>{% if premium.paid_at %}réglé le {{ premium.paid_at | date_fr }}{% else %}{{ premium.status_label | default: 'Non réglée' }}{% endif %}</div>
    </div>
  </div>

  {%- if premium.paid_at %}
  <div class="closing">
    <div>
      <div class="acquit">Pour acquit</div>
      <div style="margin-top: 1.5mm;">Fait à {{ organization.address.city }}, le {{ today | date_long }}</div>
    </div>
    <div class="signature">
      <div>Pour {{ organization.name }}</div>
      <div class="box"></div>
      <div class="caption">Signature et cachet du cabinet</div>
    </div>
  </div>
  {%- else %}
  <div class="unpaid">Cette prime n'est pas réglée à ce jour : ce document ne vaut pas quittance.</div>
  {%- endif %}
${PDF_FOOTER}
</body>
</html>
`;
