export {
  createTemplateRenderPool,
  TemplatePoolBusyError,
  TemplatePoolClosedError,
  TemplateRenderPool,
  type TemplateRenderPoolOptions,
  type TemplateRenderPoolStats,
} from './engine/render-pool.ts';
// What modules/documents uses from the engine, so that it need not import engine/index.ts.
export {
  FREE_INPUT_ROOT,
  freeInputsOf,
  TemplateLimitError,
  TemplateRenderError,
} from './engine/index.ts';
export { Template } from './templates.schemas.ts';
export { templatesRoutes, XLSX_MEDIA_TYPE } from './templates.routes.ts';
export {
  TEMPLATE_LIMITS,
  TemplatesService,
  toTemplateView,
  type TemplateBody,
  type TemplateView,
} from './templates.service.ts';
export type { TemplateRow, TemplateVersionRow } from './templates.repository.ts';
