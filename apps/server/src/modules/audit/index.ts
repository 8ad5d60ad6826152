export { CLI_CONTEXT, recordAudit, type ActorContext, type AuditRecord } from './audit.service.ts';
