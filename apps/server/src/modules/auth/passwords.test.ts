import { hash, type Options } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  ARGON2_OPTIONS,
  checkPasswordPolicy,
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from './passwords.ts';

const codes = (password: string, context?: { email?: string; fullName?: string }) =>
  checkPasswordPolicy(password, context).map((problem) => problem.code);

describe('hashPassword / verifyPassword', () => {
  it('uses Argon2id at 19 MiB, 2 passes, 1 lane', () => {
    expect(ARGON2_OPTIONS).toMatchObject({
      algorithm: 2, // Argon2id
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
  });

  it('writes a salted PHC string with those parameters', async () => {
    const first = await hashPassword('Le chat dort sur le radiateur');
    const second = await hashPassword('Le chat dort sur le radiateur');
    expect(first).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(second).not.toBe(first);
  });

  it('accepts the password and refuses anything else, unmodified', async () => {
    const stored = await hashPassword('Le chat dort sur le radiateur');
    expect(await verifyPassword(stored, 'Le chat dort sur le radiateur')).toBe(true);
    for (const other of [
      'le chat dort sur le radiateur',
      'Le chat dort sur le radiateur ',
      ' Le chat dort sur le radiateur',
      'Le chat dort sur le radiateu',
      '',
    ]) {
      expect(await verifyPassword(stored, other), other).toBe(false);
    }
  });

  it('matches the same text whether its accents arrive composed or decomposed', async () => {
    const stored = await hashPassword('Crème brûlée à volonté');
    expect(
      await verifyPassword(stored, 'Cre\u0300me bru\u0302le\u0301e a\u0300 volonte\u0301'),
    ).toBe(true);
  });

  it('hashes and verifies spaces, emoji and characters outside the BMP', async () => {
    const password = '🐱 dort 🛏️ sur le 𝕣𝕒𝕕𝕚𝕒𝕥𝕖𝕦𝕣';
    expect(await verifyPassword(await hashPassword(password), password)).toBe(true);
  });

  it('returns false rather than throwing on a malformed hash', async () => {
    for (const malformed of [
      '',
      'not a hash',
      '$argon2id$v=19$m=19456,t=2,p=1$',
      '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$',
      '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    ]) {
      expect(await verifyPassword(malformed, 'anything'), malformed).toBe(false);
    }
  });

  it('still verifies hashes made with other parameters, and flags them for rehashing', async () => {
    const older: Options[] = [
      { memoryCost: 4096, timeCost: 3, parallelism: 1 },
      { ...ARGON2_OPTIONS, timeCost: 3 },
      { ...ARGON2_OPTIONS, parallelism: 2 },
      { ...ARGON2_OPTIONS, outputLen: 16 },
      { ...ARGON2_OPTIONS, algorithm: 1 as Options['algorithm'] }, // Argon2i
      { ...ARGON2_OPTIONS, version: 0 as Options['version'] }, // 0x10
    ];
    for (const options of older) {
      const stored = await hash('Le chat dort sur le radiateur', options);
      expect(await verifyPassword(stored, 'Le chat dort sur le radiateur'), stored).toBe(true);
      expect(needsRehash(stored), stored).toBe(true);
    }
  });

  it('does not flag its own hashes, and flags what it cannot read', async () => {
    expect(needsRehash(await hashPassword('Le chat dort sur le radiateur'))).toBe(false);
    expect(needsRehash('')).toBe(true);
    expect(needsRehash('$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW')).toBe(true);
  });
});

describe('verifyAgainstDummy', () => {
  it('always answers false', async () => {
    expect(await verifyAgainstDummy('Le chat dort sur le radiateur')).toBe(false);
    expect(await verifyAgainstDummy('')).toBe(false);
  });
});

describe('checkPasswordPolicy', () => {
  it('accepts long passphrases and random passwords without composition rules', () => {
    for (const password of [
      'le chemin le plus droit',
      'Le chat dort sur le radiateur',
      'JUA7MYM8ni3cgU',
      'tout en minuscules sans chiffre',
      '🐱🐶🐭🐹🐰🦊🐻🐼🐨🐯🦁🐮',
      '   espaces   autour   ',
    ]) {
      expect(checkPasswordPolicy(password), password).toEqual([]);
    }
  });

  it('needs 12 characters, counted as code points after NFKC', () => {
    expect(checkPasswordPolicy('Mon chat dor')).toEqual([]);
    expect(checkPasswordPolicy('Mon chat do')).toEqual([
      { code: 'too_short', message: 'Le mot de passe doit contenir au moins 12 caractères.' },
    ]);
    // Eleven emoji are 22 UTF-16 units but 11 characters.
    expect(codes('🐱🐶🐭🐹🐰🦊🐻🐼🐨🐯🦁')).toEqual(['too_short']);
    // Decomposed accents count once each: 15 code points as typed, 12 after NFKC.
    expect(codes('Cre\u0300me bru\u0302le\u0301e')).toEqual([]);
    expect(codes('Cre\u0300me bru\u0302le\u0301')).toEqual(['too_short']);
  });

  it('allows at most 128 characters', () => {
    const ideographs = (count: number) =>
      Array.from({ length: count }, (_, i) => String.fromCodePoint(0x4e00 + i * 7)).join('');
    expect(checkPasswordPolicy(ideographs(128))).toEqual([]);
    expect(checkPasswordPolicy(ideographs(129))).toEqual([
      { code: 'too_long', message: 'Le mot de passe doit contenir au plus 128 caractères.' },
    ]);
  });

  it('refuses common passwords from the English list, whatever their case', () => {
    for (const password of [
      'password1234',
      'Password1234',
      'PASSWORD1234',
      'iloveyou2024',
      'qwerty123456',
      '123456789012',
      '11qq22ww33ee',
      '11QQ22WW33EE',
      '123321qwerty',
      'qwertyuiopasdfghjkl',
    ]) {
      expect(checkPasswordPolicy(password), password).toEqual([
        { code: 'common', message: 'Ce mot de passe est trop courant : choisissez-en un autre.' },
      ]);
    }
  });

  it('refuses French weak passwords padded with digits and punctuation', () => {
    for (const password of [
      'Motdepasse2024!',
      'motdepassé2024',
      'mot de passe 2024',
      'Mot-De-Passe-2024',
      'azertyuiop1234',
      'Azerty123456',
      'Soleil2024!!',
      '2024Soleil!!!',
      'doudou123456',
      "Je t'aime 2024!!",
      'Marseille13013',
      'Bonjour12345!',
      'loulou1234567',
      'CHOUCHOU2023!',
      'Monassurance2024',
    ]) {
      expect(codes(password), password).toEqual(['common']);
    }
  });

  it('refuses English bases the 8+ character list cannot hold', () => {
    expect(codes('Dragon2024!!!')).toEqual(['common']);
    expect(codes('letmein12345')).toEqual(['common']);
  });

  it('refuses a common word or a tiny pattern merely repeated', () => {
    for (const password of [
      'soleilsoleil',
      'azerty azerty',
      'aaaaaaaaaaaa',
      '            ',
      'abcabcabcabc',
      'x9!x9!x9!x9!',
    ]) {
      expect(codes(password), password).toEqual(['common']);
    }
  });

  it('does not refuse a password because a common word is inside it', () => {
    expect(codes('soleil de minuit sur le lac')).toEqual([]);
    expect(codes('le doudou du petit frère')).toEqual([]);
  });

  it('refuses a password containing the email local part or the name', () => {
    const context = { email: 'Jean.Dupont@cabinet-martin.fr', fullName: 'Hélène Dupont-Morel' };
    for (const password of [
      'jean.dupont le courtier',
      'JEANDUPONT au bureau',
      'chez dupont depuis longtemps',
      'Helene aime la montagne',
      'la famille MOREL en vacances',
    ]) {
      expect(checkPasswordPolicy(password, context), password).toEqual([
        {
          code: 'contains_identity',
          message: 'Le mot de passe ne doit contenir ni votre nom ni votre adresse e-mail.',
        },
      ]);
    }
    expect(codes('un cabinet-martin solide', context)).toEqual([]);
  });

  it('ignores name and email parts shorter than 4 characters', () => {
    expect(codes('le lièvre court vite', { email: 'li@x.fr', fullName: 'Li Wu' })).toEqual([]);
    expect(codes('le lièvre court vite', { email: 'lievre@x.fr' })).toEqual(['contains_identity']);
    expect(codes('le lièvre court vite', { email: 'no-at-sign-lievre' })).toEqual([
      'contains_identity',
    ]);
  });

  it('reports every problem at once', () => {
    expect(codes('dupont2024', { fullName: 'Paul Dupont' })).toEqual([
      'too_short',
      'contains_identity',
    ]);
    expect(codes('password', { email: 'password@x.fr' })).toEqual([
      'too_short',
      'common',
      'contains_identity',
    ]);
  });
});
