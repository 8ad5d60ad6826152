/**
 * Typed names of the design tokens declared in `tokens.css`.
 * The values are CSS references (`var(--ma-…)`), usable wherever CSS accepts a value; the CSS file
 * itself must be loaded once by the app: `import '@monassurance/ui/tokens.css'`.
 */

/** A reference to one custom property of tokens.css. */
export type TokenReference<Name extends string = string> = `var(--ma-${Name})`;

function token<const Name extends string>(name: Name): TokenReference<Name> {
  return `var(--ma-${name})`;
}

export const tokens = {
  color: {
    bg: token('color-bg'),
    surface: token('color-surface'),
    surfaceInverse: token('color-surface-inverse'),
    text: token('color-text'),
    textMuted: token('color-text-muted'),
    textInverse: token('color-text-inverse'),
    textInverseMuted: token('color-text-inverse-muted'),
    link: token('color-link'),
    linkHover: token('color-link-hover'),
    linkInverse: token('color-link-inverse'),
    accent: token('color-accent'),
    onAccent: token('color-on-accent'),
    border: token('color-border'),
    borderStrong: token('color-border-strong'),
    focus: token('color-focus'),
    focusInverse: token('color-focus-inverse'),
    danger: token('color-danger'),
    success: token('color-success'),
    warning: token('color-warning'),
    accentHover: token('color-accent-hover'),
    onDanger: token('color-on-danger'),
    dangerHover: token('color-danger-hover'),
    infoSurface: token('color-info-surface'),
    successSurface: token('color-success-surface'),
    warningSurface: token('color-warning-surface'),
    dangerSurface: token('color-danger-surface'),
    selected: token('color-selected'),
    hover: token('color-hover'),
    backdrop: token('color-backdrop'),
  },
  shadow: {
    sm: token('shadow-sm'),
    lg: token('shadow-lg'),
  },
  layer: {
    sticky: token('layer-sticky'),
    overlay: token('layer-overlay'),
    toast: token('layer-toast'),
  },
  space: {
    0: token('space-0'),
    1: token('space-1'),
    2: token('space-2'),
    3: token('space-3'),
    4: token('space-4'),
    5: token('space-5'),
    6: token('space-6'),
    7: token('space-7'),
    8: token('space-8'),
  },
  font: {
    family: {
      sans: token('font-family-sans'),
      mono: token('font-family-mono'),
    },
    size: {
      sm: token('font-size-sm'),
      md: token('font-size-md'),
      lg: token('font-size-lg'),
      xl: token('font-size-xl'),
      '2xl': token('font-size-2xl'),
      '3xl': token('font-size-3xl'),
    },
    weight: {
      regular: token('font-weight-regular'),
      semibold: token('font-weight-semibold'),
      bold: token('font-weight-bold'),
    },
    lineHeight: {
      tight: token('line-height-tight'),
      normal: token('line-height-normal'),
    },
  },
  size: {
    page: token('size-page'),
    measure: token('size-measure'),
    focusRing: token('size-focus-ring'),
    control: token('size-control'),
    controlSm: token('size-control-sm'),
    sidebar: token('size-sidebar'),
    dialog: token('size-dialog'),
    borderWidth: token('border-width'),
    borderWidthStrong: token('border-width-strong'),
  },
  radius: {
    sm: token('radius-sm'),
    md: token('radius-md'),
    lg: token('radius-lg'),
    pill: token('radius-pill'),
  },
  motion: {
    duration: {
      fast: token('duration-fast'),
      base: token('duration-base'),
      slow: token('duration-slow'),
    },
    easing: {
      standard: token('easing-standard'),
      enter: token('easing-enter'),
      exit: token('easing-exit'),
    },
    distance: token('motion-distance'),
    spinPeriod: token('spin-period'),
  },
} as const;

export type Tokens = typeof tokens;
