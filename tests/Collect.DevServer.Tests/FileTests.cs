using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>Upload (multipart, overwrite modes, names that try to leave the folder) and download.</summary>
[Collection(DevServerCollection.Name)]
public sealed class FileTests(DevServerFixture fixture)
{
    private readonly ApiClient _api = fixture.Api;

    private async Task<ApiResponse> UploadAsync(string json, string? fileName, byte[] bytes, bool jsonFirst = true, bool extraPart = false)
    {
        var content = new MultipartFormDataContent();
        var jsonPart = new StringContent(json, Encoding.UTF8);
        var filePart = new ByteArrayContent(bytes);
        if (jsonFirst) content.Add(jsonPart, "json");
        if (fileName is not null)
        {
            // Plain names go in filename="..." as browsers send them; names with control characters in filename*.
            var disposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
            if (fileName.Any(char.IsControl)) disposition.FileNameStar = fileName;
            else disposition.FileName = "\"" + fileName + "\"";
            filePart.Headers.ContentDisposition = disposition;
            content.Add(filePart);
        }
        if (!jsonFirst) content.Add(jsonPart, "json");
        if (extraPart) content.Add(new StringContent("more"), "extra");
        return await _api.SendAsync(HttpMethod.Post, "api/v1/collect/app/upload", content, await _api.TokenAsync(), null);
    }

    private async Task<ApiResponse> DownloadAsync(string query) =>
        await _api.SendAsync(HttpMethod.Get, "api/v1/collect/app/download?" + query, (HttpContent?)null, await _api.TokenAsync(), null);

