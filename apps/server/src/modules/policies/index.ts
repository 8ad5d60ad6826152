export {
  listPoliciesOfClient,
  listPremiumsOfPolicies,
  type PolicyRow,
} from './policies.repository.ts';
export { policiesRoutes } from './policies.routes.ts';
export { CreatePolicyBody, Policy, Premium } from './policies.schemas.ts';
export {
  PoliciesService,
  policyProblems,
  policyValues,
  toPolicyView,
  toPremiumView,
  TRANSITIONS,
  type PolicyInput,
  type PolicyValues,
} from './policies.service.ts';
