import type { components, operations } from '@monassurance/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, useApi, useSessionClient } from '../../../shared/api/query.ts';

export type DocumentRecord = components['schemas']['Document'];
export type DocumentFormat = DocumentRecord['format'];
export type Template = components['schemas']['Template'];
export type Policy = components['schemas']['Policy'];
export type Client = components['schemas']['Client'];
export type GenerateInput =
  operations['generateDocument']['requestBody']['content']['application/json'];
export type DownloadLink =
  operations['createDocumentLink']['responses'][201]['content']['application/json'];

const DOCUMENTS = ['documents'] as const;

export interface DocumentFilters {
  format?: DocumentFormat;
  templateId?: string;
  policyId?: string;
  clientId?: string;
  /** Instants (ISO), the API's `from` (inclusive) and `to` (exclusive). */
  from?: string;
  to?: string;
  cursor?: string;
}

/** A page of documents, newest first (a broker sees those of their clients). */
export function useDocuments(filters: DocumentFilters) {
  const api = useApi();
  return useQuery({
    queryKey: [...DOCUMENTS, 'list', filters] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/documents', { params: { query: { ...filters, limit: 50 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useDocument(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...DOCUMENTS, 'one', id] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/documents/{id}', { params: { path: { id } } })),
    // A document never changes once made.
    staleTime: Infinity,
  });
}

function contentPath(id: string): string {
  return `/api/v1/documents/${encodeURIComponent(id)}/content`;
}

/**
 * The bytes of a document, for the preview on its page (the server records each read in the
 * audit log, so it is fetched once per visit, not refetched).
 */
export function useDocumentContent(document: DocumentRecord, enabled: boolean) {
  const client = useSessionClient();
  return useQuery({
    queryKey: [...DOCUMENTS, 'one', document.id, 'content'] as const,
    queryFn: async () => {
      const blob = await client.blob(contentPath(document.id));
      return { blob, text: document.format === 'html' ? await blob.text() : null };
    },
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

/** « Télécharger »: the document as a Blob (the bearer token is needed, so no plain link). */
export function useDownloadDocument() {
  const client = useSessionClient();
  return useMutation({ mutationFn: (id: string) => client.blob(contentPath(id)) });
}

/** « Générer »: renders a template for a policy or a client and stores the document. */
export function useGenerateDocument() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: GenerateInput) =>
      unwrap(await api.POST('/api/v1/documents', { body })),
    onSuccess: (document) => {
      queryClient.setQueryData([...DOCUMENTS, 'one', document.id], document);
      return queryClient.invalidateQueries({ queryKey: [...DOCUMENTS, 'list'] });
    },
  });
}

/** A download link that needs no sign-in (shown once: the server keeps only its hash). */
export function useCreateLink(id: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: { ttlSeconds: number; singleUse: boolean }) =>
      unwrap(await api.POST('/api/v1/documents/{id}/links', { params: { path: { id } }, body })),
  });
}

/**
 * The cabinet's templates (200 at most: a cabinet has a handful), to name them in the list and to
 * choose one to generate with.
 */
export function useTemplateChoices(activeOnly: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['documents', 'templates', activeOnly] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/templates', {
          params: { query: { limit: 200, ...(activeOnly ? { active: true } : {}) } },
        }),
      ).items,
    staleTime: 60_000,
  });
}

export function usePolicy(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['documents', 'policy', id] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== null,
  });
}

export function useClient(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['documents', 'client', id] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/clients/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== null,
  });
}

/** Policies whose number starts with what was typed. */
export function usePolicySearch(text: string) {
  const api = useApi();
  const q = text.trim();
  return useQuery({
    queryKey: ['documents', 'policy-search', q] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies', { params: { query: { q, limit: 10 } } })).items,
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** Clients whose name, e-mail or SIREN hold the words typed. */
export function useClientSearch(text: string) {
  const api = useApi();
  const q = text.trim();
  return useQuery({
    queryKey: ['documents', 'client-search', q] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/clients', { params: { query: { q, limit: 10 } } })).items,
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}