    [Fact]
    public async Task UploadedFilesComeBackByteForByte()
    {
        var debtor = await _api.CreateAsync("debtor", new { de_name = "Files" }, mode: 4);
        var id = debtor.GetProperty("de_rowid").GetString();
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31 % 251)).ToArray();

        var upload = await UploadAsync($"{{\"debtor\": {id}, \"overwrite\": \"no\"}}", "Statement 2026.pdf", bytes);
        Assert.Equal(200, upload.Status);
        var result = upload.Body.GetProperty("result");
        Assert.Equal("debtor", result.GetProperty("recordType").GetString());
        Assert.Equal("Statement 2026.pdf", result.GetProperty("fileName").GetString());
        Assert.Equal(debtor.GetProperty("de_number").GetString(), result.GetProperty("fileNumber").GetInt64().ToString(CultureInfo.InvariantCulture));

        var download = await DownloadAsync($"record=debtor&rowid={id}&file={Uri.EscapeDataString("Statement 2026.pdf")}");
        Assert.Equal(200, download.Status);
        Assert.Equal(bytes, download.Bytes);
        Assert.Equal("attachment", download.ContentHeaders.ContentDisposition!.DispositionType);
        Assert.Equal("Statement 2026.pdf", download.ContentHeaders.ContentDisposition.FileNameStar ?? download.ContentHeaders.ContentDisposition.FileName?.Trim('"'));
    }

    [Fact]
    public async Task OverwriteNoRefusesIncNumbersAndYesReplaces()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Overwrite" });
        Assert.Equal(200, (await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"no\"}}", "Test.txt", "one"u8.ToArray())).Status);

        var refused = await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"no\"}}", "Test.txt", "two"u8.ToArray());
        Assert.Equal(409, refused.Status);

        var second = await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"inc\"}}", "Test.txt", "two"u8.ToArray());
        Assert.Equal("Test-2.txt", second.Body.GetProperty("result").GetProperty("fileName").GetString());
        var third = await UploadAsync($"{{\"debtor\":\"{id}\",\"overwrite\":\"inc\"}}", "Test.txt", "three"u8.ToArray());
        Assert.Equal("Test-3.txt", third.Body.GetProperty("result").GetProperty("fileName").GetString());

        var replaced = await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"yes\"}}", "Test.txt", "four"u8.ToArray());
        Assert.Equal("Test.txt", replaced.Body.GetProperty("result").GetProperty("fileName").GetString());
        Assert.Equal("four", (await DownloadAsync($"record=debtor&rowid={id}&file=Test.txt")).Text);
        Assert.Equal("two", (await DownloadAsync($"record=debtor&rowid={id}&file=Test-2.txt")).Text);
    }

    [Fact]
    public async Task UploadsGoToClientsAndOperatorsToo()
    {
        var client = await _api.CreateAsync("client", new { cl_name = "Upload Client" }, mode: 2);
        var upload = await UploadAsync($"{{\"client\":{client.GetProperty("cl_rowid").GetString()},\"overwrite\":\"yes\"}}", "contract.txt", "c"u8.ToArray());
        Assert.Equal(200, upload.Status);
        Assert.Equal("client", upload.Body.GetProperty("result").GetProperty("recordType").GetString());
        Assert.Equal(client.GetProperty("cl_number").GetString(), upload.Body.GetProperty("result").GetProperty("fileNumber").GetInt64().ToString(CultureInfo.InvariantCulture));

        var op = await UploadAsync("{\"nx_operator\":2,\"overwrite\":\"yes\"}", "avatar.txt", "o"u8.ToArray());
        Assert.Equal(200, op.Status);
        Assert.Equal("nx_operator", op.Body.GetProperty("result").GetProperty("recordType").GetString());
    }

    [Fact]
    public async Task AttachmentFileColumnsDownloadTheirRecordsFiles()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Attached" });
        Assert.Equal(200, (await UploadAsync($"{{\"debtor\":{debtor},\"overwrite\":\"yes\"}}", "letter.txt", "dear debtor"u8.ToArray())).Status);
        Assert.Equal(200, (await UploadAsync($"{{\"debtor\":{debtor},\"overwrite\":\"yes\"}}", "second.txt", "page two"u8.ToArray())).Status);
        var attachment = await _api.CreateIdAsync("attachment", new { at_rowid_debtor = debtor.ToString(CultureInfo.InvariantCulture), at_file = "letter.txt", at_file_2 = "second.txt" });

        Assert.Equal("dear debtor", (await DownloadAsync($"record=attachment&rowid={attachment}")).Text);
        Assert.Equal("page two", (await DownloadAsync($"record=attachment&rowid={attachment}&field=at_file_2")).Text);
        Assert.Equal(404, (await DownloadAsync($"record=attachment&rowid={attachment}&field=at_file_3")).Status);
        Assert.Equal(400, (await DownloadAsync($"record=attachment&rowid={attachment}&field=at_description")).Status);
        Assert.Equal(400, (await DownloadAsync($"record=debtor&rowid={debtor}")).Status);
        Assert.Equal(404, (await DownloadAsync($"record=attachment&rowid=987654")).Status);
        Assert.Equal(404, (await DownloadAsync($"record=nothing&rowid=1")).Status);
        Assert.Equal(400, (await DownloadAsync($"record=attachment")).Status);

        // A contact has one file column; field is ignored.
        var contact = await _api.CreateIdAsync("contact", new { co_rowid_debtor = debtor.ToString(CultureInfo.InvariantCulture), co_attachment = "letter.txt" });
        Assert.Equal("dear debtor", (await DownloadAsync($"record=contact&rowid={contact}&field=anything")).Text);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("..\\evil.txt")]
    [InlineData("../../../../tmp/evil.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/evil.txt")]
    [InlineData("C:\\evil.txt")]
    [InlineData("C:evil.txt")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("evil\u0001.txt")]
    [InlineData("a..b")]
    [InlineData("trailing.")]
    [InlineData(" leading")]
    public async Task UploadNamesCannotLeaveTheFolder(string name)
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Traversal" });
        var filesBefore = AllFiles();
        var answer = await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"yes\"}}", name, "x"u8.ToArray());
        Assert.Equal(400, answer.Status);
        Assert.Equal(filesBefore, AllFiles());
    }

    [Theory]
    [InlineData("file=..%2F..%2Fcv_masterdb.db")]
    [InlineData("file=..%2Fcv_masterdb.db")]
    [InlineData("file=%2Fetc%2Fpasswd")]
    [InlineData("file=..")]
    [InlineData("file=..%5C..%5Ccv_masterdb.db")]
    [InlineData("file=sub%2Fx.txt")]
    [InlineData("file=%00")]
    public async Task DownloadNamesCannotLeaveTheFolder(string query)
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Traversal Down" });
        var answer = await DownloadAsync($"record=debtor&rowid={id}&{query}");
        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task AFileColumnThatNamesAPathIsRefused()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Sneaky" });
        var attachment = await _api.CreateIdAsync("attachment", new { at_rowid_debtor = debtor.ToString(CultureInfo.InvariantCulture), at_file = "../../../cv_masterdb.db" });
        Assert.Equal(400, (await DownloadAsync($"record=attachment&rowid={attachment}")).Status);
    }

    [Fact]
    public async Task MalformedUploadsAnswer4xx()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Malformed" });
        Assert.Equal(404, (await UploadAsync("{\"debtor\":987654,\"overwrite\":\"yes\"}", "a.txt", "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"maybe\"}}", "a.txt", "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync($"{{\"contact\":{id}}}", "a.txt", "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync($"{{\"debtor\":{id},\"client\":1}}", "a.txt", "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync("{\"overwrite\":\"yes\"}", "a.txt", "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync($"{{\"debtor\":\"x{id}\"}}", "a.txt", "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync("not json", "a.txt", "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync($"{{\"debtor\":{id}}}", null, "x"u8.ToArray())).Status);
        Assert.Equal(400, (await UploadAsync($"{{\"debtor\":{id}}}", "a.txt", "x"u8.ToArray(), jsonFirst: false)).Status);
        Assert.Equal(400, (await UploadAsync($"{{\"debtor\":{id}}}", "extra.txt", "x"u8.ToArray(), extraPart: true)).Status);
        Assert.Equal(404, (await DownloadAsync($"record=debtor&rowid={id}&file=extra.txt")).Status); // the refused upload left nothing

        var notMultipart = await _api.PostAsync("api/v1/collect/app/upload", "{\"debtor\":1}");
        Assert.Equal(400, notMultipart.Status);
        var truncated = new StringContent("--abc\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{\"debtor\":1}", Encoding.UTF8);
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc");
        Assert.Equal(400, (await _api.SendAsync(HttpMethod.Post, "api/v1/collect/app/upload", truncated, await _api.TokenAsync(), null)).Status);
    }

    [Fact]
    public async Task BodiesOverTheLimitsAnswer413()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Big" });
        var sized = new MultipartFormDataContent();
        sized.Add(new StringContent($"{{\"debtor\":{id},\"overwrite\":\"yes\"}}"), "json");
        sized.Add(new ByteArrayContent(new byte[300 * 1024]), "file", "big.bin");
        Assert.Equal(413, await SendTooLargeAsync("api/v1/collect/app/upload", sized));

        var streamed = new MultipartFormDataContent();
        streamed.Add(new StringContent($"{{\"debtor\":{id},\"overwrite\":\"yes\"}}"), "json");
        streamed.Add(new StreamContent(new MemoryStream(new byte[300 * 1024])), "file", "big.bin");
        using (var chunkedUpload = new HttpRequestMessage(HttpMethod.Post, "api/v1/collect/app/upload") { Content = streamed })
        {
            chunkedUpload.Headers.TransferEncodingChunked = true;
            chunkedUpload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _api.TokenAsync());
            using var uploadResponse = await _api.Http.SendAsync(chunkedUpload);
            Assert.Equal(413, (int)uploadResponse.StatusCode);
        }
        Assert.Equal(404, (await DownloadAsync($"record=debtor&rowid={id}&file=big.bin")).Status);
        Assert.Empty(Directory.GetFiles(fixture.Host.DataFolder, "*.tmp", SearchOption.AllDirectories)); // no half-written upload is left

        var json = "{\"data\":{\"de_name\":\"" + new string('x', 70 * 1024) + "\"}}";
        Assert.Equal(413, await SendTooLargeAsync("api/v1/collect/data/debtor", new StringContent(json, Encoding.UTF8, "application/json")));

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/collect/data/debtor") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _api.TokenAsync());
        using var response = await _api.Http.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
    }

    // A body whose Content-Length is over the limit, sent as a careful client sends a large body: with
    // Expect: 100-continue, so the server's 413 arrives before the body is sent. Without it, the server
    // answers and closes while the client may still be writing, and the client sees a broken pipe
    // instead of the answer (a race of HTTP/1.1, not of the server).
    private async Task<int> SendTooLargeAsync(string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _api.TokenAsync());
        using var response = await _api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var json = text.Length > 0 ? System.Text.Json.JsonDocument.Parse(text) : null;
        ApiClient.AssertErrorBody((int)response.StatusCode, text, json?.RootElement.Clone());
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task IncWithNoFreeNumberedNameAnswers409()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Full Folder" });
        var folder = Path.Combine(fixture.Host.DataFolder, "files", "cv_masterdb", "debtor", id.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Test.txt"), "");
        for (var n = 2; n <= 9_999; n++)
            File.WriteAllText(Path.Combine(folder, $"Test-{n.ToString(CultureInfo.InvariantCulture)}.txt"), "");

        var full = await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"inc\"}}", "Test.txt", "more"u8.ToArray());
        Assert.Equal(409, full.Status);
        Assert.Contains("numbered", full.Message, StringComparison.Ordinal);
        Assert.Equal(9_999, Directory.GetFiles(folder).Length); // nothing staged is left behind
        Assert.All(Directory.GetFiles(folder), f => Assert.Equal(0, new FileInfo(f).Length));

        // A name whose numbered names would be longer than a name may be.
        var longName = new string('n', 196) + ".txt";
        Assert.Equal(200, (await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"inc\"}}", longName, "one"u8.ToArray())).Status);
        var tooLong = await UploadAsync($"{{\"debtor\":{id},\"overwrite\":\"inc\"}}", longName, "two"u8.ToArray());
        Assert.Equal(409, tooLong.Status);
        Assert.Equal("one", File.ReadAllText(Path.Combine(folder, longName)));
        Assert.Equal(10_000, Directory.GetFiles(folder).Length);
    }

    private string[] AllFiles()
    {
        var root = fixture.Host.Folder;
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
    }
}
