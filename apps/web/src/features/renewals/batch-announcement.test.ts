import { describe, expect, it } from 'vitest';
import { batchAnnouncement } from './batch-announcement.ts';

describe('batchAnnouncement', () => {
  it('changes at the start, each quarter and the end only', () => {
    const said = new Set<string>();
    for (let done = 0; done <= 120; done += 1) said.add(batchAnnouncement('running', done, 120));
    expect([...said]).toEqual([
      'Génération des avis lancée : 120 documents à produire.',
      '25 % des avis générés.',
      '50 % des avis générés.',
      '75 % des avis générés.',
    ]);
    expect(batchAnnouncement('succeeded', 120, 120)).toBe(
      'Génération terminée : 120 documents sur 120.',
    );
  });

  it('says a queued batch has started, and names failures and cancellations', () => {
    expect(batchAnnouncement('queued', 0, 1)).toBe(
      'Génération des avis lancée : 1 document à produire.',
    );
    expect(batchAnnouncement('failed', 3, 10)).toBe('La génération des avis a échoué.');
    expect(batchAnnouncement('cancelled', 3, 10)).toBe('Génération annulée après 3 documents.');
  });
});
