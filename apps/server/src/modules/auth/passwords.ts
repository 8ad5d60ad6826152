import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  hash as argon2Hash,
  parseOptions,
  verify as argon2Verify,
  type Algorithm,
  type Version,
} from '@node-rs/argon2';

/**
 * Argon2id at 19 MiB, 2 passes, 1 lane: a setting of OWASP's Password Storage Cheat Sheet. The
 * binding's `Algorithm` and `Version` are ambient const enums, unusable under `isolatedModules`,
 * hence the numbers.
 */
export const ARGON2_OPTIONS = Object.freeze({
  algorithm: 2 as Algorithm.Argon2id,
  version: 1 as Version.V0x13,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
});

const MIN_LENGTH = 12;
const MAX_LENGTH = 128;
const IDENTITY_MIN_LENGTH = 4;
const MIN_BASE_LENGTH = 4;

/*
 * Passwords are NFKC-normalised before hashing (NIST SP 800-63B §5.1.1.2): the same password typed
 * on two systems may arrive composed or decomposed ("é" vs "e" + U+0301), and must still match.
 * Nothing else is changed: no trimming, no case folding, no truncation (ASVS 5.0 §6.2.8).
 */
const normalise = (plain: string): string => plain.normalize('NFKC');

/** PHC string `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export function hashPassword(plain: string): Promise<string> {
  return argon2Hash(normalise(plain), ARGON2_OPTIONS);
}

/** False, not an exception, for a malformed hash: a corrupt row must not become a 500 on login. */
export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2Verify(hash, normalise(plain));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a fixed dummy hash so an unknown email costs the same time as a wrong password.
 * The dummy is made with the current options (so it costs what a real hash costs) from random
 * bytes nobody knows, once per process; only that first call also pays for the hashing.
 */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  dummyHash ??= argon2Hash(randomBytes(32), ARGON2_OPTIONS).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  await verifyPassword(await dummyHash, plain);
  return false;
}

/** True when the PHC params differ from `ARGON2_OPTIONS` (or the hash cannot be read). */
export function needsRehash(hash: string): boolean {
  try {
    const used = parseOptions(hash);
    return (
      used.algorithm !== ARGON2_OPTIONS.algorithm ||
      used.version !== ARGON2_OPTIONS.version ||
      used.memoryCost !== ARGON2_OPTIONS.memoryCost ||
      used.timeCost !== ARGON2_OPTIONS.timeCost ||
      used.parallelism !== ARGON2_OPTIONS.parallelism ||
      used.outputLen !== ARGON2_OPTIONS.outputLen
    );
  } catch {
    return true;
  }
}

export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'common' | 'contains_identity';
  /** French, for the user. */
  message: string;
}

const PROBLEMS = {
  too_short: `Le mot de passe doit contenir au moins ${MIN_LENGTH} caractères.`,
  too_long: `Le mot de passe doit contenir au plus ${MAX_LENGTH} caractères.`,
  common: 'Ce mot de passe est trop courant : choisissez-en un autre.',
  contains_identity: 'Le mot de passe ne doit contenir ni votre nom ni votre adresse e-mail.',
} as const satisfies Record<PasswordProblem['code'], string>;

/*
 * Weak bases the English list lacks, mostly French: that list only holds passwords of 8+
 * characters, so short bases ("soleil", "doudou") padded with a year to reach 12 characters slip
 * through it. Entries are folded (lower case, no accents, no separators) and are compared with the
 * password's folded core, digits and punctuation around it removed; none is shorter than 4
 * letters, or random digits around a short word would be refused.
 */
