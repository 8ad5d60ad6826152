export { findCompany, findCompanyByCode, type CompanyRow } from './companies.repository.ts';
export { companiesRoutes } from './companies.routes.ts';
export { Address, Company } from './companies.schemas.ts';
export { CompaniesService, diff, toCompanyView, type CompanyView } from './companies.service.ts';
