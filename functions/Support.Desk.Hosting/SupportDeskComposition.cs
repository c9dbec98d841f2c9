using System.Collections.Frozen;
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
using Support.Desk.Hosting.Incidents;
using Support.Desk.Application.Incidents;
using Support.Desk.Hosting.Email;
using Support.Desk.Hosting.Pages;
using Support.Desk.Hosting.Storage;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Application.Email;
using Support.Desk.Application.Notifications;
using Support.Desk.Application.Queue;
using Support.Desk.Application.Reports;
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

    /// <summary>The same composition on a bare service collection (for hosts that only expose one): each area in turn.</summary>
    public static IServiceCollection AddSupportDesk(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddStorage(configuration);
        services.AddAccess(configuration);
        services.AddTicketFlow(configuration);
        services.AddEmail(configuration);
        services.AddSlaShards(configuration);
        services.AddStatusMonitoring(configuration);
        services.AddStaffDesk(configuration);
        services.AddSlaReports();
        services.AddPages(configuration);
        services.AddSupportCenter(configuration);
        services.AddInboundEmail(configuration);
        services.AddIncidents(configuration);
        services.AddHttpHandlers();
        services.AddHostedService(sp => new StartupChecks(() => sp.GetRequiredService<TicketEmailComposer>()));
        services.AddHostedService(sp => new BackfillsAtStart(
            () => [sp.GetRequiredService<StaffQueueBackfill>(), sp.GetRequiredService<TenantTicketsBackfill>(), sp.GetRequiredService<SlaReportsBackfill>()], sp.GetRequiredService<ILogger<BackfillsAtStart>>()));
        return services;
    }

    /// <summary>Binds a section, checks it at start (every problem, each naming its key), and offers its value to constructors.</summary>
    static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, IValidatedOptions
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateAll(o => o.Validate()).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary>Table and blob storage, keyless in Azure; the Functions host's own storage setting serves unless told otherwise.</summary>
    static void AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.ConnectionString) && o.TableServiceUri is null)
                {
                    o.ConnectionString = configuration["AzureWebJobsStorage"];
                }
            });
        services.AddSingleton<Tables>();
        services.AddSingleton<ITicketStore, TableTicketStore>();
        services.AddSingleton<IAttachmentStore, BlobAttachmentStore>();
        services.AddSingleton<IOpenTicketIndex, TableOpenTicketIndex>();
        services.AddSingleton<OpenTicketIndexMigration>();
        services.AddHostedService(sp => sp.GetRequiredService<OpenTicketIndexMigration>());
    }

    /// <summary>Who may call: staff keys and Entra ID tokens, customers' ticket tokens, signed tokens in emails.</summary>
    static void AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AccessOptions>(configuration, AccessOptions.SectionName);
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.SectionName);
        services.AddSingleton<TicketAccessTokens>();
        services.AddSingleton<TicketAccess>();
        services.AddSingleton<SignedTokens>();
        services.AddHttpClient(EntraStaffTokenValidator.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton(sp => new CallerAuthenticator(
            sp.GetRequiredService<AccessOptions>(),
            sp.GetRequiredService<AccessOptions>().Entra.Authority is null ? null : new EntraStaffTokenValidator(sp.GetRequiredService<AccessOptions>(), sp.GetRequiredService<IHttpClientFactory>())));
    }

    /// <summary>A ticket's life: the directory and SLA policy, intake, commands, queries, attachments, quotas.</summary>
    static void AddTicketFlow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlaPolicyOptions>(configuration, SlaPolicyOptions.SectionName);
        services.AddOptions<CustomerDirectoryOptions>()
            .Configure(o => configuration.GetSection(CustomerDirectoryOptions.SectionName).Bind(o.Customers))
            .ValidateAll(o => o.Validate())
            .ValidateOnStart();
        services.AddValidatedOptions<IntakeOptions>(configuration, IntakeOptions.SectionName);
        services.AddValidatedOptions<AttachmentOptions>(configuration, AttachmentOptions.SectionName);
        services.AddValidatedOptions<QuotaOptions>(configuration, QuotaOptions.SectionName);
        services.AddSingleton(sp => new SlaPolicy(sp.GetRequiredService<SlaPolicyOptions>()));
        services.AddSingleton<ICustomerDirectory, ConfiguredCustomerDirectory>();
        services.AddSingleton<DeskLinks>();
        services.AddSingleton<UploadThrottle>();
        services.AddSingleton<TicketAttachments>();
        services.AddSingleton<TicketIntake>();
        services.AddSingleton<TicketQueries>();
        services.AddSingleton<TicketContention>();
        services.AddSingleton<CustomerQuotas>();
        services.AddSingleton<TicketWriter>();
        services.AddSingleton<TicketCommands>();
        services.AddSingleton<TicketProgress>();
        services.AddScoped<DeskHealth>();
    }

    /// <summary>
    /// The email provider chosen by <c>Email:Provider</c>, behind the send ledger, and the ticket emails' templates and
    /// outbox. Provider HTTP clients have a timeout but no retries of their own: the outbox retries, honouring Retry-After.
    /// </summary>
    static void AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
            .ValidateAll(ValidateEmail)
            .ValidateOnStart();
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
            IEmailSender inner = EmailProviders[provider].Sender(sp);
            return new LedgerEmailSender(inner, provider, sp.GetRequiredService<IEmailLedger>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<TicketEmailComposer>();
        services.AddSingleton<EmailOutbox>();
    }

    /// <summary>One row per email provider: what its settings need, and its sender. Validation refuses any other name at start.</summary>
    sealed record EmailProvider(Func<EmailOptions, IEnumerable<string>> Problems, Func<IServiceProvider, IEmailSender> Sender);

    static readonly FrozenDictionary<string, EmailProvider> EmailProviders = new Dictionary<string, EmailProvider>(StringComparer.OrdinalIgnoreCase)
    {
        ["Pickup"] = new(
            o => string.IsNullOrWhiteSpace(o.PickupDirectory) ? [$"{EmailOptions.SectionName}:PickupDirectory is required for the Pickup provider."] : [],
            sp => sp.GetRequiredService<PickupDirectoryEmailSender>()),
        ["SendGrid"] = new(
            o => string.IsNullOrWhiteSpace(o.SendGrid.ApiKey) ? [$"{EmailOptions.SectionName}:SendGrid:ApiKey is required for the SendGrid provider."] : [],
            sp => sp.GetRequiredService<SendGridEmailSender>()),
        ["AzureCommunication"] = new(AzureCommunicationProblems, sp => sp.GetRequiredService<AzureCommunicationEmailSender>()),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    static IEnumerable<string> AzureCommunicationProblems(EmailOptions o)
    {
        string section = EmailOptions.SectionName;
        if (o.AzureCommunication.Endpoint is not { IsAbsoluteUri: true })
        {
            yield return $"{section}:AzureCommunication:Endpoint must be the resource's https endpoint.";
        }

        if (!EmailAddresses.IsValid(o.AzureCommunication.SenderAddress))
        {
            yield return $"{section}:AzureCommunication:SenderAddress must be an address of a connected domain.";
        }

        if (o.AzureCommunication.AccessKey is { Length: > 0 } key && !Convert.TryFromBase64String(key, new byte[key.Length], out _))
        {
            yield return $"{section}:AzureCommunication:AccessKey must be the base64 resource key (or empty to use Entra ID).";
        }
    }

    static IReadOnlyList<string> ValidateEmail(EmailOptions o)
    {
        var problems = new List<string>();
        if (!EmailAddresses.IsValid(o.FromAddress))
        {
            problems.Add($"{EmailOptions.SectionName}:FromAddress is not a valid email address.");
        }

        if (EmailProviders.TryGetValue(o.Provider, out EmailProvider? provider))
        {
            problems.AddRange(provider.Problems(o));
        }
        else
        {
            problems.Add($"{EmailOptions.SectionName}:Provider '{o.Provider}' is not supported; use {string.Join(", ", EmailProviders.Keys.Order(StringComparer.Ordinal))}.");
        }

        return problems;
    }

    /// <summary>
    /// The SLA shards: their schedule's options and the escalation rules, the runner and in-process nudges, and the
    /// durable port. That port is per scope: each host puts its durable client into the scope's accessor (the local
    /// host its one client, a Functions trigger the one bound to its invocation), and the use cases that start or look
    /// at the shards' schedulers take it through their constructors.
    /// </summary>
    static void AddSlaShards(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlaSchedulerOptions>(configuration, SlaSchedulerOptions.SectionName);
        services.AddValidatedOptions<EscalationOptions>(configuration, EscalationOptions.SectionName);
        services.AddSingleton<DurableClientSource>();
        services.AddScoped<DurableClientAccessor>();
        services.AddScoped<ISlaShards, DurableSlaShards>();
        services.AddScoped<SlaShardKeeper>();
        services.AddSingleton<ISlaShardWaker, DurableSlaShardWaker>();
        services.AddSingleton<ISlaShardStates, TableSlaShardStates>();
        services.AddSingleton<SlaShardWakeups>();
        services.AddSingleton<SlaShardSignals>();
        services.AddSingleton<SlaShardRunner>();
        services.AddSingleton<HostShutdown>();
        services.AddHostedService(sp => sp.GetRequiredService<HostShutdown>());
        foreach (Type activity in SupportDeskWorkflows.Activities)
        {
            services.AddTransient(activity);
        }
    }

    /// <summary>The regional status pages: polling, storage, the in-memory board ticket intake reads, and queries.</summary>
    static void AddStatusMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StatusPageOptions>(configuration, StatusPageOptions.SectionName);
        services.AddSingleton<IRegionStatusStore, TableRegionStatusStore>();
        services.AddSingleton<IStatusPageParser, StatuspageV2Parser>();
        services.AddSingleton<IStatusPageFetcher, HttpStatusPageFetcher>();
        services.AddSingleton<RegionStatusBoard>();
        services.AddSingleton<IRegionalStatus>(sp => sp.GetRequiredService<RegionStatusBoard>());
        services.AddSingleton<StatusMonitor>();
        services.AddSingleton<StatusQueries>();
        services.AddStatusPageClient();
    }

    /// <summary>The staff side: the roster and who hears of what, and the queue's index.</summary>
    static void AddStaffDesk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StaffOptions>(configuration, StaffOptions.SectionName);
        services.AddValidatedOptions<NotificationOptions>(configuration, NotificationOptions.SectionName);
        services.AddSingleton<StaffNotifications>();
        services.AddSingleton<IStaffQueueIndex, TableStaffQueueIndex>();
        services.AddSingleton<StaffQueue>();
        services.AddSingleton<StaffQueueBackfill>();
        services.AddSingleton<QueuedTickets>();
    }

    /// <summary>SLA reports: facts recorded by the shards' steps, their store and backfill, and the staff and customer reports.</summary>
    static void AddSlaReports(this IServiceCollection services)
    {
        services.AddSingleton<ISlaReportStore, TableSlaReportStore>();
        services.AddSingleton<SlaReportRecorder>();
        services.AddSingleton<SlaReportQueries>();
        services.AddSingleton<SlaReportsBackfill>();
        services.AddSingleton<IReportSubscriptions, TableReportSubscriptions>();
        services.AddSingleton<MonthlyReportMailer>();
    }

    /// <summary>The pages of both sides: how they are served, and their server-side sessions.</summary>
    static void AddPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PageOptions>(configuration, PageOptions.SectionName);
        services.AddSingleton<IPageSessionStore, TablePageSessionStore>();
        services.AddSingleton<PageSessions>();
    }

    /// <summary>The customer Support Center: sign-in by email link and its limits, My tickets, status subscriptions, housekeeping.</summary>
    static void AddSupportCenter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SupportCenterOptions>(configuration, SupportCenterOptions.SectionName);
        services.AddSingleton<IRequestThrottle, TableRequestThrottle>();
        services.AddSingleton<ExpiredRowsSweep>();
        services.AddSingleton<ISignInLinkLedger, TableSignInLinkLedger>();
        services.AddSingleton<ITenantTicketIndex, TableTenantTicketIndex>();
        services.AddSingleton<TenantTicketsBackfill>();
        services.AddSingleton<IStatusSubscriptions, TableStatusSubscriptions>();
        services.AddSingleton(sp => new BackgroundMailSender(() => sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<ILogger<BackgroundMailSender>>()));
        services.AddSingleton<IBackgroundMail>(sp => sp.GetRequiredService<BackgroundMailSender>());
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundMailSender>());
        services.AddSingleton<SupportCenterEmails>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<CustomerSignIn>();
        services.AddSingleton<StatusSubscriptions>();
        services.AddSingleton<TenantTickets>();
    }

    /// <summary>
    /// The HTTP handlers of both hosts, each a class whose constructor says what it uses (the route table,
    /// <see cref="Http.SupportDeskEndpoints"/>, says which serves which route).
    /// </summary>
    static void AddHttpHandlers(this IServiceCollection services)
    {
        foreach (Type handler in Http.SupportDeskEndpoints.HandlerTypes)
        {
            services.AddSingleton(handler);
        }

        services.AddSingleton<Http.ApiAccess>();
        services.AddSingleton<PageGate>();
        services.AddSingleton<RegionStatusPanel>();
    }

    /// <summary>
    /// Major incidents: their store and the board of open ones intake and the SLA step read, the use cases, the status
    /// pages' sync, and each host's background work (broadcasts under leases, digests) with the optional chat webhook.
    /// </summary>
    static void AddIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<IncidentOptions>(configuration, IncidentOptions.SectionName);
        services.AddSingleton<IIncidentStore, TableIncidentStore>();
        services.AddSingleton<IIncidentDigests, TableIncidentDigests>();
        services.AddHttpClient(HttpChatWebhook.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<IChatWebhook, HttpChatWebhook>();
        services.AddSingleton<IncidentBoard>();
        services.AddSingleton<IncidentSignals>();
        services.AddSingleton<IncidentDesk>();
        services.AddSingleton<StatusPageIncidentSync>();
        services.AddSingleton<IncidentBroadcastRunner>();
        services.AddSingleton<IncidentDigestSender>();
        services.AddHostedService(sp => new IncidentWork(
            () => sp.GetRequiredService<IncidentBroadcastRunner>(), () => sp.GetRequiredService<IncidentDigestSender>(), () => sp.GetRequiredService<IncidentOptions>(),
            sp.GetRequiredService<IncidentSignals>(), sp.GetRequiredService<ILogger<IncidentWork>>()));
    }

    /// <summary>Customers' replies by email: the reply addresses, and turning a reply into an update.</summary>
    static void AddInboundEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<InboundEmailOptions>(configuration, InboundEmailOptions.SectionName);
        services.AddSingleton<ReplyAddresses>();
        services.AddSingleton<IHtmlToText, AngleSharpHtmlToText>();
        services.AddSingleton<Application.Inbound.InboundReplies>();
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
