export {
  DATA_MODEL,
  FREE_INPUT_NAME,
  FREE_INPUT_ROOT,
  freeInputsOf,
  isKnownVariable,
  resolveVariable,
  SAMPLE_DATA,
  sampleData,
  type DataModelEntry,
  type DataModelType,
  type RenderData,
} from './data-model.ts';
export {
  TemplateLimitError,
  TemplateRenderError,
  TemplateSyntaxError,
  type TemplateLimitErrorCode,
  type TemplateLocation,
  type TemplateSyntaxErrorCode,
  type TemplateWarning,
} from './errors.ts';
export { FILTERS } from './filters.ts';
export {
  createTemplateEngine,
  DEFAULT_TEMPLATE_LIMITS,
  ParsedTemplate,
  type RenderOptions,
  type TemplateEngine,
  type TemplateLimits,
} from './liquid.ts';
export {
  DEFAULT_WORKBOOK_LIMITS,
  fillWorkbook,
  parseWorkbookTemplate,
  type WorkbookLimits,
} from './xlsx.ts';
