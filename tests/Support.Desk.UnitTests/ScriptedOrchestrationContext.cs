using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Support.Desk.UnitTests;

/// <summary>
/// A substitute orchestration context on virtual time: activities answer from a script, timers and
/// external events complete only when the test says so, and every call is logged with the virtual time.
/// </summary>
internal sealed class ScriptedOrchestrationContext(DateTime start, Func<string, object?, DateTime, object> activities) : TaskOrchestrationContext
{
    readonly DateTime origin = start;
    readonly List<(DateTime Due, TaskCompletionSource Source)> timers = [];
    readonly List<TaskCompletionSource<object?>> eventWaiters = [];

    public DateTime Now { get; private set; } = start;

    public List<string> Log { get; } = [];

    public object? ContinuedAsNewWith { get; private set; }

    public override TaskName Name => "SlaShardOrchestrator";

    public override string InstanceId => "sla-shard-2";

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => this.Now;

    public override bool IsReplaying => false;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public IReadOnlyList<DateTime> PendingTimers => [.. this.timers.Where(t => !t.Source.Task.IsCompleted).Select(t => t.Due)];

    public int PendingEventWaiters => this.eventWaiters.Count(w => !w.Task.IsCompleted);

    public override T GetInput<T>() => throw new NotSupportedException("The orchestrator receives its input as an argument.");

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        this.Log.Add($"{name.Name}@{this.Offset()}");
        try
        {
            return Task.FromResult((TResult)activities(name.Name, input, this.Now));
        }
        catch (TaskFailedException failure)
        {
            return Task.FromException<TResult>(failure);
        }
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var source = new TaskCompletionSource();
        cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
        this.timers.Add((fireAt, source));
        this.Log.Add($"timer({(fireAt - this.origin).TotalSeconds:0.#}s)@{this.Offset()}");
        return source.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        var source = new TaskCompletionSource<object?>();
        cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
        this.eventWaiters.Add(source);
        return source.Task.ContinueWith(t => (T)t.Result!, cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Moves virtual time to <paramref name="at"/> and fires the earliest pending timer there (early, on time or late).</summary>
    public void FireNextTimerAt(DateTime at)
    {
        (DateTime _, TaskCompletionSource source) = this.timers.Where(t => !t.Source.Task.IsCompleted).OrderBy(t => t.Due).First();
        this.Now = at;
        source.SetResult();
    }

    public void RaiseEventAt(DateTime at, object payload)
    {
        this.Now = at;
        this.eventWaiters.First(w => !w.Task.IsCompleted).SetResult(payload);
    }

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => throw new NotSupportedException();

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        this.Log.Add($"continue-as-new@{this.Offset()}");
        this.ContinuedAsNewWith = newInput;
    }

    public override Guid NewGuid() => throw new NotSupportedException("Orchestrators must not need new GUIDs here.");

    string Offset() => $"{(this.Now - this.origin).TotalSeconds:0.#}s";
}
