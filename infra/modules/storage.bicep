// Storage for the desk's tables, the Durable Functions Azure Storage provider (queues, tables, blobs) and
// the Flex Consumption deployment package. Shared-key access is disabled; the app's identity gets the
// data roles it needs.
param name string
param location string
param tags object
param deploymentContainerName string
param principalId string

@description('Scan every uploaded blob (ticket attachments) for malware with Microsoft Defender for Storage.')
param malwareScanning bool

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainerName
}

// Ticket attachments: private; the desk serves them only to the ticket's customer and to staff.
resource attachments 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'attachments'
  properties: { publicAccess: 'None' }
}

// Signature-based malware scanning on upload, on top of the desk's own content checks.
resource defender 'Microsoft.Security/defenderForStorageSettings@2022-12-01-preview' = if (malwareScanning) {
  name: 'current'
  scope: account
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: { onUpload: { isEnabled: true, capGBPerMonth: 50 } }
    sensitiveDataDiscovery: { isEnabled: false }
  }
}

// Blob Data Owner (durable leases, deployment package), Queue Data Contributor (durable queues),
// Table Data Contributor (the desk's tables and the durable history/instances tables).
var roles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  name: guid(account.id, principalId, role)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

output name string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
