using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Pages;
using Support.Desk.Routes;

namespace Support.Functions;

/// <summary>HTTP triggers of the SLA reports: the staff API, the staff console's page and the customer's; the local host maps the same handlers.</summary>
public sealed class ReportFunctions(ReportApi api, StaffReportsPage staffPage, CustomerReportsPage customerPage)
{
    [Function(nameof(SupportDeskRoutes.GetSlaReport))]
    public Task<IActionResult> GetSlaReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.SlaReportTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        api.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffReportsPage))]
    public Task<IActionResult> StaffReportsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffReportsPageTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        staffPage.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerReportsPage))]
    public Task<IActionResult> CustomerReportsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.CustomerReportsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        customerPage.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerReportSubscription))]
    public Task<IActionResult> CustomerReportSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerReportSubscriptionTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        customerPage.SubscriptionAsync(request, cancellationToken).AsActionResult();
}
