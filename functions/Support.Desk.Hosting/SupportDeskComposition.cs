using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Domain.Status;
using Support.Desk.Hosting.Status;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Email;
using Support.Desk.Hosting.Access;
using Support.Desk.Hosting.Customers;
using Support.Desk.Hosting.Email;
using Support.Desk.Hosting.Pages;
using Support.Desk.Hosting.Storage;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Application.Email;
using Support.Desk.Application.Notifications;
using Support.Desk.Application.Queue;
using Support.Desk.Application.Sla;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;
using Support.Desk.Status;
using Support.Desk.Routes;

namespace Support.Desk.Hosting;

/// <summary>The one composition of the desk, used by the Functions app and the local host alike.</summary>
public static class SupportDeskComposition
{
    public static IHostApplicationBuilder AddSupportDesk(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSupportDesk(builder.Configuration);
        return builder;
    }

    /// <summary>The same composition on a bare service collection (for hosts that only expose one).</summary>
    public static IServiceCollection AddSupportDesk(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SlaPolicyOptions>()
            .Bind(configuration.GetSection(SlaPolicyOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddOptions<CustomerDirectoryOptions>()
            .Configure(o => configuration.GetSection(CustomerDirectoryOptions.SectionName).Bind(o.Customers))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddOptions<EscalationOptions>()
            .Bind(configuration.GetSection(EscalationOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddOptions<StatusPageOptions>()
            .Bind(configuration.GetSection(StatusPageOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value);
        services.AddOptions<AccessOptions>()
            .Bind(configuration.GetSection(AccessOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AccessOptions>>().Value);
        services.AddSingleton<TicketAccessTokens>();
        services.AddSingleton<TicketAccess>();
        services.AddOptions<SlaSchedulerOptions>()
            .Bind(configuration.GetSection(SlaSchedulerOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SlaSchedulerOptions>>().Value);
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IntakeOptions>>().Value);
        services.AddOptions<AttachmentOptions>()
            .Bind(configuration.GetSection(AttachmentOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AttachmentOptions>>().Value);
        services.AddSingleton<UploadThrottle>();
        services.AddHttpClient(EntraStaffTokenValidator.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton(sp => new CallerAuthenticator(
            sp.GetRequiredService<AccessOptions>(),
            sp.GetRequiredService<AccessOptions>().Entra.Authority is null ? null : new EntraStaffTokenValidator(sp.GetRequiredService<AccessOptions>(), sp.GetRequiredService<IHttpClientFactory>())));
        services.AddOptions<StaffOptions>()
            .Bind(configuration.GetSection(StaffOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StaffOptions>>().Value);
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NotificationOptions>>().Value);
        services.AddOptions<PageOptions>()
            .Bind(configuration.GetSection(PageOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PageOptions>>().Value);
        services.AddSingleton<IPageSessionStore, TablePageSessionStore>();
        services.AddSingleton<PageSessions>();
        services.AddOptions<SupportCenterOptions>()
            .Bind(configuration.GetSection(SupportCenterOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .PostConfigure(o =>
            {
                // The Functions host's own storage setting serves the desk too unless told otherwise.
                if (string.IsNullOrWhiteSpace(o.ConnectionString) && o.TableServiceUri is null)
                {
                    o.ConnectionString = configuration["AzureWebJobsStorage"];
                }
            });
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
            .ValidateAll(ValidateEmail)
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SlaPolicy(sp.GetRequiredService<IOptions<SlaPolicyOptions>>().Value));
        services.AddSingleton<ICustomerDirectory, ConfiguredCustomerDirectory>();
        services.AddSingleton<Tables>();
        services.AddSingleton<ITicketStore, TableTicketStore>();
        services.AddSingleton<IAttachmentStore, BlobAttachmentStore>();
        services.AddSingleton<TicketAttachments>();
        services.AddEmailDelivery();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EscalationOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SupportCenterOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StatusPageOptions>>().Value);
        services.AddSingleton<DeskLinks>();
        services.AddSingleton<TicketEmailComposer>();
        services.AddHostedService<StartupChecks>();
        services.AddSingleton<IOpenTicketIndex, TableOpenTicketIndex>();
        services.AddSingleton<OpenTicketIndexMigration>();
        services.AddHostedService(sp => sp.GetRequiredService<OpenTicketIndexMigration>());
        services.AddSingleton<IRegionStatusStore, TableRegionStatusStore>();
        services.AddSingleton<IStatusPageParser, StatuspageV2Parser>();
        services.AddSingleton<IStatusPageFetcher, HttpStatusPageFetcher>();
        services.AddSingleton<RegionStatusBoard>();
        services.AddSingleton<IRegionalStatus>(sp => sp.GetRequiredService<RegionStatusBoard>());
        services.AddSingleton<StatusMonitor>();
        services.AddSingleton<StatusQueries>();
        services.AddScoped<DeskHealth>();
        services.AddStatusPageClient();
        // The shards' durable port is per scope: each host puts its durable client into the scope's accessor (the local
        // host its one client, a Functions trigger the one bound to its invocation), and the use cases that start or
        // look at the shards' schedulers take the port through their constructors.
        services.AddScoped<DurableClientAccessor>();
        services.AddScoped<ISlaShards, DurableSlaShards>();
        services.AddScoped<SlaShardKeeper>();
        services.AddSingleton<SlaShardSignals>();
        services.AddSingleton<SlaShardRunner>();
        services.AddSingleton<HostShutdown>();
        services.AddHostedService(sp => sp.GetRequiredService<HostShutdown>());
        services.AddSingleton<IStaffQueueIndex, TableStaffQueueIndex>();
        services.AddSingleton<StaffQueue>();
        services.AddSingleton<StaffQueueBackfill>();
        services.AddSingleton<StaffNotifications>();
        services.AddSupportCenter();
        services.AddOptions<InboundEmailOptions>()
            .Bind(configuration.GetSection(InboundEmailOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<InboundEmailOptions>>().Value);
        services.AddSingleton<ReplyAddresses>();
        services.AddSingleton<IHtmlToText, AngleSharpHtmlToText>();
        services.AddSingleton<Application.Inbound.InboundReplies>();
        services.AddSingleton<TicketIntake>();
        services.AddSingleton<TicketQueries>();
        services.AddSingleton<TicketContention>();
        services.AddOptions<QuotaOptions>()
            .Bind(configuration.GetSection(QuotaOptions.SectionName))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<QuotaOptions>>().Value);
        services.AddSingleton<CustomerQuotas>();
        services.AddSingleton<TicketCommands>();
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<TicketProgress>();
        foreach (Type activity in SupportDeskWorkflows.Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }

    static IReadOnlyList<string> ValidateEmail(EmailOptions o)
    {
        var problems = new List<string>();
        string section = EmailOptions.SectionName;
        if (!EmailAddresses.IsValid(o.FromAddress))
        {
            problems.Add($"{section}:FromAddress is not a valid email address.");
        }

        switch (o.Provider.ToUpperInvariant())
        {
            case "PICKUP":
                if (string.IsNullOrWhiteSpace(o.PickupDirectory))
                {
                    problems.Add($"{section}:PickupDirectory is required for the Pickup provider.");
                }

                break;
            case "SENDGRID":
                if (string.IsNullOrWhiteSpace(o.SendGrid.ApiKey))
                {
                    problems.Add($"{section}:SendGrid:ApiKey is required for the SendGrid provider.");
                }

                break;
            case "AZURECOMMUNICATION":
                if (o.AzureCommunication.Endpoint is not { IsAbsoluteUri: true })
                {
                    problems.Add($"{section}:AzureCommunication:Endpoint must be the resource's https endpoint.");
                }

                if (!EmailAddresses.IsValid(o.AzureCommunication.SenderAddress))
                {
                    problems.Add($"{section}:AzureCommunication:SenderAddress must be an address of a connected domain.");
                }

                if (o.AzureCommunication.AccessKey is { Length: > 0 } key && !IsBase64(key))
                {
                    problems.Add($"{section}:AzureCommunication:AccessKey must be the base64 resource key (or empty to use Entra ID).");
                }

                break;
            default:
                problems.Add($"{section}:Provider '{o.Provider}' is not supported; use Pickup, SendGrid or AzureCommunication.");
                break;
        }

        return problems;
    }

    static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    /// <summary>
    /// The email provider chosen by <c>Email:Provider</c>, behind the send ledger. Provider HTTP clients have
    /// a timeout but no retries of their own: the ticket workflow's outbox retries, honouring Retry-After.
    /// </summary>
    /// <summary>The customer Support Center: sign-in by email link, My tickets, status subscriptions.</summary>
    static void AddSupportCenter(this IServiceCollection services)
    {
        services.AddSingleton<SignedTokens>();
        services.AddSingleton<IRequestThrottle, TableRequestThrottle>();
        services.AddSingleton<ExpiredRowsSweep>();
        services.AddSingleton<ISignInLinkLedger, TableSignInLinkLedger>();
        services.AddSingleton<ITenantTicketIndex, TableTenantTicketIndex>();
        services.AddSingleton<TenantTicketsBackfill>();
        services.AddHostedService(sp => new BackfillsAtStart(
            () => [sp.GetRequiredService<StaffQueueBackfill>(), sp.GetRequiredService<TenantTicketsBackfill>()], sp.GetRequiredService<ILogger<BackfillsAtStart>>()));
        services.AddSingleton<IStatusSubscriptions, TableStatusSubscriptions>();
        services.AddSingleton<BackgroundMailSender>();
        services.AddSingleton<IBackgroundMail>(sp => sp.GetRequiredService<BackgroundMailSender>());
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundMailSender>());
        services.AddSingleton<SupportCenterEmails>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<CustomerSignIn>();
        services.AddSingleton<StatusSubscriptions>();
        services.AddSingleton<TenantTickets>();
    }

    static void AddEmailDelivery(this IServiceCollection services)
    {
        services.AddHttpClient(SendGridEmailSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(AzureCommunicationEmailSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IEmailLedger, TableEmailLedger>();
        services.AddSingleton<PickupDirectoryEmailSender>();
        services.AddSingleton<SendGridEmailSender>();
        services.AddSingleton(sp =>
        {
            AzureCommunicationEmailOptions acs = sp.GetRequiredService<IOptions<EmailOptions>>().Value.AzureCommunication;
            TokenCredential? credential = string.IsNullOrWhiteSpace(acs.AccessKey)
                ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = acs.ManagedIdentityClientId })
                : null;
            return new AzureCommunicationEmailSender(
                sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<EmailOptions>>(), credential, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IEmailSender>(sp =>
        {
            string provider = sp.GetRequiredService<IOptions<EmailOptions>>().Value.Provider;
            IEmailSender inner = provider.ToUpperInvariant() switch
            {
                "SENDGRID" => sp.GetRequiredService<SendGridEmailSender>(),
                "AZURECOMMUNICATION" => sp.GetRequiredService<AzureCommunicationEmailSender>(),
                _ => sp.GetRequiredService<PickupDirectoryEmailSender>(),
            };
            return new LedgerEmailSender(inner, provider, sp.GetRequiredService<IEmailLedger>(), sp.GetRequiredService<TimeProvider>());
        });
    }

    /// <summary>
    /// One HTTP client for all status pages, with the standard resilience handler (one quick retry, attempt
    /// and total timeouts) and a circuit breaker per page host, so one region's failure never trips another's.
    /// </summary>
    static void AddStatusPageClient(this IServiceCollection services)
    {
        services.AddHttpClient(HttpStatusPageFetcher.ClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("Support.Functions-StatusMonitor/1.0"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 1;
                o.Retry.Delay = TimeSpan.FromMilliseconds(500);
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(8);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(20);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            })
            .SelectPipelineByAuthority();
    }

    /// <summary>Options validation that reports every problem at start, each naming its configuration key.</summary>
    static OptionsBuilder<T> ValidateAll<T>(this OptionsBuilder<T> builder, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new DelegateValidator<T>(validate));
        return builder;
    }

    sealed class DelegateValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            IReadOnlyList<string> problems = validate(options);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
