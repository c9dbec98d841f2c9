using System.Globalization;

namespace Support.Desk.Domain;

/// <summary>Instants as a customer reads them: in their organisation's time zone, the zone named.</summary>
public static class LocalTimes
{
    /// <summary><c>2026-12-05 14:30 (Europe/Berlin)</c>.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTimeOffset local = TimeZoneInfo.ConvertTime(instant, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} ({zone.Id})");
    }
}
