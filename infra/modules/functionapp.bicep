// The function app on Flex Consumption (.NET 10 isolated), running as the user-assigned identity: host
// storage, deployment package, tables, attachment blobs and telemetry are all reached without keys.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param tableEndpoint string
param blobEndpoint string
param deploymentContainerUrl string
param applicationInsightsConnectionString string
param maximumInstanceCount int

@description('The desk\'s own settings (Section__Key names), merged with the host settings below.')
param appSettings object

@description('Client ID of the Entra ID app registration staff sign in to the pages with (App Service Authentication); empty: staff keys only.')
param staffSignInClientId string = ''

@description('Entra ID tenant of that app registration.')
param staffSignInTenantId string = ''

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

var hostSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  Storage__TableServiceUri: tableEndpoint
  Storage__BlobServiceUri: blobEndpoint
  Storage__ManagedIdentityClientId: identityClientId

  // App Service Authentication proves the app to Entra ID with the managed identity (a federated credential on the
  // app registration trusts it), so no client secret exists anywhere.
  OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: empty(staffSignInClientId) ? '' : identityClientId
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [for setting in items(union(hostSettings, appSettings)): {
        name: setting.key
        value: setting.value
      }]
    }
  }
}

// Staff sign in to the pages with Entra ID through App Service Authentication. Anonymous requests still reach the app
// (customers, the intake webhook, the API with its own credentials): the platform only signs people in at
// /.auth/login/aad and hands the app the signed-in principal; the pages check the staff role and start their session.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(staffSignInClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: { requireHttps: true }
    login: { tokenStore: { enabled: false } }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${staffSignInTenantId}/v2.0'
          clientId: staffSignInClientId
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
        }
        validation: { allowedAudiences: [ 'api://${staffSignInClientId}', staffSignInClientId ] }
      }
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
