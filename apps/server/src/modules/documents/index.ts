export { DocumentComposer, CONTENT_TYPES, FORMATS_OF } from './compose.ts';
export { documentsRoutes } from './documents.routes.ts';
export { Document, DocumentBatch } from './documents.schemas.ts';
export { DOCUMENT_BATCH_JOB, DocumentBatches } from './document-batches.ts';
export { documentBatchesRoutes } from './document-batches.routes.ts';
export { DocumentsService, viewOfDocument, type DocumentView } from './documents.service.ts';
export { listDocumentLocations, listDocumentsOfClient } from './documents.repository.ts';
export { RenderDataBuilder } from './render-data.ts';
export { DOCUMENTS_PREFIX, purgeOrphans, type OrphanReport } from './maintenance.ts';
