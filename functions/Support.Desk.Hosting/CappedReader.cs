using System.Buffers;

namespace Support.Desk.Hosting;

/// <summary>Reads a stream to its end unless it is longer than a limit, never buffering more than the limit.</summary>
internal static class CappedReader
{
    /// <summary>
    /// The bytes, or null when the stream holds more than <paramref name="limit"/> bytes. With a declared length the
    /// buffer is allocated once, exactly; otherwise the body is gathered in pooled chunks and copied once at the end.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, int limit, long? declaredLength, CancellationToken cancellationToken)
    {
        if (declaredLength > limit)
        {
            return null;
        }

        if (declaredLength is { } length)
        {
            byte[] exact = new byte[length];
            await stream.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);

            // A body longer than it declared is refused, not truncated.
            byte[] probe = new byte[1];
            return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0 ? exact : null;
        }

        var chunks = new List<byte[]>();
        int total = 0;
        try
        {
            while (true)
            {
                byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
                chunks.Add(chunk);
                int filled = 0;
                int read;
                while (filled < chunk.Length && (read = await stream.ReadAsync(chunk.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                    total += read;
                    if (total > limit)
                    {
                        return null;
                    }
                }

                if (filled < chunk.Length)
                {
                    byte[] body = new byte[total];
                    int offset = 0;
                    foreach (byte[] full in chunks)
                    {
                        int count = Math.Min(full.Length, total - offset);
                        Buffer.BlockCopy(full, 0, body, offset, count);
                        offset += count;
                    }

                    return body;
                }
            }
        }
        finally
        {
            foreach (byte[] chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    /// <summary>For bodies whose length is not known in advance (or not trusted).</summary>
    public static Task<byte[]?> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken) => ReadAsync(stream, limit, null, cancellationToken);
}
