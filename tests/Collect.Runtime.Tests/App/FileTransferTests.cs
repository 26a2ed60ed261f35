using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Tests.Auth;
using Collect.Runtime.Tests.Jobs;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Collect.Runtime.Tests.App;

public sealed class FileTransferTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private (Connection Connection, FakeFiles Files, FakeCollect Fake) Open()
    {
        var fake = server.Tenant();
        var files = new FakeFiles();
        fake.App = files.HandleAsync;
        return (Connection.Open(fake, options => options.Database = "demodb"), files, fake);
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task An_upload_sends_the_json_part_first_then_the_file()
    {
        var (connection, files, fake) = Open();
        using var _ = connection;

        var result = await connection.App.UploadAsync("debtor", 123, "Test.txt", Text("hello"), CollectOverwrite.Yes);

        Assert.Equal(new CollectUploadResult("debtor", "Test.txt", "1001"), result);
        var upload = Assert.Single(files.Uploads);
        Assert.Equal(["json", "file"], upload.PartNames);
        Assert.Equal("""{"debtor":123,"overwrite":"yes"}""", upload.Json);
        Assert.Equal("Test.txt", upload.FileName);
        Assert.Equal("application/octet-stream", upload.FileContentType);
        Assert.Equal("hello", Encoding.UTF8.GetString(files.Stored("debtor", 123, "Test.txt")!));
        var request = fake.To("app/upload").Single();
        Assert.StartsWith("multipart/form-data; boundary=", request.Header("content-type"), StringComparison.Ordinal);
        Assert.Equal("cv_demodb", request.Header("x-collect-database"));
    }

    [Fact]
    public async Task Overwrite_modes_replace_refuse_or_number_the_name()
    {
        var (connection, files, _) = Open();
        using var __ = connection;
        await connection.App.UploadAsync("client", 456, "Test.txt", Text("one"), CollectOverwrite.No);

        var replaced = await connection.App.UploadAsync("client", 456, "Test.txt", Text("two"), CollectOverwrite.Yes);
        var conflict = await Assert.ThrowsAsync<CollectConflictException>(() => connection.App.UploadAsync("client", 456, "Test.txt", Text("three"), CollectOverwrite.No));
        var numbered = await connection.App.UploadAsync("client", 456, "Test.txt", Text("four"), CollectOverwrite.Increment);
        var numberedAgain = await connection.App.UploadAsync("client", 456, "Test.txt", Text("five"), CollectOverwrite.Increment);

        Assert.Equal("Test.txt", replaced.FileName);
        Assert.Equal("C-456", replaced.FileNumber);
        Assert.Equal("two", Encoding.UTF8.GetString(files.Stored("client", 456, "Test.txt")!));
        Assert.Equal(409, conflict.StatusCode);
        Assert.Equal("client", conflict.Table);
        Assert.Equal("Test.txt exists", conflict.ServerMessage);
        Assert.Equal("Test-2.txt", numbered.FileName);
        Assert.Equal("Test-3.txt", numberedAgain.FileName);
        Assert.Equal(
            ["no", "yes", "no", "inc", "inc"],
            files.Uploads.Select(u => System.Text.Json.JsonDocument.Parse(u.Json).RootElement.GetProperty("overwrite").GetString()));
    }

    [Fact]
    public async Task An_upload_to_a_missing_record_is_not_found()
    {
        var (connection, _, _) = Open();
        using var __ = connection;

        var error = await Assert.ThrowsAsync<CollectNotFoundException>(() => connection.App.UploadAsync("debtor", 999, "a.txt", Text("x"), CollectOverwrite.Yes));

        Assert.Equal("debtor 999 not found", error.ServerMessage);
    }

    [Fact]
    public async Task An_upload_streams_the_file_and_leaves_the_callers_stream_open()
    {
        const long Size = 8L * 1024 * 1024;
        var (connection, files, _) = Open();
        using var __ = connection;
        files.SignalAfterBytes = 1024 * 1024;
        // The source gives its first 2 MB, then waits until the server has received 1 MB of the file:
        // a client that buffered the whole body before sending would never get past this point.
        using var source = new GatedSource(Size, gateAt: 2 * 1024 * 1024, files.FileBytesArrived.Task);

        var result = await connection.App.UploadAsync("debtor", 123, "big.bin", source, CollectOverwrite.Yes);

        Assert.Equal("big.bin", result.FileName);
        Assert.Equal(Size, files.Uploads.Single().FileBytes);
        Assert.True(source.PassedGate);
        Assert.False(source.Disposed);
    }

    [Fact]
    public async Task Cancelling_while_an_upload_is_sent_surfaces_as_cancellation_and_leaves_the_stream_open()
    {
        var (connection, files, _) = Open();
        using var __ = connection;
        files.SignalAfterBytes = 1024 * 1024;
        var never = new TaskCompletionSource();
        // The source gives 2 MB, then waits for ever: the upload is mid-body when the caller cancels.
        using var source = new GatedSource(8L * 1024 * 1024, gateAt: 2 * 1024 * 1024, never.Task);
        using var cancel = new CancellationTokenSource();

        var upload = connection.App.UploadAsync("debtor", 123, "cancelled.bin", source, CollectOverwrite.Yes, cancel.Token);
        await files.FileBytesArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cancel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.False(source.PassedGate);
        Assert.False(source.Disposed);
    }

    [Fact]
    public async Task A_download_streams_the_file_with_its_name()
    {
        var (connection, _, fake) = Open();
        using var __ = connection;
        await connection.App.UploadAsync("debtor", 123, "notes.txt", Text("some notes"), CollectOverwrite.Yes);

        await using var download = await connection.App.DownloadFileAsync("debtor", 123, "notes.txt");
        using var reader = new StreamReader(download.Content);

        Assert.Equal("some notes", await reader.ReadToEndAsync());
        Assert.Equal("notes.txt", download.FileName);
        Assert.Equal(10, download.Length);
        Assert.Equal("application/octet-stream", download.ContentType);
        var request = fake.To("app/download").Single();
        Assert.Equal("?record=debtor&rowid=123&file=notes.txt", request.Query);
        Assert.Equal("cv_demodb", request.Header("x-collect-database"));
        Assert.StartsWith("Bearer ", request.Header("authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_by_field_sends_the_field_and_reads_an_encoded_name()
    {
        var (connection, _, fake) = Open();
        using var __ = connection;

        await using var second = await connection.App.DownloadAsync("attachment", 9, "at_file_2");
        var target = new MemoryStream();
        await second.CopyToAsync(target);
        await using var first = await connection.App.DownloadAsync("attachment", 9);

        Assert.Equal("résumé 2.pdf", second.FileName);
        Assert.Equal("application/pdf", second.ContentType);
        Assert.Equal("content of résumé 2.pdf", Encoding.UTF8.GetString(target.ToArray()));
        Assert.Equal("first.pdf", first.FileName);
        Assert.Equal(["?record=attachment&rowid=9&field=at_file_2", "?record=attachment&rowid=9"], fake.To("app/download").Select(r => r.Query));
    }

    [Fact]
    public async Task A_missing_file_is_not_found()
    {
        var (connection, _, _) = Open();
        using var __ = connection;

        var error = await Assert.ThrowsAsync<CollectNotFoundException>(() => connection.App.DownloadFileAsync("debtor", 123, "nothing.txt"));

        Assert.Equal("File not found", error.ServerMessage);
        Assert.Equal("debtor", error.Table);
        Assert.EndsWith("/api/v1/collect/app/download", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_50_MB_download_is_read_with_bounded_memory()
    {
        var (connection, files, _) = Open();
        using var __ = connection;

        // The answer is in hand while the server still holds most of the file back.
        await using var download = await connection.App.DownloadAsync("attachment", FakeFiles.BigFileRowId).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FakeFiles.BigFileBytes, download.Length);
        Assert.Equal("big.bin", download.FileName);
        files.ReleaseBigFile.SetResult();

        // A synchronous read loop on this thread, so that the thread's allocation counter sees all of it.
        var buffer = new byte[64 * 1024];
        long total = 0;
        var wrong = 0L;
        var before = GC.GetAllocatedBytesForCurrentThread();
        int read;
        while ((read = download.Content.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i += 4093)
            {
                if (buffer[i] != FakeFiles.Pattern(total + i)) wrong++;
            }
            total += read;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(FakeFiles.BigFileBytes, total);
        Assert.Equal(0, wrong);
        Assert.True(allocated < 8 * 1024 * 1024, $"reading 50 MB allocated {allocated:N0} bytes");
    }

    // Reads everything the big download sends before the server holds the rest back (and fails instead of hanging
    // if the server ever sent less).
    private static async Task<long> ReadUntilHeldAsync(Stream content, byte[] buffer)
    {
        long total = 0;
        while (total < FakeFiles.BigFileHeldAfterBytes)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, FakeFiles.BigFileHeldAfterBytes - total)))
                .AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(read > 0, "the download ended early");
            total += read;
        }
        return total;
    }

    [Fact]
    public async Task A_download_whose_server_stops_sending_fails_with_a_timeout_instead_of_hanging()
    {
        var fake = server.Tenant();
        var files = new FakeFiles();
        fake.App = files.HandleAsync;
        // The limit runs on a manual clock: it fires when the test moves the clock, and only then.
        var time = new ManualTimeProvider();
        using var connection = Connection.Open(fake, options =>
        {
            options.RequestTimeout = TimeSpan.FromSeconds(2);
            options.Clock = time;
        });
        try
        {
            // Signed in first, so that the limit applies to the download alone. The server sends the
            // headers and the first megabyte or so, then nothing until the test ends.
            await connection.Session.SignInAsync();
            await using var download = await connection.App.DownloadAsync("attachment", FakeFiles.BigFileRowId);
            var buffer = new byte[64 * 1024];
            await ReadUntilHeldAsync(download.Content, buffer);

            // Nothing more can come: this read waits until its limit runs out.
            var stalled = download.Content.ReadAsync(buffer).AsTask();
            time.Advance(TimeSpan.FromSeconds(2));
            var error = await Assert.ThrowsAsync<TimeoutException>(() => stalled).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Contains("sent no bytes of the file for 2 s (CollectClientOptions.RequestTimeout)", error.Message, StringComparison.Ordinal);
            Assert.Contains("/api/v1/collect/app/download", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            files.ReleaseBigFile.TrySetResult();
        }
    }

    [Fact]
    public async Task Cancelling_while_a_download_is_read_surfaces_as_cancellation()
    {
        var (connection, files, _) = Open();
        using var __ = connection;
        try
        {
            await using var download = await connection.App.DownloadAsync("attachment", FakeFiles.BigFileRowId);
            using var cancel = new CancellationTokenSource();
            var buffer = new byte[64 * 1024];
            await ReadUntilHeldAsync(download.Content, buffer);

            // The server holds the rest back: this read waits until it is cancelled.
            var waiting = download.Content.ReadAsync(buffer, cancel.Token).AsTask();
            cancel.Cancel();
            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(cancel.Token, error.CancellationToken);
        }
        finally
        {
            files.ReleaseBigFile.TrySetResult();
        }
    }

    [Fact]
    public async Task App_endpoints_failing_with_html_or_an_empty_body_give_the_status()
    {
        var fake = server.Tenant();
        fake.App = async (context, path) =>
        {
            context.Response.StatusCode = path.EndsWith("upload", StringComparison.Ordinal) ? 502 : 500;
            if (path.EndsWith("upload", StringComparison.Ordinal))
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><title>502 Bad Gateway</title></html>");
            }
        };
        using var connection = Connection.Open(fake);

        var upload = await Assert.ThrowsAsync<CollectApiException>(() => connection.App.UploadAsync("debtor", 1, "a.txt", Text("x"), CollectOverwrite.Yes));
        var download = await Assert.ThrowsAsync<CollectApiException>(() => connection.App.DownloadAsync("contact", 1));

        Assert.Equal(502, upload.StatusCode);
        Assert.Contains("502 Bad Gateway", upload.BodyExcerpt, StringComparison.Ordinal);
        Assert.Equal(500, download.StatusCode);
        Assert.Contains("empty body", download.Message, StringComparison.Ordinal);
    }

    /// <summary>A non-seekable source of <c>size</c> pattern bytes that pauses at <c>gateAt</c> until <c>gate</c> completes.</summary>
    private sealed class GatedSource(long size, long gateAt, Task gate) : Stream
    {
        private long _position;

        public bool PassedGate { get; private set; }
        public bool Disposed { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The upload must read asynchronously.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == gateAt && !PassedGate)
            {
                await gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                PassedGate = true;
            }
            var limit = _position < gateAt ? gateAt : size;
            var count = (int)Math.Min(buffer.Length, limit - _position);
            for (var i = 0; i < count; i++) buffer.Span[i] = FakeFiles.Pattern(_position + i);
            _position += count;
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
