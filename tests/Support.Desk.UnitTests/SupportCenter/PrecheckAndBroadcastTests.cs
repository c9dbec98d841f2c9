using System.Text.Json.Nodes;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;

namespace Support.Desk.UnitTests.SupportCenter;

/// <summary>The triage's answers on a submission, and which status changes reach subscribers.</summary>
public class PrecheckAndBroadcastTests
{
    [Fact]
    public void Precheck_AnswersAreRecordedInTheChecklistsOrder_AndTheFingerprintIgnoresTheJsonsOrder()
    {
        JsonObject a = SubmissionSamples.Valid();
        a["precheck"] = new JsonObject { ["ntp"] = "ok", ["certificates"] = "problem", ["status-page"] = "not-checked" };
        JsonObject b = SubmissionSamples.Valid();
        b["precheck"] = new JsonObject { ["status-page"] = "not-checked", ["certificates"] = "problem", ["ntp"] = "ok" };

        TicketSubmission first = SubmissionSamples.Read(a).Submission!;
        TicketSubmission second = SubmissionSamples.Read(b).Submission!;

        Assert.Equal(["status-page", "certificates", "ntp"], first.Precheck!.Select(p => p.Key));
        Assert.Equal(PrecheckAnswer.Problem, first.Precheck!.Single(p => p.Key == "certificates").Answer);
        Assert.Equal(TicketIntake.Fingerprint(first), TicketIntake.Fingerprint(second));
    }

    [Fact]
    public void Precheck_IsOptional_AndANullAnswerIsNoAnswer()
    {
        JsonObject nulls = SubmissionSamples.Valid();
        nulls["precheck"] = new JsonObject { ["ntp"] = null };

        Assert.Null(SubmissionSamples.Read(SubmissionSamples.Valid()).Submission!.Precheck);
        Assert.Null(SubmissionSamples.Read(nulls).Submission!.Precheck);
    }

    public static TheoryData<JsonNode?, string> BadPrechecks() => new()
    {
        { new JsonObject { ["no-such-check"] = "ok" }, "precheck.no-such-check" },
        { new JsonObject { ["ntp"] = "maybe" }, "precheck.ntp" },
        { new JsonObject { ["ntp"] = true }, "precheck.ntp" },
        { new JsonArray("ntp"), "precheck" },
        { JsonValue.Create("ntp=ok"), "precheck" },
    };

    [Theory]
    [MemberData(nameof(BadPrechecks))]
    public void Precheck_UnknownCheckOrAnswer_IsAFieldError(JsonNode? precheck, string field)
    {
        JsonObject body = SubmissionSamples.Valid();
        body["precheck"] = precheck;

        var (submission, _, errors) = SubmissionSamples.Read(body);

        Assert.Null(submission);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    static StatusSnapshot Snapshot(StatusIndicator indicator) => new(indicator, "page", DateTimeOffset.UnixEpoch, [], [], []);

    public static TheoryData<StatusChangeKind, StatusIndicator?, StatusIndicator, bool> Changes() => new()
    {
        { StatusChangeKind.IncidentOpened, null, StatusIndicator.None, true },
        { StatusChangeKind.IncidentUpdated, null, StatusIndicator.Minor, true },
        { StatusChangeKind.IncidentResolved, null, StatusIndicator.None, true },
        { StatusChangeKind.IndicatorChanged, StatusIndicator.Major, StatusIndicator.None, true },
        { StatusChangeKind.IndicatorChanged, StatusIndicator.Critical, StatusIndicator.Minor, true },
        { StatusChangeKind.IndicatorChanged, StatusIndicator.None, StatusIndicator.Major, true },
        { StatusChangeKind.IndicatorChanged, StatusIndicator.Minor, StatusIndicator.Critical, true },
        { StatusChangeKind.IndicatorChanged, StatusIndicator.Minor, StatusIndicator.None, false },
        { StatusChangeKind.IndicatorChanged, StatusIndicator.None, StatusIndicator.Minor, false },
        { StatusChangeKind.ComponentChanged, null, StatusIndicator.None, false },
        { StatusChangeKind.BecameUnknown, null, StatusIndicator.Major, false },
        { StatusChangeKind.Recovered, null, StatusIndicator.Major, false },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void MattersToSubscribers_IncidentsAndMajorOrCriticalStatesOnly(StatusChangeKind kind, StatusIndicator? now, StatusIndicator before, bool expected)
    {
        Assert.Equal(expected, StatusChanges.MattersToSubscribers(new StatusChange(kind, "summary", now), Snapshot(before)));
    }
}
