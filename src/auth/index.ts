/** Team gateway security: the key table, the key-checking middleware, tenant-scoped state. */
export { KEY_PREFIX, KeyTableError, parseKeyTable, type KeyEntry, type KeyTable, type ProviderKeyName } from './keys.ts';
export { budgetExceeded, checkGatewayKey, gatewayAuth, KEY_HEADER, type AuthEnv, type GatewayAuthOptions, type KeyCheck } from './middleware.ts';
export { createTenants, tenantStorage, type KeyUsage, type Tenants, type TenantsOptions } from './tenants.ts';
export { upgradeGate, type UpgradeGate, type UpgradeGateOptions, type UpgradeGrant } from './upgrade.ts';
