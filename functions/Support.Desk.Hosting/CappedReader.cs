namespace Support.Desk.Hosting;

/// <summary>Reads a stream to its end unless it is longer than a limit, without buffering more than the limit.</summary>
internal static class CappedReader
{
    /// <summary>The bytes, or null when the stream holds more than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
