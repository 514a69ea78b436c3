//! The JavaScript of the seeded actions. ZITADEL v1 calls the function named like the
//! action, with `ctx` (what happened) and `api` (what the action may change).

pub const ADD_CLAIMS_V1: &str = "function addClaims(ctx, api) {
\tapi.v1.claims.setClaim('tier', 'silver');
}
";

pub const ADD_CLAIMS_V2: &str = "function addClaims(ctx, api) {
\tif (ctx.v1.user.grants == undefined || ctx.v1.user.grants.count == 0) {
\t\treturn;
\t}
\tapi.v1.claims.setClaim('tier', 'gold');
}
";

pub const ADD_CUSTOM_CLAIMS: &str = "function addCustomClaims(ctx, api) {
\tif (ctx.v1.user.grants == undefined || ctx.v1.user.grants.count == 0) {
\t\treturn;
\t}
\tlet roles = [];
\tctx.v1.user.grants.grants.forEach(grant => {
\t\tgrant.roles.forEach(role => roles.push(grant.projectId + ':' + role));
\t});
\tapi.v1.claims.setClaim('tier', 'gold');
\tapi.v1.claims.setClaim('acme:roles', roles);
}
";

pub const SET_METADATA_V1: &str = "function setMetadataFromIdp(ctx, api) {
  let info = ctx.v1.externalUser();
  api.v1.user.appendMetadata('idp', info.externalIdpId);
}
";

pub const SET_METADATA: &str = "function setMetadataFromIdp(ctx, api) {
  let info = ctx.v1.externalUser();
  if (info.externalIdpId == undefined) {
    return;
  }
  api.v1.user.appendMetadata('idp', info.externalIdpId);
  api.v1.user.appendMetadata('department', info.providerMetadata.department || 'unknown');
  api.v1.user.appendMetadata('costCenter', info.providerMetadata.costCenter || '');
}
";

pub const DENY_DISABLED: &str = "function denyDisabledUsers(ctx, api) {
  let user = ctx.v1.getUser();
  if (user.human && user.human.email && user.human.email.endsWith('@disabled.acme.example')) {
    throw 'this account is disabled: contact the service desk';
  }
}
";

pub const LOG_CONTEXT: &str = "let logger = require('zitadel/log');

function logContext(ctx, api) {
  logger.log('authentication for ' + ctx.v1.authRequest.userOrigin + ' via ' + ctx.v1.authMethod);
}
";

pub const MAP_GROUPS_V1: &str = "function mapIdpGroupsToRoles(ctx, api) {
  let groups = ctx.v1.providerMetadata.groups;
  groups.forEach(g => api.userGrants.push({ projectID: '281737462783983716', roles: [g] }));
}
";

pub const MAP_GROUPS: &str = "function mapIdpGroupsToRoles(ctx, api) {
  let groups = ctx.v1.providerMetadata.groups || [];
  let known = { 'acme-admins': 'admin', 'acme-staff': 'member', 'acme-readers': 'viewer' };
  let roles = groups.filter(g => known[g] != undefined).map(g => known[g]);
  if (roles.length == 0) {
    return;
  }
  api.userGrants.push({ projectID: '281737462783983716', roles: roles });
}
";

pub const SAML_ATTRIBUTES: &str = "function addSamlAttributes(ctx, api) {
  let user = ctx.v1.getUser();
  api.v1.attributes.setCustomAttribute('department', '', user.human.profile.displayName);
  api.v1.attributes.setCustomAttribute('employeeNumber', '', user.id);
}
";

pub const FLAG_RISKY: &str = "let http = require('zitadel/http');

function flagRiskyLogins(ctx, api) {
  let answer = http.fetch('https://risk.acme.example/score', {
    method: 'POST',
    body: { user: ctx.v1.getUser().id, ip: ctx.v1.authRequest.browserInfo.remoteIp },
  }).json();
  if (answer.score > 80) {
    api.v1.user.appendMetadata('risk', 'high');
  }
}
";

pub const LEGACY_DOMAIN: &str = "function checkLegacyEmailDomain(ctx, api) {
  let email = ctx.v1.getUser().human.email.email;
  if (email.endsWith('@acme-legacy.example')) {
    api.setEmail(email.replace('@acme-legacy.example', '@acme.example'));
  }
}
";

pub const TENANT_CLAIM: &str = "function addTenantClaim(ctx, api) {
  api.v1.claims.setClaim('tenant', 'contoso');
}
";

pub const CONTOSO_LOG: &str = "function logContext(ctx, api) {
  console.log(JSON.stringify(ctx.v1));
}
";
