using System;
using System.Threading.Tasks;
using Collect.Runtime.Tests.Auth;
using Xunit;

namespace Collect.Runtime.Tests.App;

/// <summary>Tests that measure the whole process's allocations, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(ProcessAllocations), DisableParallelization = true)]
public sealed class ProcessAllocations;

/// <summary>
/// A 50 MB download read asynchronously, as an application reads it: the whole process (client,
/// pool threads, and the test server in the same process) allocates a small fraction of the file,
/// which it could not if any layer buffered the body.
/// </summary>
[Collection(nameof(ProcessAllocations))]
public sealed class DownloadMemoryTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    [Fact]
    public async Task A_50_MB_download_read_asynchronously_allocates_a_fraction_of_its_size_in_the_whole_process()
    {
        var fake = server.Tenant();
        var files = new FakeFiles();
        fake.App = files.HandleAsync;
        using var connection = Connection.Open(fake, options => options.Database = "demodb");
        files.ReleaseBigFile.SetResult();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using (var download = await connection.App.DownloadAsync("attachment", FakeFiles.BigFileRowId))
        {
            var buffer = new byte[64 * 1024];
            long total = 0, wrong = 0;
            int read;
            while ((read = await download.Content.ReadAsync(buffer)) > 0)
            {
                for (var i = 0; i < read; i += 4093)
                    if (buffer[i] != FakeFiles.Pattern(total + i)) wrong++;
                total += read;
            }
            Assert.Equal(FakeFiles.BigFileBytes, total);
            Assert.Equal(0, wrong);
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Buffering the body anywhere would allocate at least its 50 MB.
        Assert.True(allocated < FakeFiles.BigFileBytes / 5, $"downloading 50 MB allocated {allocated:N0} bytes in the process");
    }
}
