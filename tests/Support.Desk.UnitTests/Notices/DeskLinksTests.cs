using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.Notices;

/// <summary>Every URL the desk hands out comes from the route catalog.</summary>
public class DeskLinksTests
{
    static readonly DeskLinks Links = new(new SupportCenterOptions { PublicBaseUrl = new Uri("https://support.example/desk/") });

    [Fact]
    public void ApiPaths_AreTheCatalogsTemplatesFilledIn()
    {
        Assert.Equal("/api/tickets/SUP-7K3M-9QXD-2F4A", DeskLinks.Ticket("SUP-7K3M-9QXD-2F4A"));
        Assert.Equal("/api/tickets/SUP-7K3M-9QXD-2F4A/attachments/0123456789abcdef01234567", DeskLinks.Attachment("SUP-7K3M-9QXD-2F4A", "0123456789abcdef01234567"));
        Assert.Equal("/" + SupportDeskRoutes.TicketTemplate.Replace("{ticketId}", "X", StringComparison.Ordinal), DeskLinks.Ticket("X"));
    }

    [Fact]
    public void CustomerPage_CarriesTheTokenInTheFragment_AndItsActionInTheQuery()
    {
        Uri page = Links.CustomerTicketPage("SUP-7K3M-9QXD-2F4A", "tkt_abc", "confirm=resolved");

        Assert.Equal("https://support.example/tickets/SUP-7K3M-9QXD-2F4A?confirm=resolved#token=tkt_abc", page.ToString());
        Assert.Equal("https://support.example/tickets/SUP-7K3M-9QXD-2F4A", Links.CustomerTicketPage("SUP-7K3M-9QXD-2F4A", null).ToString());
    }

    [Fact]
    public void StaffLinks_OpenTheConsole()
    {
        Assert.Equal("https://support.example/staff/tickets/SUP-7K3M-9QXD-2F4A", Links.StaffTicketPage("SUP-7K3M-9QXD-2F4A").ToString());
        Assert.Equal("https://support.example/staff", Links.StaffConsole().ToString());
    }

    [Fact]
    public void Values_AreEscaped_AndEveryParameterIsRequired()
    {
        Assert.Equal("/api/tickets/a%2Fb%3Fc", DeskLinks.PathOf(SupportDeskRoutes.TicketTemplate, ("ticketId", "a/b?c")));
        Assert.Throws<ArgumentException>(() => DeskLinks.PathOf(SupportDeskRoutes.AttachmentTemplate, ("ticketId", "x")));
    }
}
