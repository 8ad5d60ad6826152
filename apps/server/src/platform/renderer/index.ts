export {
  BUSY_RETRY_AFTER_SECONDS,
  HeaderFooterError,
  RenderFailedError,
  RendererBusyError,
  RendererUnavailableError,
  RenderTimeoutError,
} from './errors.ts';
export {
  CHROMIUM_BASE_ARGS,
  resolveChromium,
  SYSTEM_CHROMIUM_CANDIDATES,
  type ChromiumExecutable,
  type ResolveChromiumOptions,
} from './executable.ts';
export { ASSET_ORIGIN, baseStylesheet, readAsset, type Asset } from './fonts.ts';
export {
  DEFAULT_MARGIN,
  headerFooterLoad,
  pageNumberFooter,
  type PdfMargin,
} from './header-footer.ts';
export {
  createPdfRenderer,
  PdfRenderer,
  type BatchOptions,
  type PdfRendererOptions,
  type RendererLogger,
  type RendererMetrics,
  type RendererStats,
  type RenderInput,
} from './renderer.ts';
