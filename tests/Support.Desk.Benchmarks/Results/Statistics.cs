namespace Support.Desk.Benchmarks.Results;

/// <summary>Percentiles by the nearest-rank method: p99 of 1,000 values is the 990th smallest.</summary>
public static class Statistics
{
    public static double? Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return null;
        }

        double[] sorted = [.. values.Order()];
        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double? Max(IReadOnlyCollection<double> values) => values.Count == 0 ? null : values.Max();

    public static double Round(double value, int digits = 3) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    public static double? Round(double? value, int digits = 3) => value is null ? null : Round(value.Value, digits);

    public static double Mebibytes(long bytes) => Round(bytes / (1024.0 * 1024), 1);
}
