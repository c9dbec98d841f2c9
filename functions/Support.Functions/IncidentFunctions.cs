using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Pages;
using Support.Desk.Routes;

namespace Support.Functions;

/// <summary>
/// HTTP triggers of major incidents: the API (staff credentials, checked by the handler) and the staff console's
/// incident pages (the staff session, checked by the page); the local host maps the same handlers.
/// </summary>
public sealed class IncidentFunctions(IncidentApi api, StaffIncidentPages pages)
{
    [Function(nameof(SupportDeskRoutes.ListIncidents))]
    public Task<IActionResult> ListIncidents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.IncidentsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        api.ListAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.OpenIncident))]
    public Task<IActionResult> OpenIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.IncidentsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        api.OpenAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.GetIncident))]
    public Task<IActionResult> GetIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.IncidentTemplate)] HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        api.GetAsync(request, incidentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.PostIncidentUpdate))]
    public Task<IActionResult> PostIncidentUpdate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.IncidentUpdatesTemplate)] HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        api.PostUpdateAsync(request, incidentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.ResolveIncident))]
    public Task<IActionResult> ResolveIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.IncidentResolutionTemplate)] HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        api.ResolveAsync(request, incidentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.LinkToIncident))]
    public Task<IActionResult> LinkToIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.IncidentLinksTemplate)] HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        api.LinkAsync(request, incidentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.UnlinkFromIncident))]
    public Task<IActionResult> UnlinkFromIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.IncidentUnlinksTemplate)] HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        api.UnlinkAsync(request, incidentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffIncidentsPage))]
    public Task<IActionResult> StaffIncidentsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffIncidentsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.ListAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffOpenIncident))]
    public Task<IActionResult> StaffOpenIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffIncidentsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.OpenAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffIncidentPage))]
    public Task<IActionResult> StaffIncidentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffIncidentPageTemplate)] HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        pages.GetAsync(request, incidentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffIncidentAction))]
    public Task<IActionResult> StaffIncidentAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffIncidentActionTemplate)] HttpRequest request, string incidentId, string action, CancellationToken cancellationToken) =>
        pages.PostAsync(request, incidentId, action, cancellationToken).AsActionResult();
}
