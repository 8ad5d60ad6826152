export { canonicalJson, chainHash } from './audit.chain.ts';
export type { AuditEventRow, AuditFilter } from './audit.repository.ts';
export {
  AuditService,
  CLI_CONTEXT,
  recordAudit,
  type CheckpointLog,
  type CheckpointReason,
  type ActorContext,
  type AuditRecord,
  type Signer,
  type VerifyResult,
} from './audit.service.ts';
export { AuditChainKeyMissingError } from './audit.keys.ts';
export { auditRoutes } from './audit.routes.ts';
export { exportLines, neutralizeCell } from './audit.export.ts';
