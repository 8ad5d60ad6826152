import { ATTESTATION_HTML } from './attestation.ts';
import { AVIS_ECHEANCE_HTML } from './avis-echeance.ts';
import { buildBordereauTemplate } from './bordereau.ts';
import { QUITTANCE_HTML } from './quittance.ts';

/**
 * A template every new cabinet receives, ready to use and to adapt. The HTML starters are TypeScript
 * strings rather than .html files because the production build (`tsc`) emits only compiled
 * TypeScript: a file read next to the module would be missing from `dist/`.
 */
export interface StarterTemplate {
  /** Stable identity of the starter within a cabinet, kept when the cabinet renames it. */
  code: 'attestation' | 'avis_echeance' | 'quittance' | 'bordereau_primes';
  /** French display name. */
  name: string;
  description: string;
  kind: 'html' | 'xlsx';
  /** What one rendering is about: the data the documents service puts in the snapshot. */
  subject: 'policy' | 'premium' | 'company';
  /** The Liquid HTML source, for `html` starters. */
  content?: string;
  /** Builds the XLSX workbook, for `xlsx` starters. */
  file?: () => Promise<Buffer>;
}

export const STARTER_TEMPLATES: readonly StarterTemplate[] = [
  {
    code: 'attestation',
    name: "Attestation d'assurance",
    description:
      'Atteste que le client est titulaire du contrat pour la période en cours, avec le risque assuré. Une page A4 signée par le cabinet.',
    kind: 'html',
    subject: 'policy',
    content: ATTESTATION_HTML,
  },
  {
    code: 'avis_echeance',
    name: "Avis d'échéance",
    description:
      "Prime de la nouvelle période et son échéancier, avec la mention de l'article L113-15-1 du Code des assurances (loi Chatel) pour les contrats à reconduction tacite.",
    kind: 'html',
    subject: 'policy',
    content: AVIS_ECHEANCE_HTML,
  },
  {
    code: 'quittance',
    name: 'Quittance de prime',
    description:
      "Reçu d'une prime réglée : période, prime hors taxes, taxes, total et date de paiement, « Pour acquit ».",
    kind: 'html',
    subject: 'premium',
    content: QUITTANCE_HTML,
  },
  {
    code: 'bordereau_primes',
    name: 'Bordereau de primes',
    description:
      "Classeur Excel des primes d'une compagnie : une ligne par prime avec police, client, période, montants et commission, et les totaux.",
    kind: 'xlsx',
    subject: 'company',
    file: buildBordereauTemplate,
  },
];

export { buildBordereauTemplate } from './bordereau.ts';
