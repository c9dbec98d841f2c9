// Key Vault (RBAC) for the desk's keys, the SendGrid key and webhook secrets, referenced from app settings.
param name string
param location string
param tags object
param principalId string

@secure()
param ticketTokenKeys string

@secure()
param sessionKeys string

@secure()
param inboundEmailCredentials string

@secure()
param staffKeys string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

resource ticketTokenKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'ticket-token-keys'
  properties: { value: ticketTokenKeys }
}

resource sessionKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'session-keys'
  properties: { value: sessionKeys }
}

resource inboundEmailCredentialsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(inboundEmailCredentials)) {
  parent: vault
  name: 'inbound-email-credentials'
  properties: { value: inboundEmailCredentials }
}

resource staffKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(staffKeys)) {
  parent: vault
  name: 'staff-keys'
  properties: { value: staffKeys }
}

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, secretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
