using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime.Internal;

/// <summary>An answer's body, read into a pooled buffer so that rows can be parsed with a <c>Utf8JsonReader</c>.</summary>
internal sealed class ResponseBody : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private byte[]? _buffer;
    private readonly int _length;

    private ResponseBody(byte[] buffer, int length, bool isCut)
    {
        _buffer = buffer;
        _length = length;
        IsCut = isCut;
    }

    /// <summary>The bytes read, without a leading UTF-8 byte order mark.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            var span = _buffer.AsSpan(0, _length);
            return span.StartsWith(Utf8Bom) ? span[Utf8Bom.Length..] : span;
        }
    }

    /// <summary>Whether the body was longer than the limit it was read with (and was cut there).</summary>
    public bool IsCut { get; }

    /// <summary>Reads at most <paramref name="limit"/> bytes of <paramref name="content"/>.</summary>
    public static async Task<ResponseBody> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var expected = content.Headers.ContentLength;
        // One byte more than the expected length, so the read that finds the end needs no larger buffer.
        var size = (int)Math.Min(expected is { } known ? known + 1 : InitialSize, (long)limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length) buffer = Grow(buffer, length, limit);
                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0) return new ResponseBody(buffer, length, isCut: false);
                    length += read;
                    if (length > limit) return new ResponseBody(buffer, limit, isCut: true);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int limit)
    {
        var size = (int)Math.Min(Math.Min((long)buffer.Length * 2, (long)limit + 1), Array.MaxLength);
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(size, length + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