// prettier-ignore
const WEAK_PASSWORD_BASES = [
  // keyboards (AZERTY rows, and QWERTY ones too short for the English list)
  'azerty', 'azertyuiop', 'azertyuiopqsdfghjklm', 'qsdfghjklm', 'qsdfgh', 'wxcvbn', 'aqwzsx',
  'azeqsdwxc', 'qwerty', 'qwertz', 'qwertyuiop', 'asdfgh', 'zxcvbn', 'abcdef', 'abcd',
  // the word itself
  'motdepasse', 'monmotdepasse', 'motdepass', 'passe', 'secret', 'admin',
  'administrateur', 'utilisateur', 'test', 'welcome', 'letmein',
  // greetings and endearments
  'bonjour', 'bonsoir', 'salut', 'coucou', 'bienvenue', 'jetaime', 'jetadore', 'jetaimefort',
  'jetaimemonamour', 'monamour', 'mamour', 'amour', 'chouchou', 'choupette', 'loulou', 'louloute',
  'doudou', 'bisou', 'bisous', 'grosbisous', 'cheri', 'cherie', 'mabiche', 'poussin', 'chaton',
  'minou', 'minette', 'nounours', 'bisounours', 'tresor', 'montresor', 'princesse', 'bebe',
  'papa', 'maman', 'papamaman', 'mamie', 'papi', 'famille', 'toto', 'titi', 'tata', 'lolo', 'lili',
  // things
  'soleil', 'chocolat', 'caramel', 'vanille', 'fraise', 'framboise', 'vacances', 'maison',
  'liberte', 'france', 'bretagne', 'pompier', 'football', 'foot', 'rugby',
  // places and clubs
  'marseille', 'paris', 'lyon', 'toulouse', 'nantes', 'bordeaux', 'lille', 'nice', 'rennes',
  'strasbourg', 'montpellier', 'allezlom', 'olympiquedemarseille', 'parissaintgermain',
  'allezparis', 'zidane', 'zizou', 'mbappe',
  // frequent first names
  'nicolas', 'julien', 'thomas', 'camille', 'marie', 'sophie', 'celine', 'aurelie', 'stephanie',
  'isabelle', 'nathalie', 'sandrine', 'christophe', 'sebastien', 'alexandre', 'antoine', 'maxime',
  'pierre', 'lucas', 'louis', 'emma', 'manon', 'chloe', 'sarah', 'laura', 'kevin', 'jeremy',
  // common English bases under 8 letters
  'dragon', 'monkey', 'master', 'shadow', 'hello', 'love', 'iloveu', 'freedom', 'batman',
  'pokemon', 'naruto', 'google', 'soccer', 'hockey', 'killer', 'hunter', 'ranger',
  // this application
  'monassurance', 'assurance', 'assurances', 'courtier', 'courtage', 'cabinet',
];

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * The 50,000 most common passwords of 8+ characters (SecLists' top 1M, lower-cased) from
 * `fxa-common-password-list`, plus the bases above. The package's own `test()` decodes the list
 * on import, compares case-sensitively and scans an array (25–60 µs a lookup), so its data file is
 * read here instead, once, on first use, into a Set.
 */
function loadCommonPasswords(): ReadonlySet<string> {
  if (commonPasswords) return commonPasswords;
  const encoded: unknown = createRequire(import.meta.url)(
    'fxa-common-password-list/src/encoded-passwords.js',
  );
  if (typeof encoded !== 'string') {
    throw new Error('fxa-common-password-list changed its data format; see passwords.ts.');
  }
  const passwords = new Set<string>(WEAK_PASSWORD_BASES);
  // Front coding: each line is one base-36 digit (characters shared with the previous entry) and
  // the rest of the entry.
  let previous = '';
  for (const line of encoded.split('\n')) {
    const shared = Number.parseInt(line.charAt(0), 36);
    if (Number.isNaN(shared) || shared > previous.length) {
      throw new Error(`fxa-common-password-list has an unreadable line: ${JSON.stringify(line)}.`);
    }
    previous = previous.slice(0, shared) + line.slice(1);
    passwords.add(previous);
  }
  commonPasswords = passwords;
  return passwords;
}

/** Lower case without accents, so "Marseille", "MARSEILLE" and "Hélène"/"helene" compare equal. */
const fold = (text: string): string => text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
/** Letters and digits only, so "mot de passe" and "mot-de-passe" compare as "motdepasse". */
const compact = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '');
const codePoints = (text: string): number => [...text].length;

/** The shortest unit the whole text repeats ("azerty" for "azertyazerty"), if any. */
function repeatedUnit(text: string): string | undefined {
  const period = (text + text).indexOf(text, 1);
  return period > 0 && period < text.length ? text.slice(0, period) : undefined;
}

function isCommon(password: string): boolean {
  const list = loadCommonPasswords();
  const folded = fold(password);
  // What people add to a word to pass a length rule: digits, years, punctuation, emoji.
  const core = folded.replace(/^\P{L}+|\P{L}+$/gu, '');
  const candidates = [folded, compact(folded)];
  if (codePoints(core) >= MIN_BASE_LENGTH) candidates.push(core, compact(core));
  for (const candidate of candidates) {
    if (list.has(candidate)) return true;
    const unit = repeatedUnit(candidate);
    // "aaaaaaaaaaaa", "ababababab", "abcabcabcabc" and "soleilsoleil" are no stronger than one unit.
    if (unit !== undefined && (codePoints(unit) <= 3 || list.has(unit))) return true;
  }
  return false;
}

/** The email's local part and the name, whole and word by word, each when it has 4+ characters. */
function identityFragments(context: { email?: string; fullName?: string }): string[] {
  const { email, fullName } = context;
  const at = email?.lastIndexOf('@') ?? -1;
  const localPart = at === -1 ? email : email?.slice(0, at);
  const fragments: string[] = [];
  for (const source of [localPart, fullName]) {
    if (!source) continue;
    const folded = fold(source.normalize('NFKC'));
    fragments.push(compact(folded), ...folded.split(/[^\p{L}\p{N}]+/u));
  }
  return fragments.filter((fragment) => codePoints(fragment) >= IDENTITY_MIN_LENGTH);
}

/**
 * Policy per OWASP ASVS 5.0 §6.2: at least 12 characters (count Unicode code points, after NFKC),
 * at most 128, any character allowed (spaces and emoji included, no composition rules), not in the
 * list of common/breached passwords (case-insensitive), not containing the user's email local part
 * or name when those are >= 4 characters. Returns [] when acceptable.
 */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string; fullName?: string } = {},
): PasswordProblem[] {
  const normalised = normalise(password);
  const length = codePoints(normalised);
  const codes: PasswordProblem['code'][] = [];
  if (length < MIN_LENGTH) codes.push('too_short');
  // Past the maximum nothing else is worth checking, and the checks should not run on huge input.
  if (length > MAX_LENGTH) codes.push('too_long');
  else {
    if (isCommon(normalised)) codes.push('common');
    const comparable = compact(fold(normalised));
    if (identityFragments(context).some((fragment) => comparable.includes(fragment))) {
      codes.push('contains_identity');
    }
  }
  return codes.map((code) => ({ code, message: PROBLEMS[code] }));
}
