using System.Text.Json.Nodes;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

public class TicketSubmissionReaderTests
{
    static IReadOnlyDictionary<string, string[]> ErrorsOf(JsonNode body)
    {
        var (submission, _, errors) = SubmissionSamples.Read(body);
        Assert.Null(submission);
        return errors.ToDictionary();
    }

    [Fact]
    public void Read_ValidSubmission_CapturesEveryField()
    {
        var (submission, customer, errors) = SubmissionSamples.Read(SubmissionSamples.Valid());

        Assert.True(errors.IsEmpty);
        Assert.Equal(SubmissionSamples.Acme, customer);
        Assert.NotNull(submission);
        Assert.Equal("acme-prod", submission.Tenant);
        Assert.Equal(new Requester("Jane Doe", "jane@acme.example"), submission.Requester);
        Assert.Equal(Severity.High, submission.Severity);
        Assert.Equal(["Acme Portal", "Acme Mobile"], submission.Applications);
        Assert.Equal(["acme-ad"], submission.Connections);
        Assert.Equal(LoginStage.AfterCredentials, submission.LoginStage);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 30, 0, TimeSpan.Zero), submission.StartedAt);
        Assert.Equal(AffectedUsers.All, submission.AffectedUsers);
        Assert.Equal(Frequency.Always, submission.Frequency);
        Assert.Equal(BrowserScope.All, submission.Browsers);
        Assert.Null(submission.Appliance);
        Assert.Contains('\n', submission.Description);
    }

    [Fact]
    public void Read_EmptyObject_ListsEveryRequiredField()
    {
        IReadOnlyDictionary<string, string[]> errors = ErrorsOf(new JsonObject());

        string[] required = ["tenant", "requester", "severity", "subject", "description", "applications", "connections", "loginStage", "startedAt", "affectedUsers", "frequency", "browsers"];
        Assert.Equal(required.Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.Equal(["Is required."], messages));
    }

    [Fact]
    public void Read_MissingTenant_ReportsTenantRequired()
    {
        JsonObject body = SubmissionSamples.Valid();
        body.Remove("tenant");

        Assert.Equal(["Is required."], ErrorsOf(body)["tenant"]);
    }

    [Fact]
    public void Read_UnknownTenant_SaysItIsNotACustomer()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["tenant"] = "hooli";

        Assert.Contains("not a customer", Assert.Single(ErrorsOf(body)["tenant"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyBadFields_ReportsEachOne()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["requester"] = new JsonObject { ["name"] = " ", ["email"] = "not-an-email" };
        body["severity"] = "critical";
        body["subject"] = new string('s', 201);
        body["applications"] = new JsonArray("ok", 42, "");
        body["connections"] = "acme-ad";
        body["startedAt"] = "yesterday";
        body["frequency"] = true;
        body["plan"] = "platinum";

        IReadOnlyDictionary<string, string[]> errors = ErrorsOf(body);

        Assert.Equal(
            ["applications[1]", "applications[2]", "connections", "frequency", "plan", "requester.email", "requester.name", "severity", "startedAt", "subject"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_PlanInRequest_IsRejectedSoNoCustomerCanPromoteItself()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["plan"] = "platinum";

        Assert.Equal(["Is not a recognised field."], ErrorsOf(body)["plan"]);
    }

    [Fact]
    public void Read_StartedInTheFuture_IsRejected()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["startedAt"] = SubmissionSamples.Now.AddMinutes(10).ToString("O");

        Assert.Equal(["Must not be in the future."], ErrorsOf(body)["startedAt"]);
    }

    [Fact]
    public void Read_StartedWithinClockSkew_IsAccepted()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["startedAt"] = SubmissionSamples.Now.AddMinutes(2).ToString("O");

        Assert.True(SubmissionSamples.Read(body).Errors.IsEmpty);
    }

    [Theory]
    [InlineData("2026-11-26T09:30:00")]
    [InlineData("2026-11-26 09:30:00Z")]
    [InlineData("26/11/2026")]
    [InlineData("2026-02-30T09:30:00Z")]
    public void Read_TimestampWithoutOffsetOrInvalid_IsRejected(string startedAt)
    {
        JsonObject body = SubmissionSamples.Valid();
        body["startedAt"] = startedAt;

        Assert.True(ErrorsOf(body).ContainsKey("startedAt"));
    }

    [Fact]
    public void Read_OneBrowserWithoutName_RequiresBrowser()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["browsers"] = "one";

        Assert.Equal(["Is required."], ErrorsOf(body)["browser"]);
    }

    [Fact]
    public void Read_OneBrowserNamed_IsAccepted()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["browsers"] = "one";
        body["browser"] = "Safari 18";

        Assert.Equal("Safari 18", SubmissionSamples.Read(body).Submission?.Browser);
    }

    [Fact]
    public void Read_ApplianceCustomerWithoutApplianceDetails_RequiresThem()
    {
        JsonObject body = SubmissionSamples.ValidAppliance();
        body.Remove("appliance");

        Assert.Equal(["Is required."], ErrorsOf(body)["appliance"]);
    }

    [Fact]
    public void Read_ApplianceCustomerWithPartialDetails_NamesMissingParts()
    {
        JsonObject body = SubmissionSamples.ValidAppliance();
        body["appliance"] = new JsonObject { ["version"] = "17203" };

        IReadOnlyDictionary<string, string[]> errors = ErrorsOf(body);

        Assert.Equal(["appliance.healthCheckStatus", "appliance.nodeStatus"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_ApplianceCustomerWithDetails_IsAccepted()
    {
        var (submission, customer, errors) = SubmissionSamples.Read(SubmissionSamples.ValidAppliance());

        Assert.True(errors.IsEmpty);
        Assert.True(customer?.IsApplianceCustomer);
        Assert.Equal(new ApplianceDetails("17203", "3 of 3 nodes up", "All checks passing"), submission?.Appliance);
    }

    [Fact]
    public void Read_NonApplianceCustomerSendingApplianceDetails_IsRejected()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["appliance"] = new JsonObject { ["version"] = "1", ["nodeStatus"] = "up", ["healthCheckStatus"] = "ok" };

        Assert.True(ErrorsOf(body).ContainsKey("appliance"));
    }

    [Fact]
    public void Read_DescriptionOverLimit_IsRejected()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["description"] = new string('d', TicketSubmissionReader.MaxDescriptionLength + 1);

        Assert.Equal(["Must be at most 20000 characters."], ErrorsOf(body)["description"]);
    }

    [Fact]
    public void Read_TooManyApplications_IsRejected()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["applications"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode?)JsonValue.Create($"app-{i}"))]);

        Assert.True(ErrorsOf(body).ContainsKey("applications"));
    }

    [Fact]
    public void Read_ControlCharacterInSubject_IsRejected()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["subject"] = "Login\u0000fails";

        Assert.True(ErrorsOf(body).ContainsKey("subject"));
    }

    [Fact]
    public void Read_NewlineInSubject_IsRejectedButAllowedInDescription()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["subject"] = "Login\nfails";

        IReadOnlyDictionary<string, string[]> errors = ErrorsOf(body);

        Assert.True(errors.ContainsKey("subject"));
        Assert.False(errors.ContainsKey("description"));
    }

    [Fact]
    public void Read_NotAnObject_IsRejected()
    {
        Assert.True(ErrorsOf(new JsonArray()).ContainsKey("$"));
    }

    [Fact]
    public void Read_NullForRequiredField_CountsAsMissing()
    {
        JsonObject body = SubmissionSamples.Valid();
        body["severity"] = null;

        Assert.Equal(["Is required."], ErrorsOf(body)["severity"]);
    }
}
