import { documentHead, LETTERHEAD, PDF_FOOTER } from './layout.ts';

/**
 * « Attestation d'assurance »: certifies, for a third party (landlord, employer, client), that the
 * client holds the policy for the current term. The closing sentences are the usual reservations:
 * an attestation never extends the cover beyond the contract.
 */
export const ATTESTATION_HTML = `${documentHead(
  "Attestation d'assurance",
  `  .top { min-height: 0; }
  .title { margin-top: 10mm; }
  .statement { font-size: 10pt; margin-bottom: 3mm; }
  /* Two columns: a detailed risk (a home, a shop) still leaves the attestation on one page. */
  .risk { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8mm; }
  .risk-item { display: flex; gap: 3mm; padding: 1.5mm 0; border-bottom: 0.75pt solid #e3e7ec; }
  .risk-label { flex: 0 0 34mm; color: #5b6472; }
  .risk-value { flex: 1; font-weight: 600; }
  .validity { margin-top: 5mm; padding: 3.5mm 4mm; background: #f4f6f9; border-left: 1.2mm solid #1f3a5f; font-size: 10pt; }
  .reservations { margin-top: 4mm; font-size: 8.5pt; color: #3c4555; }`,
)}
<body>
  <div class="top">
  ${LETTERHEAD}
  </div>

  <div class="title">
    <h1>Attestation d'assurance</h1>
    <div class="subtitle">{{ policy.product_line_label | default: "Contrat d'assurance" }} — contrat n° {{ policy.number }}</div>
  </div>

  <p class="statement">Nous soussignés, <strong>{{ organization.name }}</strong>, société de courtage en assurances, attestons que
    {%- if client.kind == 'business' %} la société <strong>{{ client.display_name }}</strong>
    {%- if client.siren %} (SIREN {{ client.siren }}){% endif %}
    {%- if client.address_lines.size > 0 %}, dont le siège est situé {{ client.address_lines | join: ', ' }},{% endif %}
    {%- else %} <strong>{% if client.civility %}{{ client.civility }} {% endif %}{{ client.display_name }}</strong>
    {%- if client.address_lines.size > 0 %}, demeurant {{ client.address_lines | join: ', ' }},{% endif %}
    {%- endif %} est titulaire, par l'intermédiaire de notre cabinet, du contrat d'assurance désigné ci-dessous :</p>

  <table class="facts">
    <tr><th>Assureur</th><td>{{ company.name }}</td></tr>
    <tr><th>Numéro de contrat</th><td>{{ policy.number }}</td></tr>
    <tr><th>Garantie</th><td>{{ policy.product_line_label | default: '—' }}</td></tr>
    <tr><th>Date d'effet du contrat</th><td>{{ policy.effective_date | date_fr | default: '—' }}</td></tr>
    <tr><th>Prochaine échéance</th><td>{{ policy.renewal_date | date_fr | default: '—' }}</td></tr>
  </table>

  {%- if policy.insured_object and policy.insured_object != empty %}
  {%- comment %} Champs libres du contrat : les noms connus sont traduits, les autres imprimés tels quels ; date_fr ne change que les dates. {% endcomment %}
  <h2>Désignation du risque assuré</h2>
  <div class="risk">
    {%- for detail in policy.insured_object %}
    <div class="risk-item">
      <span class="risk-label">
        {%- case detail[0] %}
        {%- when 'registration', 'immatriculation' %}Immatriculation
        {%- when 'make', 'brand', 'marque' %}Marque
        {%- when 'model', 'modele' %}Modèle
        {%- when 'first_registration', 'firstRegistration' %}Première mise en circulation
        {%- when 'vin' %}Numéro d'identification (VIN)
        {%- when 'usage' %}Usage
        {%- when 'main_driver', 'mainDriver', 'driver' %}Conducteur principal
        {%- when 'kind', 'type' %}Nature du bien
        {%- when 'address', 'adresse' %}Adresse du risque
        {%- when 'rooms', 'pieces' %}Nombre de pièces
        {%- when 'surfaceM2', 'surface_m2', 'surface' %}Surface (m²)
        {%- when 'occupancy', 'occupant' %}Qualité de l'occupant
        {%- when 'activity', 'activite' %}Activité assurée
        {%- when 'turnover', 'chiffre_affaires' %}Chiffre d'affaires déclaré
        {%- when 'headcount', 'effectif' %}Effectif
        {%- else %}{% assign label = detail[0] | replace: '_', ' ' %}{{ label | slice: 0 | upcase }}{{ label | slice: 1, 100 }}
        {%- endcase -%}
      </span>
      <span class="risk-value">
        {%- if detail[1] == true %}Oui{% elsif detail[1] == false %}Non
        {%- elsif detail[0] == 'turnover' or detail[0] == 'chiffre_affaires' %}{{ detail[1] | money }}
        {%- else %}{{ detail[1] | date_fr }}{% endif -%}
      </span>
    </div>
    {%- endfor %}
  </div>
  {%- endif %}

  <div class="validity">
    La présente attestation est valable
    {%- if policy.renewal_date %} du <strong>{{ policy.term_start | default: policy.effective_date | date_fr }}</strong> au <strong>{{ policy.renewal_date | date_fr }}</strong>,
    {%- else %} à compter du <strong>{{ policy.term_start | default: policy.effective_date | date_fr }}</strong>,
    {%- endif %} sous réserve du paiement des primes.
  </div>

  <p class="reservations">Elle ne peut engager l'assureur au-delà des limites et conditions du contrat auquel elle se réfère. Elle est délivrée pour servir et valoir ce que de droit.</p>

  <div class="closing">
    <div>Fait à {{ organization.address.city }}, le {{ today | date_long }}</div>
    <div class="signature">
      <div>Pour {{ organization.name }}</div>
      <div class="box"></div>
      <div class="caption">Signature et cachet du cabinet</div>
    </div>
  </div>
${PDF_FOOTER}
</body>
</html>
`;
