import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export interface UploadedFile {
  content: Buffer;
  filename: string;
  mimetype: string;
}

export interface MultipartForm {
  fields: Record<string, string>;
  file: UploadedFile | undefined;
}

/**
 * Reads a whole multipart form (text fields and at most one file, in `fileField`) into memory.
 * Needs @fastify/multipart registered with `throwFileSizeLimit: true` and its limits. busboy's own
 * errors (no boundary, truncated form) are the client's malformed upload: 400, never 500.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  fileField = 'file',
): Promise<MultipartForm> {
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.fieldname !== fileField || file) {
          throw new AppError(
            400,
            'unexpected-file',
            `Un seul fichier est attendu, dans le champ « ${fileField} ».`,
          );
        }
        file = { content, filename: part.filename, mimetype: part.mimetype };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof AppError || (error as { statusCode?: number }).statusCode === 413) {
      throw error;
    }
    throw new AppError(
      400,
      'malformed-multipart',
      'Le formulaire envoyé est mal formé ou incomplet.',
    );
  }
  return { fields, file };
}
