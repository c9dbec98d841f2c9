using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Email;

/// <summary>
/// Sends what requests queue (sign-in links, subscription confirmations) in the background, through the same ledger
/// as every email, retrying a failed send three times over about half a minute. In memory: if the process stops
/// first, the customer asks again (the page says a link may take a minute), which is why nothing that must not be
/// lost goes through here: tickets' emails travel in their outbox, durably. The sender is made when it runs (by the
/// composition root's factory), not when it is built: hosts build hosted services before they validate options, and an
/// invalid email setting must fail as a validation naming it.
/// </summary>
public sealed partial class BackgroundMailSender(Func<IEmailSender> senderWhenRunning, ILogger<BackgroundMailSender> logger) : BackgroundService, IBackgroundMail
{
    static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(20)];

    readonly Channel<EmailMessage> queue = Channel.CreateBounded<EmailMessage>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool TryEnqueue(EmailMessage message) => this.queue.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        IEmailSender sender = senderWhenRunning();
        // Several at once: one slow provider call must not hold back everyone's sign-in link.
        await Parallel.ForEachAsync(this.queue.Reader.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
            async (message, ct) =>
            {
                for (int attempt = 0; ; attempt++)
                {
                    try
                    {
                        await sender.SendAsync(message, ct).ConfigureAwait(false);
                        return;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        if (attempt >= Backoff.Length || ex is EmailDeliveryException { Permanent: true })
                        {
                            LogGaveUp(logger, ex, message.MessageId);
                            return;
                        }

                        await Task.Delay(Backoff[attempt], ct).ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {MessageId} could not be sent; the customer can ask for it again.")]
    private static partial void LogGaveUp(ILogger logger, Exception error, string messageId);
}
