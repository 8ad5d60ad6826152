import type { components, operations } from '@monassurance/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, useApi, useSessionClient } from '../../../shared/api/query.ts';

export type Template = components['schemas']['Template'];
export type TemplateKind = Template['kind'];
export type TemplateVersionSummary =
  operations['listTemplateVersions']['responses'][200]['content']['application/json']['items'][number];
export type TemplateVersion =
  operations['getTemplateVersion']['responses'][200]['content']['application/json'];
export type TemplateWarning = TemplateVersionSummary['warnings'][number];
export type CreatedVersion =
  operations['createTemplateVersion']['responses'][201]['content']['application/json'];
export type CreatedTemplate =
  operations['createTemplate']['responses'][201]['content']['application/json'];
export type DataModel =
  operations['getTemplateDataModel']['responses'][200]['content']['application/json'];
export type Policy = components['schemas']['Policy'];

const TEMPLATES = ['templates'] as const;
const keys = {
  list: (filters: TemplateFilters) => [...TEMPLATES, 'list', filters] as const,
  one: (id: string) => [...TEMPLATES, 'one', id] as const,
  versions: (id: string, cursor: string | undefined) =>
    [...TEMPLATES, 'one', id, 'versions', cursor ?? ''] as const,
  version: (id: string, n: number) => [...TEMPLATES, 'one', id, 'version', n] as const,
  dataModel: [...TEMPLATES, 'data-model'] as const,
};

export interface TemplateFilters {
  kind?: TemplateKind;
  active?: boolean;
  cursor?: string;
}

/** A page of the cabinet's templates, ordered by name. */
export function useTemplates(filters: TemplateFilters) {
  const api = useApi();
  return useQuery({
    queryKey: keys.list(filters),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/templates', { params: { query: { ...filters, limit: 50 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useTemplate(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.one(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/templates/{id}', { params: { path: { id } } })),
  });
}

/** Reads the template and its versions again (after a 409: someone changed it meanwhile). */
export function useReloadTemplate(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.one(id) });
}

/** The versions of a template, newest first, a page at a time. */
export function useTemplateVersions(id: string, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: keys.versions(id, cursor),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/templates/{id}/versions', {
          params: { path: { id }, query: { cursor, limit: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** One immutable version (its source for an html template); versions never change, so no refetch. */
export function useTemplateVersion(id: string, n: number | null) {
  const api = useApi();
  return useQuery({
    queryKey: keys.version(id, n ?? 0),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/templates/{id}/versions/{n}', {
          params: { path: { id, n: n ?? 0 } },
        }),
      ),
    enabled: n !== null,
    staleTime: Infinity,
  });
}

/** The variables and filters a template can use (the same for every template). */
export function useDataModel(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: keys.dataModel,
    queryFn: async () => unwrap(await api.GET('/api/v1/templates/data-model')),
    enabled,
    staleTime: Infinity,
  });
}

export type NewTemplate =
  | { kind: 'html'; name: string; description?: string; content: string }
  | { kind: 'xlsx'; name: string; description?: string; file: File };

/** Creates a template: html as JSON, xlsx as multipart (JSON cannot carry the workbook). */
export function useCreateTemplate() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: NewTemplate): Promise<CreatedTemplate> => {
      if (input.kind === 'html') {
        return unwrap(await api.POST('/api/v1/templates', { body: input }));
      }
      const form = new FormData();
      form.set('name', input.name);
      form.set('kind', 'xlsx');
      if (input.description !== undefined) form.set('description', input.description);
      form.set('file', input.file, input.file.name);
      return unwrap(
        await api.POST('/api/v1/templates', {
          body: form as never,
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...TEMPLATES, 'list'] }),
  });
}

export interface NewVersion {
  /** The source of an html template, or the workbook of an xlsx one. */
  source: { content: string } | { file: File };
  comment?: string;
  publish: boolean;
}

/** Saves a new immutable version (published at once when asked). */
export function useCreateVersion(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ source, comment, publish }: NewVersion): Promise<CreatedVersion> => {
      if ('content' in source) {
        return unwrap(
          await api.POST('/api/v1/templates/{id}/versions', {
            params: { path: { id } },
            body: { content: source.content, comment, publish },
          }),
        );
      }
      const form = new FormData();
      form.set('file', source.file, source.file.name);
      if (comment !== undefined) form.set('comment', comment);
      form.set('publish', String(publish));
      return unwrap(
        await api.POST('/api/v1/templates/{id}/versions', {
          params: { path: { id } },
          body: form as never,
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.one(id) }),
  });
}

export type TemplateChanges = Pick<
  operations['updateTemplate']['requestBody']['content']['application/json'],
  'active' | 'publishedVersion' | 'name' | 'description'
>;

/** Publishes a version or (de)activates: sends the record's `version` (409 when stale). */
export function useUpdateTemplate(template: Template) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: TemplateChanges) =>
      unwrap(
        await api.PATCH('/api/v1/templates/{id}', {
          params: { path: { id: template.id } },
          body: { ...changes, version: template.version },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.one(template.id), updated);
      return queryClient.invalidateQueries({ queryKey: TEMPLATES });
    },
  });
}

/**
 * Deletes an unused template; one that documents were made from is deactivated instead (the
 * result says which).
 */
export function useDeleteTemplate(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<{ deleted: true } | { deleted: false; template: Template }> => {
      const { data, error, response } = await api.DELETE('/api/v1/templates/{id}', {
        params: { path: { id } },
      });
      if (response.status === 204) return { deleted: true };
      return { deleted: false, template: unwrap({ data, error, response }) };
    },
    // The screen leaves a deleted template at once; its cached record simply ages out.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...TEMPLATES, 'list'] }),
  });
}

export type PreviewFormat = 'html' | 'pdf';

export interface PreviewRequest {
  /** The unsaved draft (html templates). */
  content: string;
  format: PreviewFormat;
  /** A real policy to render with; sample data otherwise. */
  policyId: string | null;
}

/**
 * The live preview of a draft: the rendered HTML (as text) or the PDF (as a Blob). Previous
 * results stay on screen while the next one renders, so the preview never flashes empty.
 */
export function useDraftPreview(id: string, request: PreviewRequest, enabled: boolean) {
  const client = useSessionClient();
  return useQuery({
    queryKey: [...TEMPLATES, 'one', id, 'preview', request] as const,
    queryFn: async ({ signal }) => {
      const body = {
        format: request.format,
        content: request.content,
        ...(request.policyId === null ? { sample: true } : { policyId: request.policyId }),
      };
      const blob = await client.blob(`/api/v1/templates/${encodeURIComponent(id)}/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      return request.format === 'html'
        ? { format: 'html' as const, html: await blob.text() }
        : { format: 'pdf' as const, pdf: blob };
    },
    enabled,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Downloads a file the API serves behind the bearer token (a version's workbook, a preview). */
export function useTemplateFiles(id: string) {
  const client = useSessionClient();
  return {
    versionFile: (n: number) =>
      client.blob(`/api/v1/templates/${encodeURIComponent(id)}/versions/${n}/file`),
    samplePreview: (format: 'xlsx' | 'pdf', version?: number) =>
      client.blob(`/api/v1/templates/${encodeURIComponent(id)}/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ format, sample: true, ...(version ? { version } : {}) }),
      }),
  };
}

/** Policies whose number starts with what was typed (for previews with real data). */
export function usePolicySearch(text: string) {
  const api = useApi();
  const q = text.trim();
  return useQuery({
    queryKey: ['templates', 'policy-search', q] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/policies', { params: { query: { q, limit: 10 } } })).items,
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}
