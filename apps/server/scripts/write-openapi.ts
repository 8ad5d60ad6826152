// Writes apps/server/openapi.json and the typed client generated from it (packages/api-client).
import { writeFileSync } from 'node:fs';
import { renderApiClientSchema, OPENAPI_FILE, API_CLIENT_SCHEMA_FILE } from './generated-files.ts';
import { renderOpenApiDocument } from '../src/openapi.ts';

const document = await renderOpenApiDocument();
writeFileSync(OPENAPI_FILE, document);
writeFileSync(API_CLIENT_SCHEMA_FILE, await renderApiClientSchema(document));
console.log(`wrote ${OPENAPI_FILE}\nwrote ${API_CLIENT_SCHEMA_FILE}`);
