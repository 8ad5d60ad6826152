export { organizations } from './organizations.ts';
