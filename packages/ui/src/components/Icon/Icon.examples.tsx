import * as icons from './Icon.tsx';

const all = Object.entries(icons).filter(([name]) => name.endsWith('Icon'));

/** Every icon, with its name as the visible (and only) text. */
export function Catalogue() {
  return (
    <ul className="ma-icon-catalogue">
      {all.map(([name, Icon]) => (
        <li key={name}>
          <Icon size="lg" /> <code>{name}</code>
        </li>
      ))}
    </ul>
  );
}

/** An icon beside text, at the text's size. */
export function BesideText() {
  return (
    <p>
      <icons.CalendarIcon /> Prochaine réunion le 12 mars
    </p>
  );
}
