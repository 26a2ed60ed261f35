using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Tests.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Collect.Runtime.Tests.App;

/// <summary>One multipart upload as the server parsed it, part by part in arrival order.</summary>
public sealed record ParsedUpload(IReadOnlyList<string> PartNames, string Json, string? FileName, string? FileContentType, long FileBytes);

/// <summary>
/// The upload and download endpoints of a fake Collect! server: records' folders in memory, the
/// overwrite modes, and a large generated file streamed in chunks.
/// </summary>
public sealed class FakeFiles
{
    public const int BigFileRowId = 50;
    public const long BigFileBytes = 50L * 1024 * 1024;

    /// <summary>How much of the big file the server sends before it waits for <see cref="ReleaseBigFile"/>.</summary>
    public const long BigFileHeldAfterBytes = 1024 * 1024 + 64 * 1024;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> _folders = new();

    public FakeFiles()
    {
        // The records that exist.
        _folders["debtor/123"] = new(StringComparer.OrdinalIgnoreCase);
        _folders["client/456"] = new(StringComparer.OrdinalIgnoreCase);
    }

    public ConcurrentQueue<ParsedUpload> Uploads { get; } = new();

    /// <summary>Completed once an upload's file part has delivered <see cref="SignalAfterBytes"/> bytes to the server.</summary>
    public TaskCompletionSource FileBytesArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long SignalAfterBytes { get; set; } = long.MaxValue;

    /// <summary>The big download writes its first <see cref="BigFileHeldAfterBytes"/>, then waits for this (or for the client to go).</summary>
    public TaskCompletionSource ReleaseBigFile { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public byte[]? Stored(string record, long rowId, string name) =>
        _folders.TryGetValue($"{record}/{rowId}", out var folder) && folder.TryGetValue(name, out var bytes) ? bytes : null;

    public static byte Pattern(long position) => (byte)(position % 251);

    public Task HandleAsync(HttpContext context, string path) => path switch
    {
        "api/v1/collect/app/upload" => UploadAsync(context),
        "api/v1/collect/app/download" => DownloadAsync(context),
        _ => FakeCollect.Json(context, 404, """{"status":404,"message":"Unknown endpoint"}"""),
    };

    private async Task UploadAsync(HttpContext context)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, context.Request.Body);
        var names = new List<string>();
        string json = "";
        string? fileName = null, fileType = null;
        var file = new MemoryStream();
        long fileBytes = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync()) is not null)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            var name = disposition.Name.Value ?? "";
            names.Add(name);
            if (name == "json")
            {
                using var text = new StreamReader(section.Body, Encoding.UTF8);
                json = await text.ReadToEndAsync();
                continue;
            }
            fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
            fileType = section.ContentType;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await section.Body.ReadAsync(buffer)) > 0)
            {
                fileBytes += read;
                if (file.Length < 1024 * 1024) file.Write(buffer, 0, read);
                if (fileBytes >= SignalAfterBytes) FileBytesArrived.TrySetResult();
            }
        }
        Uploads.Enqueue(new ParsedUpload(names, json, fileName, fileType, fileBytes));

        using var document = JsonDocument.Parse(json);
        string? record = null;
        long rowId = 0;
        var overwrite = "";
        foreach (var member in document.RootElement.EnumerateObject())
        {
            if (member.Name == "overwrite") overwrite = member.Value.GetString()!;
            else
            {
                record = member.Name;
                rowId = member.Value.GetInt64();
            }
        }
        if (!_folders.TryGetValue($"{record}/{rowId}", out var folder))
        {
            await FakeCollect.Json(context, 404, JsonText.Object(("status", 404), ("message", $"{record} {rowId} not found")));
            return;
        }
        var stored = fileName!;
        if (folder.ContainsKey(stored))
        {
            switch (overwrite)
            {
                case "no":
                    await FakeCollect.Json(context, 409, JsonText.Object(("status", 409), ("message", $"{stored} exists")));
                    return;
                case "inc":
                    var stem = Path.GetFileNameWithoutExtension(stored);
                    var extension = Path.GetExtension(stored);
                    for (var n = 2; folder.ContainsKey(stored); n++) stored = $"{stem}-{n}{extension}";
                    break;
            }
        }
        folder[stored] = file.ToArray();
        await FakeCollect.Json(context, 200,
            "{\"status\":200,\"result\":{\"recordType\":" + JsonText.String(record!) + ",\"fileName\":" + JsonText.String(stored)
            + ",\"fileNumber\":" + (record == "debtor" ? "1001" : "\"C-456\"") + "}}");
    }

    private async Task DownloadAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var record = query["record"].ToString();
        var rowId = long.Parse(query["rowid"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        if (record == "attachment" && rowId == BigFileRowId)
        {
            await BigFileAsync(context);
            return;
        }
        if (record == "attachment" && rowId == 9)
        {
            var name = query["field"].ToString() == "at_file_2" ? "résumé 2.pdf" : "first.pdf";
            await FileAsync(context, name, Encoding.UTF8.GetBytes("content of " + name), "application/pdf");
            return;
        }
        var file = query["file"].ToString();
        if (Stored(record, rowId, file) is { } bytes)
        {
            await FileAsync(context, file, bytes, "application/octet-stream");
            return;
        }
        await FakeCollect.Json(context, 404, """{"status":404,"message":"File not found"}""");
    }

    private static async Task FileAsync(HttpContext context, string name, byte[] bytes, string type)
    {
        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name, FileName = "download" }.ToString();
        await context.Response.Body.WriteAsync(bytes);
    }

    private async Task BigFileAsync(HttpContext context)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = BigFileBytes;
        context.Response.Headers.ContentDisposition = "attachment; filename=\"big.bin\"";
        var chunk = new byte[64 * 1024];
        for (long sent = 0; sent < BigFileBytes; sent += chunk.Length)
        {
            for (var i = 0; i < chunk.Length; i++) chunk[i] = Pattern(sent + i);
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            // After the first megabyte, wait until the client has its answer in hand: it cannot have
            // buffered the whole file.
            if (sent + chunk.Length == BigFileHeldAfterBytes) await ReleaseBigFile.Task.WaitAsync(context.RequestAborted);
        }
    }
}
