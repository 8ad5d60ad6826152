import type { Database } from '../../db/client.ts';
import type { ActorContext, PortfolioScope } from '../../platform/request-context.ts';
import { recordAudit } from '../audit/index.ts';
import { toClientView, type ClientsService } from '../clients/index.ts';
import { listDocumentsOfClient, viewOfDocument } from '../documents/index.ts';
import {
  listPoliciesOfClient,
  listPremiumsOfPolicies,
  toPolicyView,
  toPremiumView,
} from '../policies/index.ts';

/** The client's rights under the GDPR: access (export) and erasure (anonymisation). */
export class GdprService {
  constructor(
    private readonly db: Database,
    private readonly clients: ClientsService,
  ) {}

  /** Everything held on the client, as one JSON document; the export itself is audited. */
  async export(scope: PortfolioScope, context: ActorContext, clientId: string) {
    const client = await this.clients.row(scope, clientId);
    const policies = await listPoliciesOfClient(this.db, scope.organizationId, client.id);
    const premiums = await listPremiumsOfPolicies(
      this.db,
      policies.map((p) => p.id),
    );
    const documents = await listDocumentsOfClient(this.db, scope.organizationId, client.id);
    await recordAudit(this.db, context, {
      action: 'client.exported',
      targetType: 'client',
      targetId: client.id,
    });
    return {
      exportedAt: new Date().toISOString(),
      client: toClientView(client),
      policies: policies.map(toPolicyView),
      premiums: premiums.map(toPremiumView),
      /** The records of the documents made about the client (their files: `/documents/{id}/content`). */
      documents: documents.map(viewOfDocument),
    };
  }

  anonymize(scope: PortfolioScope, context: ActorContext, clientId: string) {
    return this.clients.anonymize(scope, context, clientId);
  }
}
