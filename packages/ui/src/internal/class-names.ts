/** Joins the class names that apply, so a component can write `cx('a', active && 'a--on', className)`. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter((name): name is string => typeof name === 'string' && name !== '').join(' ');
}
