using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime;

/// <summary>
/// A downloaded file, still on the wire: <see cref="Content"/> reads it from the connection as it
/// arrives, so a large file never sits whole in memory. Dispose it (or read to the end) to free the
/// connection.
/// </summary>
public sealed class CollectDownload : IDisposable, IAsyncDisposable
{
    private readonly HttpResponseMessage _response;

    internal CollectDownload(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Content = content;
        var headers = response.Content.Headers;
        FileName = FileNameOf(headers.ContentDisposition?.FileNameStar) ?? FileNameOf(headers.ContentDisposition?.FileName);
        ContentType = headers.ContentType?.MediaType;
        Length = headers.ContentLength;
    }

    /// <summary>The file's bytes, read from the connection as they arrive.</summary>
    public Stream Content { get; }

    /// <summary>The file name the answer's <c>Content-Disposition</c> gave, if any.</summary>
    public string? FileName { get; }

    /// <summary>The answer's media type, e.g. <c>application/pdf</c>, if any.</summary>
    public string? ContentType { get; }

    /// <summary>The file's length in bytes, when the answer said it.</summary>
    public long? Length { get; }

    /// <summary>Copies the file to <paramref name="destination"/>, chunk by chunk.</summary>
    public Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default) =>
        Content.CopyToAsync(destination, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }

    /// <summary>The file's name, media type and length.</summary>
    public override string ToString() =>
        $"CollectDownload {{ FileName = {FileName ?? "(none)"}, ContentType = {ContentType ?? "(none)"}, Length = {Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(unknown)"} }}";

    // Content-Disposition names may come quoted; a name is never a path.
    private static string? FileNameOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var name = value.Trim();
        if (name.Length >= 2 && name[0] == '"' && name[^1] == '"') name = name[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
        name = Path.GetFileName(name.Replace('\\', '/'));
        return name.Length == 0 ? null : name;
    }
}
