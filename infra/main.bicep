// Support.Functions on Azure: a Flex Consumption function app with a user-assigned managed identity,
// keyless storage (shared keys disabled), Azure Communication Services Email, Key Vault for secrets, and
// Application Insights with Entra authentication. Deployed with `azd up` (azure.yaml at the root).
targetScope = 'resourceGroup'

@description('Environment name (azd); used to derive resource names.')
@minLength(2)
@maxLength(32)
param environmentName string

@description('Region for all resources.')
param location string = resourceGroup().location

@description('Email provider the desk uses: AzureCommunication (keyless, default) or SendGrid (API key in Key Vault).')
@allowed([ 'AzureCommunication', 'SendGrid' ])
param emailProvider string = 'AzureCommunication'

@description('Sender address for SendGrid (ACS uses the managed domain\'s DoNotReply address).')
param sendGridFromAddress string = ''

@description('Public base URL of the desk, used in email links; defaults to the function app URL.')
param publicBaseUrl string = ''

@description('Domain whose mail SendGrid Inbound Parse receives (MX to mx.sendgrid.net), for customers\' replies by email; empty turns replies by email off.')
param replyDomain string = ''

@description('Where SLA warnings go when a ticket is unassigned.')
param queueEmail string

@description('Who is told of SLA breaches and regional outages.')
param supportLeadEmail string

@description('Who is told when a breach continues.')
param dutyManagerEmail string

@description('Keys that derive customers\' ticket tokens (space-separated, newest first; at least 32 characters each). Kept in Key Vault.')
@secure()
@minLength(32)
param ticketTokenKeys string

@description('Keys that sign the pages\' session cookies (space-separated, newest first; at least 32 characters each; never a ticket-token key). Kept in Key Vault. Replacing them signs every page session out.')
@secure()
@minLength(32)
param sessionKeys string

@description('Credentials of the inbound email endpoint as user:secret (the secret at least 32 characters), carried in SendGrid\'s Inbound Parse URL; required with replyDomain. Kept in Key Vault.')
@secure()
param inboundEmailCredentials string = ''

@description('Staff API keys as name:key pairs (space-separated; the name is who the timeline says acted, the key at least 32 characters), kept in Key Vault. Optional with Entra ID sign-in.')
@secure()
param staffKeys string = ''

@description('Entra ID tenant whose tokens staff sign in with; empty to use staff keys only.')
param staffEntraTenantId string = ''

@description('Application ID URI or client ID of the desk API registration, required in staff tokens\' audience.')
param staffEntraAudience string = ''

@description('Client ID of the app registration staff sign in to the pages with (App Service Authentication, Entra ID); empty: staff sign in with staff keys. See infra/README.md for its federated credential.')
param staffSignInClientId string = ''

@description('Scan uploaded attachments for malware with Microsoft Defender for Storage (billed per GB scanned).')
param malwareScanning bool = true

@description('Maximum instances of the Flex Consumption app.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-${token}'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { name: 'id-${token}', location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${take(functionAppName, 32)}'
    malwareScanning: malwareScanning
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-${token}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    ticketTokenKeys: ticketTokenKeys
    sessionKeys: sessionKeys
    inboundEmailCredentials: inboundEmailCredentials
    staffKeys: staffKeys
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: { name: 'acs-${token}', emailServiceName: 'email-${token}', tags: tags, principalId: identity.outputs.principalId }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: 'plan-${token}'
    location: location
    tags: union(tags, { 'azd-service-name': 'functions' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    tableEndpoint: storage.outputs.tableEndpoint
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    maximumInstanceCount: maximumInstanceCount
    staffSignInClientId: staffSignInClientId
    staffSignInTenantId: empty(staffEntraTenantId) ? tenant().tenantId : staffEntraTenantId
    appSettings: {
      DurableTaskHubName: 'SupportDesk'
      // The desk answers every path itself (host.json's route prefix is empty): no platform landing page at /.
      AzureWebJobsDisableHomepage: 'true'
      KeepSlaShardsSchedule: '30 * * * * *'
      StatusPollSchedule: '0 * * * * *'
      SweepExpiredRowsSchedule: '0 17 * * * *'
      MonthlyReportsSchedule: '0 40 * * * *'
      Email__Provider: emailProvider
      Email__FromAddress: emailProvider == 'SendGrid' ? sendGridFromAddress : communication.outputs.senderAddress
      Email__AzureCommunication__Endpoint: communication.outputs.endpoint
      Email__AzureCommunication__SenderAddress: communication.outputs.senderAddress
      Email__AzureCommunication__ManagedIdentityClientId: identity.outputs.clientId
      Email__SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/sendgrid-api-key/)'
      Escalation__QueueEmail: queueEmail
      Escalation__SupportLeadEmail: supportLeadEmail
      Escalation__DutyManagerEmail: dutyManagerEmail
      // A new urgent ticket reaches the duty manager at once, any hour.
      Notifications__UrgentTicketEmail: dutyManagerEmail
      Access__TicketTokenKeys: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/ticket-token-keys/)'
      Access__SessionKeys: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/session-keys/)'
      Access__StaffKeys: empty(staffKeys) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/staff-keys/)'
      Access__Entra__Authority: empty(staffEntraTenantId) ? '' : '${environment().authentication.loginEndpoint}${staffEntraTenantId}/v2.0'
      Access__Entra__Audience: staffEntraAudience
      Pages__AppServiceAuthentication: empty(staffSignInClientId) ? 'false' : 'true'
      // App Service's front end appends the client's address here; the Support Center's per-client limits read it.
      Pages__ClientAddressHeader: 'X-Forwarded-For'
      InboundEmail__ReplyDomain: replyDomain
      InboundEmail__Credentials: empty(inboundEmailCredentials) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/inbound-email-credentials/)'
      SupportCenter__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionAppName}.azurewebsites.net' : publicBaseUrl
    }
  }
}

output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_COMMUNICATION_ENDPOINT string = communication.outputs.endpoint
